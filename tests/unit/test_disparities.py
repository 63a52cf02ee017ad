"""The explain-or-change register's pure rules (indicators.disparities)."""

from __future__ import annotations

import pandas as pd
import pytest

from indicators.disparities import all_complete, flag, interval_text, plan_changes

KEY = ("rri", "yj_arrests", "ethnicity", "black", "population")


def _findings(rows: list[tuple[str, float, float, float, str, bool]]) -> pd.DataFrame:
    """rows: (period, ratio, lower, upper, marker, significant) for the key above."""
    return pd.DataFrame(
        [
            {
                "measure": KEY[0], "indicator_id": KEY[1], "dimension": KEY[2], "category": KEY[3], "basis": KEY[4],
                "stage": "Arrests", "group": "Black", "period": p, "period_start": pd.Timestamp(f"{p[:4]}-04-01"),
                "ratio": r, "lower": lo, "upper": hi, "marker": m, "significant": s,
            }
            for p, r, lo, hi, m, s in rows
        ]
    )  # fmt: skip


def _entries(*rows: tuple[int, str, str]) -> pd.DataFrame:
    cols = ["id", "status", "period", "measure", "indicator_id", "dimension", "category", "basis"]
    return pd.DataFrame([(i, s, p, *KEY) for i, s, p in rows], columns=cols)


NO_ENTRIES = _entries()


@pytest.mark.parametrize(
    ("ratio", "lower", "upper", "marker", "significant", "threshold", "expected"),
    [
        (2.50, 2.00, 3.11, "", True, 1.25, True),  # reliable, significant, beyond 1.25
        (1.20, 1.05, 1.37, "", True, 1.25, False),  # significant but inside the threshold
        (0.70, 0.55, 0.89, "", True, 1.25, True),  # 0.70 <= 1/1.25 = 0.8: below the inverse
        (0.85, 0.75, 0.96, "", True, 1.25, False),  # 0.85 > 0.8
        (3.00, 1.20, 7.50, "u", False, 1.25, False),  # fewer than 10 events: never flagged
        (3.00, 1.20, 7.50, "c", True, 1.25, False),  # suppressed: not reliable
        (2.00, 0.90, 4.40, "", False, 1.25, False),  # interval includes 1
        (2.00, float("nan"), float("nan"), "", True, 1.25, False),  # no interval: cannot test
        (2.50, 2.00, 3.11, "", True, 3.0, False),  # a higher threshold
    ],
)
def test_flag(ratio, lower, upper, marker, significant, threshold, expected) -> None:
    frame = flag(_findings([("2023/24", ratio, lower, upper, marker, significant)]), threshold)
    assert bool(frame["flagged"].iloc[0]) is expected


def test_threshold_below_one_is_refused() -> None:
    with pytest.raises(ValueError, match="1 or more"):
        flag(_findings([("2023/24", 2.5, 2.0, 3.1, "", True)]), 0.9)


def test_a_flagged_ratio_opens_one_entry_at_its_latest_flagged_period() -> None:
    findings = flag(_findings([("2021/22", 2.0, 1.5, 2.7, "", True), ("2022/23", 2.4, 1.9, 3.0, "", True)]), 1.25)
    changes = plan_changes(findings, NO_ENTRIES)
    assert [(c.kind, c.period, c.ratio) for c in changes] == [("open", "2022/23", 2.4)]


def test_an_open_entry_takes_a_later_flagged_period() -> None:
    findings = flag(_findings([("2021/22", 2.0, 1.5, 2.7, "", True), ("2022/23", 2.4, 1.9, 3.0, "", True)]), 1.25)
    changes = plan_changes(findings, _entries((7, "open", "2021/22")))
    assert [(c.kind, c.entry_id, c.period) for c in changes] == [("update", 7, "2022/23")]


def test_closes_after_two_periods_no_longer_significant() -> None:
    rows = [("2021/22", 2.0, 1.5, 2.7, "", True), ("2022/23", 1.1, 0.8, 1.5, "", False)]
    one_quiet = flag(_findings(rows), 1.25)
    assert plan_changes(one_quiet, _entries((1, "open", "2021/22"))) == []
    two_quiet = flag(_findings([*rows, ("2023/24", 1.0, 0.7, 1.4, "", False)]), 1.25)
    (change,) = plan_changes(two_quiet, _entries((1, "open", "2021/22")))
    assert (change.kind, change.entry_id, change.reason) == ("close", 1, "no longer significant in 2022/23 and 2023/24")


def test_a_closed_entry_is_not_reopened_on_the_same_evidence_but_a_new_flag_opens_another() -> None:
    findings = flag(_findings([("2021/22", 2.0, 1.5, 2.7, "", True)]), 1.25)
    assert plan_changes(findings, _entries((1, "closed", "2021/22"))) == []
    later = flag(_findings([("2021/22", 2.0, 1.5, 2.7, "", True), ("2022/23", 2.2, 1.6, 3.0, "", True)]), 1.25)
    assert [(c.kind, c.period) for c in plan_changes(later, _entries((1, "closed", "2021/22")))] == [
        ("open", "2022/23")
    ]


def test_closes_when_every_linked_action_is_complete() -> None:
    findings = flag(_findings([("2021/22", 2.0, 1.5, 2.7, "", True)]), 1.25)
    (change,) = plan_changes(findings, _entries((3, "open", "2021/22")), {3: True})
    assert (change.kind, change.reason) == ("close", "every linked action is complete")
    assert plan_changes(findings, _entries((3, "open", "2021/22")), {3: False}) == []


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [([], False), (["complete"], True), (["complete", "on_track"], False), (["complete", None], False)],
)
def test_all_complete(statuses, expected) -> None:
    assert all_complete(statuses) is expected


def test_interval_text() -> None:
    assert interval_text(2.4958, 2.0046, 3.1075) == "2.50 (95% CI 2.00 to 3.11)"
    assert interval_text(None, None, None) == ""
