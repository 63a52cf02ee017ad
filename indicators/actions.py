"""The strategy's action plan as data: strands, actions, statuses, timescales and the overdue rule.

Pure. The actions are built once from the strategy text by data/build_actions.py into
data/reference/actions.csv, which ``load_actions`` reads back; status updates are read and checked
by ``indicators.ingest.action_status``.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pandas as pd

from indicators.errors import IndicatorError
from indicators.periods import parse_period
from indicators.settings import REPO_ROOT

ACTIONS_FILE = REPO_ROOT / "data" / "reference" / "actions.csv"

# (id, name as written in the table headers), in document order.
STRANDS: tuple[tuple[str, str], ...] = (
    ("prevention", "Prevention"),
    ("identification", "Identification"),
    ("engagement", "Engagement"),
    ("diversion", "Diversion"),
    ("support", "Support"),
    ("protection", "Protection"),
    ("disruption", "Disruption"),
    ("enforcement_prosecution", "Enforcement and Prosecution"),
)
STRAND_IDS: tuple[str, ...] = tuple(s for s, _ in STRANDS)
OBJECTIVES: frozenset[int] = frozenset(range(1, 9))
STATUSES: tuple[str, ...] = ("not_started", "on_track", "at_risk", "off_track", "complete")

ACTIONS_CSV_COLUMNS: tuple[str, ...] = (
    "action_id",
    "strand",
    "number",
    "action",
    "lead_services",
    "governance_groups",
    "timescale",
    "objectives",
)
STATUS_CSV_COLUMNS: tuple[str, ...] = ("action_id", "status", "date", "note")
REQUIRED_STATUS_COLUMNS: tuple[str, ...] = ("action_id", "status", "date")
LIST_SEP = "; "


class ActionPlanError(IndicatorError, ValueError):
    """Action-plan text (timescale, objectives, table layout) that cannot be parsed."""


# --------------------------------------------------------------------------- data types


@dataclass(frozen=True)
class Timescale:
    """A parsed Timescale cell. ``due`` is the last day of the end month (None when open-ended)."""

    start: date | None
    due: date | None
    ongoing: bool
    text: str


@dataclass(frozen=True)
class Action:
    id: str  # e.g. 'prevention-01'
    strand: str  # one of STRAND_IDS
    number: int  # 1-based position within the strand
    text: str
    lead_services: list[str]
    governance_groups: list[str]
    timescale_text: str
    start: date | None
    due: date | None
    ongoing: bool
    objectives: frozenset[int]


@dataclass(frozen=True)
class StatusUpdate:
    action_id: str
    status: str  # one of STATUSES
    date: date
    note: str = ""
    user: str = ""


# --------------------------------------------------------------------------- text helpers

_DASHES = re.compile(r"[\u2010-\u2015\u2212\ufe58\ufe63\uff0d]")


def normalise_dashes(text: str) -> str:
    """Replace en/em dashes, minus signs etc. with an ASCII hyphen."""
    return _DASHES.sub("-", text)


# --------------------------------------------------------------------------- timescales

_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december")  # fmt: skip
_MONTH_YEAR = r"([A-Za-z]+)\.?\s*('?\d{4}|'?\d{2})"
_TS_SINGLE = re.compile(rf"^{_MONTH_YEAR}$")
_TS_RANGE = re.compile(rf"^{_MONTH_YEAR}\s*(?:-|/|to|until)\s*{_MONTH_YEAR}$", re.IGNORECASE)
_TS_FROM_ONGOING = re.compile(rf"^(?:from\s+)?{_MONTH_YEAR}\s*(?:-|/|to|and|onwards)?\s*ongoing$", re.I)
_TS_ONGOING = re.compile(r"^ongoing$", re.IGNORECASE)


def _month_number(word: str) -> int:
    w = word.lower()
    for i, name in enumerate(_MONTHS, 1):
        if len(w) >= 3 and name.startswith(w) or (w == "sept" and i == 9):
            return i
    raise ActionPlanError(f"'{word}' is not a month name")


def _year(text: str) -> int:
    digits = text.lstrip("'")
    return int(digits) if len(digits) == 4 else 2000 + int(digits)


def _month_start(word: str, year: str) -> date:
    return date(_year(year), _month_number(word), 1)


def _month_end(word: str, year: str) -> date:
    first = _month_start(word, year)
    return (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def parse_timescale(text: str) -> Timescale:
    """Parse a Timescale cell; raise ActionPlanError if it is not a recognised form.

    Forms: ``Ongoing``; ``April 2021`` (due 30 April 2021, no start); ``December 2020 - ongoing`` /
    ``December 2020/Ongoing`` / ``December 20/Ongoing`` / ``Jan 2021 - ongoing`` (start 1 December
    2020, no due date, ongoing); ``December 2020 – March 2022`` / ``December 2020 – Sept 2021``
    (start and due). Months may be abbreviated (Jan, Sept), years two-digit (20 = 2020), and any
    dash character separates the parts.
    """
    clean = re.sub(r"\s+", " ", normalise_dashes(text)).strip()
    if _TS_ONGOING.match(clean):
        return Timescale(None, None, True, text)
    if m := _TS_SINGLE.match(clean):
        return Timescale(None, _month_end(*m.groups()), False, text)
    if m := _TS_FROM_ONGOING.match(clean):
        return Timescale(_month_start(*m.groups()), None, True, text)
    if m := _TS_RANGE.match(clean):
        start, due = _month_start(m[1], m[2]), _month_end(m[3], m[4])
        if due < start:
            raise ActionPlanError(f"timescale '{text}' ends before it starts")
        return Timescale(start, due, False, text)
    raise ActionPlanError(f"'{text}' is not a timescale like 'April 2021' or 'December 2020 - ongoing'")


# --------------------------------------------------------------------------- objectives

_OBJ_TOKEN = re.compile(r"(\d+)\s*-\s*(\d+)|(\d+)")


def parse_objectives(text: str) -> frozenset[int]:
    """Parse an Objective cell into objective numbers 1-8; raise ActionPlanError if it cannot.

    Forms: ``1 – 6 8`` (a range then single numbers, any dash), ``1 - 8``, ``1, 3, 5``, ``1;2;3``,
    ``1 and 3``, ``All``.
    """
    clean = normalise_dashes(text).strip()
    if clean.lower() in ("all", "all objectives", "1-8 (all)"):
        return OBJECTIVES
    if not clean or _OBJ_TOKEN.sub("", re.sub(r"[,;&]|\band\b", " ", clean)).strip():
        raise ActionPlanError(f"'{text}' is not a list of objectives like '1 - 6 8' or '1, 3, 5'")
    found: set[int] = set()
    for lo, hi, single in _OBJ_TOKEN.findall(clean):
        first, last = (int(lo), int(hi)) if lo else (int(single), int(single))
        if first > last:
            raise ActionPlanError(f"objectives '{text}': range {first}-{last} runs backwards")
        found.update(range(first, last + 1))
    if bad := sorted(found - OBJECTIVES):
        raise ActionPlanError(f"objectives '{text}': {bad} not between 1 and 8")
    return frozenset(found)


def format_objectives(objectives: Collection[int]) -> str:
    return ";".join(str(o) for o in sorted(objectives))


def action_to_row(action: Action) -> dict[str, str]:
    """One actions.csv row (lists joined with '; ', objectives as '1;2;3')."""
    return {
        "action_id": action.id,
        "strand": action.strand,
        "number": str(action.number),
        "action": action.text,
        "lead_services": LIST_SEP.join(action.lead_services),
        "governance_groups": LIST_SEP.join(action.governance_groups),
        "timescale": action.timescale_text,
        "objectives": format_objectives(action.objectives),
    }


def action_from_row(row: dict[str, str]) -> Action:
    """The inverse of ``action_to_row``."""
    ts = parse_timescale(row["timescale"])

    def split(cell: str) -> list[str]:
        return [s.strip() for s in cell.split(";") if s.strip()]

    return Action(
        id=row["action_id"],
        strand=row["strand"],
        number=int(row["number"]),
        text=row["action"],
        lead_services=split(row["lead_services"]),
        governance_groups=split(row["governance_groups"]),
        timescale_text=row["timescale"],
        start=ts.start,
        due=ts.due,
        ongoing=ts.ongoing,
        objectives=parse_objectives(row["objectives"]),
    )


def normalise_status(value: str) -> str:
    """'On track' / 'on-track' / 'ON_TRACK' -> 'on_track' (not validated)."""
    return re.sub(r"[\s\-]+", "_", value.strip().lower())


def overdue(due: pd.Series, latest_status: pd.Series, today: date) -> pd.Series:
    """True where the due date has passed and the latest status is not 'complete'; an action with
    no due date (ongoing) is never overdue.

    >>> overdue(pd.Series([date(2021, 3, 31), None]), pd.Series(["on_track", None]), date(2021, 7, 1)).tolist()
    [True, False]
    """
    due = pd.to_datetime(due)
    return (due.notna() & (due < pd.Timestamp(today)) & (latest_status != "complete")).astype(bool)


def load_actions(path: Path | str = ACTIONS_FILE) -> list[Action]:
    """Read ``data/reference/actions.csv`` (written by data/build_actions.py) back into Actions."""
    with open(path, newline="", encoding="utf-8") as fh:
        return [action_from_row(row) for row in csv.DictReader(fh)]


def quarter_changes(statuses: pd.DataFrame, quarter: str) -> pd.DataFrame:
    """Actions whose status changed in reporting ``quarter`` (YYYY-QN, calendar quarters): their
    status at the end of the previous quarter and their latest update within ``quarter``.

    ``statuses``: action_id, status, status_date, note (oldest first, as the store returns them).
    """
    period = parse_period(quarter, "quarter")
    dates = pd.to_datetime(statuses["status_date"]).dt.date
    inside = statuses[(dates >= period.start) & (dates <= period.end)]
    before = statuses[dates < period.start].groupby("action_id")["status"].last()
    latest = inside.groupby("action_id").tail(1).set_index("action_id")
    out = pd.DataFrame({
        "action_id": latest.index,
        "previous_status": [before.get(a) for a in latest.index],
        "status": latest["status"].to_numpy(),
        "status_date": latest["status_date"].to_numpy(),
        "note": latest["note"].to_numpy(),
        "quarter": quarter,
    })  # fmt: skip
    return out[out["previous_status"] != out["status"]].reset_index(drop=True)
