"""SQLAlchemy 2 typed ORM tables (DESIGN §3). Schema changes go through Alembic migrations."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Indicator(Base):
    """The catalogue, mirrored from indicators/catalogue.toml on init so SQL can join to it."""

    __tablename__ = "indicator"
    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    definition: Mapped[str] = mapped_column(Text, default="")
    polarity: Mapped[str] = mapped_column(String(20))
    unit: Mapped[str] = mapped_column(String(30))
    period_type: Mapped[str] = mapped_column(String(20))
    source_publisher: Mapped[str] = mapped_column(String(120), default="")
    source_name: Mapped[str] = mapped_column(String(300), default="")
    source_url: Mapped[str] = mapped_column(String(500), default="")
    objectives: Mapped[str] = mapped_column(String(40), default="")
    strands: Mapped[str] = mapped_column(String(300), default="")
    illustrative: Mapped[bool] = mapped_column(Boolean, default=False)
    kpi: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str] = mapped_column(Text, default="")


class Area(Base):
    __tablename__ = "area"
    code: Mapped[str] = mapped_column(String(12), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    area_type: Mapped[str] = mapped_column(String(30))
    region_code: Mapped[str] = mapped_column(String(12), default="")
    statistical_neighbour: Mapped[bool] = mapped_column(Boolean, default=False)


class Period(Base):
    __tablename__ = "period"
    __table_args__ = (UniqueConstraint("period_type", "code", name="uq_period_type_code"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    period_type: Mapped[str] = mapped_column(String(20))
    code: Mapped[str] = mapped_column(String(12))
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)


class Cohort(Base):
    __tablename__ = "cohort"
    __table_args__ = (UniqueConstraint("dimension", "category", name="uq_cohort_dimension_category"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dimension: Mapped[str] = mapped_column(String(30))
    category: Mapped[str] = mapped_column(String(60))


class DatasetVersion(Base):
    """Every seed load, upload or rollback target. Rollback flips is_current; nothing is deleted."""

    __tablename__ = "dataset_version"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("dataset_version.id"), nullable=True)
    kind: Mapped[str] = mapped_column(String(20))  # seed | upload
    file_name: Mapped[str] = mapped_column(String(300))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    format: Mapped[str] = mapped_column(String(20))
    user: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    rows_added: Mapped[int] = mapped_column(Integer, default=0)
    rows_changed: Mapped[int] = mapped_column(Integer, default=0)
    rows_unchanged: Mapped[int] = mapped_column(Integer, default=0)
    indicator_ids: Mapped[str] = mapped_column(Text, default="")
    is_current: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str] = mapped_column(Text, default="")


class Observation(Base):
    """One value: indicator x period x area x cohort. Rows are immutable; `current` marks the live set."""

    __tablename__ = "observation"
    __table_args__ = (
        # One live row per key; also the index the read paths use.
        Index(
            "ux_observation_current_key",
            "indicator_id",
            "area_code",
            "cohort_id",
            "period_id",
            unique=True,
            sqlite_where=text("current = 1"),
            postgresql_where=text("current"),
        ),
        Index("ix_observation_version", "version_id"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    indicator_id: Mapped[str] = mapped_column(ForeignKey("indicator.id"))
    area_code: Mapped[str] = mapped_column(ForeignKey("area.code"))
    period_id: Mapped[int] = mapped_column(ForeignKey("period.id"))
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohort.id"))
    numerator: Mapped[float | None] = mapped_column(Float, nullable=True)
    denominator: Mapped[float | None] = mapped_column(Float, nullable=True)
    value: Mapped[float | None] = mapped_column(Float, nullable=True)
    lower_ci: Mapped[float | None] = mapped_column(Float, nullable=True)
    upper_ci: Mapped[float | None] = mapped_column(Float, nullable=True)
    marker: Mapped[str] = mapped_column(String(4), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    illustrative: Mapped[bool] = mapped_column(Boolean, default=False)
    version_id: Mapped[int] = mapped_column(ForeignKey("dataset_version.id"))
    current: Mapped[bool] = mapped_column(Boolean, default=True)


class Target(Base):
    __tablename__ = "target"
    __table_args__ = (UniqueConstraint("indicator_id", "area_code", name="uq_target_indicator_area"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    indicator_id: Mapped[str] = mapped_column(ForeignKey("indicator.id"))
    area_code: Mapped[str] = mapped_column(String(12), default="")
    baseline_period: Mapped[str] = mapped_column(String(12))
    kind: Mapped[str] = mapped_column(String(12))  # direction | value
    target_value: Mapped[float | None] = mapped_column(Float, nullable=True)
    target_period: Mapped[str | None] = mapped_column(String(12), nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")


class Action(Base):
    """An action of the strategy's action plan (appendix)."""

    __tablename__ = "action"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    strand: Mapped[str] = mapped_column(String(40))
    number: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    lead_services: Mapped[str] = mapped_column(Text, default="")
    governance_groups: Mapped[str] = mapped_column(Text, default="")
    timescale: Mapped[str] = mapped_column(String(200), default="")
    start_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    due_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    ongoing: Mapped[bool] = mapped_column(Boolean, default=False)
    objectives: Mapped[str] = mapped_column(String(40), default="")


class ActionStatus(Base):
    __tablename__ = "action_status"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    action_id: Mapped[str] = mapped_column(ForeignKey("action.id"), index=True)
    status: Mapped[str] = mapped_column(String(20))
    status_date: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    user: Mapped[str] = mapped_column(String(120), default="")
    version_id: Mapped[int | None] = mapped_column(ForeignKey("dataset_version.id"), nullable=True)


class AuditEvent(Base):
    """Sign-ins, uploads and rollbacks: who, when, what."""

    __tablename__ = "audit_event"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    user: Mapped[str] = mapped_column(String(120))
    event: Mapped[str] = mapped_column(String(40))
    detail: Mapped[str] = mapped_column(Text, default="")


class DisparityEntry(Base):
    """An explain-or-change register entry (indicators.disparities). Never deleted: each change
    bumps ``version`` and writes a DisparityEvent holding the whole entry as it became."""

    __tablename__ = "disparity_entry"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    measure: Mapped[str] = mapped_column(String(20))  # rri | representation
    indicator_id: Mapped[str] = mapped_column(String(80))
    stage: Mapped[str] = mapped_column(String(200), default="")
    dimension: Mapped[str] = mapped_column(String(30))
    category: Mapped[str] = mapped_column(String(60))
    group_label: Mapped[str] = mapped_column(String(120), default="")
    basis: Mapped[str] = mapped_column(String(20), default="")
    period: Mapped[str] = mapped_column(String(12))
    ratio: Mapped[float | None] = mapped_column(Float, nullable=True)
    lower: Mapped[float | None] = mapped_column(Float, nullable=True)
    upper: Mapped[float | None] = mapped_column(Float, nullable=True)
    status: Mapped[str] = mapped_column(String(10), index=True)  # open | closed
    opened_at: Mapped[datetime] = mapped_column(DateTime)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    close_reason: Mapped[str] = mapped_column(Text, default="")
    explanation: Mapped[str] = mapped_column(Text, default="")
    evidence: Mapped[str] = mapped_column(Text, default="")
    local_action: Mapped[str] = mapped_column(Text, default="")
    owner: Mapped[str] = mapped_column(String(120), default="")
    review_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    updated_by: Mapped[str] = mapped_column(String(120), default="")


class DisparityEvent(Base):
    """One version of a register entry: what changed, who, when, and the entry as JSON."""

    __tablename__ = "disparity_event"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("disparity_entry.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(DateTime)
    user: Mapped[str] = mapped_column(String(120))
    change: Mapped[str] = mapped_column(String(20))  # opened | updated | explained | linked | closed
    detail: Mapped[str] = mapped_column(Text, default="")
    snapshot: Mapped[str] = mapped_column(Text, default="")


class DisparityAction(Base):
    """A link from a register entry to one of the action plan's actions."""

    __tablename__ = "disparity_action"
    __table_args__ = (UniqueConstraint("entry_id", "action_id", name="uq_disparity_action"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("disparity_entry.id"), index=True)
    action_id: Mapped[str] = mapped_column(ForeignKey("action.id"))
    linked_at: Mapped[datetime] = mapped_column(DateTime)
    user: Mapped[str] = mapped_column(String(120))


class VoiceItem(Base):
    """A consented, anonymous quote or survey result from young people, by objective and quarter.
    Withdrawn items stay stored (``withdrawn``) and are shown nowhere."""

    __tablename__ = "voice_item"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    objective: Mapped[int] = mapped_column(Integer, index=True)
    quarter: Mapped[str] = mapped_column(String(7))
    kind: Mapped[str] = mapped_column(String(10))  # quote | survey
    text: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(200), default="")
    consent: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    user: Mapped[str] = mapped_column(String(120))
    withdrawn: Mapped[bool] = mapped_column(Boolean, default=False)


class PublisherCheck(Base):
    """The latest period a publisher's API offered for an indicator when `refresh` last looked, so the
    overview can say when the publisher has newer data than the dashboard holds."""

    __tablename__ = "publisher_check"
    indicator_id: Mapped[str] = mapped_column(String(80), primary_key=True)
    period: Mapped[str] = mapped_column(String(20))
    source: Mapped[str] = mapped_column(String(200), default="")
    checked_at: Mapped[datetime] = mapped_column(DateTime)
