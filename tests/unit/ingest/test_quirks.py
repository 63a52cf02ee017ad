"""How analysts' real files arrive: delimiters, decimal commas, comments, totals, workbooks, the
template, odd periods, files cut short and hostile sizes (issues 17 and 22)."""

from __future__ import annotations

import io
import time

import pytest
from openpyxl import Workbook

from indicators.ingest.pipeline import read_upload
from indicators.ingest.problems import Reason
from indicators.ingest.template import EXAMPLE_NOTE, template_csv
from tests.unit.ingest.fixtures import make_reference

REF = make_reference(real=True)
HEADER = "indicator_id,period,area_code,area_name,dimension,category,numerator,denominator,value,lower_ci,upper_ci,note"
NEET = "neet_16_17,2022,E09000019,Islington,all,all,120,4000,3,,,"


def _read(text: str | bytes, name: str = "f.csv", **kw):
    data = text.encode("utf-8") if isinstance(text, str) else text
    return read_upload(data, name, REF, **kw)


def _codes(parsed) -> list[tuple[int | None, str]]:
    return [(p.row, p.code) for p in parsed.errors]


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_semicolon_and_tab_files_with_decimal_commas_are_read(delimiter):
    header = HEADER.replace(",", delimiter)
    row = delimiter.join(
        [
            "neet_16_17",
            "2022",
            "E09000019",
            "Islington",
            "all",
            "all",
            "1.200",
            "40.000",
            "3,0",
            "",
            "",
            "note, with a comma",
        ]
    )
    parsed = _read(f"{header}\n{row}\n")
    assert parsed.ok, [p.describe() for p in parsed.errors]
    first = parsed.frame.iloc[0]
    assert (first["numerator"], first["denominator"], first["value"]) == (1200, 40000, 3.0)


def test_thousands_separators_with_commas_and_spaces():
    parsed = _read(f'{HEADER}\nneet_16_17,2022,E09000019,Islington,all,all,"1,200",40 000,3,,,\n')
    assert parsed.ok, [p.describe() for p in parsed.errors]
    assert parsed.frame.iloc[0]["denominator"] == 40000


def test_comment_lines_and_a_trailing_total_row_are_skipped_with_row_numbers_kept():
    text = f"# Source: council records\n# Extracted 2026-01-05\n{HEADER}\n{NEET}\nTotal,,,,,,120,4000,,,,\n"
    parsed = _read(text)
    assert parsed.ok, [p.describe() for p in parsed.errors]
    assert parsed.frame["source_row"].tolist() == [4]
    assert any(p.code == Reason.SKIPPED_ROWS and "row 5" in p.message for p in parsed.warnings)
    bad = _read(text.replace(",all,all,120,4000,3", ",all,all,120,4000,9"))
    assert _codes(bad) == [(4, Reason.VALUE_MISMATCH)]  # the row as the spreadsheet numbers it


def test_the_analyst_export_disclosure_line_is_skipped():
    text = f"# OFFICIAL-SENSITIVE - not for publication; dataset version 7\n{HEADER},illustrative\n{NEET},false\n"
    assert _read(text).ok


def test_the_unchanged_template_is_refused_and_a_filled_one_accepted():
    template = template_csv("neet_16_17").decode()
    assert template.startswith("# ") and EXAMPLE_NOTE in template
    (problem,) = _read(template, "template.csv").errors
    assert problem.code == Reason.TEMPLATE_EXAMPLE and "example row" in problem.message
    filled = template.replace(f",{EXAMPLE_NOTE}", ",").replace("120,4000,3.0", "131,4100,3.2")
    assert _read(filled, "filled.csv").ok
    # the made-up figures are recognised even with the note cleared
    assert Reason.TEMPLATE_EXAMPLE in [p.code for p in _read(template.replace(EXAMPLE_NOTE, ""), "t.csv").errors]


def _workbook(sheets: dict[str, list[list[object]]]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_workbook_saved_from_the_template_is_read_like_the_csv():
    lines = template_csv("neet_16_17").decode().splitlines()
    rows = [[line] for line in lines[:3]] + [lines[3].split(",")]
    rows.append(["neet_16_17", 2022, "E09000019", "Islington", "all", "all", 131, 4100, 3.2, None, None, None])
    parsed = _read(_workbook({"Data": rows}), "neet.xlsx")
    assert parsed.ok, [p.describe() for p in parsed.errors]
    assert parsed.encoding == "xlsx" and parsed.frame.iloc[0]["numerator"] == 131
    assert parsed.frame["source_row"].tolist() == [5]


def test_a_workbook_with_several_data_sheets_needs_one_named():
    rows = [HEADER.split(","), NEET.split(",")]
    data = _workbook({"Notes": [["about"], ["this file"]], "Data": rows})
    (problem,) = _read(data, "two.xlsx").errors
    assert problem.code == Reason.NO_SHEET and "Notes" in problem.message and "--sheet" in problem.message
    assert _read(data, "two.xlsx", sheet="Data").ok
    assert _codes(_read(data, "two.xlsx", sheet="Nope")) == [(None, Reason.NO_SHEET)]


@pytest.mark.parametrize(
    "period,code",
    [
        ("0000", Reason.BAD_PERIOD),
        ("1989", Reason.BAD_PERIOD),
        ("2031", Reason.FUTURE_PERIOD),
        ("0000/01", Reason.BAD_PERIOD),
        ("9999/00", Reason.BAD_PERIOD),
    ],
)
def test_implausible_periods_are_row_level_errors_never_a_traceback(period, code):
    parsed = _read(f"{HEADER}\n{NEET.replace(',2022,', f',{period},')}\n")
    assert [(p.row, p.column, p.code) for p in parsed.errors] == [(2, "period", code)]


def test_split_year_periods_at_the_calendar_edges():
    knife = "knife_crime_victims_under_25,{},E09000019,Islington,all,all,5,,5,,,"
    for period in ("0000/01", "9999/00"):
        (problem,) = _read(f"{HEADER}\n{knife.format(period)}\n").errors
        assert (problem.row, problem.column, problem.code) == (2, "period", Reason.BAD_PERIOD)


def test_a_file_cut_inside_a_quoted_cell_or_a_number_is_refused():
    whole = f'{HEADER}\n{NEET}\nneet_16_17,2023,E09000019,Islington,all,all,41,4000,1.025,,,"a note"\n'
    cut_quote = whole[: whole.rindex("note")]
    assert _codes(_read(cut_quote)) == [(3, Reason.TRUNCATED)]
    cut_number = whole[: whole.index("41,4000") + 1]  # '41' arrives as '4'
    assert (3, Reason.MISSING_FIELDS) in _codes(_read(cut_number)) or _codes(_read(cut_number)) == [
        (3, Reason.TRUNCATED)
    ]
    last_cell_cut = f"{HEADER}\n{NEET}\nneet_16_17,2023,E09000019,Islington,all,all,41,4000,1.02"
    assert _codes(_read(last_cell_cut)) == [(3, Reason.TRUNCATED)]


def test_hostile_sizes_are_refused_quickly():
    started = time.monotonic()
    wide = _read(",".join(f"c{i}" for i in range(200_000)) + "\n1\n")
    assert _codes(wide) == [(1, Reason.TOO_WIDE)]
    long_cell = _read(f"{HEADER}\n{NEET}{'x' * 40_000}\n")
    assert [(p.row, p.code) for p in long_cell.errors] == [(2, Reason.TOO_WIDE)]
    assert time.monotonic() - started < 10


def test_a_nul_byte_late_in_the_file_is_refused_with_its_offset():
    body = f"{HEADER}\n" + f"{NEET}\n" * 2000
    data = body.encode() + b"neet_16_17,20\x0023\n"
    (problem,) = _read(data).errors
    assert problem.code == Reason.NOT_CSV and f"byte offset {len(body) + 13:,}" in problem.message
