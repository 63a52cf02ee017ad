"""Status updates for the action plan: read and check an ``action_id,status,date,note`` CSV.

Bytes in, updates and problems out (problems are the shared ``indicators.ingest.problems.Problem``);
nothing is written here.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from collections.abc import Collection, Iterable
from datetime import date

from indicators.actions import (
    REQUIRED_STATUS_COLUMNS,
    STATUS_CSV_COLUMNS,
    STATUSES,
    StatusUpdate,
    load_actions,
    normalise_status,
)
from indicators.ingest.encoding import decode_upload
from indicators.ingest.problems import Problem, Reason

# Status-upload reason codes beyond the shared ones in indicators.ingest.problems.
UNKNOWN_ACTION = "unknown_action"
UNKNOWN_STATUS = "unknown_status"
BAD_DATE = "bad_date"


def _suggest(value: str, choices: Iterable[str]) -> str:
    match = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.5)
    return f"; did you mean '{match[0]}'?" if match else ""


def _header_problems(header: list[str]) -> list[Problem]:
    expected = ",".join(STATUS_CSV_COLUMNS)
    return [
        Problem(1, col, None, Reason.MISSING_COLUMN, f"the header has no '{col}' column (expected {expected})")
        for col in REQUIRED_STATUS_COLUMNS
        if col not in header
    ]


def _check_cell(row: int, column: str, value: str, known_ids: Collection[str]) -> Problem | None:
    """The problem with one required cell, or None."""
    if not value:
        return Problem(row, column, value, Reason.BLANK_REQUIRED, f"'{column}' is blank")
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
        problems = [Problem(None, None, None, Reason.EMPTY_FILE, f"{filename} has a header but no status rows")]
    return updates, decoded.problems + problems
