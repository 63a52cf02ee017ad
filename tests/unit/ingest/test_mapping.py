"""Publisher files read through the mapping tables (excerpts of the real files in ../shared/data-sources)."""

from __future__ import annotations

import csv
import io

import pytest

from indicators.ingest.mapping import layouts
from indicators.ingest.pipeline import read_upload
from indicators.ingest.problems import Reason
from indicators.ingest.reference import Reference
from tests.unit.ingest.fixtures import DATA, make_reference

REF = make_reference(real=True)


def _read(name: str):
    return read_upload((DATA / "good" / name).read_bytes(), name, REF)


def _rows(parsed, indicator: str) -> dict[tuple[str, str, str, str], object]:
    f = parsed.frame[parsed.frame["indicator_id"] == indicator]
    keys = f[["period", "area_code", "dimension", "category"]].itertuples(index=False, name=None)
    return dict(zip(keys, f.itertuples(index=False), strict=True))


def test_every_layout_names_its_publisher_and_detect_columns():
    assert {layout.key for layout in layouts()} >= {"ees", "dfe", "lait", "mps", "yjb", "other"}
    assert all(layout.detect and layout.publisher for layout in layouts())


def test_mps_months_are_summed_into_complete_financial_years_only():
    parsed = _read("mps_islington_excerpt.csv")
    assert parsed.ok, [p.describe() for p in parsed.errors]
    # worked independently: the 12 months April 2022 - March 2023 of every category row, summed
    with open(DATA / "good" / "mps_islington_excerpt.csv", newline="", encoding="utf-8") as fh:
        records = list(csv.DictReader(fh))
    months = [f"2022{m:02d}" for m in range(4, 13)] + [f"2023{m:02d}" for m in range(1, 4)]
    expected = sum(int(r[m]) for r in records for m in months)
    rows = _rows(parsed, "total_notifiable_offences")
    assert list(rows) == [("2022/23", "E09000019", "all", "all")]
    assert rows[("2022/23", "E09000019", "all", "all")].value == expected
    skipped = [p for p in parsed.warnings if p.code == Reason.SKIPPED_ROWS and p.column == "month"]
    assert len(skipped) == 1 and "2021/22" in skipped[0].message and "2023/24" in skipped[0].message


def test_yjb_rates_per_service_and_region_totals():
    parsed = _read("yjb_excerpt.csv")
    assert parsed.ok, [p.describe() for p in parsed.errors]
    rows = _rows(parsed, "yjs_cautioned_or_sentenced_rate")
    assert {k[1] for k in rows} == {"E09000019", "E09000007", "E12000007"}  # Islington, Camden, London
    london = rows[("2020/21", "E12000007", "all", "all")]
    assert (london.numerator, london.denominator, london.value) == (2930, 845463, 3.5)


def test_lait_measures_years_and_the_england_first_time_entrants_correction():
    parsed = _read("lait_excerpt.csv")
    assert parsed.ok, [p.describe() for p in parsed.errors]
    fte = _rows(parsed, "first_time_entrants")
    with open(DATA / "good" / "lait_excerpt.csv", newline="", encoding="utf-8") as fh:
        raw = [r for r in csv.DictReader(fh) if r["Short Desc"] == "FirstYJS" and r["LA and Regions"] == "England"]
    year, published = raw[0]["Years"], float(raw[0]["Values"])
    assert fte[(year, "E92000001", "all", "all")].value == pytest.approx(published / 10)  # 3071 means 307.1
    assert "10 times too large" in fte[(year, "E92000001", "all", "all")].note
    assert any(k[0].count("/") == 1 for k in _rows(parsed, "children_looked_after"))  # '2019' -> '2018/19'


def test_cla_missing_long_file_is_pivoted_into_numerator_denominator_and_percent():
    parsed = _read("ees_cla_missing_excerpt.csv")
    assert parsed.ok, [p.describe() for p in parsed.errors]
    islington = _rows(parsed, "missing_children")[("2023/24", "E09000019", "all", "all")]
    # the 2024 release: 77 of 446 children looked after had a missing incident; published 17%
    assert (islington.numerator, islington.denominator, islington.value) == (77, 446, 17)


def test_eyfsp_swapped_characteristic_columns_and_two_way_splits():
    parsed = _read("ees_eyfsp_excerpt.csv")
    assert parsed.ok, [p.describe() for p in parsed.errors]
    gld = _rows(parsed, "good_level_of_development")
    assert ("2021/22", "E09000019", "all", "all") in gld
    assert {k[2] for k in gld} >= {"all", "sex", "ethnicity", "ethnicity+sex"}
    # a row split by sex and ethnicity at once is the intersection (issue 18), not skipped:
    # the file's Islington 'Ethnic group: major / White / Boys' row, 292 of 453 (64.5%)
    white_boys = gld[("2021/22", "E09000019", "ethnicity+sex", "white+male")]
    assert (white_boys.numerator, white_boys.value) == (292, 64.5)
    assert not any("two cohort filters" in p.message for p in parsed.warnings)


def test_comment_lines_before_the_header_are_skipped_and_rows_keep_their_numbers():
    parsed = _read("exclusions_by_ethnicity_commented.csv")
    assert parsed.ok, [p.describe() for p in parsed.errors]
    assert parsed.frame["source_row"].min() == 5  # 3 comment lines, the header on row 4
    england = _rows(parsed, "suspension_rate")[("2023/24", "E92000001", "ethnicity", "black")]
    assert england.value == pytest.approx(7.83576)


def test_cin_factor_counts_load_or_are_refused_with_one_root_cause_line():
    """The file gives counts; what happens depends on the catalogue (read here, not assumed)."""
    name = "ees_cin_factors_excerpt.csv"  # the first 12 rows of the real file, every area in the real area list
    parsed = read_upload((DATA / "good" / name).read_bytes(), name, Reference.default())
    errors = parsed.errors
    if "cin_factor_gangs" not in REF.indicators:
        (problem,) = errors
        assert problem.code == Reason.NO_MAPPING and "Children in need" in problem.message
        assert "cin_factor_gangs" in problem.message and "catalogue" in problem.message
    elif REF.indicators["cin_factor_gangs"].unit == "count":
        assert parsed.ok and set(parsed.frame["indicator_id"]) >= {"cin_factor_gangs"}
    elif REF.indicators["cin_factor_gangs"].unit == "percent":  # of the file's own assessed episodes
        assert parsed.ok, [p.describe() for p in errors]
        england = _rows(parsed, "cin_factor_gangs")[("2024/25", "E92000001", "all", "all")]
        assert (england.numerator, england.denominator) == (8860, 513250)
        assert england.value == pytest.approx(1.72625, abs=1e-5)  # 8,860 / 513,250 by hand
    else:  # a rate: the file holds no population to divide by
        (problem,) = errors
        assert (problem.row, problem.column, problem.code) == (None, "value", Reason.BLANK_REQUIRED)
        assert "every row has this problem" in problem.message and "denominator" in problem.message


def test_unknown_header_is_one_line_naming_the_accepted_formats():
    data = b"# notes\n" + b"Published statistics,for Islington\nsome,text,more,cells\n"
    (problem,) = read_upload(data, "readme.csv", REF).problems
    assert (problem.row, problem.code) == (2, Reason.UNKNOWN_FORMAT) and "Fingertips" in problem.message


def test_publisher_rows_the_dashboard_does_not_hold_are_skipped_with_one_warning_each():
    text = io.StringIO()
    text.write((DATA / "good" / "yjb_excerpt.csv").read_text(encoding="utf-8"))
    text.write("2020-2021,children cautioned or sentenced,Wales,Blaenau Gwent and Caerphilly,10,9000,1.1\n")
    parsed = read_upload(text.getvalue().encode(), "yjb.csv", REF)
    assert parsed.ok
    area = [p for p in parsed.warnings if p.column == "area"]
    assert len(area) == 1 and "Blaenau Gwent" in area[0].message
