"""Worked examples for indicators.targets: trajectories by period start date, and the on/off rule."""

from __future__ import annotations

import pytest

from indicators.periods import parse_period
from indicators.targets import Target, target_status, trajectory


def _fy(*codes):
    return [parse_period(c, "financial_year") for c in codes]


def test_trajectory_is_linear_by_start_date():
    # baseline 2019/20 (starts 2019-04-01) at 10, target 5 by 2024/25 (starts 2024-04-01):
    # span 5·365 + 2 leap days (29 Feb 2020, 29 Feb 2024) = 1,827 days.
    # 2021/22 starts 2021-04-01, 366 + 365 = 731 days in: 10 − 5·731/1827 = 7.999453
    # 2022/23: 1,096 days: 10 − 5·1096/1827 = 7.000547
    target = Target("suspension_rate", "2019/20", "value", 5.0, "2024/25")
    got = dict(trajectory(target, 10.0, _fy("2019/20", "2021/22", "2022/23", "2024/25")))
    assert got["2019/20"] == pytest.approx(10.0)
    assert got["2021/22"] == pytest.approx(7.999453, abs=1e-6)
    assert got["2022/23"] == pytest.approx(7.000547, abs=1e-6)
    assert got["2024/25"] == pytest.approx(5.0)


def test_trajectory_before_baseline_left_out_after_target_held():
    target = Target("neet_16_17", "2019/20", "value", 2.0, "2023/24")
    got = trajectory(target, 4.0, _fy("2025/26", "2018/19", "2019/20"))
    assert got == [("2019/20", 4.0), ("2025/26", 2.0)]


@pytest.mark.parametrize(
    "target,baseline",
    [
        (Target("x", kind="direction"), 10.0),  # direction only: no line to draw
        (Target("x", kind="value", target_value=5.0), None),  # no baseline value
        (Target("x", kind="value", target_value=None), 10.0),  # no target value
    ],
)
def test_no_trajectory(target, baseline):
    assert trajectory(target, baseline, _fy("2019/20", "2020/21")) == []


def test_target_defaults():
    t = Target("first_time_entrants")
    assert (t.baseline_period, t.kind, t.target_period) == ("2019/20", "direction", "2024/25")
    with pytest.raises(ValueError):
        Target("x", kind="someday")


DIRECTION = Target("first_time_entrants", kind="direction")
VALUE = Target("neet_16_17", kind="value", target_value=2.0)

STATUS = [
    # target, polarity, baseline, latest, lower, upper, expected, status, comparison
    # value: latest 2.8 vs trajectory 3.0 (low is good) → on track; 3.0 inside 2.5-3.1 → not sig.
    (VALUE, "low_is_good", 4.0, 2.8, 2.5, 3.1, 3.0, "on_track", "similar"),
    # value: equal to the trajectory counts as on track
    (VALUE, "low_is_good", 4.0, 3.0, 2.7, 3.3, 3.0, "on_track", "similar"),
    # value: worse than the trajectory, significantly → off track
    (VALUE, "low_is_good", 4.0, 3.6, 3.3, 3.9, 3.0, "off_track", "worse"),
    # value: worse by the point estimate but not significantly → still off track (reason says so)
    (VALUE, "low_is_good", 4.0, 3.2, 2.9, 3.5, 3.0, "off_track", "similar"),
    # high is good: 64 against a trajectory of 60, which lies below the CI 62-66 → on track, better
    (Target("x", kind="value", target_value=70.0), "high_is_good", 50.0, 64.0, 62.0, 66.0, 60.0, "on_track", "better"),
    # a direction-only target compares two uncertain figures: the baseline test decides (status.py)
    (DIRECTION, "low_is_good", 300.0, 250.0, 220.0, 280.0, None, "not_enough_data", "not_compared"),
]


@pytest.mark.parametrize("target,polarity,baseline,latest,lower,upper,expected,status,comparison", STATUS)
def test_target_status(target, polarity, baseline, latest, lower, upper, expected, status, comparison):
    result = target_status(target, polarity, baseline, latest, lower, upper, expected)
    assert (result.status, result.comparison) == (status, comparison)
    assert result.reason


def test_target_status_reason_reports_significance():
    result = target_status(VALUE, "low_is_good", 4.0, 3.2, 2.9, 3.5, 3.0)
    assert "worse than the trajectory" in result.reason
    assert "not significantly different" in result.reason


@pytest.mark.parametrize(
    "target,polarity,baseline,latest,expected,reason",
    [
        (VALUE, "no_judgement", 300.0, 250.0, 3.0, "no direction"),
        (VALUE, "low_is_good", 300.0, None, 3.0, "no latest value"),
        (VALUE, "low_is_good", 300.0, float("nan"), 3.0, "no latest value"),
        (VALUE, "low_is_good", 4.0, 2.8, None, "no trajectory value"),
    ],
)
def test_not_enough_data(target, polarity, baseline, latest, expected, reason):
    result = target_status(target, polarity, baseline, latest, None, None, expected)
    assert result.status == "not_enough_data"
    assert reason in result.reason


@pytest.mark.parametrize(
    "set_by,set_on,council_set,source",
    [
        ("Youth Safety Board", "2021-03-15", True, "set by Youth Safety Board on 2021-03-15"),
        ("", "2021-03-15", False, ""),  # nobody named: not a council target
        ("Youth Safety Board", "", False, ""),  # undated: not a council target
        ("  ", "2021-03-15", False, ""),
    ],
)
def test_only_a_named_and_dated_target_is_a_council_target(set_by, set_on, council_set, source):
    target = Target("first_time_entrants", "2019", "value", 150.0, "2024", set_by=set_by, set_on=set_on)
    assert (target.council_set, target.source) == (council_set, source)


def test_shipped_config_sets_no_numeric_target():
    from indicators.settings import Settings

    assert Settings().targets == {}
