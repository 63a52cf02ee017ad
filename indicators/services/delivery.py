"""The Delivery group's quarterly cycle: what changed in a reporting quarter, what is overdue,
which actions serve which open register entries and which KPIs, and each board's share of it.

The strategy's governance (section 7): the Delivery group reports quarterly to the Youth Justice
Services Management Board, the Safer Islington Partnership Board and the Children's Safeguarding
Board; an action's governance_groups (data/reference/actions.csv) name the boards that oversee it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import TYPE_CHECKING

import pandas as pd

from indicators.actions import quarter_changes
from indicators.catalogue import load_catalogue
from indicators.errors import IndicatorError
from indicators.periods import parse_period, previous, quarter_of
from indicators.services import actions as tracker
from indicators.services import disparities
from indicators.store import queries

if TYPE_CHECKING:
    from sqlalchemy import Engine


def current_quarter(today: date | None = None) -> str:
    return quarter_of(today or date.today())


def previous_quarter(quarter: str) -> str:
    return previous(parse_period(quarter, "quarter")).code


def _quarter_end(quarter: str) -> pd.Timestamp:
    return pd.Timestamp(datetime.combine(parse_period(quarter, "quarter").end, time.max))


def kpis_for_objectives(objectives: set[int]) -> list[str]:
    """The section-7 KPIs that measure any of ``objectives``, in catalogue order."""
    return [i.id for i in load_catalogue().indicators if i.kpi and objectives & set(i.objectives)]


def _objectives(cell: object) -> set[int]:
    return {int(o) for o in tracker.split_list(cell) if o.strip().isdigit()}


def _statuses(engine: Engine) -> pd.DataFrame:
    with engine.connect() as conn:
        return queries.visible_action_statuses(conn)


def changes_in_quarter(engine: Engine, quarter: str) -> pd.DataFrame:
    """Actions whose status changed in ``quarter``, with their text (for the page and the packs)."""
    changes = quarter_changes(_statuses(engine), quarter)
    plan = tracker.action_plan_frame(engine).set_index("action_id")
    changes.insert(1, "action", changes["action_id"].map(plan["action"]))
    for column in ("previous_status", "status"):
        changes[column] = changes[column].map(tracker.STATUS_LABELS).fillna("No update yet")
    return changes


def action_links(engine: Engine) -> pd.DataFrame:
    """action_id -> the KPIs it serves (through its objectives) and the open entries it is linked to."""
    plan = tracker.action_plan_frame(engine)
    titles = {i.id: i.title for i in load_catalogue().indicators}
    out = pd.DataFrame({
        "action_id": plan["action_id"],
        "kpis": ["; ".join(titles[k] for k in kpis_for_objectives(_objectives(o))) for o in plan["objectives"]],
    })  # fmt: skip
    served = disparities.entries_for_actions(engine).set_index("action_id")["open_register_entries"].to_dict()
    out["open_register_entries"] = [served.get(a, "") for a in out["action_id"]]
    return out


def boards(engine: Engine) -> list[str]:
    """Every governance group named in the action plan, most actions first."""
    plan = tracker.action_plan_frame(engine)
    counts = pd.Series([g for cell in plan["governance_groups"] for g in tracker.split_list(cell)]).value_counts()
    return counts.index.tolist()


@dataclass
class BoardContent:
    board: str
    quarter: str
    actions: pd.DataFrame  # the board's actions with their status at the end of the quarter
    kpi_ids: list[str]
    changed: pd.DataFrame  # status changes in the quarter, the board's actions only
    versions: pd.DataFrame  # dataset versions since the previous pack (after the previous quarter)
    register: pd.DataFrame  # open register entries (suppressed for viewers)
    voice: pd.DataFrame  # young people's voice for the board's objectives, up to the quarter
    objectives: set[int]


def _status_at(engine: Engine, plan: pd.DataFrame, quarter: str) -> pd.DataFrame:
    statuses = _statuses(engine)
    upto = statuses[pd.to_datetime(statuses["status_date"]) <= _quarter_end(quarter)]
    latest = upto.groupby("action_id").tail(1).set_index("action_id")
    out = plan.copy()
    out["status"] = out["action_id"].map(latest["status"]).map(tracker.STATUS_LABELS).fillna("No update yet")
    out["status_date"] = out["action_id"].map(latest["status_date"])
    due = pd.to_datetime(out["due"])
    complete = out["status"] == tracker.STATUS_LABELS["complete"]
    out["overdue"] = due.notna() & (due < _quarter_end(quarter)) & ~complete
    return out


def board_content(engine: Engine, board: str, quarter: str, role: str, voice_items: pd.DataFrame) -> BoardContent:
    """What a board's pack holds for ``quarter`` (``voice_items`` from services.voice.items)."""
    known = boards(engine)
    if board not in known:
        raise IndicatorError(
            f"'{board}' is not a governance group of the action plan; choose one of: {'; '.join(known)}"
        )
    parse_period(quarter, "quarter")
    plan = tracker.action_plan_frame(engine)
    mine = plan[[board in tracker.split_list(g) for g in plan["governance_groups"]]]
    actions = _status_at(engine, mine, quarter).reset_index(drop=True)
    objectives = set().union(*(_objectives(o) for o in actions["objectives"])) if len(actions) else set()
    changed = changes_in_quarter(engine, quarter)
    changed = changed[changed["action_id"].isin(actions["action_id"])].reset_index(drop=True)
    with engine.connect() as conn:
        versions = queries.versions(conn)
    since = _quarter_end(previous_quarter(quarter))
    versions = versions[pd.to_datetime(versions["created_at"]) > since].reset_index(drop=True)
    register = disparities.register_frame(engine, role)  # type: ignore[arg-type]
    voice = voice_items[voice_items["objective"].isin(objectives)] if len(voice_items) else voice_items
    return BoardContent(board, quarter, actions, kpis_for_objectives(objectives), changed, versions, register,
                        voice.reset_index(drop=True), objectives)  # fmt: skip
