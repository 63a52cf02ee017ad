"""Say what is wrong with a period cell, for one indicator's period type (uses indicators.periods)."""

from __future__ import annotations

import re
from functools import lru_cache

from indicators.errors import PeriodError
from indicators.ingest import problems as P
from indicators.periods import PERIOD_TYPES, parse_period

_SPLIT = re.compile(r"^\s*(\d{4})\s*[/\-]\s*(\d{2}|\d{4})\s*$|^\s*(\d{4})(\d{2})\s*$")
EXAMPLES = {"financial_year": "2019/20", "academic_year": "2019/20", "calendar_year": "2019",
            "quarter": "2021-Q1", "month": "2021-03"}


def _name(period_type: str) -> str:
    return period_type.replace("_", " ")


def _non_consecutive(text: str) -> bool:
    m = _SPLIT.match(text)
    if not m:
        return False
    first = int(m.group(1) or m.group(3))
    second = m.group(2) or m.group(4)
    full = int(second) if len(second) == 4 else (first // 100) * 100 + int(second)
    if len(second) == 2 and full < first:
        full += 100
    # a plausible year range (2019/21, 2017 - 19, 2019/19) but not a single year
    return first <= full <= first + 10 and full != first + 1


@lru_cache(maxsize=4096)
def classify_period(text: str, period_type: str, indicator_id: str = "") -> tuple[str | None, str | None,
                                                                                   str | None]:
    """(canonical code, None, None) when ``text`` is a ``period_type`` period, else (None, code, message).

    ``period_type`` '' (unknown indicator) accepts any period type.

    >>> classify_period("2019-20", "financial_year")
    ('2019/20', None, None)
    >>> classify_period("2019/21", "academic_year")[1]
    'non_consecutive_years'
    """
    types = (period_type,) if period_type else PERIOD_TYPES
    for t in types:
        try:
            return parse_period(text, t).code, None, None
        except PeriodError:
            continue
    if _non_consecutive(text):
        return None, P.NON_CONSECUTIVE_YEARS, (
            f"'{text}' spans more than one year: a period must be a single "
            f"{_name(period_type or 'financial_year')} such as {EXAMPLES.get(period_type, '2019/20')} "
            "(consecutive years)")
    if period_type:
        for other in PERIOD_TYPES:
            if other == period_type:
                continue
            try:
                parsed = parse_period(text, other)
            except PeriodError:
                continue
            return None, P.WRONG_PERIOD_TYPE, (
                f"'{text}' is a {_name(other)} ({parsed.code}), but {indicator_id or 'this indicator'} "
                f"is recorded by {_name(period_type)}, like {EXAMPLES[period_type]}")
        return None, P.BAD_PERIOD, f"'{text}' is not a {_name(period_type)} like {EXAMPLES[period_type]}"
    return None, P.BAD_PERIOD, (f"'{text}' is not a period (e.g. 2019/20, 2019, 2021-Q1 or 2021-03)")
