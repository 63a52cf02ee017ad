"""Statistical neighbours: data/reference/statistical_neighbours.csv against DfE's sn_may_2025.xlsx."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from data.build.neighbours import convert_neighbours
from indicators.areas import ISLINGTON, STATISTICAL_NEIGHBOURS, area_name, load_areas, neighbours_of

SN_XLSX = Path(__file__).resolve().parents[2].parent / "shared" / "data-sources" / "dfe_lait" / "sn_may_2025.xlsx"


def _sheet_rows() -> list[tuple]:
    if not SN_XLSX.is_file():
        pytest.skip("shared data-sources folder not available")
    wb = openpyxl.load_workbook(SN_XLSX, read_only=True)
    rows = [
        r for r in wb["LA SN Groups"].iter_rows(values_only=True) if isinstance(r[0], int) and r[0] >= 100
    ]  # skip the column-number row
    wb.close()
    return rows


def test_islington_neighbours_are_the_spreadsheet_row_for_la_206():
    rows = _sheet_rows()
    name_by_number = {r[0]: r[1] for r in rows}
    islington = next(r for r in rows if r[0] == 206)
    expected = [name_by_number[islington[5 + 2 * k]] for k in range(10)]
    # The spreadsheet's names for the same LAs (ONS spell some differently: none of these ten).
    assert [area_name(c) for c in neighbours_of(ISLINGTON)] == expected
    assert expected[0] == "Camden" and expected[-1] == "Manchester"
    assert list(STATISTICAL_NEIGHBOURS) == neighbours_of(ISLINGTON)
    assert list(STATISTICAL_NEIGHBOURS.values()) == expected


def test_every_la_in_the_spreadsheet_has_its_neighbours():
    rows = _sheet_rows()
    la_rows = [r for r in rows if r[5] is not None]
    stored = sum(1 for a in load_areas() if neighbours_of(a.code))
    assert stored == len(la_rows) >= 150
    # Camden's row, read straight from the sheet: 206 Islington first, 302 Barnet last.
    camden = neighbours_of("E09000007")
    assert area_name(camden[0]) == "Islington" and area_name(camden[-1]) == "Barnet" and len(camden) == 10


def test_areas_csv_flags_exactly_islingtons_neighbours():
    flagged = {a.code for a in load_areas() if a.statistical_neighbour}
    assert flagged == set(neighbours_of(ISLINGTON))


def test_not_an_la_has_no_neighbours():
    assert neighbours_of("E92000001") == [] and neighbours_of("E12000007") == []


def test_unknown_la_number_is_an_error_naming_it(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "LA SN Groups"
    ws.append(["LA num", "LA Name", "LA number", "GOInd", "GOReg", "SN1", "SNP"])
    ws.append([206, "Islington", 206, 3, "London (Inner)", 999, "Very Close"])
    path = tmp_path / "sn.xlsx"
    wb.save(path)
    with pytest.raises(ValueError, match="LA number 999"):
        convert_neighbours(path, {206: "E09000019"})
    out = convert_neighbours(path, {206: "E09000019", 999: "E09000007"})
    assert out.to_dict("records") == [
        {"area_code": "E09000019", "rank": "1", "neighbour_code": "E09000007", "closeness": "Very close"}
    ]


def test_unknown_closeness_is_an_error_naming_the_row(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "LA SN Groups"
    ws.append(["LA num", "LA Name", "LA number", "GOInd", "GOReg", "SN1", "SNP"])
    ws.append([206, "Islington", 206, 3, "London (Inner)", 202, "Near"])
    path = tmp_path / "sn.xlsx"
    wb.save(path)
    with pytest.raises(ValueError, match="row 2: closeness 'Near'"):
        convert_neighbours(path, {206: "E09000019", 202: "E09000007"})
