"""Intersectional cohorts in the native format: 'ethnicity+sex' / 'black_caribbean+male' is read,
any other order is put into the canonical one with a warning, and malformed intersections get a
row-level problem naming the cell."""

from __future__ import annotations

import pytest

from indicators.ingest.pipeline import read_upload
from indicators.ingest.problems import Reason as P
from indicators.ingest.validate import validate
from tests.unit.ingest.fixtures import make_reference
from tests.unit.ingest.test_validate import frame

REF = make_reference()
ROW = {
    "indicator_id": "suspension_rate",
    "period": "2023/24",
    "area_code": "E09000019",
    "numerator": "50",
    "denominator": "600",
}
# the row issue 18 quotes, with its 13 cells (the template's 12 plus a 'marker' the template lacks)
ISSUE_ROW = (
    "indicator_id,period,area_code,area_name,dimension,category,numerator,denominator,value,lower_ci,"
    "upper_ci,marker,note\n"
    "suspension_rate,2023/24,E09000019,Islington,ethnicity+sex,black_caribbean+male,50,600,,,,,\n"
)


def test_the_issue_row_passes_and_its_rate_is_worked_out() -> None:
    parsed = read_upload(ISSUE_ROW.encode(), "row.csv", REF)
    assert parsed.ok, [p.message for p in parsed.problems]
    (row,) = parsed.frame.to_dict("records")
    assert (row["dimension"], row["category"]) == ("ethnicity+sex", "black_caribbean+male")
    assert row["value"] == pytest.approx(50 / 600 * 100)


def test_other_spellings_and_order_are_canonicalised_with_a_warning() -> None:
    clean, found = validate(frame({**ROW, "dimension": "Sex + Ethnic group", "category": "Boys+BCRB"}), REF, "native")
    assert (clean["dimension"].iloc[0], clean["category"].iloc[0]) == ("ethnicity+sex", "black_caribbean+male")
    assert [(p.row, p.column, p.code, p.severity) for p in found] == [(2, "dimension", P.REORDERED_COHORT, "warning")]
    assert "ethnicity+sex / black_caribbean+male" in found[0].message


def test_three_way_intersection_is_read() -> None:
    row = {**ROW, "dimension": "ethnicity+sex+disadvantage", "category": "White British+male+FSM eligible"}
    clean, found = validate(frame(row), REF, "native")
    assert not found
    assert clean["category"].iloc[0] == "white_british+male+fsm"


@pytest.mark.parametrize(
    "dimension,category,column,code",
    [
        ("ethnicity+sex", "black_caribbean", "category", P.BAD_INTERSECTION),
        ("ethnicity+sex", "black_caribbean+boy band", "category", P.UNKNOWN_CATEGORY),
        ("ethnicity+star_sign", "black+leo", "dimension", P.UNKNOWN_DIMENSION),
        ("all+sex", "all+male", "dimension", P.UNKNOWN_DIMENSION),
        ("sex+sex", "male+female", "dimension", P.BAD_INTERSECTION),
        ("ethnicity+sex+sen+disadvantage", "black+male+ehcp+fsm", "dimension", P.BAD_INTERSECTION),
        # fits DIMENSION_ORDER but not the store's 30-character dimension column
        (
            "looked_after+children_in_need+absence",
            "looked_after+child_in_need+persistent_absence",
            "dimension",
            P.BAD_INTERSECTION,
        ),
    ],
)
def test_malformed_intersections_are_rejected_row_by_row(dimension: str, category: str, column: str, code: str) -> None:
    ok = {**ROW, "dimension": "sex", "category": "male"}
    _, found = validate(frame(ok, {**ROW, "dimension": dimension, "category": category}), REF, "native")
    assert {(p.row, p.column, p.code) for p in found if p.is_error} == {(3, column, code)}


def test_a_reordered_row_and_its_canonical_twin_are_a_duplicate() -> None:
    a = {**ROW, "dimension": "ethnicity+sex", "category": "black_caribbean+male"}
    b = {**ROW, "dimension": "sex+ethnicity", "category": "male+black_caribbean"}
    _, found = validate(frame(a, b), REF, "native")
    assert P.DUPLICATE_KEY in {p.code for p in found if p.is_error}
