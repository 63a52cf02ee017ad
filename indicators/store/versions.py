"""Dataset versions: list them, and make an earlier one current again (nothing is deleted)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select, text, update
from sqlalchemy.orm import Session

from indicators.errors import VersionError
from indicators.store.models import AuditEvent, DatasetVersion, Observation


def version_chain(session: Session, version_id: int) -> list[int]:
    """The version and its ancestors: together they define that version's data."""
    parents = dict(session.execute(select(DatasetVersion.id, DatasetVersion.parent_id)).all())
    if version_id not in parents:
        raise VersionError(f"there is no dataset version {version_id}")
    chain = []
    node: int | None = version_id
    while node is not None:
        chain.append(node)
        node = parents[node]
    return chain


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
    session.execute(update(Observation).where(Observation.current.is_(True)).values(current=False))
    ranked = (
        select(
            Observation.id,
            func.row_number()
            .over(
                partition_by=(Observation.indicator_id, Observation.area_code, Observation.cohort_id,
                              Observation.period_id),
                order_by=Observation.version_id.desc(),
            )
            .label("rn"),
        )
        .where(Observation.version_id.in_(chain))
        .subquery()
    )
    live_ids = select(ranked.c.id).where(ranked.c.rn == 1)
    session.execute(update(Observation).where(Observation.id.in_(live_ids)).values(current=True))
    session.execute(update(DatasetVersion).where(DatasetVersion.is_current.is_(True)).values(is_current=False))
    target.is_current = True
    session.add(AuditEvent(at=datetime.now(UTC).replace(tzinfo=None), user=user, event="rollback",
                           detail=f"made version {version_id} current"))
    return f"Version {version_id} ({target.file_name}) is now the current version."
