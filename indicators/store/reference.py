"""Mirror the reference data (catalogue, areas, targets, action plan) from files into the store."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from indicators.actions import ACTIONS_FILE, load_actions
from indicators.areas import load_areas
from indicators.catalogue import load_catalogue
from indicators.home import strategy_for
from indicators.settings import Settings
from indicators.store.models import Action, Area, Indicator, Target


def sync_indicators(session: Session) -> None:
    existing = {i.id: i for i in session.execute(select(Indicator)).scalars()}
    for ind in load_catalogue().indicators:
        row = existing.get(ind.id) or Indicator(id=ind.id)
        row.title, row.description, row.definition = ind.title, ind.description, ind.definition
        row.polarity, row.unit, row.period_type = ind.polarity, ind.unit, ind.period_type
        row.source_publisher, row.source_name, row.source_url = (ind.source.publisher, ind.source.name, ind.source.url)
        row.objectives = ";".join(map(str, ind.objectives))
        row.strands = ";".join(ind.strands)
        row.illustrative, row.kpi, row.note = ind.illustrative, ind.kpi, ind.note
        session.merge(row)


def sync_areas(session: Session) -> None:
    existing = set(session.execute(select(Area.code)).scalars())
    for a in load_areas():
        row = Area(
            code=a.code,
            name=a.name,
            area_type=a.area_type,
            region_code=a.region_code,
            statistical_neighbour=a.statistical_neighbour,
        )
        if a.code in existing:
            session.merge(row)
        else:
            session.add(row)


def sync_targets(session: Session, settings: Settings) -> None:
    """Every KPI gets a target row: direction-only unless config.toml sets a numeric one. Numeric
    targets belong to the strategy's configuration: another council starts with directions only."""
    session.execute(delete(Target))
    with_strategy = strategy_for(settings.home_area, settings.strategy) != "none"
    for ind in load_catalogue().kpis():
        cfg = settings.targets.get(ind.id) if with_strategy else None
        default_baseline = "2019" if ind.period_type == "calendar_year" else settings.baseline_period
        if ind.period_type in ("quarter", "month"):
            default_baseline = "2019-Q4" if ind.period_type == "quarter" else "2020-03"
        session.add(
            Target(
                indicator_id=ind.id,
                area_code=settings.home_area,
                baseline_period=(cfg.baseline_period if cfg and cfg.baseline_period else default_baseline),
                kind=cfg.kind if cfg else "direction",
                target_value=cfg.value if cfg else None,
                target_period=(cfg.target_period if cfg and cfg.target_period else None),
                note=cfg.note if cfg else "Direction only: improve on the baseline (the strategy sets directions).",
            )
        )


def sync_reference(session: Session, settings: Settings) -> None:
    sync_indicators(session)
    sync_areas(session)
    session.flush()
    sync_targets(session, settings)
    if strategy_for(settings.home_area, settings.strategy) != "none":
        sync_action_plan(session)


def sync_action_plan(session: Session) -> None:
    """Load the 57 actions from data/reference/actions.csv (status history is kept separately)."""
    if not ACTIONS_FILE.exists():
        return
    existing = set(session.execute(select(Action.id)).scalars())
    for a in load_actions(ACTIONS_FILE):
        row = Action(
            id=a.id,
            strand=a.strand,
            number=a.number,
            text=a.text,
            lead_services="; ".join(a.lead_services),
            governance_groups="; ".join(a.governance_groups),
            timescale=a.timescale_text,
            start_date=a.start,
            due_date=a.due,
            ongoing=a.ongoing,
            objectives=";".join(str(o) for o in sorted(a.objectives)),
        )
        if a.id in existing:
            session.merge(row)
        else:
            session.add(row)
    stale = existing - {a.id for a in load_actions(ACTIONS_FILE)}
    if stale:
        session.execute(delete(Action).where(Action.id.in_(sorted(stale))))
