"""Worked examples for indicators.disproportionality, computed by hand (Katz log method).

RRI = (a/n_g)/(c/n_r); SE = √(1/a − 1/n_g + 1/c − 1/n_r); CI = RRI·exp(∓1.959964·SE).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from indicators.disproportionality import (
    default_reference,
    population_rri,
    representation_frame,
    representation_ratio,
    representation_ratio_ci,
    roll_up_to_major,
    rri_trend,
    stage_rri,
)
from indicators.errors import CohortError

MINOR = pd.DataFrame(
    {
        "category": [
            "white_british",
            "white_irish",
            "black_caribbean",
            "asian_bangladeshi",
            "mixed_white_black_caribbean",
        ],
        "events": [50, 3, 40, 12, 9],
        "population": [10_000, 800, 2_000, 2_400, 300],
    }
)


def _row(frame, category):
    return frame.set_index("category").loc[category]


POPULATION_RRI = [
    # category, rri, lower, upper, low_reliability, significant
    # (40/2000)/(50/10000) = 4; SE = √(0.025 − 0.0005 + 0.02 − 0.0001) = √0.0444 = 0.210713
    ("black_caribbean", 4.0, 2.646675, 6.04532, False, True),
    # (12/2400)/(50/10000) = 1; SE = √(1/12 − 1/2400 + 0.0199) = 0.32065 → CI 0.5334-1.8747
    ("asian_bangladeshi", 1.0, 0.533411, 1.874727, False, False),
    # (9/300)/(50/10000) = 6; SE = √(1/9 − 1/300 + 0.0199) = 0.35732 → CI 2.9785-12.0866
    # excludes 1 but 9 events < 10: low reliability, so not coloured significant
    ("mixed_white_black_caribbean", 6.0, 2.978514, 12.086563, True, False),
]


@pytest.mark.parametrize("category,rri,lower,upper,low,significant", POPULATION_RRI)
def test_population_rri(category, rri, lower, upper, low, significant):
    out = population_rri(MINOR)  # default reference: white_british (minor groups present)
    row = _row(out, category)
    assert (row["rri"], row["lower"], row["upper"]) == pytest.approx((rri, lower, upper), abs=1e-5)
    assert bool(row["low_reliability"]) is low
    assert bool(row["significant"]) is significant
    assert not row["reference"]


def test_population_rri_reference_row_and_rate():
    out = population_rri(MINOR)
    ref = _row(out, "white_british")
    assert ref["reference"] and ref["rri"] == 1.0
    assert math.isnan(ref["lower"]) and not ref["significant"]
    assert ref["rate"] == pytest.approx(5.0)  # 50 per 10,000 = 5 per 1,000
    assert list(out.columns[:3]) == ["category", "events", "population"]
    assert out["reference"].sum() == 1


def test_reference_group_switching():
    # against Black Caribbean, White British is (50/10000)/(40/2000) = 0.25, CI 0.1654-0.3778
    out = population_rri(MINOR, reference="black_caribbean")
    row = _row(out, "white_british")
    assert (row["rri"], row["lower"], row["upper"]) == pytest.approx((0.25, 0.165417, 0.377832), abs=1e-5)
    assert row["significant"]
    assert _row(out, "black_caribbean")["reference"]


def test_reference_with_few_events_makes_every_row_low_reliability():
    frame = MINOR.assign(events=[8, 3, 40, 12, 9])
    out = population_rri(frame)
    assert out["low_reliability"].all() and not out["significant"].any()


def test_missing_reference_is_a_cohort_error():
    with pytest.raises(CohortError):
        population_rri(MINOR, reference="white")


def test_suppressed_events_give_nan_and_low_reliability():
    frame = MINOR.astype({"events": "float"})
    frame.loc[2, "events"] = np.nan
    row = _row(population_rri(frame), "black_caribbean")
    assert math.isnan(row["rri"]) and row["low_reliability"] and not row["significant"]


@pytest.mark.parametrize(
    "categories,expected",
    [
        (["white_british", "black_caribbean", "asian"], "white_british"),
        (["white", "black", "asian", "mixed", "other"], "white"),
        (["white", "black_african", "black_caribbean"], "white"),  # no white_british to use
        (["black_african", "asian_indian"], "white_british"),
    ],
)
def test_default_reference(categories, expected):
    assert default_reference(categories) == expected


def test_major_only_frame_defaults_to_white():
    frame = pd.DataFrame({"category": ["white", "black"], "events": [20, 40], "population": [2000, 1000]})
    out = population_rri(frame)
    assert _row(out, "white")["reference"]
    assert _row(out, "black")["rri"] == pytest.approx(4.0)


def test_stage_rri_uses_previous_stage():
    # (30/150)/(10/100) = 2; SE = √(1/30 − 1/150 + 1/10 − 1/100) = 0.341565 → 1.023975-3.906346
    frame = pd.DataFrame({"category": ["white", "black"], "events": [10, 30], "previous": [100, 150]})
    row = _row(stage_rri(frame), "black")
    assert (row["rri"], row["lower"], row["upper"]) == pytest.approx((2.0, 1.023975, 3.906346), abs=1e-5)
    assert row["rate"] == pytest.approx(20.0)  # 30 of 150 = 20%
    assert row["significant"] and not row["low_reliability"]


@pytest.mark.parametrize(
    "cohort,population,expected",
    [
        (16, 2.0, 8.0),  # strategy: 16% of the YOS cohort have an EHCP vs 2.0% of pupils
        (40, 14.2, 2.816901),  # 40% SEN support vs 14.2% → 2.82 (the strategy rounds to 2.8)
        (0.16, 0.02, 8.0),  # proportions work the same
    ],
)
def test_representation_ratio(cohort, population, expected):
    assert representation_ratio(cohort, population) == pytest.approx(expected, abs=1e-6)


def test_representation_ratio_edges():
    assert math.isnan(representation_ratio(16, 0))
    assert math.isnan(representation_ratio(None, 2.0))


def test_representation_ratio_ci_katz():
    # 16 of 100 vs 200 of 10,000: 8.0; SE = √(1/16 − 1/100 + 1/200 − 1/10000) = 0.239583
    # → 8·exp(∓0.469568) = 5.002149, 12.794502
    got = representation_ratio_ci(16, 100, 200, 10_000)
    assert got == pytest.approx((8.0, 5.002149, 12.794502), abs=1e-5)


def test_representation_frame_with_counts_and_shares():
    counts = pd.DataFrame(
        {
            "category": ["ehcp", "sen_support"],
            "cohort_count": [16, 40],
            "cohort_total": [100, 100],
            "population_count": [200, 1420],
            "population_total": [10_000, 10_000],
        }
    )
    out = representation_frame(counts)
    assert out["representation_ratio"].round(2).tolist() == [8.0, 2.82]
    assert out["cohort_share"].tolist() == [16.0, 40.0]
    # 40/100 vs 1420/10000: SE = √(1/40 − 1/100 + 1/1420 − 1/10000) = 0.124917 → 2.205171-3.598331
    assert (out.loc[1, "lower"], out.loc[1, "upper"]) == pytest.approx((2.205171, 3.598331), abs=1e-5)
    assert not out["low_reliability"].any()
    shares_only = counts[["category"]].assign(cohort_share=[16, 40], population_share=[2.0, 14.2])
    shares = representation_frame(shares_only)
    assert shares["representation_ratio"].round(1).tolist() == [8.0, 2.8]
    assert shares["lower"].isna().all() and shares["low_reliability"].all()


def test_roll_up_minor_to_major():
    frame = pd.DataFrame(
        {
            "period": ["2019/20"] * 5 + ["2020/21"] * 2,
            "category": [
                "white_british",
                "white_irish",
                "black_african",
                "black_caribbean",
                "all",
                "white_british",
                "white_other",
            ],
            "events": [5, 3, 4, 6, 30, 7, 1],
            "population": [100, 50, 40, 60, 400, 90, 20],
        }
    )
    out = roll_up_to_major(frame, ["events", "population"])
    got = {(r.period, r.category): (r.events, r.population) for r in out.itertuples()}
    assert got == {
        ("2019/20", "all"): (30, 400),
        ("2019/20", "black"): (10, 100),  # 4 + 6, 40 + 60
        ("2019/20", "white"): (8, 150),  # 5 + 3, 100 + 50
        ("2020/21", "white"): (8, 110),  # 7 + 1, 90 + 20
    }
    assert list(out.columns) == ["period", "category", "events", "population"]


def test_roll_up_keeps_published_major_and_does_not_hide_suppression():
    frame = pd.DataFrame(
        {
            "category": ["white", "white_british", "white_irish", "black_african", "black_caribbean"],
            "events": [12.0, 5.0, 3.0, np.nan, 6.0],
        }
    )
    out = roll_up_to_major(frame, ["events"]).set_index("category")["events"]
    assert out["white"] == 12.0  # the published total, not 5 + 3
    assert math.isnan(out["black"])  # a suppressed part makes the total unknown


def _trend_frame(rri, lower, upper, years=(2016.0, 2017.0, 2018.0, 2019.0, 2020.0)):
    return pd.DataFrame({"year": years, "rri": rri, "lower": lower, "upper": upper})


def test_rri_trend_narrowing():
    # WLS of ln RRI on year, weights 1/SE², SE = (ln U − ln L)/(2·1.959964); worked with
    # numpy.polyfit(t, ln rri, 1, w=1/SE, cov="unscaled"): exp(b) = 0.897805, CI 0.867795-0.928852
    frame = _trend_frame([4.0, 3.6, 3.2, 2.9, 2.6], [3.6, 3.2, 2.9, 2.6, 2.3], [4.4, 4.0, 3.5, 3.2, 2.9])
    result = rri_trend(frame)
    assert result.status == "narrowing"
    assert (result.slope_ratio, result.lower, result.upper) == pytest.approx((0.897805, 0.867795, 0.928852), abs=1e-5)
    assert result.n_points == 5


def test_rri_trend_widening_and_under_representation():
    rising = _trend_frame([2.6, 2.9, 3.2, 3.6, 4.0], [2.3, 2.6, 2.9, 3.2, 3.6], [2.9, 3.2, 3.5, 4.0, 4.4])
    assert rri_trend(rising).status == "widening"
    # under-represented group (RRI < 1) moving up towards 1 is narrowing
    rising_below = _trend_frame(
        [0.4, 0.45, 0.5, 0.56, 0.62], [0.36, 0.41, 0.46, 0.51, 0.57], [0.44, 0.49, 0.54, 0.61, 0.67]
    )
    assert rri_trend(rising_below).status == "narrowing"


def test_rri_trend_no_change_and_cannot():
    flat = _trend_frame([3.0, 3.3, 2.8, 3.1, 3.0], [2.0, 2.2, 1.9, 2.1, 2.0], [4.5, 4.9, 4.1, 4.6, 4.5])
    result = rri_trend(flat)
    assert result.status == "no_significant_change" and result.lower < 1 < result.upper
    two = _trend_frame([3.0, 2.0], [2.0, 1.5], [4.5, 2.7], years=(2019.0, 2020.0))
    assert rri_trend(two).status == "cannot_be_calculated"
    gaps = _trend_frame(
        [4.0, np.nan, 3.2, 2.9],
        [3.6, np.nan, 2.9, 2.6],
        [4.4, np.nan, 3.5, 3.2],
        years=(2014.0, 2016.0, 2019.0, 2020.0),
    )
    result = rri_trend(gaps)  # the missing year is left out; 3 points with gaps are enough
    assert result.n_points == 3 and result.status == "narrowing"
