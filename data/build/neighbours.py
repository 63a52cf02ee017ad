"""DfE children's services statistical neighbours (NFER model, May 2025) for every LA.

sn_may_2025.xlsx, sheet "LA SN Groups": one row per LA (old 3-digit LA number), then 10 pairs of
(neighbour LA number, closeness), closest first. Written as data/reference/statistical_neighbours.csv
with GSS codes, so indicators.areas can answer for any LA without reading a spreadsheet.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd

SHEET = "LA SN Groups"
NEIGHBOUR_COLUMNS = ["area_code", "rank", "neighbour_code", "closeness"]
# The sheet spells some bands with a capital ("Very Close"); stored in one spelling.
CLOSENESS = {"Extremely close", "Very close", "Close", "Somewhat close", "Not close"}


def read_neighbour_rows(path: Path) -> list[tuple[int, list[tuple[int, str]]]]:
    """(LA number, [(neighbour LA number, closeness), ...]) for every LA row of the sheet."""
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        ws = wb[SHEET]
    except KeyError:
        raise ValueError(f"{path.name}: no sheet named '{SHEET}'") from None
    rows = list(ws.iter_rows(values_only=True))
    wb.close()
    header_at = next((i for i, r in enumerate(rows) if r and r[0] == "LA num"), None)
    if header_at is None:
        raise ValueError(f"{path.name}: sheet '{SHEET}' has no 'LA num' header row")
    out = []
    for i, r in enumerate(rows[header_at + 1 :], start=header_at + 2):
        if r[0] is None:
            continue
        r = tuple(r) + (None,) * 25  # openpyxl stops a row at its last filled cell
        pairs = []
        for k in range(10):
            number, closeness = r[5 + 2 * k], r[6 + 2 * k]
            if number is None:
                continue
            band = str(closeness).strip().capitalize()
            if band not in CLOSENESS:
                raise ValueError(f"{path.name}, sheet '{SHEET}', row {i}: closeness {closeness!r} not recognised")
            pairs.append((int(number), band))
        out.append((int(r[0]), pairs))
    return out


def convert_neighbours(path: Path, numbers: dict[int, str]) -> pd.DataFrame:
    """Long table area_code, rank (1 = closest), neighbour_code, closeness, in GSS codes.

    An LA number with no GSS code in the sources raises: a silently dropped neighbour would make
    the neighbour average quietly cover fewer areas.
    """
    rows = []
    for la_number, pairs in read_neighbour_rows(path):
        code = _code(numbers, la_number, path)
        for rank, (n_number, closeness) in enumerate(pairs, start=1):
            rows.append((code, rank, _code(numbers, n_number, path), closeness))
    return pd.DataFrame(rows, columns=NEIGHBOUR_COLUMNS).astype(str)


def _code(numbers: dict[int, str], la_number: int, path: Path) -> str:
    try:
        return numbers[la_number]
    except KeyError:
        raise ValueError(f"{path.name}: LA number {la_number} has no GSS code in the sources") from None
