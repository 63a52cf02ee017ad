"""Every query: SQLAlchemy select() with bound parameters, returning DataFrames.

Reads touch only `current` rows and only the columns a view shows; aggregation (the neighbour
average) happens in SQL so the whole table is never pulled into memory.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import pandas as pd
from sqlalchemy import ColumnElement, Connection, Engine, Float, Select, String, func, inspect, select, true
from sqlalchemy.orm import Session

from indicators.errors import VersionError
from indicators.store.models import (
    Action,
    ActionStatus,
    Area,
    AuditEvent,
    Cohort,
    DatasetVersion,
    DisparityAction,
    DisparityEntry,
    DisparityEvent,
    Indicator,
    Observation,
    Period,
    Target,
    VoiceItem,
)

OBSERVATION_COLUMNS = [
    "indicator_id",
    "period",
    "period_type",
    "period_start",
    "area_code",
    "area_name",
    "area_type",
    "dimension",
    "category",
    "numerator",
    "denominator",
    "value",
    "lower_ci",
    "upper_ci",
    "marker",
    "note",
    "illustrative",
    "version_id",
]


def live() -> ColumnElement[bool]:
    """Current rows, spelt ``current = 1`` (SQLite) / ``current = true`` (PostgreSQL): the condition
    of the partial indexes on observation. ``IS 1``, what ``is_(True)`` gives, does not match
    SQLite's partial-index rule, and every read became a full table scan."""
    return Observation.current == true()


def _observation_select() -> Select:
    return (
        select(
            Observation.indicator_id,
            Period.code.label("period"),
            Period.period_type,
            Period.start_date.label("period_start"),
            Observation.area_code,
            Area.name.label("area_name"),
            Area.area_type,
            Cohort.dimension,
            Cohort.category,
            Observation.numerator,
            Observation.denominator,
            Observation.value,
            Observation.lower_ci,
            Observation.upper_ci,
            Observation.marker,
            Observation.note,
            Observation.illustrative,
            Observation.version_id,
        )
        .join(Period, Period.id == Observation.period_id)
        .join(Cohort, Cohort.id == Observation.cohort_id)
        .join(Area, Area.code == Observation.area_code)
        .where(live())
    )


READ_PART_ROWS = 50_000


def _frame(conn: Connection, stmt: Select) -> pd.DataFrame:
    # In parts, as plain tuples: a national store's million rows as Python objects at once peaked
    # at 1.7 GB (0.6 GB in parts), and pandas builds a frame from tuples faster than from Row
    # objects (4.2 s against 7.4 s for a million).
    result = conn.execution_options(yield_per=READ_PART_ROWS).execute(stmt)
    columns = list(result.keys())
    parts = [pd.DataFrame.from_records([tuple(row) for row in part], columns=columns) for part in result.partitions()]
    if len(parts) <= 1:
        frame = parts[0] if parts else pd.DataFrame(columns=columns)
    else:
        frame = pd.concat(parts, ignore_index=True)
        # Each part was typed by its own values: a part whose figures are all empty made a column
        # of objects. Type such a column as one read of every row would have (all empty stays so).
        for name, col in zip(columns, stmt.selected_columns, strict=True):
            if frame[name].dtype == object and isinstance(col.type, Float | String) and frame[name].notna().any():
                frame[name] = frame[name].astype("float64" if isinstance(col.type, Float) else "str")
    if "period_start" in frame:
        frame["period_start"] = pd.to_datetime(frame["period_start"])
    return frame


def observations(
    conn: Connection,
    *,
    indicator_ids: Sequence[str] | None = None,
    area_codes: Sequence[str] | None = None,
    dimensions: Sequence[str] | None = None,
    categories: Sequence[str] | None = None,
    periods: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Current observations matching every filter given, ordered by indicator, area, period."""
    stmt = _observation_select()
    if indicator_ids is not None:
        stmt = stmt.where(Observation.indicator_id.in_(list(indicator_ids)))
    if area_codes is not None:
        stmt = stmt.where(Observation.area_code.in_(list(area_codes)))
    if dimensions is not None:
        stmt = stmt.where(Cohort.dimension.in_(list(dimensions)))
    if categories is not None:
        stmt = stmt.where(Cohort.category.in_(list(categories)))
    if periods is not None:
        stmt = stmt.where(Period.code.in_(list(periods)))
    stmt = stmt.order_by(
        Observation.indicator_id, Observation.area_code, Cohort.dimension, Cohort.category, Period.start_date
    )
    frame = _frame(conn, stmt)
    return frame if len(frame) else pd.DataFrame(columns=OBSERVATION_COLUMNS)


def breakdown_index(conn: Connection, area_code: str) -> pd.DataFrame:
    """Which (indicator, dimension, period) combinations hold data for an area: drives selectors."""
    stmt = (
        select(
            Observation.indicator_id,
            Cohort.dimension,
            Period.code.label("period"),
            Period.start_date.label("period_start"),
            func.count().label("rows"),
        )
        .join(Period, Period.id == Observation.period_id)
        .join(Cohort, Cohort.id == Observation.cohort_id)
        # every observation's indicator is in the indicator table (foreign key): saying so lets the
        # planner seek the (indicator_id, area_code, ...) index once per indicator, not scan the table
        .where(live(), Observation.indicator_id.in_(select(Indicator.id)), Observation.area_code == area_code)
        .group_by(Observation.indicator_id, Cohort.dimension, Period.code, Period.start_date)
        .order_by(Observation.indicator_id, Cohort.dimension, Period.start_date)
    )
    return _frame(conn, stmt)


def versions(conn: Connection) -> pd.DataFrame:
    stmt = select(
        DatasetVersion.id,
        DatasetVersion.parent_id,
        DatasetVersion.kind,
        DatasetVersion.created_at,
        DatasetVersion.user,
        DatasetVersion.file_name,
        DatasetVersion.format,
        DatasetVersion.sha256,
        DatasetVersion.rows_added,
        DatasetVersion.rows_changed,
        DatasetVersion.rows_unchanged,
        DatasetVersion.indicator_ids,
        DatasetVersion.is_current,
    ).order_by(DatasetVersion.id.desc())
    return _frame(conn, stmt)


def current_version(conn: Connection) -> dict | None:
    row = conn.execute(
        select(DatasetVersion.id, DatasetVersion.created_at, DatasetVersion.file_name).where(
            DatasetVersion.is_current.is_(True)
        )
    ).first()
    return dict(row._mapping) if row else None


def targets(conn: Connection) -> pd.DataFrame:
    return _frame(
        conn,
        select(
            Target.indicator_id,
            Target.area_code,
            Target.baseline_period,
            Target.kind,
            Target.target_value,
            Target.target_period,
            Target.note,
        ),
    )


def audit_events(conn: Connection, limit: int = 500) -> pd.DataFrame:
    stmt = select(AuditEvent.at, AuditEvent.user, AuditEvent.event, AuditEvent.detail)
    return _frame(conn, stmt.order_by(AuditEvent.id.desc()).limit(limit))


def actions(conn: Connection) -> pd.DataFrame:
    stmt = select(
        Action.id,
        Action.strand,
        Action.number,
        Action.text,
        Action.lead_services,
        Action.governance_groups,
        Action.timescale,
        Action.start_date,
        Action.due_date,
        Action.ongoing,
        Action.objectives,
    ).order_by(Action.strand, Action.number)
    return _frame(conn, stmt)


def action_statuses(conn: Connection) -> pd.DataFrame:
    stmt = select(
        ActionStatus.action_id,
        ActionStatus.status,
        ActionStatus.status_date,
        ActionStatus.note,
        ActionStatus.user,
        ActionStatus.version_id,
    ).order_by(ActionStatus.status_date, ActionStatus.id)
    return _frame(conn, stmt)


def version_chain(conn: Connection | Session, version_id: int) -> list[int]:
    """The version and its ancestors: together they define that version's data."""
    parents = dict(conn.execute(select(DatasetVersion.id, DatasetVersion.parent_id)).all())
    if version_id not in parents:
        raise VersionError(f"there is no dataset version {version_id}")
    chain = []
    node: int | None = version_id
    while node is not None:
        chain.append(node)
        node = parents[node]
    return chain


def visible_action_statuses(conn: Connection) -> pd.DataFrame:
    """Status rows in the current version's chain (or unversioned), oldest first."""
    statuses = action_statuses(conn)
    current = current_version(conn)
    if current is None:
        return statuses[statuses["version_id"].isna()] if not statuses.empty else statuses
    chain = version_chain(conn, int(current["id"]))
    keep = statuses["version_id"].isna() | statuses["version_id"].isin(chain)
    return statuses[keep].reset_index(drop=True)


def seed_version_id(conn: Connection, sha256: str) -> int | None:
    """The version that loaded this exact default dataset, if any."""
    row = conn.execute(
        select(DatasetVersion.id).where(DatasetVersion.kind == "seed", DatasetVersion.sha256 == sha256)
    ).first()
    return None if row is None else int(row.id)


def has_any_version(engine: Engine) -> bool:
    """False for an empty or never-initialised database."""
    if not inspect(engine).has_table("dataset_version"):
        return False
    with engine.connect() as conn:
        return conn.execute(select(DatasetVersion.id).limit(1)).first() is not None


def disparity_entries(conn: Connection) -> pd.DataFrame:
    """The whole explain-or-change register (open and closed), oldest first."""
    columns = list(DisparityEntry.__table__.columns)
    return _frame(conn, select(*columns).order_by(DisparityEntry.id))


def disparity_links(conn: Connection) -> pd.DataFrame:
    stmt = select(DisparityAction.entry_id, DisparityAction.action_id, DisparityAction.linked_at, DisparityAction.user)
    return _frame(conn, stmt.order_by(DisparityAction.entry_id, DisparityAction.id))


def disparity_history(conn: Connection, entry_id: int) -> pd.DataFrame:
    """Every version of one entry, oldest first."""
    stmt = select(
        DisparityEvent.version, DisparityEvent.at, DisparityEvent.user, DisparityEvent.change,
        DisparityEvent.detail, DisparityEvent.snapshot,
    ).where(DisparityEvent.entry_id == entry_id)  # fmt: skip
    return _frame(conn, stmt.order_by(DisparityEvent.version, DisparityEvent.id))


def voice_items(conn: Connection) -> pd.DataFrame:
    """Young people's voice items that are not withdrawn, newest quarter first."""
    stmt = select(
        VoiceItem.id, VoiceItem.objective, VoiceItem.quarter, VoiceItem.kind, VoiceItem.text, VoiceItem.source,
        VoiceItem.created_at, VoiceItem.user,
    ).where(VoiceItem.withdrawn.is_(False))  # fmt: skip
    return _frame(conn, stmt.order_by(VoiceItem.quarter.desc(), VoiceItem.objective, VoiceItem.id))


def sign_in_failures(conn: Connection, user: str, client_detail: str, since: datetime) -> tuple[int, int]:
    """Failed sign-ins since ``since``: for this user name (since its last success) and from this client."""
    last_ok = conn.execute(
        select(func.max(AuditEvent.at)).where(AuditEvent.event == "sign_in", AuditEvent.user == user)
    ).scalar_one()
    failed = select(func.count()).select_from(AuditEvent).where(AuditEvent.event == "sign_in_failed")
    by_user = conn.execute(failed.where(AuditEvent.user == user, AuditEvent.at >= max(since, last_ok or since)))
    by_client = conn.execute(failed.where(AuditEvent.detail == client_detail, AuditEvent.at >= since))
    return by_user.scalar_one(), by_client.scalar_one()


def live_rows_changed(session: Session, live_ids: Select) -> int:
    """How many (indicator, area, group, period) keys get a different live row, or gain or lose one,
    when the rows ``live_ids`` become the live data (a rollback, counted before it switches)."""
    key = (Observation.indicator_id, Observation.area_code, Observation.cohort_id, Observation.period_id)
    now = {
        r[0]: tuple(r[1:]) for r in session.execute(select(Observation.id, *key).where(Observation.current == true()))
    }
    then = {
        r[0]: tuple(r[1:]) for r in session.execute(select(Observation.id, *key).where(Observation.id.in_(live_ids)))
    }
    return len({k for i, k in now.items() if i not in then} | {k for i, k in then.items() if i not in now})
