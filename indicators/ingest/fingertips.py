"""Reader for a Fingertips (OHID) data export: one row per indicator x area x sex/category x period.

Indicator IDs map to ours through Reference.fingertips_map (the catalogue's ``fingertips_id`` plus
mappings/fingertips.toml). Rows for other indicators, for area types we do not hold (districts,
ICBs...) or for category types we do not map are skipped with one summary warning each.
"""

from __future__ import annotations

import pandas as pd

from indicators.ingest.problems import Problem, Reason
from indicators.ingest.readers import NATIVE_COLUMNS, drop_rows

# native column -> Fingertips column
SOURCE_COLUMNS: dict[str, str] = {
    "indicator_id": "Indicator ID",
    "period": "Time period",
    "area_code": "Area Code",
    "area_name": "Area Name",
    "dimension": "Category Type",
    "category": "Category",
    "numerator": "Count",
    "denominator": "Denominator",
    "value": "Value",
    "lower_ci": "Lower CI 95.0 limit",
    "upper_ci": "Upper CI 95.0 limit",
    "note": "Value note",
}
REQUIRED = ("Indicator ID", "Area Code", "Time period", "Value")
# Area types held by the dashboard (England, regions, upper-tier LAs); lower-case prefixes.
AREA_TYPES_KEPT = ("england", "region", "count", "upper tier", "ua", "london")
ETHNIC_CATEGORY_TYPES = ("ethnic",)


def _col(raw: pd.DataFrame, lower: dict[str, str], name: str) -> pd.Series:
    original = lower.get(name.lower())
    if original is None:
        return pd.Series("", index=raw.index, dtype="str")
    return raw[original].str.strip()


def read_fingertips(raw: pd.DataFrame, reference) -> tuple[pd.DataFrame, list[Problem]]:
    lower = {c.lower(): c for c in raw.columns}
    problems = [
        Problem(1, name, None, Reason.MISSING_COLUMN, f"the Fingertips export has no '{name}' column")
        for name in REQUIRED
        if name.lower() not in lower
    ]
    if problems:
        return pd.DataFrame(columns=[*NATIVE_COLUMNS, "source_row"]), problems
    get = lambda name: _col(raw, lower, name)  # noqa: E731

    fid = get("Indicator ID").str.replace(r"\.0$", "", regex=True)
    ours = fid.map(reference.fingertips_map)
    keep = ours.notna()
    if not keep.all():
        unmapped = sorted(set(fid[~keep]) - {""}, key=lambda s: (len(s), s))
        problems.append(
            Problem(
                None,
                "Indicator ID",
                ", ".join(unmapped[:10]),
                Reason.NO_MAPPING,
                f"{int((~keep).sum()):,} row(s) skipped: Fingertips indicator(s) {', '.join(unmapped[:10])}"
                f"{'...' if len(unmapped) > 10 else ''} have no matching indicator in the catalogue",
                "warning",
            )
        )
    if not keep.any():
        problems.append(
            Problem(
                None,
                "Indicator ID",
                None,
                Reason.NO_MAPPING,
                "no row is for an indicator in the catalogue: nothing to load",
            )
        )
        return pd.DataFrame(columns=[*NATIVE_COLUMNS, "source_row"]), problems

    area_type = get("Area Type").str.lower()
    area_ok = (area_type == "") | (area_type.str.startswith(AREA_TYPES_KEPT) & ~area_type.str.contains("district"))
    keep = drop_rows(keep, area_ok, problems, "Area Type", "area types other than England, regions and upper-tier LAs")

    sex = get("Sex")
    sex_split = ~sex.str.lower().isin(["", "persons", "all", "total"])
    cat_type = get("Category Type")
    cat_split = cat_type != ""
    ethnic = cat_type.str.lower().str.contains("|".join(ETHNIC_CATEGORY_TYPES))
    keep = drop_rows(keep, ~cat_split | ethnic, problems, "Category Type", "category types other than ethnic groups")
    keep = drop_rows(keep, ~(sex_split & cat_split), problems, "Sex", "breakdowns by sex and another category at once")

    value = get("Value")
    count = get("Count")
    no_number = (value == "") & (count == "")
    note = get("Value note")
    suppressed = note.str.lower().str.contains("suppress|disclos")
    value = value.mask(no_number, "x").mask(no_number & suppressed, "c")

    frame = pd.DataFrame(
        {
            "indicator_id": ours.fillna(""),
            "period": get("Time period"),
            "area_code": get("Area Code"),
            "area_name": get("Area Name"),
            "dimension": pd.Series("all", index=raw.index).mask(sex_split, "sex").mask(cat_split, "ethnicity"),
            "category": pd.Series("all", index=raw.index).mask(sex_split, sex).mask(cat_split, get("Category")),
            "numerator": count,
            "denominator": get("Denominator"),
            "value": value,
            "lower_ci": get("Lower CI 95.0 limit"),
            "upper_ci": get("Upper CI 95.0 limit"),
            "note": note,
            "illustrative": "false",
            "source_row": raw["source_row"],
        }
    )[keep].reset_index(drop=True)
    frame.attrs["source_columns"] = {k: lower.get(v.lower(), v) for k, v in SOURCE_COLUMNS.items()}
    return frame, problems
