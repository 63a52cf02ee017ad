"""Readings: worked inputs -> exact sentences, and the numbers in them match the chart data."""

from __future__ import annotations

import math
import re

import pandas as pd
import pytest

from indicators.catalogue import Indicator
from indicators.readings import (
    NO_DATA,
    cohort_reading,
    format_bound,
    format_change,
    format_marker,
    format_ratio,
    format_share,
    format_value,
    format_with_phrase,
    representation_reading,
    round_half_up,
    rri_reading,
    status_reading,
    target_reading,
)
from indicators.status import Reason, Status, Verdict
from indicators.targets import Target


def make_indicator(
    unit: str = "rate_per_100000", decimals: int = 0, polarity: str = "low_is_good", unit_phrase: str = ""
) -> Indicator:
    return Indicator(
        id="test_indicator",
        title="Test indicator",
        description="d",
        definition="d",
        polarity=polarity,
        unit=unit,
        period_type="calendar_year",
        source={"publisher": "ONS", "name": "Test", "url": "https://example.org"},
        objectives=[1],
        strands=["s"],
        decimals=decimals,
        unit_phrase=unit_phrase,
    )


RATE = make_indicator(unit_phrase="per 100,000 children aged 10-17")
PERCENT = make_indicator(unit="percent", decimals=1, polarity="high_is_good")
COUNT = make_indicator(unit="count", decimals=0, unit_phrase="victims")
CONTEXT = make_indicator(polarity="no_judgement", decimals=1)
GAP = make_indicator(unit="gap_points", decimals=1)


@pytest.mark.parametrize(
    "value,indicator,expected",
    [
        (145, RATE, "145 per 100,000"),
        (36.15, make_indicator(decimals=1), "36.2 per 100,000"),  # half up, not banker's (36.1)
        (4.25, PERCENT, "4.3%"),  # 4.25 is exact in binary: still up
        (1234, COUNT, "1,234"),
        (41.0, make_indicator(unit="count", decimals=1), "41"),  # whole counts never get ".0"
        (-0.04, GAP, "0.0 points"),  # no "-0.0"
        (-12.345, GAP, "-12.3 points"),
        (None, RATE, "no data"),
        (float("nan"), PERCENT, "no data"),
    ],
)
def test_format_value(value, indicator, expected):
    assert format_value(value, indicator) == expected


@pytest.mark.parametrize(
    "marker,expected",
    [
        ("c", "[c]"),
        ("low", "[low]"),
        ("x", "[x]"),
        ("z", "[z]"),
        ("u", "[u]"),
        ("[u]", "[u]"),
        ("", ""),
        (None, ""),
        (float("nan"), ""),
    ],
)
def test_format_marker(marker, expected):
    assert format_marker(marker) == expected


@pytest.mark.parametrize(
    "value,expected",
    [
        (16, "16%"),
        (2.0, "2.0%"),
        (12.46, "12.5%"),
        (1.25, "1.3%"),
        (0.454, "0.45%"),
    ],
)
def test_format_share(value, expected):
    assert format_share(value) == expected


def status(latest_period="2024", latest=145.0, base_period="2019", base=367.0, **verdicts) -> Status:
    out = Status(
        latest_period=latest_period,
        latest_value=latest,
        baseline_period=base_period,
        baseline_value=base,
        change=None if base is None or latest is None else latest - base,
    )
    out.trend = verdicts.pop("trend", None)
    out.baseline = verdicts.pop("baseline", None)
    out.target = verdicts.pop("target", None)
    out.comparisons = verdicts.pop("comparisons", {})
    for key, value in verdicts.items():
        setattr(out, key, value)
    return out


POISSON = "exact conditional test of two Poisson rates"


@pytest.mark.parametrize(
    "indicator,s,expected",
    [
        # every verdict given, each with its method and p-value
        (
            RATE,
            status(
                trend=Verdict("Trend", "improving", None, "weighted least squares", 0.0004),
                baseline=Verdict("vs 2019", "better", None, POISSON, 0.00002),
                comparisons={"London": Verdict("vs London", "similar", None, POISSON, 0.2512)},
            ),
            "Islington's rate fell from 367 per 100,000 children aged 10-17 in 2019 to 145 in 2024. Lower is better. "
            "The latest value is significantly better than the baseline (2019) (exact conditional test of two Poisson "
            "rates, p < 0.001). Over the 5 most recent periods there is a statistically significant improvement "
            "(weighted least squares, p < 0.001; significant means p < 0.002, the threshold of the Fingertips "
            "recent-trend method). "
            "The latest value is not significantly different from London "
            "(exact conditional test of two Poisson rates, p = 0.251).",
        ),
        # the serious-violence case: 173 vs 211 is not significant, and the reading says so
        (
            COUNT,
            status(
                "2024/25",
                173.0,
                "2019/20",
                211.0,
                baseline=Verdict("vs 2019/20", "similar", None, POISSON, 0.058865),
                trend=Verdict("Trend", reason=Reason.TOO_FEW_PERIODS),
                comparisons={
                    "London": Verdict("vs London", reason=Reason.COUNT),
                    "England": Verdict("vs England", reason=Reason.COUNT),
                },
            ),
            "Islington's figure fell from 211 victims in 2019/20 to 173 in 2024/25. Lower is better. The latest value "
            "is not significantly different from the baseline (2019/20) (exact conditional test of two Poisson rates, "
            "p = 0.059). Recent trend: no verdict (too few periods). Not compared with London and England: count: "
            "compared over time only.",
        ),
        # the reasons are said, never a verdict
        (
            PERCENT,
            status(
                "2024/25",
                67.8,
                "2018/19",
                71.0,
                baseline=Verdict("vs 2018/19", reason=Reason.SERIES_BREAK),
                trend=Verdict("Trend", reason=Reason.SERIES_BREAK),
                comparisons={"England": Verdict("vs England", reason=Reason.NO_INTERVAL)},
            ),
            "Islington's percentage fell from 71.0% in 2018/19 to 67.8% in 2024/25. Higher is better. No verdict "
            "against the baseline (2018/19): series break. Recent trend: no verdict (series break). Not compared with "
            "England: no interval published.",
        ),
        # illustrative: one sentence, no verdict words
        (
            PERCENT,
            status(
                "2024/25",
                60.0,
                "2019/20",
                55.0,
                baseline=Verdict("vs 2019/20", reason=Reason.ILLUSTRATIVE),
                trend=Verdict("Trend", reason=Reason.ILLUSTRATIVE),
            ),
            "Islington's percentage rose from 55.0% in 2019/20 to 60.0% in 2024/25. Higher is better. These figures "
            "are illustrative, so no verdict is given.",
        ),
        # a suppressed latest period is reported, not replaced; a stale series says so
        (
            RATE,
            status(
                "2022",
                150.0,
                None,
                None,
                suppressed_period="2023",
                stale=True,
                trend=Verdict("Trend", reason=Reason.SUPPRESSED),
            ),
            "2023: [c] (suppressed: too few children to publish); latest published 2022. The latest figure is for "
            "2022, more than two years ago. Islington's rate was 150 per 100,000 children aged 10-17 in 2022. Lower is "
            "better. Recent trend: no verdict (latest period suppressed).",
        ),
        (RATE, status("2024", None), NO_DATA),
    ],
)
def test_status_reading(indicator, s, expected):
    assert status_reading(indicator, s, area="Islington") == expected


def test_a_trend_p_value_above_the_998_level_is_read_as_no_change_and_says_why() -> None:
    """NEET 16-17 in Islington: chi-squared trend p = 0.013 is not significant at the 99.8% level (p < 0.002)."""
    method = "chi-squared test for linear trend in proportions"
    s = status(trend=Verdict("Trend", "no_significant_change", None, method, 0.013))
    assert (
        f"there is no statistically significant change ({method}, p = 0.013; significant means p < 0.002, the "
        "threshold of the Fingertips recent-trend method)." in status_reading(RATE, s, area="Islington")
    )


@pytest.mark.parametrize("first,latest", [(366.5, 145.49), (0.05, 12345.5), (99.94, 100.06), (2.5, 3.5)])
def test_status_reading_numbers_match_inputs_after_rounding(first, latest):
    indicator = make_indicator(decimals=1, unit_phrase="per 100,000 children")
    sentence = status_reading(indicator, status("2024", latest, "2019", first), area="Islington")
    numbers = [float(n.replace(",", "")) for n in re.findall(r"\d[\d,]*\.\d", sentence)]
    assert numbers == [round_half_up(first, 1), round_half_up(latest, 1)]


SET = Target("first_time_entrants", "2019", "value", 150.0, "2024", set_by="Youth Safety Board", set_on="2021-03-15")


@pytest.mark.parametrize(
    "target,verdict,expected",
    [
        (
            SET,
            Verdict("Target", "on_track", None, "latest value against the target trajectory"),
            "On track against the target (reach 150 by 2024, set by Youth Safety Board on 2021-03-15) (latest value "
            "against the target trajectory).",
        ),
        (
            SET,
            Verdict("Target", reason=Reason.SERIES_BREAK),
            "Target (reach 150 by 2024, set by Youth Safety Board on 2021-03-15): no verdict (series break).",
        ),
        # a target nobody set (the default baseline row) gives no target sentence at all
        (Target("first_time_entrants", "2019", "value", 150.0, "2024"), Verdict("Target", "on_track"), ""),
        (SET, None, ""),
    ],
)
def test_target_reading_names_who_set_the_target(target, verdict, expected):
    assert target_reading(status(target=verdict), target) == expected


@pytest.mark.parametrize(
    "value,indicator,expected",
    [
        (
            1.8,
            make_indicator(unit="percent", decimals=1, unit_phrase="% of 16-17 year olds"),
            "1.8% of 16-17 year olds",
        ),
        (
            5.6345,
            make_indicator(unit="rate_per_100", decimals=2, unit_phrase="suspensions per 100 pupils"),
            "5.63 suspensions per 100 pupils",
        ),
        (11.0217, make_indicator(unit="rate_per_100", decimals=2), "11.02 per 100"),
        (130.0, make_indicator(unit="rate_per_100", decimals=2), "130.00 per 100"),  # events: may pass 100
        (4.3, make_indicator(unit="percent", decimals=1, unit_phrase="of pupils"), "4.3% of pupils"),
    ],
)
def test_one_unit_phrase_never_two(value, indicator, expected):
    text = format_with_phrase(value, indicator)
    assert text == expected
    assert "% %" not in text and "%%" not in text


@pytest.mark.parametrize(
    "change,indicator,short,expected",
    [
        (0.6, PERCENT, False, "+0.6 percentage points"),
        (0.6, PERCENT, True, "+0.6 pp"),
        (-222.0, RATE, False, "−222 per 100,000"),
        (-222.0, RATE, True, "-222"),
        (38.0, COUNT, False, "+38"),
        (0.04, PERCENT, False, "0.0 percentage points"),  # rounds to nothing: no sign
    ],
)
def test_format_change(change, indicator, short, expected):
    assert format_change(change, indicator, short) == expected


STAGE = "enter the youth justice system"


@pytest.mark.parametrize(
    "args,expected",
    [
        (
            ("Black", "White", 2.4, 1.9, 3.0, STAGE),
            "Black children were 2.4 times as likely as White children to enter the youth justice system "
            "(95% CI 1.9 to 3.0).",
        ),
        (
            ("Asian", "White", 0.5, 0.3, 0.8, STAGE),
            "Asian children were 0.5 times as likely as White children to enter the youth justice system "
            "(half as likely; 95% CI 0.3 to 0.8).",
        ),
        (
            ("Asian", "White British", 0.7, 0.52, 0.94, STAGE),
            "Asian children were 0.7 times as likely as White British children to enter the youth justice "
            "system (30% less likely; 95% CI 0.5 to 0.9).",
        ),
        (
            ("Mixed", "White", 1.26, 0.8, 2.1, STAGE),
            "Mixed children were 1.3 times as likely as White children to enter the youth justice system "
            "(95% CI 0.8 to 2.1). The difference is not statistically significant.",
        ),
        (
            ("White Irish", "White British", 3.0, 0.94, 9.5, STAGE, True, "u"),
            "White Irish children were 3.0 times as likely as White British children to enter the youth "
            "justice system (95% CI 0.9 to 9.5). The difference is not statistically significant. "
            "[u] low reliability: based on fewer than 10 events.",
        ),
        (
            ("Other ethnic group", "White", None, None, None, STAGE, False, "c"),
            "Other ethnic group children compared with White children: [c] suppressed: too few children to publish.",
        ),
        (
            ("Black", "White", 2.4, None, None, STAGE),
            "Black children were 2.4 times as likely as White children to enter the youth justice system.",
        ),
        # 0 of 1,373 children: no events, never "0.00 times as likely (100% less likely)"
        (
            ("Asian", "White", 0.0, None, None, STAGE),
            "Asian children compared with White children: no events in the group, so no ratio is given.",
        ),
        # significance visible in the numbers: 1.04 to 1.9 excludes 1 ...
        (
            ("Black", "White", 1.4, 1.04, 1.9, STAGE),
            "Black children were 1.4 times as likely as White children to enter the youth justice system "
            "(95% CI 1.04 to 1.9).",
        ),
        # ... 0.98 to 2.0 includes it
        (
            ("Mixed", "White", 1.4, 0.98, 2.0, STAGE),
            "Mixed children were 1.4 times as likely as White children to enter the youth justice system "
            "(95% CI 0.98 to 2.0). The difference is not statistically significant.",
        ),
        # an unreliable reference group is named as such
        (
            ("Black", "White Irish", 2.4, 1.9, 3.0, STAGE, True, "u", True),
            "Black children were 2.4 times as likely as White Irish children to enter the youth justice system "
            "(95% CI 1.9 to 3.0). [u] low reliability: based on fewer than 10 events. The reference group (White "
            "Irish children) has fewer than 10 events, so every ratio against it is unreliable.",
        ),
    ],
)
def test_rri_reading(args, expected):
    assert rri_reading(*args) == expected


def test_representation_reading_worked_example():
    assert representation_reading(
        16, 2.0, "the youth offending service cohort", "secondary pupils", "had an EHC plan", 8.0
    ) == (
        "16% of the youth offending service cohort had an EHC plan against 2.0% of secondary pupils: "
        "8.0 times their share."
    )


def test_representation_reading_computes_the_ratio_and_handles_missing_shares():
    text = representation_reading(35, 12.5, "the cohort", "pupils", "had SEN support")
    assert text.endswith(": 2.8 times their share.")
    assert representation_reading(None, 2.0, "the cohort", "pupils", "had an EHC plan") == NO_DATA


def test_cohort_reading_names_highest_lowest_and_total():
    frame = pd.DataFrame(
        {
            "label": ["White", "Black", "Asian", "Mixed"],
            "value": [120.0, 300.4, math.nan, 210.0],
            "marker": ["", "", "c", ""],
        }
    )
    assert cohort_reading(frame, RATE, total=160, area="Islington") == (
        "Of the 3 groups with published figures, the value was highest for the Black group "
        "(300 per 100,000) and lowest for the White group (120 per 100,000). The figure for all "
        "children in Islington was 160 per 100,000. 1 group is not shown because the numbers are "
        "too small or not available."
    )


def test_cohort_reading_with_nothing_published():
    frame = pd.DataFrame({"label": ["Black"], "value": [math.nan], "marker": ["c"]})
    assert cohort_reading(frame, RATE, area="Islington") == NO_DATA


@pytest.mark.parametrize("value,expected", [(2.449, "2.4"), (2.45, "2.5"), (0.04, "0.04"), (None, "no data")])
def test_format_ratio(value, expected):
    assert format_ratio(value) == expected


@pytest.mark.parametrize(
    "value,expected",
    [
        (1.04, "1.04"),
        (1.9, "1.9"),
        (0.98, "0.98"),
        (0.996, "0.996"),
        (1.0, "1.0"),
        (0.95, "0.95"),
        (1.0004, "1.0004"),
        (2.35, "2.4"),
        (None, "no data"),
    ],
)
def test_format_bound_shows_which_side_of_one(value, expected):
    assert format_bound(value) == expected
