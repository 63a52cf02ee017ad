"""One upload pipeline for the page, the CLI and init: parse -> validate -> preview -> commit."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

import pandas as pd

from indicators.catalogue import load_catalogue
from indicators.cohorts import CATEGORIES
from indicators.home import current_home
from indicators.ingest.pipeline import read_upload
from indicators.ingest.problems import IngestRejected, Problem, format_problem
from indicators.ingest.reference import Reference
from indicators.services import disparities
from indicators.settings import get_settings
from indicators.store.db import session_scope
from indicators.store.writes import ChangeSummary, CommitResult, commit_frame, preview_changes

if TYPE_CHECKING:
    from sqlalchemy import Engine


@dataclass
class ParsedFile:
    filename: str
    format: str
    frame: pd.DataFrame
    problems: list[Problem]
    sha256: str
    encoding: str

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    @property
    def ok(self) -> bool:
        return not self.errors

    def problems_frame(self) -> pd.DataFrame:
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
                for p in self.problems
            ],
            columns=["row", "column", "value", "code", "reason", "severity"],
        )


@cache
def reference() -> Reference:
    return Reference.default()


def parse(data: bytes, filename: str, fmt: str = "auto") -> ParsedFile:
    """Decode, detect the format, read and validate every row; nothing is written."""
    max_bytes = int(get_settings().max_upload_mb * 1024 * 1024)
    parsed = read_upload(data, filename, reference(), fmt=fmt, max_bytes=max_bytes)
    return ParsedFile(filename, parsed.format, parsed.frame, list(parsed.problems), parsed.sha256, parsed.encoding)


def describe(problem: Problem, filename: str | None = None) -> str:
    return format_problem(problem, filename)


def preview(engine: Engine, parsed: ParsedFile) -> ChangeSummary:
    """What committing would change, computed in a transaction that is rolled back."""
    _require_ok(parsed)
    return preview_changes(engine, parsed.frame)


def commit(engine: Engine, parsed: ParsedFile, user: str) -> CommitResult:
    """All or nothing: one transaction writes the rows and the new dataset version."""
    _require_ok(parsed)
    with session_scope(engine) as session:
        result = commit_frame(
            session, parsed.frame, file_name=parsed.filename, sha256=parsed.sha256, fmt=parsed.format, user=user
        )
    if result.version_id is not None:
        disparities.sync_after(engine, set(parsed.frame["indicator_id"]))
    return result


def _require_ok(parsed: ParsedFile) -> None:
    if not parsed.ok:
        raise IngestRejected(parsed.filename, parsed.problems)


TEMPLATE_HEADER = (
    "indicator_id,period,area_code,area_name,dimension,category,numerator,denominator,value,lower_ci,upper_ci,note"
)


def template_csv(indicator_id: str) -> bytes:
    """A ready-to-fill template for one indicator: the header and two example rows."""
    ind = load_catalogue().get(indicator_id)
    period = {
        "financial_year": "2024/25",
        "academic_year": "2024/25",
        "calendar_year": "2024",
        "quarter": "2025-Q1",
        "month": "2025-03",
    }[ind.period_type]
    home = current_home()
    where = f"{home.code},{home.name}" if "," not in home.name else f'{home.code},"{home.name}"'
    if ind.unit == "percent":
        rows = [
            f"{ind.id},{period},{where},all,all,120,4000,3.0,,,",
            f"{ind.id},{period},{where},sen,ehcp,c,150,c,,,suppressed at source",
        ]
    else:
        rows = [
            f"{ind.id},{period},{where},all,all,,,123.4,,,",
            f"{ind.id},{period},E92000001,England,all,all,,,98.7,,,",
        ]
    return ("\n".join([TEMPLATE_HEADER, *rows]) + "\n").encode("utf-8")


def template_guidance(indicator_id: str) -> str:
    """Markdown: the indicator's unit and period format, the markers and the allowed categories."""
    ind = load_catalogue().get(indicator_id)
    lines = [
        f"**{ind.title}** — unit `{ind.unit}`, period type `{ind.period_type}`.",
        "Instead of a number you may write `c` (suppressed), `low` (rounds to zero), `x` (not available) "
        "or `z` (not applicable). Leave `dimension` and `category` blank for the whole population.",
        *(f"- `{dim}`: " + ", ".join(f"`{c}`" for c in cats) for dim, cats in CATEGORIES.items() if dim != "all"),
    ]
    return "\n\n".join(lines[:2]) + "\n\n" + "\n".join(lines[2:])
