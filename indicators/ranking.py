"""Where an area stands among all English upper-tier local authorities: the DfE LAIT method.

The method (as the Local Authority Interactive Tool's tables show it, "Rank" and "Quartile Banding"):

- Only local authorities are ranked; regions and England are context, never in the ranking.
- Rank 1 is the best by the indicator's polarity (the lowest value for ``low_is_good``, the highest
  for ``high_is_good``). Equal values share the same, lowest rank and the next rank is skipped
  (competition ranking: 1, 2, 2, 4).
- M, the number ranked, is the number of LAs with a published value for the period.
- Quartile bands by value: the cut points are the 25th, 50th and 75th percentiles of the ranked
  values with linear interpolation (Excel ``QUARTILE``, which LAIT uses). Band A is the best
  quarter (for ``low_is_good``: up to and including the 25th percentile), then B, C, D; a value on
  a cut point goes to the better band, so tied values always share a band.
- Not ranked: counts (they measure the size of an area, not how it does), indicators with no
  judgement of polarity, and periods where fewer than 75% of LAs have a value.

>>> r = rank_areas({"a": 1.0, "b": 2.0, "c": 2.0, "d": 4.0, "e": 5.0}, "low_is_good", "percent")
>>> r.ranked, r.total
(True, 5)
>>> [(code, r.ranks[code], r.bands[code]) for code in "abcde"]
[('a', 1, 'A'), ('b', 2, 'A'), ('c', 2, 'A'), ('d', 4, 'C'), ('e', 5, 'D')]
>>> r.cut_points
(2.0, 2.0, 4.0)
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

MIN_COVERAGE = 0.75
BANDS = ("A", "B", "C", "D")
BAND_MEANING = {
    "A": "best quarter of councils",
    "B": "second quarter",
    "C": "third quarter",
    "D": "worst quarter of councils",
}


@dataclass(frozen=True)
class Ranking:
    """Ranks and bands of every LA with a value, or why the indicator is not ranked."""

    ranked: bool
    total: int  # M: LAs with a value
    eligible: int  # LAs that could have had one
    ranks: dict[str, int] = field(default_factory=dict)
    bands: dict[str, str] = field(default_factory=dict)
    cut_points: tuple[float, float, float] | None = None
    reason: str = ""

    def rank_text(self, code: str) -> str:
        if not self.ranked:
            return f"Not ranked: {self.reason}"
        if code not in self.ranks:
            return "Not ranked: no value for this council"
        return f"Rank {self.ranks[code]} of {self.total}"


def _value(v: object) -> float | None:
    try:
        f = float(v)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if math.isnan(f) else f


def not_ranked_reason(polarity: str, unit: str, with_value: int, eligible: int) -> str:
    """Empty when the LAIT method ranks this indicator and period; else why not, in plain words."""
    if unit == "count":
        return "counts depend on the size of each council, so they are not ranked"
    if polarity == "no_judgement":
        return "neither a higher nor a lower value is better"
    if eligible == 0 or with_value / eligible < MIN_COVERAGE:
        return f"only {with_value} of {eligible} councils have a value (fewer than 75%)"
    return ""


def rank_areas(values: Mapping[str, object], polarity: str, unit: str) -> Ranking:
    """Rank every LA in ``values`` (code -> value; missing or suppressed values as None or NaN)."""
    present = {code: v for code, raw in values.items() if (v := _value(raw)) is not None}
    reason = not_ranked_reason(polarity, unit, len(present), len(values))
    if reason:
        return Ranking(False, len(present), len(values), reason=reason)
    low_is_good = polarity == "low_is_good"
    ordered = sorted(present.values(), reverse=not low_is_good)
    # Competition ranking: one plus the number of areas strictly better.
    first_position: dict[float, int] = {}
    for position, v in enumerate(ordered, start=1):
        first_position.setdefault(v, position)
    ranks = {code: first_position[v] for code, v in present.items()}
    q1, q2, q3 = (float(q) for q in np.percentile(ordered, [25, 50, 75]))
    bands = {code: _band(v, (q1, q2, q3), low_is_good) for code, v in present.items()}
    return Ranking(True, len(present), len(values), ranks, bands, (q1, q2, q3))


def _band(v: float, cuts: tuple[float, float, float], low_is_good: bool) -> str:
    q1, q2, q3 = cuts
    if low_is_good:
        return "A" if v <= q1 else "B" if v <= q2 else "C" if v <= q3 else "D"
    return "A" if v >= q3 else "B" if v >= q2 else "C" if v >= q1 else "D"
