"""The Youth Safety Strategy action plan: 57 actions in 8 strands, and their status updates.

Pure functions, except the clearly marked file-reading ones at the bottom (``read_strategy_actions``,
``load_actions``). No Streamlit, no database.

The strategy's appendix is a set of tab-separated tables, one per strand, each with the header
``<Strand> Action / Lead services/organisations / Governance group/s / Timescale / Overarching
Objective (1 – 8)``. The document's page breaks split tables: the header is repeated and an action
that straddled the break continues in a row whose Timescale and Objective cells are blank (its
Action cell may hold the rest of the sentence, or be blank when only a governance group spilled
over). ``parse_action_plan`` merges such rows into the action above them.

Status updates are uploaded as a small CSV ``action_id,status,date,note`` and validated row by row
by ``read_status_csv`` (problems are the shared ``indicators.ingest.problems.Problem``).
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import pandas as pd

from indicators.errors import IndicatorError
from indicators.ingest import problems as P
from indicators.ingest.encoding import decode_upload
from indicators.ingest.problems import Problem

__all__ = [
    "ACTIONS_CSV_COLUMNS", "ACTIONS_FILE", "BAD_DATE", "STATUSES", "STATUS_CSV_COLUMNS", "STRANDS",
    "STRAND_IDS", "STRATEGY_FILE", "UNKNOWN_ACTION", "UNKNOWN_STATUS", "Action", "ActionPlanError",
    "Problem", "StatusUpdate", "Timescale", "action_from_row", "action_to_row", "actions_to_frame",
    "format_objectives", "is_overdue", "latest_status", "load_actions", "normalise_dashes",
    "normalise_status", "parse_action_plan", "parse_objectives", "parse_timescale", "read_status_csv",
    "read_strategy_actions", "split_governance", "split_lead_services",
]  # fmt: skip

REPO_ROOT = Path(__file__).resolve().parent.parent
ACTIONS_FILE = REPO_ROOT / "data" / "reference" / "actions.csv"
STRATEGY_FILE = REPO_ROOT.parent / "shared" / "strategy" / "islington-youth-safety-strategy-2020-2025.txt"

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
# Status-upload reason codes beyond the shared ones in indicators.ingest.problems.
UNKNOWN_ACTION = "unknown_action"
UNKNOWN_STATUS = "unknown_status"
BAD_DATE = "bad_date"


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
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})
_PARA = re.compile(r"<p>(.*?)</p>", re.IGNORECASE | re.DOTALL)


def normalise_dashes(text: str) -> str:
    """Replace en/em dashes, minus signs etc. with an ASCII hyphen."""
    return _DASHES.sub("-", text)


def _paragraphs(cell: str) -> list[str]:
    """A cell's paragraphs: the ``<p>..</p>`` blocks some cells hold, else the whole cell."""
    parts = _PARA.findall(cell) or [cell]
    return [p for p in (re.sub(r"\s+", " ", x).strip() for x in parts) if p]


def _dedupe(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(i for i in items if i))


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


# --------------------------------------------------------------------------- lead services / governance

# Board and committee names run together without a separator once the PDF's line breaks are lost.
_GOV_SPLIT = re.compile(r"(?:(?<=[Bb]oard)|(?<=Committee))\s+(?=[A-Z])|\s*,\s*")
_GOV_FIXES: dict[str, tuple[str, ...]] = {
    "Safer Islington Partnership Youth justice Services Management Board": (
        "Safer Islington Partnership Board",
        "Youth Justice Services Management Board",
    ),
}
_LEAD_PROTECT = ("Employment, Skills and Culture",)
_LEAD_SPLIT = re.compile(
    r"\s*[,/]\s*|(?<=[a-z)\0])\s+(?=(?:Youth and Community|Learning and Schools|School Improvement"
    r"|Safeguarding|Youth Council)\b)"
)
_LEAD_FIXES: dict[str, tuple[str, ...]] = {
    "Youth and Community and Fairer Together": ("Youth and Community", "Fairer Together"),
    "Police and Community Safety": ("Police", "Community Safety"),
    "You- Lead group": ("You Lead",),
    "You-participation group Lead": ("You Lead",),
}


def split_governance(cell: str) -> list[str]:
    """Split a Governance cell into group names (``board`` capitalised, curly quotes straightened)."""
    out: list[str] = []
    for para in _paragraphs(cell.translate(_QUOTES)):
        for part in _GOV_SPLIT.split(para):
            name = re.sub(r"\bboard$", "Board", part.strip(" ,"))
            out.extend(_GOV_FIXES.get(name, (name,)))
    return _dedupe(out)


def split_lead_services(cell: str) -> list[str]:
    """Split a Lead services cell on commas, slashes and run-together service names."""
    out: list[str] = []
    for para in _paragraphs(cell.translate(_QUOTES)):
        for i, name in enumerate(_LEAD_PROTECT):
            para = para.replace(name, f"\0{i}\0")
        for part in _LEAD_SPLIT.split(para):
            name = re.sub(r"\0(\d)\0", lambda m: _LEAD_PROTECT[int(m[1])], part.strip(" ,"))
            out.extend(_LEAD_FIXES.get(name, (name,)))
    return _dedupe(out)


# --------------------------------------------------------------------------- the action tables


@dataclass
class _Draft:
    strand: str
    line: int
    cells: list[str]
    text: list[str] = field(default_factory=list)
    lead: list[str] = field(default_factory=list)
    governance: list[str] = field(default_factory=list)

    def add(self, cells: list[str]) -> None:
        self.text.append("\n".join(_paragraphs(cells[0])))
        self.lead.extend(split_lead_services(cells[1]))
        self.governance.extend(split_governance(cells[2]))


_STRAND_BY_HEADER = {f"{name} action".lower(): sid for sid, name in STRANDS}


def _header_strand(cells: list[str], line: int) -> str | None:
    """The strand id of an action-table header row, None for any other table's header."""
    if not cells[0].lower().endswith(" action"):
        return None
    if (sid := _STRAND_BY_HEADER.get(re.sub(r"\s+", " ", cells[0]).lower())) is None:
        raise ActionPlanError(f"line {line}: unknown strand in table header '{cells[0]}'")
    return sid


def _is_header(cells: list[str]) -> bool:
    return cells[1].lower().startswith(("lead service", "date compiled"))


def _table_rows(text: str) -> Iterator[tuple[int, str, list[str]]]:
    """(line number, strand id, 5 cells) for each action-table data row, in order."""
    strand: str | None = None
    for number, line in enumerate(text.splitlines(), 1):
        if "\t" not in line:
            strand = strand if not line.strip() else None  # prose ends a table; blank lines don't
            continue
        cells = ([c.strip() for c in line.split("\t")] + [""] * 5)[:5]
        if _is_header(cells):
            strand = _header_strand(cells, number)
        elif strand is not None and any(cells):
            yield number, strand, cells


def _drafts(text: str) -> list[_Draft]:
    drafts: list[_Draft] = []
    for number, strand, cells in _table_rows(text):
        if cells[3] or cells[4]:
            drafts.append(_Draft(strand, number, cells))
        elif not drafts or drafts[-1].strand != strand:
            raise ActionPlanError(f"line {number}: a continuation row with no action above it")
        drafts[-1].add(cells)
    return drafts


def _to_action(draft: _Draft, number: int) -> Action:
    try:
        ts = parse_timescale(draft.cells[3])
        objectives = parse_objectives(draft.cells[4])
    except ActionPlanError as exc:
        raise ActionPlanError(f"line {draft.line}: {exc}") from exc
    return Action(
        id=f"{draft.strand}-{number:02d}",
        strand=draft.strand,
        number=number,
        text=" ".join(t for t in draft.text if t),
        lead_services=_dedupe(draft.lead),
        governance_groups=_dedupe(draft.governance),
        timescale_text=re.sub(r"\s+", " ", normalise_dashes(draft.cells[3])),
        start=ts.start,
        due=ts.due,
        ongoing=ts.ongoing,
        objectives=objectives,
    )


def parse_action_plan(text: str) -> list[Action]:
    """All actions in the strategy text, in document order, numbered within each strand."""
    counts: dict[str, int] = {}
    actions: list[Action] = []
    for draft in _drafts(text):
        counts[draft.strand] = counts.get(draft.strand, 0) + 1
        actions.append(_to_action(draft, counts[draft.strand]))
    return actions


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


# --------------------------------------------------------------------------- status updates


def _suggest(value: str, choices: Iterable[str]) -> str:
    match = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.5)
    return f"; did you mean '{match[0]}'?" if match else ""


def normalise_status(value: str) -> str:
    """'On track' / 'on-track' / 'ON_TRACK' -> 'on_track' (not validated)."""
    return re.sub(r"[\s\-]+", "_", value.strip().lower())


def _header_problems(header: list[str]) -> list[Problem]:
    expected = ",".join(STATUS_CSV_COLUMNS)
    return [
        Problem(1, col, None, P.MISSING_COLUMN, f"the header has no '{col}' column (expected {expected})")
        for col in REQUIRED_STATUS_COLUMNS
        if col not in header
    ]


def _check_cell(row: int, column: str, value: str, known_ids: Collection[str]) -> Problem | None:
    """The problem with one required cell, or None."""
    if not value:
        return Problem(row, column, value, P.BLANK_REQUIRED, f"'{column}' is blank")
    if column == "action_id" and value.lower() not in known_ids:
        hint = _suggest(value.lower(), known_ids)
        return Problem(row, column, value, UNKNOWN_ACTION, f"'{value}' is not an action in the plan{hint}")
    if column == "status" and normalise_status(value) not in STATUSES:
        hint = _suggest(normalise_status(value), STATUSES)
        msg = f"'{value}' is not a status ({', '.join(STATUSES)}){hint}"
        return Problem(row, column, value, UNKNOWN_STATUS, msg)
    if column == "date" and _iso_date(value) is None:
        msg = f"'{value}' is not a date in the form yyyy-mm-dd (e.g. 2021-03-31)"
        return Problem(row, column, value, BAD_DATE, msg)
    return None


def _iso_date(value: str) -> date | None:
    """A strict yyyy-mm-dd date, or None."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _parse_row(
    row: int, record: dict[str, str], known_ids: Collection[str], user: str
) -> tuple[StatusUpdate | None, list[Problem]]:
    cells = {k: (record.get(k) or "").strip() for k in STATUS_CSV_COLUMNS}
    problems = [p for c in REQUIRED_STATUS_COLUMNS if (p := _check_cell(row, c, cells[c], known_ids))]
    if problems:
        return None, problems
    update = StatusUpdate(
        action_id=cells["action_id"].lower(),
        status=normalise_status(cells["status"]),
        date=date.fromisoformat(cells["date"]),
        note=cells["note"],
        user=user,
    )
    return update, []


def _read_rows(text: str, known: Collection[str], user: str) -> tuple[list[StatusUpdate], list[Problem], int]:
    """(updates, problems, number of non-blank data rows) from decoded CSV text."""
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [h.strip().lower() for h in next(reader, [])]
    if problems := _header_problems(header):
        return [], problems, 0
    updates: list[StatusUpdate] = []
    seen = 0
    for row, values in enumerate(reader, 2):
        if any(v.strip() for v in values):
            seen += 1
            update, row_problems = _parse_row(row, dict(zip(header, values, strict=False)), known, user)
            problems.extend(row_problems)
            updates.extend([update] if update else [])
    return updates, problems, seen


def read_status_csv(
    data: bytes, filename: str, action_ids: Collection[str] | None = None, user: str = ""
) -> tuple[list[StatusUpdate], list[Problem]]:
    """Read and validate an ``action_id,status,date,note`` CSV of status updates.

    Problems use the shared ``indicators.ingest.problems.Problem``. Row numbers are as a spreadsheet
    shows the file: the header is row 1, so the FIRST DATA ROW IS ROW 2; whole-file problems have
    ``row=None``. The header row is required (names case-insensitive, any order; ``note`` may be
    absent). Every data row is checked and every problem reported. Codes: from ``decode_upload``
    (``not_csv``, ``encoding``, ``too_large``, ``empty_file``), ``empty_file`` (header but no data),
    ``missing_column`` (row 1), ``blank_required``, ``unknown_action`` and ``unknown_status`` (the
    message suggests the nearest), ``bad_date`` (not ISO yyyy-mm-dd). Statuses are normalised
    (``On track`` -> ``on_track``), action ids lower-cased, blank rows skipped. Returns the valid
    rows' updates and all problems; the caller rejects the file if ``has_errors(problems)``.
    ``action_ids`` defaults to the ids in ``data/reference/actions.csv``.
    """
    known = {a.lower() for a in action_ids} if action_ids is not None else {a.id for a in load_actions()}
    decoded = decode_upload(data, filename)
    if decoded.text is None:
        return [], decoded.problems
    updates, problems, seen = _read_rows(decoded.text, known, user)
    if not seen and not problems:
        problems = [Problem(None, None, None, P.EMPTY_FILE, f"{filename} has a header but no status rows")]
    return updates, decoded.problems + problems


def latest_status(updates: Iterable[StatusUpdate], action_id: str) -> StatusUpdate | None:
    """The most recent update for ``action_id`` (by date; on a tie, the later one in ``updates``)."""
    best: StatusUpdate | None = None
    for u in updates:
        if u.action_id == action_id and (best is None or u.date >= best.date):
            best = u
    return best


def is_overdue(action: Action, latest_status: StatusUpdate | str | None, today: date) -> bool:
    """True when the action's due date has passed and its latest status is not 'complete'."""
    status = latest_status.status if isinstance(latest_status, StatusUpdate) else latest_status
    return action.due is not None and action.due < today and status != "complete"


def actions_to_frame(
    actions: Iterable[Action], updates: Iterable[StatusUpdate], today: date | None = None
) -> pd.DataFrame:
    """One row per action: actions.csv columns, start, due, ongoing, latest status (NA when never
    reported), status_date, note, updated_by and overdue (as of ``today``, default date.today())."""
    today = today or date.today()
    updates = list(updates)
    rows = []
    for a in actions:
        latest = latest_status(updates, a.id)
        rows.append({
            **action_to_row(a),
            "start": a.start,
            "due": a.due,
            "ongoing": a.ongoing,
            "status": latest.status if latest else None,
            "status_date": latest.date if latest else None,
            "note": latest.note if latest else "",
            "updated_by": latest.user if latest else "",
            "overdue": is_overdue(a, latest, today),
        })  # fmt: skip
    return pd.DataFrame(rows, columns=[*ACTIONS_CSV_COLUMNS, "start", "due", "ongoing", "status",
                                       "status_date", "note", "updated_by", "overdue"])  # fmt: skip


# --------------------------------------------------------------------------- file reading


def read_strategy_actions(path: Path | str = STRATEGY_FILE) -> list[Action]:
    """Parse the actions from the strategy text file at ``path``."""
    return parse_action_plan(Path(path).read_text(encoding="utf-8"))


def load_actions(path: Path | str = ACTIONS_FILE) -> list[Action]:
    """Read ``data/reference/actions.csv`` (written by data/build_actions.py) back into Actions."""
    with open(path, newline="", encoding="utf-8") as fh:
        return [action_from_row(row) for row in csv.DictReader(fh)]
