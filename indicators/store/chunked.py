"""A large upload written part by part inside one transaction (all or nothing, one dataset version).

Each part is compared with the stored rows and written as it arrives; its new rows go in with
current = false, so later parts are compared with the data as it was before the upload (not with
the upload's own rows), and the whole version becomes current in one statement at the end. Any
failure, or a file whose later part is rejected, rolls the transaction back: nothing is written.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

import pandas as pd
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from indicators.store.models import AuditEvent, DatasetVersion, Observation
from indicators.store.writes import (
    ChangeSummary,
    CommitResult,
    _bulk_insert,
    _ensure_cohorts,
    _ensure_periods,
    _observation_records,
    lock_for_write,
    summarise_changes,
)


class NothingToChange(Exception):
    """Raised to roll the transaction back when no part changed anything (no empty version)."""

    def __init__(self, summary: ChangeSummary) -> None:
        super().__init__("nothing to change")
        self.summary = summary


def _total(parts: list[ChangeSummary]) -> ChangeSummary:
    by = [p.by_indicator_area for p in parts]
    return ChangeSummary(
        added=sum(p.added for p in parts),
        changed=sum(p.changed for p in parts),
        unchanged=sum(p.unchanged for p in parts),
        by_indicator_area=pd.concat(by, ignore_index=True) if by else pd.DataFrame(),
        changes=pd.DataFrame(),  # row by row changes are not kept for a file read in parts
    )


def _counts_only(summary: ChangeSummary) -> ChangeSummary:
    """The summary without its merged rows, so a part's frames are freed once it is done."""
    summary.__dict__.pop("_merged", None)
    summary.changes = summary.changes.iloc[0:0]
    return summary


def preview_parts(session: Session, parts: Iterable[pd.DataFrame]) -> ChangeSummary:
    """What committing the parts would change (nothing is written; the caller rolls back)."""
    return _total([_counts_only(summarise_changes(session, frame)) for frame in parts])


def commit_parts(
    session: Session, parts: Iterable[pd.DataFrame], *, file_name: str, sha256: str, fmt: str, user: str
) -> CommitResult:
    """Write every part as one new current version, in the caller's transaction. Raises
    NothingToChange (roll back) when no row changes; the caller rolls back a rejected file too."""
    lock_for_write(session)
    current = session.execute(select(DatasetVersion).where(DatasetVersion.is_current.is_(True))).scalar()
    now = datetime.now(UTC).replace(tzinfo=None)
    version = DatasetVersion(
        parent_id=current.id if current else None,
        kind="upload",
        file_name=file_name,
        sha256=sha256,
        format=fmt,
        user=user,
        created_at=now,
        rows_added=0,
        rows_changed=0,
        rows_unchanged=0,
        indicator_ids="",
        is_current=False,
    )
    session.add(version)
    session.flush()
    summaries, indicators = [], set()
    for frame in parts:
        summary = summarise_changes(session, frame)
        indicators |= set(frame["indicator_id"].unique())
        merged = summary._merged  # type: ignore[attr-defined]
        summaries.append(_counts_only(summary))
        old_ids = merged.loc[merged["change"] == "changed", "obs_id"].astype(int).tolist()
        for start in range(0, len(old_ids), 5_000):
            chunk = old_ids[start : start + 5_000]
            session.execute(update(Observation).where(Observation.id.in_(chunk)).values(current=False))
        to_write = merged[merged["change"] != "unchanged"]
        if len(to_write):
            records = _observation_records(
                to_write, _ensure_periods(session, to_write), _ensure_cohorts(session, to_write), version.id
            )
            _bulk_insert(session, [(*r[:-1], False) for r in records])  # current once every part is in
    total = _total(summaries)
    if total.is_noop:
        raise NothingToChange(total)
    session.execute(update(Observation).where(Observation.version_id == version.id).values(current=True))
    session.execute(update(DatasetVersion).where(DatasetVersion.is_current.is_(True)).values(is_current=False))
    version.is_current = True
    version.rows_added, version.rows_changed, version.rows_unchanged = total.added, total.changed, total.unchanged
    version.indicator_ids = ";".join(sorted(indicators))
    session.add(
        AuditEvent(
            at=now,
            user=user,
            event="upload",
            detail=f"version {version.id}: {file_name} (+{total.added} ~{total.changed})",
        )
    )
    return CommitResult(
        version.id,
        total,
        f"Committed version {version.id}: {total.added} rows added, {total.changed} changed, "
        f"{total.unchanged} unchanged.",
    )
