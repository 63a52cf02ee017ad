"""Shared pieces of the default-dataset build: cell parsing, number formatting, native rows, periods."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from indicators.areas import ISLINGTON as ISLINGTON_CODE
from indicators.ingest.readers import NATIVE_COLUMNS
from indicators.ingest.validate import KEY_COLUMNS

COLUMNS = list(NATIVE_COLUMNS)
KEY = list(KEY_COLUMNS)

ISLINGTON = (ISLINGTON_CODE, "Islington")
ILLUSTRATIVE_NOTE = "Illustrative figures — not published data"
STRATEGY = "Islington Youth Safety Strategy 2020-2025"
SEED = 20201130
# ------------------------------------------------------------------------------------------------
# Cell parsing and formatting
# ------------------------------------------------------------------------------------------------

# Source markers -> native markers (DESIGN 4). '-' , '..' and ':' mean "not available" -> x.
SOURCE_MARKERS = {
    "c": "c",
    "x": "x",
    "z": "z",
    "low": "low",
    "-": "x",
    "..": "x",
    ":": "x",
    "u": "x",
    "~": "low",
    "k": "low",
    ".": "z",
}


def parse_cell(text: object) -> tuple[float | None, str | None]:
    """A source cell as (number, None), (None, marker) or (None, None) when empty.

    Float artefacts such as '7.0000000000000007E-2' parse as numbers (formatting cleans them);
    markers never become numbers.
    """
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return None, None
    s = str(text).strip().replace(",", "")
    if s == "" or s.lower() in {"nan", "none"}:
        return None, None
    if s.lower() in SOURCE_MARKERS:
        return None, SOURCE_MARKERS[s.lower()]
    try:
        x = float(s)
    except ValueError:
        raise ValueError(f"unrecognised value {text!r}") from None
    if math.isnan(x) or math.isinf(x):
        return None, "x"
    return x, None


def fmt(x: float | int | None, places: int = 3) -> str:
    """A number as text with at most ``places`` decimals, no float artefacts, no trailing zeros."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return ""
    r = round(float(x), places)
    if r == 0:
        return "0"
    s = f"{r:.{places}f}"
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return s


def fmt_int(x: float | int | None) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return ""
    return str(int(round(float(x))))


def make_row(
    indicator_id: str,
    period: str,
    area_code: str,
    area_name: str,
    *,
    dimension: str = "all",
    category: str = "all",
    numerator: str = "",
    denominator: str = "",
    value: str = "",
    note: str = "",
    illustrative: bool = False,
) -> dict:
    return {
        "indicator_id": indicator_id,
        "period": period,
        "area_code": area_code,
        "area_name": area_name,
        "dimension": dimension,
        "category": category,
        "numerator": numerator,
        "denominator": denominator,
        "value": value,
        "lower_ci": "",
        "upper_ci": "",
        "note": note,
        "illustrative": "true" if illustrative else "false",
    }


def frame(rows: Iterable[dict]) -> pd.DataFrame:
    df = pd.DataFrame(list(rows), columns=COLUMNS)
    return df.fillna("").astype(str)


# ------------------------------------------------------------------------------------------------
# Periods
# ------------------------------------------------------------------------------------------------


def split_year_ending(end_year: int) -> str:
    """The split year (financial or academic) that ends in ``end_year``: 2019 -> '2018/19'."""
    return f"{end_year - 1}/{str(end_year)[2:]}"


def lait_period(years: str, kind: str) -> str:
    """LAIT's Years label as a canonical code.

    kind: 'calendar' ('2019' -> '2019'); 'year_ending' ('2019' -> '2018/19': academic years
    ending in summer 2019, or financial years / 31 March snapshots ending in 2019).
    '2019/20' and '2019-20' are already split years.
    """
    y = str(years).strip()
    m = re.match(r"^(\d{4})\s*[/-]\s*(\d{2})(\s*\(.*\))?$", y)
    if m:
        return f"{m.group(1)}/{m.group(2)}"
    if not re.match(r"^\d{4}$", y):
        raise ValueError(f"unrecognised LAIT year {years!r}")
    if kind == "calendar":
        return y
    return split_year_ending(int(y))


# ------------------------------------------------------------------------------------------------
# DfE exclusions by ethnicity (Islington, 2023/24-2024/25)
# ------------------------------------------------------------------------------------------------

ETHNIC_MAJOR = {
    "asian": "asian",
    "black": "black",
    "mixed": "mixed",
    "white": "white",
    "other": "other",
    "asian or asian british": "asian",
    "black, african, caribbean or black british": "black",
    "mixed or multiple ethnic groups": "mixed",
    "other ethnic group": "other",
    "refused or information not yet available": "unknown",
}


def ethnicity_code(label: str) -> tuple[str, str]:
    s = str(label).strip().lower()
    if s in {"overall", "total", "all"}:
        return "all", "all"
    return "ethnicity", ETHNIC_MAJOR[s]


def read_commented_csv(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, comment="#", dtype=str, encoding="utf-8-sig")


@dataclass(frozen=True)
class Context:
    """What every converter needs to place a row: area names and the lookups into GSS codes."""

    names: dict[str, str]  # GSS code -> name (areas.csv)
    numbers: dict[int, str]  # old 3-digit LA number -> GSS code
    name_to_code: dict[str, str]  # LA name as sources spell it -> GSS code


def read_csv(path: Path) -> pd.DataFrame:
    """A publisher CSV as text cells (BOM-tolerant), so no value is reinterpreted on the way in."""
    return pd.read_csv(path, dtype=str, encoding="utf-8-sig", keep_default_na=False)
