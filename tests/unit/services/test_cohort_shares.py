"""services.cohort_shares and the /cohorts view built on it: a count breakdown is shown as shares of
each area's own total (Wilson 95%, worked here from its formula) beside England's share, never as counts
of different-sized areas; rate readings rank by rate with intervals."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from indicators.catalogue import load_catalogue
from indicators.charts import trend
from indicators.services import cohort_shares
from indicators.services import cohorts as cs


def test_looked_after_children_by_ethnicity_are_shares_beside_englands(seeded_engine):
    view = cs.cohort_view(seeded_engine, "children_looked_after", "ethnicity", "2024/25", "viewer")
    black = view.groups.set_index("category").loc["black"]
    # DfE: 98 of Islington's 282 looked-after children were Black; England 6,430 of 81,770
    # Wilson score interval: (p + z²/2n ± z√(p(1-p)/n + z²/4n²)) / (1 + z²/n), z = 1.959964
    p, n, z = 98 / 282, 282, 1.959964
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    lower, upper = (((p + z * z / (2 * n)) + sign * half) / (1 + z * z / n) for sign in (-1, 1))
    assert black["share"] == pytest.approx(98 / 282 * 100)
    assert (black["share_lower"], black["share_upper"]) == (pytest.approx(lower * 100), pytest.approx(upper * 100))
    assert black["england_share"] == pytest.approx(6430 / 81770 * 100)
    assert "Black: 35% (95% CI 29% to 40%), above England's 8%" in view.reading
    assert "White: 31% (95% CI 26% to 37%), below England's 71%" in view.reading
    assert "highest" not in view.reading  # shares of a count are not ranked

    fig = trend.cohort_chart(view.groups, view.indicator, total=view.total, england=view.england, home_name="Islington")
    xs = [x for t in fig.data if t.x is not None for x in t.x if x is not None]
    assert xs and max(xs) <= 100  # shares, never England's 81,770 on the same axis as 14-98
    assert not fig.layout.shapes  # no count reference lines
    assert "Share of Islington's" in fig.layout.xaxis.title.text
    england = [t for t in fig.data if t.name == "England's share of the same group" and t.x is not None]
    assert len(england) == 2  # the points and the legend key
    assert dict(zip(england[0].y, england[0].x, strict=True))["Black"] == pytest.approx(6430 / 81770 * 100)


def test_a_count_breakdown_without_a_total_shows_the_areas_counts_unranked(seeded_engine):
    view = cs.cohort_view(seeded_engine, "first_time_entrants_count", "ethnicity", "2024/25", "viewer")
    assert "share" not in view.groups.columns
    assert view.reading.startswith("Counts in Islington, not rates") and "highest" not in view.reading
    fig = trend.cohort_chart(view.groups, view.indicator, total=view.total, england=99999.0)
    assert not fig.layout.shapes  # neither the total nor England's count on the axis


def test_rates_are_ranked_by_rate_with_intervals():
    ind = load_catalogue().get("suspension_rate")
    groups = pd.DataFrame({
        "label": ["Asian", "Mixed", "White"], "value": [2.75, 15.84, 11.13],
        "lower_ci": [2.06, 14.66, 10.46], "upper_ci": [3.58, 17.09, 11.84],
    })  # fmt: skip
    text = cohort_shares.rate_reading(groups, ind, "Islington")
    assert text.startswith("Ranked by rate in Islington, highest first: Mixed 15.84")
    assert text.index("Mixed") < text.index("White") < text.index("Asian")
    assert "(95% CI 14.66 to 17.09)" in text and "do not overlap" in text
    overlapping = groups.assign(lower_ci=[1.0, 1.0, 1.0], upper_ci=[20.0, 20.0, 20.0])
    assert "may be chance" in cohort_shares.rate_reading(overlapping, ind, "Islington")


def test_a_hidden_group_has_no_share():
    frame = pd.DataFrame({
        "area_code": ["A"] * 3 + ["E"] * 2, "period": ["p"] * 5,
        "dimension": ["all", "ethnicity", "ethnicity", "ethnicity", "ethnicity"],
        "category": ["all", "black", "white", "black", "white"], "value": [50, None, 45, 10, 90],
    })  # fmt: skip
    groups = frame[(frame["area_code"] == "A") & (frame["dimension"] == "ethnicity")].assign(label=["Black", "White"])
    out = cohort_shares.add_shares(groups, frame, "A", "E", "ethnicity", "p")
    assert out["share"].isna().tolist() == [True, False]
    assert out["share"].iloc[1] == pytest.approx(90.0) and out["england_share"].tolist() == [10.0, 90.0]
