"""validate(): one table of rows and the problem each must raise, plus the clean frame it returns."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from indicators.errors import IndicatorError
from indicators.ingest.problems import IngestRejected, Problem, format_problem
from indicators.ingest.problems import Reason as P
from indicators.ingest.readers import NATIVE_COLUMNS
from indicators.ingest.validate import validate
from tests.unit.ingest.fixtures import make_reference

REF = make_reference()
# a valid count row and a valid percent row (46 / 2,041 x 100 = 2.2538 -> 2.25)
KNIFE = {
    "indicator_id": "knife_crime_victims_under_25",
    "period": "2019/20",
    "area_code": "E09000019",
    "numerator": "41",
}
SUSP = {
    "indicator_id": "suspension_rate",
    "period": "2019/20",
    "area_code": "E09000019",
    "numerator": "46",
    "denominator": "2041",
    "value": "2.25",
}
# a percentage of people (bounded by 100), unlike suspensions (a rate of events per 100 pupils)
NEET = {**SUSP, "indicator_id": "neet_16_17", "period": "2019"}


def frame(*rows: dict) -> pd.DataFrame:
    data = {c: [r.get(c, "") for r in rows] for c in NATIVE_COLUMNS}
    out = pd.DataFrame(data, dtype="str")
    out["source_row"] = range(2, len(rows) + 2)
    return out


def problems_of(*rows: dict) -> set[tuple[int | None, str | None, str]]:
    _, found = validate(frame(*rows), REF, "native")
    return {(p.row, p.column, p.code) for p in found}


@pytest.mark.parametrize(
    "row,column,code",
    [
        ({**KNIFE, "indicator_id": "knife_crime"}, "indicator_id", P.UNKNOWN_INDICATOR),
        ({**KNIFE, "area_code": "E09000099"}, "area_code", P.UNKNOWN_AREA),
        ({**KNIFE, "dimension": "religion", "category": "x"}, "dimension", P.UNKNOWN_DIMENSION),
        ({**KNIFE, "dimension": "ethnicity", "category": "Martian"}, "category", P.UNKNOWN_CATEGORY),
        ({**KNIFE, "dimension": "ethnicity"}, "category", P.BLANK_REQUIRED),
        ({**KNIFE, "period": "20/21"}, "period", P.BAD_PERIOD),
        ({**KNIFE, "period": "2019"}, "period", P.WRONG_PERIOD_TYPE),
        ({**KNIFE, "period": "2019/21"}, "period", P.NON_CONSECUTIVE_YEARS),
        ({**KNIFE, "numerator": "-1"}, "numerator", P.NEGATIVE_COUNT),
        ({**NEET, "numerator": "3000", "value": ""}, "numerator", P.NUMERATOR_ABOVE_DENOMINATOR),
        ({**NEET, "numerator": "", "denominator": "", "value": "101"}, "value", P.PERCENT_OUT_OF_RANGE),
        ({**SUSP, "value": "2.26"}, "value", P.VALUE_MISMATCH),  # 2.2538 rounds to 2.25
        ({**SUSP, "value": "3"}, "value", P.VALUE_MISMATCH),  # to 0 dp: 2
        ({**KNIFE, "indicator_id": ""}, "indicator_id", P.BLANK_REQUIRED),
        ({**KNIFE, "period": ""}, "period", P.BLANK_REQUIRED),
        ({**KNIFE, "area_code": ""}, "area_code", P.BLANK_REQUIRED),
        ({**KNIFE, "numerator": ""}, "value", P.BLANK_REQUIRED),
        ({**SUSP, "denominator": "", "value": ""}, "value", P.BLANK_REQUIRED),
        ({**KNIFE, "numerator": "4l"}, "numerator", P.BAD_NUMBER),
        ({**KNIFE, "numerator": "1,23"}, "numerator", P.BAD_NUMBER),
        ({**KNIFE, "numerator": "u"}, "numerator", P.BAD_NUMBER),
        ({**KNIFE, "numerator": "inf"}, "numerator", P.BAD_NUMBER),
        ({**KNIFE, "numerator": "NULL"}, "numerator", P.NULL_MARKER),
        ({**KNIFE, "numerator": "N/A"}, "numerator", P.NULL_MARKER),
        ({**KNIFE, "numerator": "#N/A"}, "numerator", P.NULL_MARKER),
        ({**KNIFE, "numerator": "na"}, "numerator", P.NULL_MARKER),
        ({**KNIFE, "numerator": ".."}, "numerator", P.OLD_MARKER),
        ({**SUSP, "lower_ci": "3", "upper_ci": "2"}, "upper_ci", P.CI_REVERSED),
        ({**KNIFE, "illustrative": "perhaps"}, "illustrative", P.BAD_BOOLEAN),
        ({**KNIFE, "area_name": "Camden"}, "area_name", P.AREA_NAME_MISMATCH),
    ],
)
def test_each_rule(row, column, code):
    assert problems_of(row) == {(2, column, code)}


@pytest.mark.parametrize(
    "row",
    [
        KNIFE,
        SUSP,
        {**KNIFE, "numerator": " 1,234 ", "area_code": " e09000019 "},
        {**KNIFE, "indicator_id": "Knife_Crime_Victims_Under_25", "area_name": "islington"},
        {**KNIFE, "numerator": "c"},
        {**KNIFE, "numerator": "LOW"},
        {**KNIFE, "numerator": "", "value": "z"},
        {**KNIFE, "period": "2019-20"},
        {**KNIFE, "period": "201920"},
        {**KNIFE, "period": "2019/2020"},
        {**SUSP, "value": "2.2538"},
        {**SUSP, "value": "2"},
        {**SUSP, "value": ""},
        {**SUSP, "dimension": "Ethnicity", "category": "Black or Black British - Caribbean"},
        {**SUSP, "dimension": "sen", "category": "EHC plan", "lower_ci": "1.5", "upper_ci": "3.5"},
        {**KNIFE, "illustrative": "TRUE"},
    ],
)
def test_valid_rows_pass(row):
    assert {p for p in problems_of(row) if p[2] != P.OLD_MARKER} == set()


def test_clean_frame_is_typed_and_canonical():
    clean, found = validate(
        frame(
            {**KNIFE, "numerator": " 1,234 ", "period": "2019-20", "area_code": "e09000019"},
            {**SUSP, "value": "", "dimension": "ETHNICITY", "category": "BCRB", "note": "  n  "},
            {**KNIFE, "period": "2020/21", "numerator": "-", "illustrative": "yes"},
            {**KNIFE, "indicator_id": "nope"},
        ),
        REF,
        "native",
    )
    assert [p.code for p in found] == [P.OLD_MARKER, P.UNKNOWN_INDICATOR]
    assert clean["source_row"].tolist() == [2, 3, 4]
    first, second, third = (clean.iloc[i] for i in range(3))
    assert (first["period"], first["area_code"], first["area_name"], first["numerator"], first["value"]) == (
        "2019/20",
        "E09000019",
        "Islington",
        1234.0,
        1234.0,
    )
    assert first["dimension"] == "all" and first["category"] == "all" and first["marker"] is None
    assert (second["dimension"], second["category"], second["note"]) == ("ethnicity", "black_caribbean", "n")
    assert second["value"] == pytest.approx(46 / 2041 * 100)
    assert third["marker"] == "x" and np.isnan(third["numerator"]) and bool(third["illustrative"])
    assert clean["numerator"].dtype == "float64" and clean["illustrative"].dtype == bool
    assert clean["source_row"].dtype == "int64"


def test_suggestions_name_the_nearest_known_value():
    _, found = validate(
        frame(
            {**KNIFE, "indicator_id": "knife_crime_victims_under25"},
            {**KNIFE, "area_code": "Islington", "period": "2020/21"},
            {**SUSP, "dimension": "ethnicty", "category": "x"},
            {**SUSP, "period": "2020/21", "dimension": "ethnicity", "category": "black caribean"},
        ),
        REF,
        "native",
    )
    messages = {p.code: p.message for p in found}
    assert "did you mean 'knife_crime_victims_under_25'" in messages[P.UNKNOWN_INDICATOR]
    assert "use E09000019" in messages[P.UNKNOWN_AREA]
    assert "did you mean 'ethnicity'" in messages[P.UNKNOWN_DIMENSION]
    assert "did you mean 'black caribbean'" in messages[P.UNKNOWN_CATEGORY]


def test_every_duplicate_names_the_first_row():
    _, found = validate(
        frame(KNIFE, {**KNIFE, "period": "2020/21"}, KNIFE, {**KNIFE, "period": "2019-20"}), REF, "native"
    )
    dups = [(p.row, p.message) for p in found if p.code == P.DUPLICATE_KEY]
    assert [r for r, _ in dups] == [4, 5]
    assert all("as row 2" in m for _, m in dups)


def test_every_failure_is_collected_not_just_the_first():
    rows = [{**KNIFE, "period": f"{2000 + i}/{str(2001 + i)[2:]}", "numerator": "NULL"} for i in range(20)]
    for row in rows[::2]:
        row["numerator"] = "5"
    assert len(problems_of(*rows)) == 10  # half the rows: not a whole column, so one problem per row


def test_a_whole_column_wrong_is_one_problem_not_one_per_row():
    rows = [{**KNIFE, "period": f"{2000 + i}/{str(2001 + i)[2:]}", "numerator": "NULL"} for i in range(20)]
    (problem,) = validate(frame(*rows), REF, "native")[1]
    assert (problem.row, problem.column, problem.code) == (None, "numerator", P.NULL_MARKER)
    assert problem.message.startswith("every row has this problem in this column (rows 2, 3, 4, ...):")


def test_value_worked_out_from_rate_and_count_units():
    clean, _ = validate(
        frame(
            {
                "indicator_id": "first_time_entrants",
                "period": "2019",
                "area_code": "E09000019",
                "numerator": "74",
                "denominator": "18500",
            }
        ),
        REF,
        "native",
    )
    assert clean["value"][0] == pytest.approx(400.0)


def test_problem_formatting_and_rejection():
    p = Problem(7, "period", "2019/21", P.NON_CONSECUTIVE_YEARS, "'2019/21' spans more than one year")
    assert p.describe() == "row 7, column period: '2019/21' spans more than one year"
    assert format_problem(p, "f.csv") == "f.csv: row 7, column period: '2019/21' spans more than one year"
    whole = Problem(None, None, None, P.NOT_CSV, "not a CSV")
    assert format_problem(whole, "f.csv") == "f.csv: not a CSV"
    warn = Problem(3, "numerator", "..", P.OLD_MARKER, "read as x", "warning")
    assert warn.describe() == "warning: row 3, column numerator: read as x"
    err = IngestRejected("f.csv", [warn, p])
    assert isinstance(err, IndicatorError) and err.errors == [p] and "row 7" in str(err)


def test_fifty_thousand_rows_validate_in_one_pass(benchmark_rows: int = 50_000):
    """50k rows well inside a few seconds (a per-cell Python loop would take far longer)."""
    rng = np.random.default_rng(1)
    n = benchmark_rows
    years = rng.integers(1990, 2030, n)
    big = pd.DataFrame({c: [""] * n for c in NATIVE_COLUMNS}, dtype="str")
    big["indicator_id"] = "suspension_rate"
    big["period"] = [f"{y}/{str(y + 1)[2:]}" for y in years]
    big["area_code"] = rng.choice(list(REF.areas), n)
    big["dimension"] = "ethnicity"
    big["category"] = rng.choice(["BCRB", "Black African", "WBRI", "white"], n)
    num = rng.integers(0, 100, n)
    big["numerator"] = num.astype(str)
    big["denominator"] = "1000"
    big["value"] = [f"{x / 10:.1f}" for x in num]
    big["source_row"] = np.arange(2, n + 2)
    # Speed is measured by bench/ingest_throughput.py, not asserted here.
    clean, found = validate(big, REF, "native")
    assert len(clean) + len({p.row for p in found if p.is_error}) == n
