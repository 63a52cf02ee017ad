"""Say what is wrong with a period cell, for one indicator's period type (uses indicators.periods)."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from indicators.errors import PeriodError
from indicators.ingest.problems import Reason
from indicators.periods import PERIOD_TYPES, Period, parse_period, split_year_pair

FIRST_YEAR = 1990
EXAMPLES = {
    "financial_year": "2019/20",
    "academic_year": "2019/20",
    "calendar_year": "2019",
    "quarter": "2021-Q1",
    "month": "2021-03",
}


def _name(period_type: str) -> str:
    return period_type.replace("_", " ")


def _non_consecutive(text: str) -> bool:
    pair = split_year_pair(text)
    # a plausible year range (2019/21, 2017 - 19, 2019/19) but not a single year
    return pair is not None and pair[0] <= pair[1] <= pair[0] + 10 and pair[1] != pair[0] + 1


def _out_of_range(period: Period, text: str) -> tuple[None, str, str] | None:
    """A period before FIRST_YEAR or starting after today is refused (a typo, or a forecast)."""
    if period.start.year < FIRST_YEAR:
        return (
            None,
            Reason.BAD_PERIOD,
            (f"'{text}' is before {FIRST_YEAR}: the dashboard holds data from {FIRST_YEAR} to the current period"),
        )
    if period.start > date.today():
        return (
            None,
            Reason.FUTURE_PERIOD,
            (
                f"'{text}' is later than the current {_name(period.period_type)}: "
                "only periods that have started can hold data"
            ),
        )
    return None


@lru_cache(maxsize=4096)
def classify_period(text: str, period_type: str, indicator_id: str = "") -> tuple[str | None, str | None, str | None]:
    """(canonical code, None, None) when ``text`` is a ``period_type`` period, else (None, code, message).

    ``period_type`` '' (unknown indicator) accepts any period type.

    >>> classify_period("2019-20", "financial_year")
    ('2019/20', None, None)
    >>> str(classify_period("2019/21", "academic_year")[1])
    'non_consecutive_years'
    """
    types = (period_type,) if period_type else PERIOD_TYPES
    for t in types:
        try:
            period = parse_period(text, t)
        except PeriodError:
            continue
        return _out_of_range(period, text) or (period.code, None, None)
    if _non_consecutive(text):
        return (
            None,
            Reason.NON_CONSECUTIVE_YEARS,
            (
                f"'{text}' spans more than one year: a period must be a single "
                f"{_name(period_type or 'financial_year')} such as {EXAMPLES.get(period_type, '2019/20')} "
                "(consecutive years)"
            ),
        )
    if period_type:
        for other in PERIOD_TYPES:
            if other == period_type:
                continue
            try:
                parsed = parse_period(text, other)
            except PeriodError:
                continue
            return (
                None,
                Reason.WRONG_PERIOD_TYPE,
                (
                    f"'{text}' is a {_name(other)} ({parsed.code}), but {indicator_id or 'this indicator'} "
                    f"is recorded by {_name(period_type)}, like {EXAMPLES[period_type]}"
                ),
            )
        return None, Reason.BAD_PERIOD, f"'{text}' is not a {_name(period_type)} like {EXAMPLES[period_type]}"
    return None, Reason.BAD_PERIOD, (f"'{text}' is not a period (e.g. 2019/20, 2019, 2021-Q1 or 2021-03)")
