"""Plain-English readings of the numbers under each chart.

Every number in a sentence is formatted here, and the charts format their hover text and labels
with the same functions, so what a reader sees in the sentence is what they see in the chart.
Status strings come from indicators.stats / targets (this module only words them).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

from indicators.catalogue import UNIT_LABEL, Indicator
from indicators.status import Reason, Status, Verdict
from indicators.targets import Target

MARKER_MEANING: dict[str, str] = {
    "c": "suppressed: too few children to publish",
    "low": "rounds to zero",
    "x": "not available",
    "z": "not applicable",
    "u": "low reliability: based on fewer than 10 events",
}

NO_DATA = "No data yet."

_UNIT_NOUN: dict[str, str] = {
    "count": "figure",
    "percent": "percentage",
    "ratio": "ratio",
    "score": "score",
    "gap_points": "gap",
}
_POLARITY_SENTENCE: dict[str, str] = {
    "low_is_good": "Lower is better.",
    "high_is_good": "Higher is better.",
}
# How each verdict outcome reads in a sentence and on a chip.
OUTCOME_LABEL: dict[str, str] = {
    "improving": "Improving",
    "worsening": "Worsening",
    "increasing": "Increasing",
    "decreasing": "Decreasing",
    "no_significant_change": "No significant change",
    "better": "Better",
    "worse": "Worse",
    "similar": "Similar",
    "higher": "Higher",
    "lower": "Lower",
    "on_track": "On track",
    "off_track": "Off track",
}
_BENCHMARK_WORD: dict[str, str] = {
    "better": "significantly better than",
    "worse": "significantly worse than",
    "similar": "not significantly different from",
    "higher": "significantly higher than",
    "lower": "significantly lower than",
}
_TREND_WORD: dict[str, str] = {
    "improving": "a statistically significant improvement",
    "worsening": "a statistically significant worsening",
    "increasing": "a statistically significant increase",
    "decreasing": "a statistically significant decrease",
    "no_significant_change": "no statistically significant change",
}
_TARGET_WORD: dict[str, str] = {
    "on_track": "On track against the target",
    "off_track": "Off track against the target",
    "no_significant_change": "Not yet significantly better than the baseline, as the target asks",
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
    number = format_number(float(value), _decimals(float(value), indicator))  # type: ignore[arg-type]  # narrowed by the is_missing/None check above
    return f"{number}%" if indicator.unit == "percent" else number


def format_value(value: float | None, indicator: Indicator) -> str:
    """'145', '4.3%', '36.2 per 100,000', '11.02 per 100' or '3.1 points', to the indicator's decimals.

    The one formatter of an indicator's numbers: sentences, cards, chart hover text and labels.
    """
    bare = format_bare(value, indicator)
    label = UNIT_LABEL.get(indicator.unit, "")
    if is_missing(value) or indicator.unit == "percent" or not label:
        return bare
    return f"{bare} {label}"


def format_with_phrase(value: float | None, indicator: Indicator) -> str:
    """The number with the indicator's plain-English unit phrase, which replaces the unit label
    (never both): '1.8% of 16-17 year olds', '11.02 suspensions per 100 pupils'."""
    phrase = indicator.unit_phrase.strip()
    if not phrase or is_missing(value):
        return format_value(value, indicator)
    number = format_number(float(value), _decimals(float(value), indicator))  # type: ignore[arg-type]
    if indicator.unit == "percent":
        return f"{number}{phrase}" if phrase.startswith("%") else f"{number}% {phrase}"
    return f"{number} {phrase}"


def format_change(change: float | None, indicator: Indicator, short: bool = False) -> str:
    """A signed difference in the indicator's unit: '+0.6 percentage points' ('+0.6 pp' short),
    '−222 per 100,000', '+38'. Percentages change by points, not by per cent."""
    if is_missing(change):
        return "no data"
    change = float(change)  # type: ignore[arg-type]
    number = format_number(abs(change), _decimals(abs(change), indicator))
    # An ASCII minus when short: st.metric reads the sign of its delta text to choose the arrow.
    sign = "" if float(number.replace(",", "")) == 0 else ("+" if change > 0 else ("-" if short else "−"))
    if indicator.unit == "percent":
        unit = " pp" if short else " percentage points"
    else:
        label = UNIT_LABEL.get(indicator.unit, "")
        unit = f" {label}" if label and not short else ""
    return f"{sign}{number}{unit}"


def format_marker(marker: str | None) -> str:
    """'c' -> '[c]'; '' or None -> ''."""
    if is_missing(marker) or not str(marker).strip():
        return ""
    return f"[{str(marker).strip().strip('[]')}]"


def format_ratio(value: float | None) -> str:
    """Ratios (RRI, representation) to 1 decimal place; 2 when that would round to 0.0."""
    if is_missing(value):
        return "no data"
    text = format_number(float(value), 1)  # type: ignore[arg-type]  # narrowed by the is_missing/None check above
    return format_number(float(value), 2) if text == "0.0" else text  # type: ignore[arg-type]  # narrowed by the is_missing/None check above


def format_share(value: float | None) -> str:
    """A percentage share: whole numbers as '16%', else one decimal ('14.2%', '2.0%'); tiny ones '0.45%'."""
    if is_missing(value):
        return "no data"
    value = float(value)  # type: ignore[arg-type]  # narrowed by the is_missing/None check above
    whole = abs(value) >= 10 and round(value, 1) == round(value)
    decimals = 0 if whole else 1 if abs(value) >= 1 else 2
    return f"{format_number(value, decimals)}%"


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _test_aside(verdict: Verdict) -> str:
    if not verdict.method:
        return ""
    p = "" if verdict.p_value is None else f", {_p_text(verdict.p_value)}"
    return f" ({verdict.method}{p})"


def _p_text(p: float) -> str:
    return "p < 0.001" if p < 0.001 else f"p = {format_number(p, 3)}"


def _movement(indicator: Indicator, s: Status, area: str) -> str:
    noun = "rate" if indicator.is_rate else _UNIT_NOUN.get(indicator.unit, "value")
    latest = format_with_phrase(s.latest_value, indicator)
    first, first_period, latest_period = s.baseline_value, s.baseline_period, s.latest_period
    if is_missing(first) or not first_period or first_period == latest_period:
        return f"{area}'s {noun} was {latest} in {latest_period}."
    if format_bare(first, indicator) == format_bare(s.latest_value, indicator):
        return f"{area}'s {noun} was {latest} in both {first_period} and {latest_period}."
    verb = "rose" if s.latest_value > first else "fell"  # type: ignore[operator]
    return (
        f"{area}'s {noun} {verb} from {format_with_phrase(first, indicator)} "
        f"in {first_period} to {format_bare(s.latest_value, indicator)} in {latest_period}."
    )


def latest_note(s: Status) -> str:
    """'2023/24: [c]; latest published 2022/23.' and/or the staleness warning; '' when neither."""
    parts = []
    if s.suppressed_period:
        parts.append(f"{s.suppressed_period}: [c] ({MARKER_MEANING['c']}); latest published {s.latest_period}.")
    if s.stale:
        parts.append(f"The latest figure is for {s.latest_period}, more than two years ago.")
    return " ".join(parts)


def _baseline_sentence(s: Status) -> str:
    v = s.baseline
    if v is None:
        return ""
    if v.reason is not None:
        return f"No verdict against the baseline ({v.label.removeprefix('vs ')}): {v.reason}."
    word = _BENCHMARK_WORD[v.outcome or "similar"]
    return f"The latest value is {word} the baseline ({s.baseline_period}){_test_aside(v)}."


def _trend_sentence(s: Status) -> str:
    v = s.trend
    if v is None:
        return ""
    if v.reason is not None:
        return f"Recent trend: no verdict ({v.reason})."
    aside = _test_aside(v)
    if v.p_value is not None:  # p = 0.013 beside "no significant change" reads as a contradiction otherwise
        # (the method tests at the 99.8% level; no "99.8%" here: a reading keeps to the indicator's decimals)
        aside = f"{aside[:-1]}; significant means p < 0.002, the threshold of the Fingertips recent-trend method)"
    return f"Over the 5 most recent periods there is {_TREND_WORD[v.outcome or '']}{aside}."


def _comparison_sentences(s: Status) -> list[str]:
    judged = [
        f"{_BENCHMARK_WORD[v.outcome]} {name}{_test_aside(v)}"
        for name, v in s.comparisons.items()
        if v.outcome in _BENCHMARK_WORD
    ]
    out = [f"The latest value is {_join(judged)}."] if judged else []
    reasons: dict[str, list[str]] = {}
    for name, v in s.comparisons.items():
        if v.reason is not None:
            reasons.setdefault(str(v.reason), []).append(name)
    out += [f"Not compared with {_join(names)}: {reason}." for reason, names in reasons.items()]
    return out


def target_reading(s: Status, target: Target | None) -> str:
    """The target verdict with who set the target and when; '' when the council set none."""
    if s.target is None or target is None or not target.council_set:
        return ""
    what = (
        "improve on the baseline"
        if target.kind == "direction"
        else f"reach {target.target_value:g} by {target.target_period}"
    )
    if s.target.reason is not None:
        return f"Target ({what}, {target.source}): no verdict ({s.target.reason})."
    return f"{_TARGET_WORD[s.target.outcome or '']} ({what}, {target.source}){_test_aside(s.target)}."


def status_reading(indicator: Indicator, s: Status, target: Target | None = None, *, area: str) -> str:
    """The page's plain-English summary: movement, which way is better, then every verdict or its reason.

    >>> status_reading(ind, status, area="Islington")  # doctest: +SKIP
    "Islington's rate fell from 367 per 100,000 children aged 10-17 in 2019 to 145 in 2024. Lower is
    better. The latest value is significantly better than the baseline (2019) (exact conditional test
    of two Poisson rates, p < 0.001). ..."
    """
    if is_missing(s.latest_value) or not s.latest_period:
        return NO_DATA
    sentences = [latest_note(s), _movement(indicator, s, area), _POLARITY_SENTENCE.get(indicator.polarity, "")]
    shared = {v.reason for v in s.verdicts().values()}
    if shared == {Reason.ILLUSTRATIVE}:
        sentences.append("These figures are illustrative, so no verdict is given.")
    else:
        sentences += [_baseline_sentence(s), _trend_sentence(s), *_comparison_sentences(s), target_reading(s, target)]
    return " ".join(x for x in sentences if x)


def _plain_fraction(text: str) -> str:
    """'half as likely' / '30% less likely' for an RRI below 1, from its displayed text."""
    if float(text) == 0.5:
        return "half as likely"
    return f"{format_number((1 - float(text)) * 100, 0)}% less likely"


def format_bound(value: float | None) -> str:
    """A ratio's interval bound with enough decimals that its side of 1 shows: 1.04, not 1.0; 0.996, not 1.0.

    Starts at 1 decimal place (as format_ratio) and adds places, up to 4, while the rounded text
    would read as 1 (or cross it) for a bound that is not exactly 1.
    """
    if is_missing(value):
        return "no data"
    v = float(value)  # type: ignore[arg-type]
    text = format_ratio(v)
    for decimals in range(2, 5):
        shown = float(text.replace(",", ""))
        if v == 1 or (shown > 1) == (v > 1) and (shown < 1) == (v < 1):
            break
        text = format_number(v, decimals)
    return text


def rri_reading(
    group_label: str,
    reference_label: str,
    rri: float | None,
    lower: float | None,
    upper: float | None,
    stage_phrase: str,
    low_reliability: bool = False,
    marker: str | None = None,
    reference_unreliable: bool = False,
) -> str:
    """'Black children were 2.4 times as likely as White children to <stage> (95% CI 1.9 to 3.0).'

    Below 1 the plain fraction comes first: '0.5 times as likely ... (half as likely; 95% CI ...)'.
    No events in the group reads as such, never '0.00 times as likely'. Bounds show enough decimals
    that whether the interval includes 1 is visible in the numbers (1.04 to 1.9).
    """
    if format_marker(marker) == "[c]" or is_missing(rri):
        symbol = format_marker(marker) or "[x]"
        meaning = MARKER_MEANING.get(symbol.strip("[]"), "not available")
        return f"{group_label} children compared with {reference_label} children: {symbol} {meaning}."
    caution = (
        f" The reference group ({reference_label} children) has fewer than 10 events, so every ratio "
        "against it is unreliable."
        if reference_unreliable
        else ""
    )
    if float(rri) == 0:  # type: ignore[arg-type]
        return (
            f"{group_label} children compared with {reference_label} children: no events in the group, "
            f"so no ratio is given.{caution}"
        )
    text = format_ratio(rri)
    notes = [] if float(text) >= 1 else [_plain_fraction(text)]
    has_ci = not (is_missing(lower) or is_missing(upper))
    if has_ci:
        notes.append(f"95% CI {format_bound(lower)} to {format_bound(upper)}")
    aside = f" ({'; '.join(notes)})" if notes else ""
    sentences = [
        f"{group_label} children were {text} times as likely as {reference_label} children to {stage_phrase}{aside}."
    ]
    if has_ci and float(lower) <= 1 <= float(upper):  # type: ignore[arg-type]
        sentences.append("The difference is not statistically significant.")
    if low_reliability or format_marker(marker) == "[u]":
        sentences.append(f"[u] {MARKER_MEANING['u']}.")
    return " ".join(sentences) + caution


def representation_reading(
    cohort_share: float | None,
    population_share: float | None,
    cohort_name: str,
    population_name: str,
    group_phrase: str,
    ratio: float | None = None,
    lower: float | None = None,
    upper: float | None = None,
    low_reliability: bool = False,
) -> str:
    """'16% of the youth offending service cohort had an EHC plan against 2.0% of secondary pupils:
    8.0 times their share.' Shares are percentages (0-100); with an interval, whether it includes 1.

    >>> representation_reading(30, 26, "children who offended", "all pupils", "were Black", 1.153, 1.01, 1.317)
    '30% of children who offended were Black against 26% of all pupils: 1.2 times their share (95% CI 1.01 to 1.3).'
    """
    if is_missing(cohort_share) or is_missing(population_share):
        return NO_DATA
    if is_missing(ratio):
        ratio = float(cohort_share) / float(population_share) if population_share else None  # type: ignore[arg-type]  # narrowed by the is_missing/None check above
    sentence = (
        f"{format_share(cohort_share)} of {cohort_name} {group_phrase} against "
        f"{format_share(population_share)} of {population_name}"
    )
    if is_missing(ratio):
        return sentence + "."
    has_ci = not (is_missing(lower) or is_missing(upper))
    aside = f" (95% CI {format_bound(lower)} to {format_bound(upper)})" if has_ci else ""
    sentences = [f"{sentence}: {format_ratio(ratio)} times their share{aside}."]
    if has_ci and float(lower) <= 1 <= float(upper):  # type: ignore[arg-type]
        sentences.append("The difference is not statistically significant.")
    if low_reliability:
        sentences.append(f"[u] {MARKER_MEANING['u']}.")
    return " ".join(sentences)


def cohort_reading(frame: pd.DataFrame, indicator: Indicator, total: float | None = None, *, area: str) -> str:
    """Highest and lowest published groups against the council's total (frame: label, value, marker)."""
    published = frame[frame["value"].notna()] if "value" in frame else frame.iloc[0:0]
    hidden = len(frame) - len(published)
    if published.empty:
        return NO_DATA
    parts: list[str] = []
    if len(published) >= 2 and published["value"].nunique() == 1:
        parts.append(
            f"All {len(published)} groups with published figures had the same value "
            f"({format_value(published['value'].iloc[0], indicator)})."
        )
    elif len(published) >= 2:
        top = published.loc[published["value"].idxmax()]
        low = published.loc[published["value"].idxmin()]
        parts.append(
            f"Of the {len(published)} groups with published figures, the value was highest for the "
            f"{top['label']} group ({format_value(top['value'], indicator)}) and lowest for the "
            f"{low['label']} group ({format_value(low['value'], indicator)})."
        )
    else:
        only = published.iloc[0]
        parts.append(
            f"Only the {only['label']} group has a published figure ({format_value(only['value'], indicator)})."
        )
    if not is_missing(total):
        parts.append(f"The figure for all children in {area} was {format_value(total, indicator)}.")
    if hidden:
        groups = "group is" if hidden == 1 else "groups are"
        parts.append(f"{hidden} {groups} not shown because the numbers are too small or not available.")
    return " ".join(parts)
