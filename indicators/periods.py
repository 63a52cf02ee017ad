"""Period codes for every period type, with start/end dates so different types sort and align.

Canonical codes:
- financial_year ``2019/20`` (1 April 2019 - 31 March 2020)
- academic_year ``2019/20`` (1 September 2019 - 31 August 2020)
- calendar_year ``2019``
- quarter ``2021-Q1`` (calendar quarters: Q1 = January-March)
- month ``2021-03``

Accepted spellings are normalised: ``2019-20``, ``2019/2020``, ``201920`` (DfE Explore Education
Statistics), ``2019-2020`` for the two year types; ``2021 Q1`` / ``2021Q1`` for quarters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal, get_args

from indicators.errors import PeriodError

PeriodType = Literal["financial_year", "academic_year", "calendar_year", "quarter", "month"]
PERIOD_TYPES: tuple[str, ...] = get_args(PeriodType)

_SPLIT_YEAR = re.compile(r"^\s*(\d{4})\s*[/\-]?\s*(\d{2}|\d{4})\s*$")
_YEAR = re.compile(r"^\s*(\d{4})\s*$")
_QUARTER = re.compile(r"^\s*(\d{4})\s*[- ]?\s*Q([1-4])\s*$", re.IGNORECASE)
_MONTH = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")

# The month each split year starts in.
_YEAR_START_MONTH = {"financial_year": 4, "academic_year": 9}


@dataclass(frozen=True, order=True)
class Period:
    """A canonical period: sorts by start date, then by end date."""

    start: date
    end: date
    code: str
    period_type: str

    @property
    def label(self) -> str:
        return self.code


def _month_end(year: int, month: int) -> date:
    nxt = date(year + (month // 12), month % 12 + 1, 1)
    return nxt - timedelta(days=1)


def split_year_pair(code: str) -> tuple[int, int] | None:
    """The two years of a split-year spelling ('2019/20', '2019-2020', '201920'), or None.

    A two-digit second year takes the first year's century, rolling over (1999/00 -> 2000). The
    pair is returned as written, consecutive or not, so callers can say what is wrong with it.

    >>> split_year_pair("2019/20"), split_year_pair("1999-00"), split_year_pair("2019")
    ((2019, 2020), (1999, 2000), None)
    """
    m = _SPLIT_YEAR.match(str(code))
    if not m:
        return None
    first, second = int(m.group(1)), m.group(2)
    second_full = int(second) if len(second) == 4 else (first // 100) * 100 + int(second)
    if len(second) == 2 and second_full < first:
        second_full += 100
    return first, second_full


def _split_year(code: str, period_type: str) -> Period:
    pair = split_year_pair(code)
    if pair is None:
        raise PeriodError(f"'{code}' is not a {period_type.replace('_', ' ')} like 2019/20")
    first, second_full = pair
    if second_full != first + 1:
        raise PeriodError(
            f"'{code}' is not a single {period_type.replace('_', ' ')}: "
            f"the years must be consecutive (e.g. {first}/{str(first + 1)[2:]})"
        )
    start_month = _YEAR_START_MONTH[period_type]
    start = date(first, start_month, 1)
    end = date(first + 1, start_month, 1) - timedelta(days=1)
    return Period(start, end, f"{first}/{str(first + 1)[2:]}", period_type)


def parse_period(code: str, period_type: str) -> Period:
    """Parse ``code`` as a period of ``period_type``; raise PeriodError with a reason if it is not one.

    >>> parse_period("201920", "academic_year").code
    '2019/20'
    >>> parse_period("2019/20", "financial_year").start
    datetime.date(2019, 4, 1)
    """
    code = str(code).strip()
    try:
        return _parse(code, period_type)
    except (ValueError, OverflowError) as exc:  # year 0 or 10000: no calendar date exists
        if isinstance(exc, PeriodError):
            raise
        raise PeriodError(f"'{code}' is outside the calendar ({exc})") from exc


def _parse(code: str, period_type: str) -> Period:
    if period_type in _YEAR_START_MONTH:
        return _split_year(code, period_type)
    if period_type == "calendar_year":
        m = _YEAR.match(code)
        if not m:
            raise PeriodError(f"'{code}' is not a calendar year like 2019")
        y = int(m.group(1))
        return Period(date(y, 1, 1), date(y, 12, 31), str(y), period_type)
    if period_type == "quarter":
        m = _QUARTER.match(code)
        if not m:
            raise PeriodError(f"'{code}' is not a quarter like 2021-Q1")
        y, q = int(m.group(1)), int(m.group(2))
        start = date(y, 3 * (q - 1) + 1, 1)
        return Period(start, _month_end(y, 3 * q), f"{y}-Q{q}", period_type)
    if period_type == "month":
        m = _MONTH.match(code)
        if not m or not 1 <= int(m.group(2)) <= 12:
            raise PeriodError(f"'{code}' is not a month like 2021-03")
        y, mo = int(m.group(1)), int(m.group(2))
        return Period(date(y, mo, 1), _month_end(y, mo), f"{y}-{mo:02d}", period_type)
    raise PeriodError(f"unknown period type '{period_type}'; expected one of {', '.join(PERIOD_TYPES)}")


def is_valid(code: str, period_type: str) -> bool:
    try:
        parse_period(code, period_type)
    except PeriodError:
        return False
    return True


def previous(period: Period) -> Period:
    """The period of the same type immediately before ``period``."""
    return parse_period(_shift(period, -1), period.period_type)


def next_period(period: Period) -> Period:
    return parse_period(_shift(period, 1), period.period_type)


def _shift(period: Period, step: int) -> str:
    pt = period.period_type
    if pt in _YEAR_START_MONTH:
        y = period.start.year + step
        return f"{y}/{str(y + 1)[2:]}"
    if pt == "calendar_year":
        return str(period.start.year + step)
    if pt == "quarter":
        index = period.start.year * 4 + (period.start.month - 1) // 3 + step
        return f"{index // 4}-Q{index % 4 + 1}"
    index = period.start.year * 12 + period.start.month - 1 + step
    return f"{index // 12}-{index % 12 + 1:02d}"


def quarter_of(day: date) -> str:
    """The calendar quarter a date falls in, as a quarter code: 2025-08-14 -> '2025-Q3'."""
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
