"""Plain-English readings of the numbers under each chart.

Every number in a sentence is formatted here, and the charts format their hover text and labels
with the same functions, so what a reader sees in the sentence is what they see in the chart.
Status strings come from indicators.stats / targets (this module only words them).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

from indicators.catalogue import UNIT_LABEL, Indicator

MARKER_MEANING: dict[str, str] = {
    "c": "suppressed: too few children to publish",
    "low": "rounds to zero",
    "x": "not available",
    "z": "not applicable",
    "u": "low reliability: based on fewer than 10 events",
}

NO_DATA = "No data yet."

_UNIT_NOUN: dict[str, str] = {
    "count": "figure", "percent": "percentage", "ratio": "ratio", "score": "score",
    "gap_points": "gap",
}
_TREND_SENTENCE: dict[str, str] = {
    "improving": "This is a statistically significant improvement",
    "worsening": "This is a statistically significant worsening",
    "increasing": "This is a statistically significant increase",
    "decreasing": "This is a statistically significant decrease",
    "no_significant_change": "The change is not statistically significant",
    "cannot_be_calculated": "There are not enough comparable points to test the trend",
}
_BENCHMARK_WORD: dict[str, str] = {
    "better": "better than", "worse": "worse than", "similar": "similar to",
    "higher": "higher than", "lower": "lower than",
}
_POLARITY_SENTENCE: dict[str, str] = {
    "low_is_good": "Lower is better.",
    "high_is_good": "Higher is better.",
}


def is_missing(value: object) -> bool:
    """True for None, NaN and pandas' NA / NaT."""
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def round_half_up(value: float, decimals: int) -> float:
    """Round as published statistics do (2.45 -> 2.5), not banker's rounding (2.45 -> 2.4)."""
    quantum = Decimal(1).scaleb(-decimals)
    return float(Decimal(repr(float(value))).quantize(quantum, rounding=ROUND_HALF_UP))


def format_number(value: float, decimals: int) -> str:
    """'1,234.5' with thousands separators, rounded half up."""
    rounded = round_half_up(value, decimals) + 0.0  # + 0.0 turns -0.0 into 0.0
    return f"{rounded:,.{decimals}f}"


def _decimals(value: float, indicator: Indicator) -> int:
    if indicator.unit == "count" and float(value).is_integer():
        return 0
    return indicator.decimals


def format_bare(value: float | None, indicator: Indicator) -> str:
    """The number alone ('145', '4.3%'): percentages keep their sign, rates drop 'per 100,000'."""
    if is_missing(value):
        return "no data"
    number = format_number(float(value), _decimals(float(value), indicator))
    return f"{number}%" if indicator.unit == "percent" else number


def format_value(value: float | None, indicator: Indicator) -> str:
    """'145', '4.3%', '36.2 per 100,000' or '3.1 points', to the indicator's decimals."""
    bare = format_bare(value, indicator)
    label = UNIT_LABEL.get(indicator.unit, "")
    if is_missing(value) or indicator.unit == "percent" or not label:
        return bare
    return f"{bare} {label}"


def format_with_phrase(value: float | None, indicator: Indicator) -> str:
    """The number with the indicator's plain-English unit phrase when it has one."""
    if indicator.unit_phrase and not is_missing(value):
        return f"{format_bare(value, indicator)} {indicator.unit_phrase}"
    return format_value(value, indicator)


def format_marker(marker: str | None) -> str:
    """'c' -> '[c]'; '' or None -> ''."""
    if is_missing(marker) or not str(marker).strip():
        return ""
    return f"[{str(marker).strip().strip('[]')}]"


def format_ratio(value: float | None) -> str:
    """Ratios (RRI, representation) to 1 decimal place; 2 when that would round to 0.0."""
    if is_missing(value):
        return "no data"
    text = format_number(float(value), 1)
    return format_number(float(value), 2) if text == "0.0" else text


def format_share(value: float | None) -> str:
    """A percentage share: whole numbers as '16%', else one decimal ('14.2%', '2.0%'); tiny ones '0.45%'."""
    if is_missing(value):
        return "no data"
    value = float(value)
    whole = abs(value) >= 10 and round(value, 1) == round(value)
    decimals = 0 if whole else 1 if abs(value) >= 1 else 2
    return f"{format_number(value, decimals)}%"


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _comparison_phrase(comparisons: dict[str, str] | None) -> str:
    parts = [
        f"{_BENCHMARK_WORD[status]} {area}"
        for area, status in (comparisons or {}).items()
        if status in _BENCHMARK_WORD
    ]
    return _join(parts) if parts else ""


def _movement(indicator: Indicator, first_period: str | None, first_value: float | None,
              latest_period: str, latest_value: float) -> str:
    noun = "rate" if indicator.is_rate else _UNIT_NOUN.get(indicator.unit, "value")
    latest = format_with_phrase(latest_value, indicator)
    if is_missing(first_value) or not first_period or first_period == latest_period:
        return f"Islington's {noun} was {latest} in {latest_period}."
    first_text = format_bare(first_value, indicator)
    if first_text == format_bare(latest_value, indicator):
        return f"Islington's {noun} was {latest} in both {first_period} and {latest_period}."
    verb = "rose" if latest_value > first_value else "fell"
    return (f"Islington's {noun} {verb} from {format_with_phrase(first_value, indicator)} "
            f"in {first_period} to {format_bare(latest_value, indicator)} in {latest_period}.")


def trend_reading(indicator: Indicator, first_period: str | None, first_value: float | None,
                  latest_period: str | None, latest_value: float | None, trend_status: str | None,
                  comparisons: dict[str, str] | None = None) -> str:
    """A few sentences: the movement, which way is better, the trend test and the benchmarks.

    >>> trend_reading(ind, "2019", 367, "2024", 145, "improving", {"London": "better"})  # doctest: +SKIP
    "Islington's rate fell from 367 per 100,000 children aged 10-17 in 2019 to 145 in 2024.
    Lower is better. This is a statistically significant improvement, and better than London."
    """
    if is_missing(latest_value) or not latest_period:
        return NO_DATA
    sentences = [_movement(indicator, first_period, first_value, latest_period, float(latest_value))]
    if indicator.polarity in _POLARITY_SENTENCE:
        sentences.append(_POLARITY_SENTENCE[indicator.polarity])
    trend = _TREND_SENTENCE.get(trend_status or "")
    compared = _comparison_phrase(comparisons)
    significant = trend_status in ("improving", "worsening", "increasing", "decreasing")
    if trend and compared and significant:
        sentences.append(f"{trend}, and {compared}.")
    else:
        if trend:
            sentences.append(f"{trend}.")
        if compared:
            sentences.append(f"The latest value is {compared}.")
    return " ".join(sentences)


_TARGET_HEADLINE: dict[str, str] = {
    "on_track": "On track against the target.",
    "off_track": "Off track against the target.",
    "not_enough_data": "Not enough data to judge progress against the target.",
}


def _sentence(text: str | None) -> str:
    text = (text or "").strip()
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


def target_reading(status: str | None, reason: str | None = None) -> str:
    """'On track against the target. <reason>.' (status from indicators.targets)."""
    headline = _TARGET_HEADLINE.get(status or "", "No target has been set for this indicator.")
    reason_text = _sentence(reason)
    return f"{headline} {reason_text}" if reason_text else headline


def _plain_fraction(text: str) -> str:
    """'half as likely' / '30% less likely' for an RRI below 1, from its displayed text."""
    if float(text) == 0.5:
        return "half as likely"
    return f"{format_number((1 - float(text)) * 100, 0)}% less likely"


def rri_reading(group_label: str, reference_label: str, rri: float | None, lower: float | None,
                upper: float | None, stage_phrase: str, low_reliability: bool = False,
                marker: str | None = None) -> str:
    """'Black children were 2.4 times as likely as White children to <stage> (95% CI 1.9 to 3.0).'

    Below 1 the plain fraction comes first: '0.5 times as likely ... (half as likely; 95% CI ...)'.
    """
    if format_marker(marker) == "[c]" or is_missing(rri):
        symbol = format_marker(marker) or "[x]"
        meaning = MARKER_MEANING.get(symbol.strip("[]"), "not available")
        return f"{group_label} children compared with {reference_label} children: {symbol} {meaning}."
    text = format_ratio(rri)
    notes = [] if float(text) >= 1 else [_plain_fraction(text)]
    has_ci = not (is_missing(lower) or is_missing(upper))
    if has_ci:
        notes.append(f"95% CI {format_ratio(lower)} to {format_ratio(upper)}")
    aside = f" ({'; '.join(notes)})" if notes else ""
    sentences = [f"{group_label} children were {text} times as likely as {reference_label} children "
                 f"to {stage_phrase}{aside}."]
    if has_ci and float(lower) <= 1 <= float(upper):
        sentences.append("The difference is not statistically significant.")
    if low_reliability or format_marker(marker) == "[u]":
        sentences.append(f"[u] {MARKER_MEANING['u']}.")
    return " ".join(sentences)


def representation_reading(cohort_share: float | None, population_share: float | None,
                           cohort_name: str, population_name: str, group_phrase: str,
                           ratio: float | None = None) -> str:
    """'16% of the youth offending service cohort had an EHC plan against 2.0% of secondary pupils:
    8.0 times their share.' Shares are percentages (0-100)."""
    if is_missing(cohort_share) or is_missing(population_share):
        return NO_DATA
    if is_missing(ratio):
        ratio = float(cohort_share) / float(population_share) if population_share else None
    sentence = (f"{format_share(cohort_share)} of {cohort_name} {group_phrase} against "
                f"{format_share(population_share)} of {population_name}")
    if is_missing(ratio):
        return sentence + "."
    return f"{sentence}: {format_ratio(ratio)} times their share."


def cohort_reading(frame: pd.DataFrame, indicator: Indicator, total: float | None = None) -> str:
    """Highest and lowest published groups against the Islington total (frame: label, value, marker)."""
    published = frame[frame["value"].notna()] if "value" in frame else frame.iloc[0:0]
    hidden = len(frame) - len(published)
    if published.empty:
        return NO_DATA
    parts: list[str] = []
    if len(published) >= 2 and published["value"].nunique() == 1:
        parts.append(f"All {len(published)} groups with published figures had the same value "
                     f"({format_value(published['value'].iloc[0], indicator)}).")
    elif len(published) >= 2:
        top = published.loc[published["value"].idxmax()]
        low = published.loc[published["value"].idxmin()]
        parts.append(
            f"Of the {len(published)} groups with published figures, the value was highest for the "
            f"{top['label']} group ({format_value(top['value'], indicator)}) and lowest for the "
            f"{low['label']} group ({format_value(low['value'], indicator)}).")
    else:
        only = published.iloc[0]
        parts.append(f"Only the {only['label']} group has a published figure "
                     f"({format_value(only['value'], indicator)}).")
    if not is_missing(total):
        parts.append(f"The figure for all children in Islington was {format_value(total, indicator)}.")
    if hidden:
        groups = "group is" if hidden == 1 else "groups are"
        parts.append(f"{hidden} {groups} not shown because the numbers are too small or not "
                     "available.")
    return " ".join(parts)
