"""Every write to the store: uploads as new dataset versions, rollback, action statuses, audit rows.

Each runs inside the caller's transaction and takes the one write lock first, so two writers
serialise. The same code path serves `init` (the default dataset), the CLI `ingest` and the upload
page. Rows are immutable: a changed value is a new row, the old one stops being `current`; rollback
makes an earlier version current again and deletes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

import numpy as np
import pandas as pd
from sqlalchemy import Engine, func, insert, select, text, true, update
from sqlalchemy.orm import Session

from indicators.actions import StatusUpdate
from indicators.catalogue import load_catalogue
from indicators.errors import VersionError
from indicators.periods import parse_period
from indicators.store.models import ActionStatus, AuditEvent, Cohort, DatasetVersion, Observation, Period
from indicators.store.queries import live_rows_changed, version_chain, visible_action_statuses

KEY = ["indicator_id", "area_code", "period", "dimension", "category"]
VALUES = ["numerator", "denominator", "value", "lower_ci", "upper_ci"]
TEXTS = ["marker", "note"]
INSERT_CHUNK = 20_000


@dataclass
class ChangeSummary:
    """What an upload would do: counts overall and per indicator x area, and old -> new values."""

    added: int
    changed: int
    unchanged: int
    by_indicator_area: pd.DataFrame
    changes: pd.DataFrame = field(repr=False)

    @property
    def is_noop(self) -> bool:
        return self.added == 0 and self.changed == 0


@dataclass
class CommitResult:
    version_id: int | None
    summary: ChangeSummary
    message: str


def lock_for_write(session: Session) -> None:
    """Serialise writers: two uploads at once queue rather than interleave."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(727001)"))
    else:
        # SQLite: a write as the first statement takes the RESERVED lock before anything is read,
        # so a second writer waits (busy timeout) instead of failing on a lock upgrade.
        session.execute(update(DatasetVersion).where(DatasetVersion.id == -1).values(note=""))


# Up to this many distinct areas, the stored rows compared with an upload are fetched for those
# areas only (an upload for one borough into a national store reads that borough's rows).
AREA_FILTER_LIMIT = 500


def _current_rows(session: Session, indicator_ids: list[str], area_codes: list[str] | None = None) -> pd.DataFrame:
    cols = [
        Observation.id.label("obs_id"),
        Observation.indicator_id,
        Observation.area_code,
        Period.code.label("period"),
        Cohort.dimension,
        Cohort.category,
        *(getattr(Observation, c) for c in VALUES),
        Observation.marker,
        Observation.note,
        Observation.illustrative,
    ]
    stmt = (
        select(*cols)
        .join(Period, Period.id == Observation.period_id)
        .join(Cohort, Cohort.id == Observation.cohort_id)
        .where(Observation.current == true(), Observation.indicator_id.in_(indicator_ids))
    )
    if area_codes is not None and len(area_codes) <= AREA_FILTER_LIMIT:
        stmt = stmt.where(Observation.area_code.in_(area_codes))
    return pd.read_sql(stmt, session.connection())


def _same(a: pd.Series, b: pd.Series) -> pd.Series:
    both_nan = a.isna() & b.isna()
    close = np.isclose(a.astype(float).fillna(0), b.astype(float).fillna(0), rtol=1e-9, atol=1e-9)
    return both_nan | (close & a.notna() & b.notna())


def preview_changes(engine: Engine, frame: pd.DataFrame) -> ChangeSummary:
    """What committing ``frame`` would change, computed in a transaction that is rolled back."""
    with engine.connect() as conn, Session(bind=conn) as session:
        summary = summarise_changes(session, frame)
        session.rollback()
    return summary


def summarise_changes(session: Session, frame: pd.DataFrame) -> ChangeSummary:
    """Classify each incoming row as added, changed or unchanged against the current data."""
    incoming = frame.copy()
    current = _current_rows(
        session, sorted(incoming["indicator_id"].unique().tolist()), sorted(incoming["area_code"].unique().tolist())
    )
    merged = incoming.merge(current, on=KEY, how="left", suffixes=("", "_old"), indicator=True)
    exists = merged["_merge"] == "both"
    same = pd.Series(True, index=merged.index)
    for col in VALUES:
        same &= _same(merged[col], merged[f"{col}_old"])
    for col in TEXTS:
        same &= merged[col].fillna("").astype(str) == merged[f"{col}_old"].fillna("").astype(str)
    same &= merged["illustrative"].astype(bool) == merged["illustrative_old"].fillna(False).astype(bool)
    merged["change"] = np.where(~exists, "added", np.where(same, "unchanged", "changed"))
    by = (
        merged.groupby(["indicator_id", "area_code", "change"])
        .size()
        .unstack("change", fill_value=0)
        .reindex(columns=["added", "changed", "unchanged"], fill_value=0)
        .reset_index()
    )
    changes = merged.loc[merged["change"] == "changed", [*KEY, "value_old", "value", "marker_old", "marker"]]
    counts = merged["change"].value_counts()
    summary = ChangeSummary(
        added=int(counts.get("added", 0)),
        changed=int(counts.get("changed", 0)),
        unchanged=int(counts.get("unchanged", 0)),
        by_indicator_area=by,
        changes=changes.rename(
            columns={"value_old": "old_value", "value": "new_value", "marker_old": "old_marker", "marker": "new_marker"}
        ),
    )
    summary._merged = merged  # type: ignore[attr-defined]  # reused by commit, never shown
    return summary


def _ensure_periods(session: Session, frame: pd.DataFrame) -> dict[tuple[str, str], int]:
    catalogue = load_catalogue()
    types = {i.id: i.period_type for i in catalogue.indicators}
    pairs = {(types[i], p) for i, p in frame[["indicator_id", "period"]].drop_duplicates().itertuples(index=False)}
    existing = {(r.period_type, r.code): r.id for r in session.execute(select(Period)).scalars()}
    missing = []
    for ptype, code in sorted(pairs - existing.keys()):
        p = parse_period(code, ptype)
        missing.append({"period_type": ptype, "code": p.code, "start_date": p.start, "end_date": p.end})
    if missing:
        session.execute(insert(Period), missing)
        existing = {(r.period_type, r.code): r.id for r in session.execute(select(Period)).scalars()}
    return existing


def _ensure_cohorts(session: Session, frame: pd.DataFrame) -> dict[tuple[str, str], int]:
    pairs = set(frame[["dimension", "category"]].drop_duplicates().itertuples(index=False, name=None))
    existing = {(c.dimension, c.category): c.id for c in session.execute(select(Cohort)).scalars()}
    missing = [{"dimension": d, "category": c} for d, c in sorted(pairs - existing.keys())]
    if missing:
        session.execute(insert(Cohort), missing)
        existing = {(c.dimension, c.category): c.id for c in session.execute(select(Cohort)).scalars()}
    return existing


INSERT_COLUMNS = (
    "indicator_id",
    "area_code",
    "period_id",
    "cohort_id",
    *VALUES,
    "marker",
    "note",
    "illustrative",
    "version_id",
    "current",
)


def _none_if_nan(values: pd.Series) -> list:
    """Floats as a list with None for NaN (what the DBAPI drivers store as NULL), vectorised."""
    array = values.to_numpy(dtype="float64", na_value=np.nan)
    out = array.astype(object)
    out[np.isnan(array)] = None
    return out.tolist()


def _ids(a: pd.Series, b: pd.Series, ids: dict[tuple[str, str], int]) -> np.ndarray:
    """The id of each row's (a, b) key, looked up once per distinct key rather than once per row."""
    codes_a, uniq_a = pd.factorize(a)
    codes_b, uniq_b = pd.factorize(b)
    width = max(len(uniq_b), 1)
    codes, pairs = pd.factorize(codes_a.astype(np.int64) * width + codes_b)
    lookup = [ids[(uniq_a[p // width], uniq_b[p % width])] for p in pairs.tolist()]
    return np.asarray(lookup, dtype=np.int64)[codes]


def _observation_records(rows: pd.DataFrame, period_ids: dict, cohort_ids: dict, version_id: int) -> list[tuple]:
    """One tuple per row, in INSERT_COLUMNS order, built column by column (no per-row Python dicts)."""
    types = {i.id: i.period_type for i in load_catalogue().indicators}
    codes, uniques = pd.factorize(rows["indicator_id"])
    ptype = np.asarray([types[u] for u in uniques], dtype=object)[codes]
    pid = _ids(ptype, rows["period"], period_ids)
    cid = _ids(rows["dimension"], rows["category"], cohort_ids)
    n = len(rows)
    columns = [
        rows["indicator_id"].to_numpy(dtype=object).tolist(),
        rows["area_code"].to_numpy(dtype=object).tolist(),
        pid.tolist(),
        cid.tolist(),
        *(_none_if_nan(rows[c]) for c in VALUES),
        rows["marker"].fillna("").astype(str).to_numpy(dtype=object).tolist(),
        rows["note"].fillna("").astype(str).to_numpy(dtype=object).tolist(),
        rows["illustrative"].astype(bool).to_numpy().tolist(),
        [version_id] * n,
        [True] * n,
    ]
    return list(zip(*columns, strict=True))


def _bulk_insert(session: Session, records: list[tuple]) -> None:
    """Insert observation tuples in the session's transaction: COPY on PostgreSQL; on SQLite the DBAPI
    executemany, which skips the ORM's per-row parameter processing (several times faster)."""
    if not len(records):
        return
    if session.get_bind().dialect.name == "postgresql":
        _copy_insert(session, records)
        return
    sql = f"INSERT INTO observation ({', '.join(INSERT_COLUMNS)}) VALUES ({', '.join('?' for _ in INSERT_COLUMNS)})"
    cursor = session.connection().connection.driver_connection.cursor()
    try:
        for start in range(0, len(records), INSERT_CHUNK):
            cursor.executemany(sql, records[start : start + INSERT_CHUNK])
    finally:
        cursor.close()


def _copy_insert(session: Session, records: list[tuple]) -> None:
    """PostgreSQL COPY: an order of magnitude faster than INSERT for large uploads."""
    raw = session.connection().connection.driver_connection
    with raw.cursor() as cur, cur.copy(f"COPY observation ({', '.join(INSERT_COLUMNS)}) FROM STDIN") as copy:
        for rec in records:
            copy.write_row(rec)


def commit_frame(
    session: Session,
    frame: pd.DataFrame,
    *,
    file_name: str,
    sha256: str,
    fmt: str,
    user: str,
    kind: str = "upload",
) -> CommitResult:
    """Store ``frame`` (validated, canonical) as a new current dataset version.

    Runs inside the caller's transaction: if anything fails, nothing is written.
    An upload that changes nothing (including an identical re-upload) creates no version.
    """
    lock_for_write(session)
    current = session.execute(select(DatasetVersion).where(DatasetVersion.is_current.is_(True))).scalar()
    summary = summarise_changes(session, frame)
    if summary.is_noop:
        same_file = current is not None and current.sha256 == sha256
        why = "this file is identical to the current version" if same_file else "every row matches the stored data"
        return CommitResult(None, summary, f"Nothing to change: {why}. No new version was created.")
    merged = summary._merged  # type: ignore[attr-defined]
    to_write = merged[merged["change"] != "unchanged"]
    version = DatasetVersion(
        parent_id=current.id if current else None,
        kind=kind,
        file_name=file_name,
        sha256=sha256,
        format=fmt,
        user=user,
        created_at=datetime.now(UTC).replace(tzinfo=None),
        rows_added=summary.added,
        rows_changed=summary.changed,
        rows_unchanged=summary.unchanged,
        indicator_ids=";".join(sorted(frame["indicator_id"].unique())),
        is_current=True,
    )
    session.execute(update(DatasetVersion).where(DatasetVersion.is_current.is_(True)).values(is_current=False))
    session.add(version)
    session.flush()
    old_ids = merged.loc[merged["change"] == "changed", "obs_id"].astype(int).tolist()
    for start in range(0, len(old_ids), 5_000):
        chunk = old_ids[start : start + 5_000]
        session.execute(update(Observation).where(Observation.id.in_(chunk)).values(current=False))
    period_ids = _ensure_periods(session, to_write)
    cohort_ids = _ensure_cohorts(session, to_write)
    _bulk_insert(session, _observation_records(to_write, period_ids, cohort_ids, version.id))
    session.add(
        AuditEvent(
            at=version.created_at,
            user=user,
            event=kind,
            detail=f"version {version.id}: {file_name} (+{summary.added} ~{summary.changed})",
        )
    )
    return CommitResult(
        version.id,
        summary,
        f"Committed version {version.id}: {summary.added} rows added, {summary.changed} changed, "
        f"{summary.unchanged} unchanged.",
    )


def count_current(session: Session) -> int:
    return int(session.execute(select(func.count()).where(Observation.current == true())).scalar_one())


@dataclass
class StatusCommitResult:
    version_id: int | None
    added: int
    unchanged: int
    warnings: list  # the upload's non-blocking ingest Problems, filled in by the service
    message: str


def _status_key(action_id: str, status: str, when: object, note: str) -> tuple[str, str, str, str]:
    return action_id, status, str(pd.Timestamp(when).date()), note or ""


def store_status_updates(
    session: Session, updates: list[StatusUpdate], *, file_name: str, sha256: str, fmt: str, user: str
) -> StatusCommitResult:
    """Write the new updates as a new current version, inside the caller's transaction."""
    lock_for_write(session)
    conn = session.connection()
    visible = visible_action_statuses(conn).itertuples()
    seen = {_status_key(r.action_id, r.status, r.status_date, r.note) for r in visible}
    new, unchanged = [], 0
    for u in updates:
        key = _status_key(u.action_id, u.status, u.date, u.note)
        if key in seen:
            unchanged += 1
        else:
            seen.add(key)
            new.append(u)
    if not new:
        return StatusCommitResult(
            None,
            0,
            unchanged,
            [],
            "Nothing to change: every status update is already recorded. No new version was created.",
        )
    current = session.execute(select(DatasetVersion).where(DatasetVersion.is_current.is_(True))).scalar()
    version = DatasetVersion(
        parent_id=current.id if current else None,
        kind="actions",
        file_name=file_name,
        sha256=sha256,
        format=fmt,
        user=user,
        created_at=datetime.now(UTC).replace(tzinfo=None),
        rows_added=len(new),
        rows_changed=0,
        rows_unchanged=unchanged,
        indicator_ids="",
        is_current=True,
        note="action-plan status updates",
    )
    if current is not None:
        current.is_current = False
        session.flush()
    session.add(version)
    session.flush()
    session.add_all(
        ActionStatus(
            action_id=u.action_id, status=u.status, status_date=u.date, note=u.note, user=user, version_id=version.id
        )
        for u in new
    )
    session.add(
        AuditEvent(
            at=version.created_at,
            user=user,
            event="action_status",
            detail=f"version {version.id}: {file_name} (+{len(new)} status updates)",
        )
    )
    return StatusCommitResult(
        version.id,
        len(new),
        unchanged,
        [],
        f"Recorded {len(new)} status update(s) as version {version.id}"
        + (f"; {unchanged} already recorded." if unchanged else "."),
    )


def rollback(session: Session, version_id: int, user: str) -> str:
    """Make ``version_id`` current: its data becomes the live data, in one transaction.

    For each key, the live row is the one written by the newest version in the chain from the
    root to ``version_id``; rows of later versions stay stored (a later rollback can restore them).
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(727001)"))
    target = session.get(DatasetVersion, version_id)
    if target is None:
        raise VersionError(f"there is no dataset version {version_id}")
    if target.is_current:
        return f"Version {version_id} is already the current version; nothing changed."
    chain = version_chain(session, version_id)
    ranked = (
        select(
            Observation.id,
            func.row_number()
            .over(
                partition_by=(
                    Observation.indicator_id,
                    Observation.area_code,
                    Observation.cohort_id,
                    Observation.period_id,
                ),
                order_by=Observation.version_id.desc(),
            )
            .label("rn"),
        )
        .where(Observation.version_id.in_(chain))
        .subquery()
    )
    live_ids = select(ranked.c.id).where(ranked.c.rn == 1)
    changed = live_rows_changed(session, live_ids)
    session.execute(update(Observation).where(Observation.current.is_(True)).values(current=False))
    session.execute(update(Observation).where(Observation.id.in_(live_ids)).values(current=True))
    session.execute(update(DatasetVersion).where(DatasetVersion.is_current.is_(True)).values(is_current=False))
    target.is_current = True
    session.add(
        AuditEvent(
            at=datetime.now(UTC).replace(tzinfo=None),
            user=user,
            event="rollback",
            detail=f"made version {version_id} current",
        )
    )
    return f"Version {version_id} ({target.file_name}) is now live: {changed:,} rows changed."


def record_event(session: Session, user: str, event: str, detail: str) -> None:
    """One audit-log row (sign-ins, uploads, rollbacks), inside the caller's transaction."""
    session.add(AuditEvent(at=datetime.now(UTC).replace(tzinfo=None), user=user, event=event, detail=detail))
