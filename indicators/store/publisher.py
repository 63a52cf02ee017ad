"""What the publishers offered when `refresh` last looked: one row per indicator, replaced each time."""

from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd
from sqlalchemy import Connection, delete, func, insert, select, true
from sqlalchemy.orm import Session

from indicators.store.models import Observation, Period, PublisherCheck


def record_publisher_periods(session: Session, periods: dict[str, tuple[str, str]]) -> None:
    """Store indicator id -> (latest period the publisher offers, source file) as seen now."""
    if not periods:
        return
    now = datetime.now(UTC).replace(tzinfo=None)
    session.execute(delete(PublisherCheck).where(PublisherCheck.indicator_id.in_(list(periods))))
    session.execute(
        insert(PublisherCheck),
        [{"indicator_id": i, "period": p, "source": s, "checked_at": now} for i, (p, s) in periods.items()],
    )


def publisher_periods(conn: Connection) -> pd.DataFrame:
    """indicator_id, period, source, checked_at: the last look at each publisher."""
    stmt = select(PublisherCheck.indicator_id, PublisherCheck.period, PublisherCheck.source, PublisherCheck.checked_at)
    return pd.read_sql(stmt, conn)


def latest_stored_periods(conn: Connection, area_code: str) -> dict[str, object]:
    """indicator_id -> the end date of the latest period the dashboard holds for the area."""
    stmt = (
        select(Observation.indicator_id, func.max(Period.end_date))
        .join(Period, Period.id == Observation.period_id)
        .where(Observation.current == true(), Observation.area_code == area_code)
        .group_by(Observation.indicator_id)
    )
    return dict(conn.execute(stmt).all())  # type: ignore[arg-type]  # rows of (id, end date)
