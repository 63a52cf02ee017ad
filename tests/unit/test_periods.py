"""Period codes: parsing, canonical codes, start/end dates and ordering for every period type."""

from __future__ import annotations

from datetime import date

import pytest

from indicators.errors import PeriodError
from indicators.periods import next_period, parse_period, previous


@pytest.mark.parametrize(
    "code,ptype,canonical,start,end",
    [
        ("2019/20", "financial_year", "2019/20", date(2019, 4, 1), date(2020, 3, 31)),
        ("2019-20", "financial_year", "2019/20", date(2019, 4, 1), date(2020, 3, 31)),
        ("2019/2020", "financial_year", "2019/20", date(2019, 4, 1), date(2020, 3, 31)),
        ("201920", "academic_year", "2019/20", date(2019, 9, 1), date(2020, 8, 31)),  # DfE EES time_period
        ("1999/00", "academic_year", "1999/00", date(1999, 9, 1), date(2000, 8, 31)),  # across a century
        (" 2019 ", "calendar_year", "2019", date(2019, 1, 1), date(2019, 12, 31)),
        ("2021-Q1", "quarter", "2021-Q1", date(2021, 1, 1), date(2021, 3, 31)),
        ("2021 q4", "quarter", "2021-Q4", date(2021, 10, 1), date(2021, 12, 31)),
        ("2020-2", "month", "2020-02", date(2020, 2, 1), date(2020, 2, 29)),  # leap year
        ("2021-12", "month", "2021-12", date(2021, 12, 1), date(2021, 12, 31)),
    ],
)
def test_parse_period(code: str, ptype: str, canonical: str, start: date, end: date) -> None:
    p = parse_period(code, ptype)
    assert (p.code, p.start, p.end) == (canonical, start, end)


@pytest.mark.parametrize(
    "code,ptype,reason",
    [
        ("2019/21", "academic_year", "consecutive"),
        ("2019/18", "financial_year", "consecutive"),
        ("19/20", "financial_year", "like 2019/20"),
        ("2019/20", "calendar_year", "calendar year"),
        ("2021-Q5", "quarter", "quarter"),
        ("2021-13", "month", "month"),
        ("2019", "fortnight", "unknown period type"),
    ],
)
def test_bad_periods_name_the_reason(code: str, ptype: str, reason: str) -> None:
    with pytest.raises(PeriodError, match=reason):
        parse_period(code, ptype)


def test_periods_of_different_types_sort_by_date() -> None:
    mixed = [
        parse_period("2020", "calendar_year"),
        parse_period("2019/20", "academic_year"),
        parse_period("2019/20", "financial_year"),
        parse_period("2019-Q4", "quarter"),
        parse_period("2019-03", "month"),
    ]
    assert [(p.period_type, p.code) for p in sorted(mixed)] == [
        ("month", "2019-03"),
        ("financial_year", "2019/20"),
        ("academic_year", "2019/20"),
        ("quarter", "2019-Q4"),
        ("calendar_year", "2020"),
    ]


@pytest.mark.parametrize(
    "code,ptype,before,after",
    [
        ("2019/20", "financial_year", "2018/19", "2020/21"),
        ("2000/01", "academic_year", "1999/00", "2001/02"),
        ("2020", "calendar_year", "2019", "2021"),
        ("2021-Q1", "quarter", "2020-Q4", "2021-Q2"),
        ("2021-01", "month", "2020-12", "2021-02"),
    ],
)
def test_previous_and_next(code: str, ptype: str, before: str, after: str) -> None:
    p = parse_period(code, ptype)
    assert (previous(p).code, next_period(p).code) == (before, after)
