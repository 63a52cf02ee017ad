"""The native upload template: guidance lines, the header and one example row that cannot be loaded.

The example row's figures are made up; committed unchanged they once put a fake 3.0% NEET on the
public chart, so the validator recognises them (template_rows) and refuses the row.
"""

from __future__ import annotations

import pandas as pd

from indicators.catalogue import Catalogue, load_catalogue
from indicators.cohorts import CATEGORIES, DIMENSION_ORDER
from indicators.home import current_home
from indicators.ingest.problems import Problem, Reason
from indicators.ingest.readers import NATIVE_COLUMNS

TEMPLATE_HEADER = ",".join(NATIVE_COLUMNS[:12])
EXAMPLE_NOTE = "EXAMPLE ROW - replace these made-up figures with real ones and clear this note"
# numerator, denominator, value of the example row, by unit family
_EXAMPLE_FIGURES = {"proportion": ("120", "4000", "3.0"), "other": ("", "", "123.4")}
_EXAMPLE_PERIOD = {
    "financial_year": "2024/25",
    "academic_year": "2024/25",
    "calendar_year": "2024",
    "quarter": "2025-Q1",
    "month": "2025-03",
}


def _figures(unit: str) -> tuple[str, str, str]:
    return _EXAMPLE_FIGURES["proportion" if unit == "percent" else "other"]


def _csv_cell(text: str) -> str:
    return f'"{text}"' if "," in text else text


def template_csv(indicator_id: str, catalogue: Catalogue | None = None) -> bytes:
    """A ready-to-fill CSV for one indicator: guidance as '#' lines, the header, one example row."""
    ind = (catalogue or load_catalogue()).get(indicator_id)
    numerator, denominator, value = _figures(ind.unit)
    period = _EXAMPLE_PERIOD[ind.period_type]
    home = current_home()
    lines = [
        f"# Template for '{ind.title}' ({ind.id}): unit {ind.unit}, one row per period "
        f"({ind.period_type.replace('_', ' ')}, e.g. {period}), area (GSS code) and cohort.",
        "# Instead of a number write c (suppressed), low (rounds to zero), x (not available) or z (not "
        "applicable). Leave dimension and category blank for the whole population.",
        "# Lines starting with # are ignored. The row below is an example with made-up figures: replace it "
        "(uploaded unchanged it is refused).",
        TEMPLATE_HEADER,
        f"{ind.id},{period},{home.code},{_csv_cell(home.name)},all,all,{numerator},{denominator},{value},,,"
        f"{EXAMPLE_NOTE}",
    ]
    return ("\n".join(lines) + "\n").encode("utf-8")


def template_guidance(indicator_id: str, catalogue: Catalogue | None = None) -> str:
    """Markdown: the indicator's unit and period format, the markers and the allowed categories."""
    ind = (catalogue or load_catalogue()).get(indicator_id)
    lines = [
        f"**{ind.title}** — unit `{ind.unit}`, period type `{ind.period_type}`.",
        "Instead of a number you may write `c` (suppressed), `low` (rounds to zero), `x` (not available) "
        "or `z` (not applicable). Leave `dimension` and `category` blank for the whole population. "
        "The template's example row has made-up figures: replace it; it is refused if uploaded unchanged. "
        "A group defined by two or three dimensions joins them with `+`, in the order "
        f"{', '.join(DIMENSION_ORDER)}, and joins its categories the same way: "
        "`ethnicity+sex` / `black_caribbean+male`.",
        *(f"- `{dim}`: " + ", ".join(f"`{c}`" for c in cats) for dim, cats in CATEGORIES.items() if dim != "all"),
    ]
    return "\n\n".join(lines[:2]) + "\n\n" + "\n".join(lines[2:])


def template_rows(frame: pd.DataFrame) -> list[Problem]:
    """The template's example row, recognised by its note or by its made-up figures for its area."""
    if frame.empty or "note" not in frame:
        return []
    note = frame["note"].astype("str").str.strip()
    hit = note.eq(EXAMPLE_NOTE)
    figures = frame[["numerator", "denominator", "value"]].astype("str").apply(lambda c: c.str.strip())
    at_example_area = frame["area_code"].astype("str").str.strip().str.upper().eq(current_home().code)
    for numerator, denominator, value in _EXAMPLE_FIGURES.values():
        hit |= (
            at_example_area
            & figures["numerator"].eq(numerator)
            & figures["denominator"].eq(denominator)
            & figures["value"].eq(value)
            & frame["period"].astype("str").str.strip().isin(list(_EXAMPLE_PERIOD.values()))
        )
    return [
        Problem(
            int(r),
            "note",
            None,
            Reason.TEMPLATE_EXAMPLE,
            "this is the template's example row with made-up figures: replace them with real ones "
            "and clear the note, or delete the row",
        )
        for r in frame.loc[hit, "source_row"].tolist()
    ]
