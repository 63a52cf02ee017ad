"""CSV downloads: Excel-friendly bytes, no formula injection."""

from __future__ import annotations

import csv
import io

import numpy as np
import pandas as pd
import pytest

from indicators.safe_csv import neutralise_formulas, to_csv_bytes


def read_back(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data[3:].decode("utf-8"), newline="")))


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ('=HYPERLINK("http://evil.example","click")', '\'=HYPERLINK("http://evil.example","click")'),
        ("+1", "'+1"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("-2+3", "'-2+3"),
        ("-5", "'-5"),  # text, not a number: a spreadsheet would parse it
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("\uff1d1+1", "'\uff1d1+1"),  # full-width equals sign
        ("Islington", "Islington"),
        ("a=b", "a=b"),
        ("", ""),
        ("2019/20", "2019/20"),
        ("[c]", "[c]"),
    ],
)
def test_text_cells(cell, expected):
    out = neutralise_formulas(pd.DataFrame({"note": [cell]}))
    assert out.loc[0, "note"] == expected
    rows = read_back(to_csv_bytes(pd.DataFrame({"note": [cell]})))
    assert rows[1] == [expected]


def test_genuine_numbers_untouched():
    df = pd.DataFrame({"gap": [-2.5, 3.0, -0.1], "n": [-1, 0, 7], "mixed": pd.Series([-4, "-4", 2.5], dtype=object)})
    out = neutralise_formulas(df)
    pd.testing.assert_series_equal(out["gap"], df["gap"])
    pd.testing.assert_series_equal(out["n"], df["n"])
    assert out["mixed"].tolist() == [-4, "'-4", 2.5]
    rows = read_back(to_csv_bytes(df))
    assert rows[1] == ["-2.5", "-1", "-4"]
    assert rows[2] == ["3.0", "0", "'-4"]


def test_string_dtype_none_categorical_and_header():
    df = pd.DataFrame(
        {
            "s": pd.Series(["=1+1", None, "ok"], dtype="string"),
            "cat": pd.Categorical(["@x", "ok", "@x"]),
            "=evil": [1, 2, 3],
            "flag": [True, False, True],
            "when": pd.to_datetime(["2021-01-01", "2021-02-01", None]),
        }
    )
    out = neutralise_formulas(df)
    assert out["s"].tolist()[0] == "'=1+1" and pd.isna(out["s"].tolist()[1])
    assert str(out["s"].dtype) == str(df["s"].dtype)
    assert out["cat"].tolist() == ["'@x", "ok", "'@x"]
    assert list(out.columns) == ["s", "cat", "'=evil", "flag", "when"]
    assert out["flag"].tolist() == [True, False, True]
    rows = read_back(to_csv_bytes(df))
    assert rows[0] == ["s", "cat", "'=evil", "flag", "when"]
    assert rows[2][0] == ""  # missing -> empty cell


def test_input_not_mutated_and_csv_shape():
    df = pd.DataFrame({"a": ["=x", "y"], "b": [1.5, np.nan]}, index=[5, 9])
    before = df.copy()
    data = to_csv_bytes(df)
    pd.testing.assert_frame_equal(df, before)
    assert data == "\ufeffa,b\r\n'=x,1.5\r\ny,\r\n".encode()


def test_commas_quotes_and_unicode_round_trip():
    df = pd.DataFrame({"name": ['Tower "Hamlets", London', "Bāle – ✓"]})
    rows = read_back(to_csv_bytes(df))
    assert rows[1:] == [['Tower "Hamlets", London'], ["Bāle – ✓"]]


def test_empty_frame():
    assert to_csv_bytes(pd.DataFrame({"a": []})) == "\ufeffa\r\n".encode()
