"""The explain-or-change register as the pages and the CLI see it.

``sync`` computes every relative rate index (each stage, dimension and basis, every year) and the
representation ratios from the unsuppressed figures, flags them (indicators.disparities) and opens,
updates or closes entries; it runs after every upload or rollback that touches those figures.
Illustrative rows never open an entry (an invented series carries no verdict). What viewers see
is suppressed: an entry whose ratio is built on a count the public pages hide shows [c].
"""

from __future__ import annotations

import json
from datetime import date
from typing import TYPE_CHECKING

import pandas as pd

from indicators import disparities
from indicators.catalogue import load_catalogue
from indicators.errors import CohortError, IndicatorError
from indicators.services import rri as rri_service
from indicators.services import series
from indicators.settings import get_settings
from indicators.store import queries, register
from indicators.store.db import session_scope

if TYPE_CHECKING:
    from sqlalchemy import Engine

SYSTEM_USER = "register (automatic)"
REPRESENTATION_IDS = ("yos_cohort_share", "secondary_pupils_share")
BASIS_LABELS = {"population": "population-based", "previous_stage": "stage-to-stage", "": "share of cohort"}
PUBLIC_COLUMNS = [
    "id", "status", "measure", "indicator_id", "stage", "dimension", "group_label", "basis", "period", "ratio",
    "lower", "upper", "interval", "explanation", "evidence", "actions", "local_action", "owner", "review_date",
    "opened_at", "closed_at", "close_reason", "version",
]  # fmt: skip


def watched_indicator_ids() -> set[str]:
    """The indicators whose figures feed the register (an upload touching none skips the sync)."""
    return {s.id for s in load_catalogue().stages()} | set(REPRESENTATION_IDS)


def _rri_findings(engine: Engine, role: series.Role) -> list[pd.DataFrame]:
    options = rri_service.disproportionality_options(engine)
    frames = []
    for stage in options.stages:
        bases = ["population"]
        if stage.yj_stage > 1:  # at the first stage the previous stage is the population itself
            bases.append("previous_stage")
        for dimension in options.dimensions.get(stage.id, []):
            for basis in bases:
                try:
                    over = rri_service.rri_over_time(engine, stage.id, dimension, None, role, basis)
                except CohortError:
                    continue
                f = over.frame
                frames.append(
                    pd.DataFrame(
                        {
                            "measure": "rri",
                            "indicator_id": stage.id,
                            "dimension": dimension,
                            "category": f["category"],
                            "basis": basis,
                            "stage": stage.title,
                            "group": f["label"],
                            "period": f["period"],
                            "period_start": f["period_start"],
                            "ratio": f["rri"],
                            "lower": f["lower"],
                            "upper": f["upper"],
                            "marker": f["marker"],
                            "significant": f["significant"],
                            "illustrative": f["illustrative"].fillna(0).gt(0),
                        }
                    )  # fmt: skip
                )
    return frames


def _representation_findings(engine: Engine, role: series.Role) -> pd.DataFrame:
    rep = rri_service.representation(engine, role)
    sen = rep.sen
    if sen.empty or rep.period is None:
        return pd.DataFrame(columns=[*disparities.FINDING_COLUMNS, "illustrative"])
    catalogue = load_catalogue()
    illustrative = any(catalogue.get(i).illustrative for i in REPRESENTATION_IDS)
    lower, upper = pd.to_numeric(sen["lower"], errors="coerce"), pd.to_numeric(sen["upper"], errors="coerce")
    return pd.DataFrame({
        "measure": "representation", "indicator_id": REPRESENTATION_IDS[0], "dimension": "sen",
        "category": sen["category"], "basis": "", "stage": "Youth offending service cohort", "group": sen["label"],
        "period": rep.period, "period_start": pd.Timestamp(f"{rep.period}-01") if len(rep.period) == 7 else pd.NaT,
        "ratio": sen["ratio"], "lower": lower, "upper": upper,
        "marker": ["u" if u else "" for u in sen["low_reliability"]],
        "significant": (lower > 1) | (upper < 1), "illustrative": illustrative,
    })  # fmt: skip


def findings(engine: Engine) -> pd.DataFrame:
    """Every ratio the register watches, one row per key and period, flagged (real data only)."""
    frames = [f for f in [*_rri_findings(engine, "analyst"), _representation_findings(engine, "analyst")] if len(f)]
    if not frames:
        return pd.DataFrame(columns=[*disparities.FINDING_COLUMNS, "reliable", "flagged"])
    frame = pd.concat(frames, ignore_index=True)
    frame = frame[~frame["illustrative"].astype(bool)].drop(columns=["illustrative"])
    return disparities.flag(frame.reset_index(drop=True), get_settings().disparity_threshold)


def _actions_complete(engine: Engine, entries: pd.DataFrame) -> dict[int, bool]:
    with engine.connect() as conn:
        links = queries.disparity_links(conn)
        statuses = queries.visible_action_statuses(conn)
    latest = statuses.groupby("action_id")["status"].last().to_dict() if len(statuses) else {}
    return {
        int(i): disparities.all_complete([latest.get(a) for a in links.loc[links["entry_id"] == i, "action_id"]])
        for i in entries["id"]
    }


def sync(engine: Engine, user: str = SYSTEM_USER) -> list[disparities.Change]:
    """Bring the register in line with the current data; the changes made."""
    flagged = findings(engine)
    with engine.connect() as conn:
        entries = queries.disparity_entries(conn)
    changes = disparities.plan_changes(flagged, entries, _actions_complete(engine, entries))
    if changes:
        with session_scope(engine) as session:
            register.apply_changes(session, changes, user)
    return changes


def sync_after(engine: Engine, indicator_ids: set[str] | None) -> None:
    """Sync after a data change that touched ``indicator_ids`` (None: unknown, always sync)."""
    if indicator_ids is None or indicator_ids & watched_indicator_ids():
        sync(engine)


# --------------------------------------------------------------------------- reading


def _with_links(engine: Engine) -> pd.DataFrame:
    with engine.connect() as conn:
        entries = queries.disparity_entries(conn)
        links = queries.disparity_links(conn)
    joined = links.groupby("entry_id")["action_id"].agg("; ".join).to_dict() if len(links) else {}
    entries["actions"] = [joined.get(i, "") for i in entries["id"]]
    bounds = zip(entries["ratio"], entries["lower"], entries["upper"], strict=True)
    entries["interval"] = [disparities.interval_text(r, lo, hi) for r, lo, hi in bounds]
    entries["basis"] = entries["basis"].map(BASIS_LABELS).fillna(entries["basis"])
    return entries.reindex(columns=PUBLIC_COLUMNS)


def _hidden_for_viewers(engine: Engine, entries: pd.DataFrame) -> pd.Series:
    """True where the viewer's version of the ratio is suppressed ([c]) for the entry's period."""
    if entries.empty:
        return pd.Series(dtype=bool)
    public = pd.concat([*_rri_findings(engine, "viewer"), _representation_findings(engine, "viewer")])
    hidden = public[(public["marker"] == "c") | public["ratio"].isna()]
    keys = {(r.indicator_id, r.dimension, r.category, r.period) for r in hidden.itertuples()}
    with engine.connect() as conn:
        raw = queries.disparity_entries(conn).set_index("id")
    return pd.Series(
        [(raw.at[i, "indicator_id"], raw.at[i, "dimension"], raw.at[i, "category"], raw.at[i, "period"]) in keys
         for i in entries["id"]],
        index=entries.index,
    )  # fmt: skip


def register_frame(engine: Engine, role: series.Role, status: str | None = "open") -> pd.DataFrame:
    """The register (``status`` None for every entry). Viewers get [c] for a suppressed ratio."""
    entries = _with_links(engine)
    if status:
        entries = entries[entries["status"] == status].reset_index(drop=True)
    if role == "viewer" and len(entries):
        hidden = _hidden_for_viewers(engine, entries)
        entries["ratio"] = entries["ratio"].astype(object)
        entries.loc[hidden, ["ratio", "lower", "upper"]] = None
        entries.loc[hidden, "interval"] = "[c]"
    return entries


def register_records(frame: pd.DataFrame) -> list[dict]:
    out = frame.astype(object).where(frame.notna(), None)
    return json.loads(out.to_json(orient="records", date_format="iso"))


def history(engine: Engine, entry_id: int) -> pd.DataFrame:
    """Every version of one entry, oldest first (who, when, what changed, the entry as it became)."""
    with engine.connect() as conn:
        return queries.disparity_history(conn, entry_id)


def record_explanation(
    engine: Engine, entry_id: int, explanation: str, evidence: str, owner: str, review_date: date, user: str
) -> None:
    explanation, evidence, owner = explanation.strip(), evidence.strip(), owner.strip()
    if not explanation or not evidence:
        raise IndicatorError("an explanation needs both the explanation and its evidence")
    _require(owner, user)
    with session_scope(engine) as session:
        register.record_explanation(session, entry_id, explanation, evidence, owner, review_date, user)


def link_actions(
    engine: Engine,
    entry_id: int,
    action_ids: list[str],
    local_action: str,
    owner: str,
    review_date: date,
    user: str,
) -> None:
    if not action_ids and not local_action.strip():
        raise IndicatorError("link at least one action of the plan, or describe a new local action")
    _require(owner.strip(), user)
    with session_scope(engine) as session:
        register.link_actions(session, entry_id, action_ids, local_action.strip(), owner.strip(), review_date, user)
    sync(engine, user)  # linked actions that are already complete close the entry


def _require(owner: str, user: str) -> None:
    if not owner:
        raise IndicatorError("every explanation or action needs an owner")
    if not user:
        raise IndicatorError("sign in to change the register")


def entries_for_actions(engine: Engine) -> pd.DataFrame:
    """action_id -> the open entries it serves (for the action plan)."""
    with engine.connect() as conn:
        links = queries.disparity_links(conn)
        entries = queries.disparity_entries(conn)
    open_ids = set(entries.loc[entries["status"] == "open", "id"])
    links = links[links["entry_id"].isin(open_ids)]
    labels = {
        r.id: f"#{r.id} {r.group_label}, {r.stage} ({r.period})" for r in entries.itertuples()
    }  # fmt: skip
    links = links.assign(entry=links["entry_id"].map(labels))
    return links.groupby("action_id")["entry"].agg("; ".join).rename("open_register_entries").reset_index()
