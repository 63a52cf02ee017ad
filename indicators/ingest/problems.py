"""Problems found in an upload: one per failing cell or file, each with a reason code.

Row numbers are the row as a spreadsheet user sees the file: the header is row 1 and the first
data row is row 2 (a quoted cell with a line break inside still counts as one row). A problem about
the whole file (wrong encoding, not a CSV, too large) has ``row=None``; a problem about the header
(a missing column) has ``row=1``.

Errors reject the upload; warnings are shown but do not stop it.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from indicators.errors import IndicatorError

Severity = Literal["error", "warning"]


class Reason(StrEnum):
    """Why a problem was raised; the value is the code shown in the problems table and manifests."""

    # --- whole-file problems -------------------------------------------------------------------
    NOT_CSV = "not_csv"  # binary, a workbook/zip/PDF renamed .csv, or unparseable CSV
    EMPTY_FILE = "empty_file"  # no bytes, or a header with no data rows
    TOO_LARGE = "too_large"  # over the configured size limit
    ENCODING = "encoding"  # neither UTF-8 nor Windows-1252 (or a mix of the two: warning)
    UNKNOWN_FORMAT = "unknown_format"  # header matches none of native / Fingertips / EES
    NO_MAPPING = "no_mapping"  # nothing in a Fingertips/EES file maps to a catalogue indicator
    # --- header problems -----------------------------------------------------------------------
    MISSING_COLUMN = "missing_column"
    DUPLICATE_COLUMN = "duplicate_column"
    UNKNOWN_COLUMN = "unknown_column"  # warning: a column the native format does not have
    EXTRA_FIELDS = "extra_fields"  # a data row with more cells than the header
    MISSING_FIELDS = "missing_fields"  # a data row with fewer cells than the header
    TRUNCATED = "truncated"  # the file ends inside a quoted cell or a number: it was cut short
    TOO_WIDE = "too_wide"  # a header, row or cell over the bounded-work limits
    TEMPLATE_EXAMPLE = "template_example"  # the template's example row uploaded unchanged
    FUTURE_PERIOD = "future_period"  # a period later than the current one
    NO_SHEET = "no_sheet"  # a workbook without the named sheet, or with several data sheets
    # --- cell problems -------------------------------------------------------------------------
    BLANK_REQUIRED = "blank_required"
    UNKNOWN_INDICATOR = "unknown_indicator"
    UNKNOWN_AREA = "unknown_area"
    AREA_NAME_MISMATCH = "area_name_mismatch"  # warning: the name differs from the area list
    UNKNOWN_DIMENSION = "unknown_dimension"
    UNKNOWN_CATEGORY = "unknown_category"
    BAD_INTERSECTION = "bad_intersection"  # dimension/category parts that do not pair up, repeat, or overrun
    REORDERED_COHORT = "reordered_cohort"  # warning: an intersection put into the canonical order
    BAD_PERIOD = "bad_period"
    WRONG_PERIOD_TYPE = "wrong_period_type"
    NON_CONSECUTIVE_YEARS = "non_consecutive_years"
    BAD_NUMBER = "bad_number"
    NULL_MARKER = "null_marker"  # NULL, NA, N/A, #N/A, nan, None: say c/low/x/z or leave blank
    OLD_MARKER = "old_marker"  # warning: '..', '-', ':' read as x
    BAD_BOOLEAN = "bad_boolean"  # the illustrative column is not true/false
    NEGATIVE_COUNT = "negative_count"
    NUMERATOR_ABOVE_DENOMINATOR = "numerator_above_denominator"
    PERCENT_OUT_OF_RANGE = "percent_out_of_range"
    VALUE_MISMATCH = "value_mismatch"
    CI_REVERSED = "ci_reversed"  # upper CI below lower CI
    DUPLICATE_KEY = "duplicate_key"
    SKIPPED_ROWS = "skipped_rows"  # warning: publisher rows outside what we map (summary)


REASON_CODES: tuple[str, ...] = tuple(Reason)


@dataclass(frozen=True)
class Problem:
    """One failure: where (file row as a spreadsheet shows it, column), what was there, and why."""

    row: int | None
    column: str | None
    value: str | None
    code: str
    message: str
    severity: Severity = "error"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def location(self) -> str:
        """'row 7, column period' (the CLI's wording); empty for a whole-file problem."""
        parts = []
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column {self.column}")
        return ", ".join(parts)

    def describe(self) -> str:
        """'row N, column C: reason' as the CLI prints it ('warning: ' prefixed for warnings)."""
        where = self.location()
        text = f"{where}: {self.message}" if where else self.message
        return text if self.is_error else f"warning: {text}"


def format_problem(problem: Problem, filename: str | None = None) -> str:
    """'FILE: row N, column C: reason' (without FILE when filename is None)."""
    text = problem.describe()
    return f"{filename}: {text}" if filename else text


def has_errors(problems: list[Problem]) -> bool:
    return any(p.is_error for p in problems)


class ProblemList:
    """Whether an upload (whole, or read so far in parts) may be committed, for any holder of
    ``problems``: warnings allow a commit, errors do not."""

    problems: list[Problem]

    @property
    def ok(self) -> bool:
        return not has_errors(self.problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]


def sort_problems(problems: list[Problem]) -> list[Problem]:
    """Whole-file problems first, then by row; the order within a row is kept."""
    return sorted(problems, key=lambda p: -1 if p.row is None else p.row)


def collapse_columns(items: list[Problem], n_rows: int, at_least: int = 10, share: float = 0.9) -> list[Problem]:
    """One problem per root cause: when (nearly) every file row has the same problem in the same
    column (a whole column in the wrong unit, format or language, or a measure the file cannot
    give), one line says so instead of one per row. ``n_rows`` counts file rows, not measures."""
    unique = list(dict.fromkeys(items))  # two measures of one publisher row can fail alike: said once
    if n_rows < at_least:
        return unique
    groups: dict[tuple[str | None, str], list[Problem]] = {}
    for p in unique:
        groups.setdefault((p.column, p.code), []).append(p)
    out: list[Problem] = []
    for (column, code), group in groups.items():
        rows = sorted({p.row for p in group if p.row is not None})
        if len(rows) < max(at_least, share * n_rows) or column is None:
            out.extend(group)
            continue
        first = group[0]
        shown = ", ".join(map(str, rows[:3])) + (", ..." if len(rows) > 3 else "")
        whole = "every row has" if len(rows) == n_rows else f"{len(rows):,} of {n_rows:,} rows have"
        out.append(
            Problem(
                None,
                column,
                first.value,
                code,
                f"{whole} this problem in this column (rows {shown}): {first.message}",
                first.severity,
            )
        )
    return out


class IngestRejected(IndicatorError):
    """An upload with at least one error; ``problems`` holds every problem found (errors and warnings)."""

    def __init__(self, filename: str, problems: list[Problem]):
        self.filename = filename
        self.problems = list(problems)
        errors = [p for p in self.problems if p.is_error]
        super().__init__(
            f"{filename} was rejected: {len(errors)} problem(s), first: {errors[0].describe()}"
            if errors
            else f"{filename} was rejected"
        )

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]


def suggest(text: str, candidates, hint: str = "") -> str:
    """' Did you mean 'x'?' for the nearest candidate, or ''."""
    match = difflib.get_close_matches(str(text), list(candidates), n=1, cutoff=0.6)
    if not match and hint:
        return hint
    return f"; did you mean '{match[0]}'?" if match else ""
