"""The action plan as a board sees it: every action with its latest status, and how statuses change.

Service layer (no Streamlit): the action-plan page and `python -m indicators actions` call this.

Status updates are versioned like data. Each commit (a status CSV upload or one in-app edit) is a
``DatasetVersion`` of kind ``actions`` (format ``action_status`` or ``in_app_edit``) whose parent
is the current version; it becomes the current version, and its ``ActionStatus`` rows carry its id.

Rollback rule: the statuses shown are those whose version is in the chain (the version and its
ancestors, ``indicators.store.queries.version_chain``) of the current dataset version, plus any row
with no version. Rolling back to a version made before a status update therefore hides that update
(it stays stored, nothing is deleted, and rolling forward again shows it); a later upload of any
kind builds on the version rolled back to, so hidden updates stay hidden.
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

import pandas as pd

from indicators.actions import STATUS_CSV_COLUMNS, STATUSES, STRANDS, StatusUpdate, overdue
from indicators.catalogue import load_catalogue
from indicators.errors import NotAuthorised
from indicators.home import current_home
from indicators.ingest.action_status import read_status_csv
from indicators.ingest.problems import IngestRejected, Problem, Reason, has_errors
from indicators.services import series
from indicators.settings import get_settings
from indicators.status import Verdict
from indicators.store import queries, writes
from indicators.store.db import session_scope
from indicators.store.writes import StatusCommitResult

if TYPE_CHECKING:
    from sqlalchemy import Engine

NOT_REPORTED = "not_reported"
ALL_STATUSES: tuple[str, ...] = (*STATUSES, NOT_REPORTED)
STATUS_LABELS: dict[str, str] = {
    "not_started": "Not started",
    "on_track": "On track",
    "at_risk": "At risk",
    "off_track": "Off track",
    "complete": "Complete",
    NOT_REPORTED: "No update yet",
}
STRAND_NAMES: dict[str, str] = dict(STRANDS)
FRAME_COLUMNS: list[str] = [
    "action_id",
    "strand",
    "strand_name",
    "number",
    "action",
    "lead_services",
    "governance_groups",
    "timescale",
    "start",
    "due",
    "ongoing",
    "objectives",
    "latest_status",
    "status_date",
    "status_note",
    "updated_by",
    "overdue",
]
KIND = "actions"
TEMPLATE_ROWS: tuple[tuple[str, str, str, str], ...] = (
    ("prevention-01", "on_track", "2021-06-30", "Training sessions delivered to 120 practitioners"),
    ("support-03", "at_risk", "2021-06-30", "Recruitment delayed; new start date agreed"),
    ("enforcement_prosecution-02", "complete", "2021-09-30", ""),
)


# --------------------------------------------------------------------------- reading


def action_plan_frame(engine: Engine, today: date | None = None) -> pd.DataFrame:
    """One row per action (strand order) with its latest visible status and an overdue flag.

    ``latest_status`` is one of ``STATUSES`` or ``not_reported``; ``overdue`` is True when the
    timescale's due date (last day of its end month) is before ``today`` and the action is not
    complete. Ongoing actions with no end date are never overdue. Lists are '; '-joined text and
    objectives '1;2;3', as in data/reference/actions.csv.
    """
    today = today or date.today()
    with engine.connect() as conn:
        actions = queries.actions(conn)
        statuses = queries.visible_action_statuses(conn)
    if not current_home().has_strategy:  # another council's own plan starts empty
        actions = actions.iloc[0:0]
    latest = statuses.groupby("action_id").tail(1).set_index("action_id")
    out = actions.rename(columns={"id": "action_id", "text": "action", "start_date": "start", "due_date": "due"})
    out["strand_name"] = out["strand"].map(STRAND_NAMES).fillna(out["strand"])

    def lookup(column: str, default: object) -> pd.Series:
        return out["action_id"].map(latest[column]).astype(object).where(lambda v: v.notna(), default)

    out["latest_status"] = lookup("status", NOT_REPORTED)
    out["status_date"] = lookup("status_date", None)
    out["status_note"] = lookup("note", "")
    out["updated_by"] = lookup("user", "")
    out["ongoing"] = out["ongoing"].astype(bool)
    out["overdue"] = overdue(out["due"], out["latest_status"], today)
    order = {s: i for i, (s, _) in enumerate(STRANDS)}
    out = out.sort_values(["strand", "number"], key=lambda c: c.map(order) if c.name == "strand" else c)
    return out.reindex(columns=FRAME_COLUMNS).reset_index(drop=True)


def strand_summary(frame: pd.DataFrame) -> pd.DataFrame:
    """Per strand (plan order): number of actions, a count per status, and how many are overdue."""
    counts = pd.crosstab(frame["strand"], frame["latest_status"]).reindex(columns=list(ALL_STATUSES), fill_value=0)
    counts.columns = [STATUS_LABELS[c] for c in counts.columns]
    summary = pd.DataFrame(
        {
            "strand_name": frame.groupby("strand")["strand_name"].first(),
            "actions": frame.groupby("strand").size(),
            "overdue": frame.groupby("strand")["overdue"].sum().astype(int),
        }
    ).join(counts)
    order = [s for s, _ in STRANDS if s in summary.index]
    return summary.loc[order].rename_axis("strand").reset_index()


def action_records(frame: pd.DataFrame) -> list[dict]:
    """The frame as JSON-ready objects: dates as yyyy-mm-dd, objectives and lists as arrays."""
    records = []
    for row in frame.to_dict(orient="records"):
        for col in ("start", "due", "status_date"):
            row[col] = pd.Timestamp(row[col]).date().isoformat() if pd.notna(row[col]) else None
        row["objectives"] = [int(o) for o in split_list(row["objectives"])]
        row["lead_services"] = split_list(row["lead_services"])
        row["governance_groups"] = split_list(row["governance_groups"])
        row.update(number=int(row["number"]), ongoing=bool(row["ongoing"]), overdue=bool(row["overdue"]))
        records.append(row)
    return records


def display_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The action table as people read it: labelled columns, statuses in words, dates as text."""

    def day(value: object) -> str:
        return pd.Timestamp(value).strftime("%d %b %Y") if pd.notna(value) else ""

    return pd.DataFrame(
        {
            "Action": frame["action_id"],
            "Strand": frame["strand_name"],
            "What we will do": frame["action"],
            "Lead services": frame["lead_services"],
            "Governance": frame["governance_groups"],
            "Timescale": frame["timescale"],
            "Due": frame["due"].map(day),
            "Objectives": frame["objectives"].str.replace(";", ", "),
            "Status": frame["latest_status"].map(STATUS_LABELS),
            "Status date": frame["status_date"].map(day),
            "Note": frame["status_note"],
            "Overdue": frame["overdue"].map({True: "Overdue", False: ""}),
        }
    )


def split_list(cell: object, sep: str = ";") -> list[str]:
    return [s.strip() for s in str(cell or "").split(sep) if s.strip()]


def filter_options(frame: pd.DataFrame) -> dict[str, list[str]]:
    """The distinct lead services and governance groups, sorted, for the page's selectors."""
    return {
        "lead": sorted({s for cell in frame["lead_services"] for s in split_list(cell)}),
        "governance": sorted({s for cell in frame["governance_groups"] for s in split_list(cell)}),
    }


def filter_actions(
    frame: pd.DataFrame,
    *,
    strand: str | None = None,
    objective: int | None = None,
    lead: str | None = None,
    governance: str | None = None,
    status: str | None = None,
    overdue_only: bool = False,
) -> pd.DataFrame:
    """Rows matching every filter given (None means any)."""
    keep = pd.Series(True, index=frame.index)
    if strand:
        keep &= frame["strand"] == strand
    if objective:
        keep &= frame["objectives"].map(lambda c: str(objective) in split_list(c))
    if lead:
        keep &= frame["lead_services"].map(lambda c: lead in split_list(c))
    if governance:
        keep &= frame["governance_groups"].map(lambda c: governance in split_list(c))
    if status:
        keep &= frame["latest_status"] == status
    if overdue_only:
        keep &= frame["overdue"]
    return frame[keep].reset_index(drop=True)


# --------------------------------------------------------------------------- outcomes


@dataclass(frozen=True)
class KpiStatus:
    """A KPI's current status as chips: (label prefix, status) pairs the overview also shows."""

    indicator_id: str
    title: str
    latest: str
    chips: tuple[tuple[str, Verdict], ...]


@dataclass(frozen=True)
class ObjectiveKpis:
    objective: int
    name: str
    kpis: tuple[KpiStatus, ...]


def _kpi_status(item: series.IndicatorSeries) -> KpiStatus:
    s = item.status
    shown = ("Target", "Trend", *(f"vs {name}" for name in series.benchmark_names(current_home())))
    chips = [(label, v) for label, v in s.verdicts().items() if label in shown or v is s.baseline]
    latest = str(s.latest_period) if s.latest_value is not None else "no published value yet"
    return KpiStatus(item.indicator.id, item.indicator.title, latest, tuple(chips))


def kpis_by_objective(cards: list[series.IndicatorSeries]) -> list[ObjectiveKpis]:
    """For each of the 8 objectives, the KPIs the catalogue links to it (catalogue order)."""
    catalogue = load_catalogue()
    return [
        ObjectiveKpis(number, name, tuple(_kpi_status(c) for c in cards if number in c.indicator.objectives))
        for number, name in sorted(catalogue.objectives.items())
    ]


# --------------------------------------------------------------------------- writing


def template_csv() -> bytes:
    """The status-upload template: header action_id,status,date,note and example rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(STATUS_CSV_COLUMNS)
    writer.writerows(TEMPLATE_ROWS)
    return buffer.getvalue().encode("utf-8")


def _require_user(user: str) -> None:
    if not user or not user.strip():
        raise NotAuthorised("status updates are recorded against a signed-in analyst's name")


def _known_ids(engine: Engine) -> set[str]:
    with engine.connect() as conn:
        return set(queries.actions(conn)["id"])


def check_status_csv(engine: Engine, data: bytes, filename: str) -> tuple[list[StatusUpdate], list[Problem]]:
    """Read and validate a status CSV against the stored actions; nothing is written."""
    max_bytes = int(get_settings().max_upload_mb * 1024 * 1024)
    if len(data) > max_bytes:
        return [], [Problem(None, None, None, Reason.TOO_LARGE, f"the file is over the {max_bytes:,}-byte limit")]
    return read_status_csv(data, filename, action_ids=_known_ids(engine))


def problems_frame(problems: list[Problem]) -> pd.DataFrame:
    """Every problem as a table row: where, what was there, the reason code and message."""
    return pd.DataFrame(
        [
            {
                "row": p.row,
                "column": p.column,
                "value": p.value,
                "code": p.code,
                "reason": p.message,
                "severity": p.severity,
            }
            for p in problems
        ],
        columns=["row", "column", "value", "code", "reason", "severity"],
    )


def commit_status_updates(engine: Engine, data: bytes, filename: str, user: str) -> StatusCommitResult:
    """Validate a status CSV (every row; raise ``IngestRejected`` with every problem) and store it.

    One transaction writes the new status rows, their ``DatasetVersion`` (kind 'actions', format
    'action_status', SHA-256 and counts) and an audit event. Rows identical to a visible status
    (action, status, date and note) are not stored again; a file with nothing new is a no-op.
    """
    _require_user(user)
    updates, problems = check_status_csv(engine, data, filename)
    if has_errors(problems):
        raise IngestRejected(filename, problems)
    sha = hashlib.sha256(data).hexdigest()
    with session_scope(engine) as session:
        result = writes.store_status_updates(
            session, updates, file_name=filename, sha256=sha, fmt="action_status", user=user
        )
    result.warnings = [p for p in problems if not p.is_error]
    return result


def add_status(engine: Engine, action_id: str, status: str, when: date, note: str, user: str) -> StatusCommitResult:
    """One status update from the in-app editor: same checks and versioning as an uploaded file."""
    _require_user(user)
    row = io.StringIO()
    csv.writer(row, lineterminator="\n").writerows(
        [STATUS_CSV_COLUMNS, (action_id, status, when.isoformat(), note.strip())]
    )
    data = row.getvalue().encode("utf-8")
    updates, problems = read_status_csv(data, "in-app edit", action_ids=_known_ids(engine), user=user)
    if has_errors(problems):
        raise IngestRejected("in-app edit", problems)
    sha = hashlib.sha256(data).hexdigest()
    with session_scope(engine) as session:
        return writes.store_status_updates(
            session, updates, file_name=f"in-app edit: {updates[0].action_id}", sha256=sha, fmt="in_app_edit", user=user
        )
