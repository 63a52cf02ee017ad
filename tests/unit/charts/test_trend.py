"""Charts: each builds from a small frame, is titled and labelled, shows uncertainty, leaves gaps."""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd
import pytest

from indicators.catalogue import Indicator
from indicators.charts import palette, trend
from indicators.charts import rri as rri_charts
from indicators.readings import cohort_reading, representation_reading

PERIODS = ["2017", "2018", "2019", "2020", "2021", "2022", "2023", "2024"]
STARTS = pd.to_datetime([f"{p}-01-01" for p in PERIODS])


def make_indicator(**overrides) -> Indicator:
    fields = {
        "id": "first_time_entrants",
        "title": "First time entrants to the youth justice system",
        "description": "d",
        "definition": "d",
        "polarity": "low_is_good",
        "unit": "rate_per_100000",
        "period_type": "calendar_year",
        "source": {"publisher": "MoJ", "name": "x", "url": "https://x"},
        "objectives": [1],
        "strands": ["s"],
        "decimals": 0,
        "unit_phrase": "per 100,000 children aged 10-17",
    }
    return Indicator(**(fields | overrides))


IND = make_indicator()


def make_series(values=(380, 360, 367, 300, 250, 200, 160, 145), markers=None, illustrative=None):
    values = [float(v) for v in values]
    return pd.DataFrame(
        {
            "period": PERIODS,
            "period_start": STARTS,
            "area_name": "Islington",
            "value": values,
            "lower_ci": [v * 0.85 for v in values],
            "upper_ci": [v * 1.15 for v in values],
            "marker": markers or [""] * len(values),
            "illustrative": illustrative or [False] * len(values),
        }
    )


def comparators() -> pd.DataFrame:
    return pd.concat(
        [
            pd.DataFrame(
                {
                    "area_code": code,
                    "area_name": name,
                    "period": PERIODS,
                    "period_start": STARTS,
                    "value": np.linspace(300, 200, len(PERIODS)) * factor,
                }
            )
            for code, name, factor in [
                ("E12000007", "London", 1.0),
                ("E92000001", "England", 0.8),
                ("NEIGHBOURS", "Statistical neighbours (average)", 1.1),
            ]
        ]
    )


TRAJECTORY = pd.DataFrame({"period_start": pd.to_datetime(["2019-01-01", "2024-01-01"]), "expected": [367.0, 250.0]})


def trace(fig, name):
    return next(t for t in fig.data if t.name == name)


def names(fig) -> list[str]:
    return [t.name for t in fig.data]


# --- trend chart -------------------------------------------------------------------------------


def test_trend_chart_titles_axes_and_ticks():
    fig = trend.trend_chart(make_series(), IND)
    # Wrapped to fit a 390 px phone: "First time entrants to the youth" is 32 characters, the next word would pass 36.
    assert fig.layout.title.text == "First time entrants to the youth<br>justice system"
    assert fig.layout.xaxis.title.text == "Calendar year"
    assert fig.layout.yaxis.title.text.replace("<br>", " ") == "Rate per 100,000 children aged 10-17"
    # Eight periods, at most six labels: every second one, so that years never print over each other.
    assert list(fig.layout.xaxis.ticktext) == PERIODS[::2]
    islington = trace(fig, "Islington")
    assert islington.line.dash == "solid"
    assert "367 per 100,000" in islington.text[2] and "95% CI" in islington.text[2]


def test_trend_chart_ci_band_trajectory_launch_line_and_baseline():
    fig = trend.trend_chart(make_series(), IND, comparators(), TRAJECTORY, baseline_period="2019")
    band = trace(fig, trend.CI_NAME)
    assert band.fill == "tonexty" and list(band.y) == pytest.approx(list(make_series().lower_ci))
    assert trace(fig, "Islington").error_y.array is None  # band, not error bars, when complete
    assert trace(fig, trend.TRAJECTORY_NAME).line.dash not in (None, "solid")
    launch = [s for s in fig.layout.shapes if s.name == "strategy_launch"]
    assert len(launch) == 1 and pd.Timestamp(launch[0].x0) == pd.Timestamp("2020-11-01")
    texts = [a.text for a in fig.layout.annotations]
    assert "Strategy launched (Nov 2020)" in texts and "Baseline (2019)" in texts


def test_trend_chart_one_toggleable_line_per_comparator_with_its_own_dash_and_symbol():
    fig = trend.trend_chart(make_series(), IND, comparators())
    lines = [trace(fig, n) for n in ("London", "England", "Statistical neighbours (average)")]
    assert len({t.line.dash for t in lines} | {"solid"}) == 4
    assert len({t.marker.symbol for t in lines}) == 3
    assert all(t.showlegend is not False for t in lines)


def test_trend_chart_leaves_gaps_for_suppressed_points():
    series = make_series(
        values=(380, 360, 367, math.nan, 250, 200, 160, 145), markers=["", "", "", "c", "", "", "", ""]
    )
    series.loc[3, ["lower_ci", "upper_ci"]] = math.nan
    fig = trend.trend_chart(series, IND)
    islington = trace(fig, "Islington")
    assert math.isnan(islington.y[3]) and islington.connectgaps is False
    assert trend.CI_NAME not in names(fig)  # gaps: error bars instead of a band
    assert islington.error_y.array is not None and math.isnan(islington.error_y.array[3])
    assert "[c]" in [a.text for a in fig.layout.annotations]


def test_trend_chart_flags_illustrative_points_with_hollow_markers():
    fig = trend.trend_chart(make_series(illustrative=[False] * 6 + [True, True]), IND)
    legend = trace(fig, trend.ILLUSTRATIVE_NAME)
    assert legend.marker.symbol == "circle-open" and len(legend.x) == 2
    assert list(trace(fig, "Islington").marker.symbol[-2:]) == ["circle-open", "circle-open"]
    assert trend.ILLUSTRATIVE_NAME not in names(trend.trend_chart(make_series(), IND))


def test_meeting_mode_is_bigger_and_thicker():
    normal = trend.trend_chart(make_series(), IND)
    meeting = trend.trend_chart(make_series(), IND, meeting=True)
    assert meeting.layout.font.size >= 22 > normal.layout.font.size
    assert trace(meeting, "Islington").line.width > trace(normal, "Islington").line.width


# --- cohorts -----------------------------------------------------------------------------------


def cohort_frame() -> pd.DataFrame:
    # Deliberately out of the fixed order.
    return pd.DataFrame(
        {
            "category": ["mixed", "black", "asian", "white"],
            "label": ["Mixed", "Black", "Asian", "White"],
            "value": [210.0, 300.0, math.nan, 120.0],
            "lower_ci": [170.0, 250.0, math.nan, 100.0],
            "upper_ci": [250.0, 350.0, math.nan, 140.0],
            "marker": ["", "", "c", ""],
        }
    )


def test_cohort_chart_order_reference_lines_and_suppression():
    fig = trend.cohort_chart(cohort_frame(), IND, total=160, england=140)
    assert list(fig.layout.yaxis.categoryarray) == ["Asian", "Black", "Mixed", "White"]
    assert fig.layout.xaxis.title.text.replace("<br>", " ") == "Rate per 100,000 children aged 10-17"
    assert "[c]" in [a.text for a in fig.layout.annotations]
    asian = trace(fig, "Asian")
    assert all(x is None for x in asian.x)  # no bar or dot at zero for a suppressed cell
    plotted = [v for t in fig.data if t.x is not None for v in t.x if v is not None]
    assert 0 not in plotted
    assert sorted(s.x0 for s in fig.layout.shapes) == [140, 160]
    assert any("England (140 per 100,000)" == n for n in names(fig))


def test_cohort_reading_numbers_are_in_the_chart():
    fig = trend.cohort_chart(cohort_frame(), IND, total=160)
    hover = " ".join(t.text[0] for t in fig.data if t.text)
    for number in re.findall(r"\d+ per 100,000", cohort_reading(cohort_frame(), IND, total=160, area="Islington")):
        assert number in hover or number in " ".join(names(fig))


def test_cohort_trend_chart_one_line_per_group():
    frame = pd.concat(
        [
            pd.DataFrame(
                {
                    "category": c,
                    "label": label,
                    "period": PERIODS,
                    "period_start": STARTS,
                    "value": [100.0, 110, math.nan, 120, 130, 140, 150, 160],
                    "lower_ci": 90.0,
                    "upper_ci": 170.0,
                }
            )
            for c, label in [("white", "White"), ("black", "Black")]
        ]
    )
    fig = trend.cohort_trend_chart(frame, IND)
    assert names(fig) == ["Black", "White"]
    assert math.isnan(trace(fig, "Black").y[2]) and trace(fig, "Black").connectgaps is False
    assert fig.layout.title.text and fig.layout.yaxis.title.text and fig.layout.xaxis.title.text


# --- disproportionality ------------------------------------------------------------------------


def forest_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "category": ["black", "asian", "mixed", "other", "white_irish"],
            "label": ["Black", "Asian", "Mixed", "Other ethnic group", "White Irish"],
            "rri": [2.4, 0.5, 1.3, math.nan, 3.0],
            "lower": [1.9, 0.3, 0.8, math.nan, 1.2],
            "upper": [3.0, 0.8, 2.1, math.nan, 9.5],
            "significant": [True, True, False, False, True],
            "low_reliability": [False, False, False, False, True],
            "marker": ["", "", "", "c", "u"],
        }
    )


def test_forest_plot_log_axis_and_reference_line_at_one():
    fig = rri_charts.forest_plot(forest_frame(), "White British children", "Entering the youth justice system")
    assert fig.layout.xaxis.type == "log"
    reference = [s for s in fig.layout.shapes if s.name == "reference_line"]
    assert len(reference) == 1 and reference[0].x0 == reference[0].x1 == 1
    assert fig.layout.title.text == "Entering the youth justice system"
    assert "log scale" in fig.layout.xaxis.title.text.replace("<br>", " ")


def test_forest_plot_colours_only_significant_reliable_groups():
    fig = rri_charts.forest_plot(forest_frame(), "White British children", "RRI")
    assert trace(fig, "Black").marker.color == palette.group_colour("black")
    assert trace(fig, "Asian").marker.color == palette.group_colour("asian")
    mixed, irish = trace(fig, "Mixed"), trace(fig, "White Irish")
    assert mixed.marker.color == palette.NOT_SIGNIFICANT and mixed.marker.symbol.endswith("-open")
    # Significant but low reliability: grey and labelled [u].
    assert irish.marker.color == palette.NOT_SIGNIFICANT and list(irish.text) == ["[u]"]
    other = trace(fig, "Other ethnic group")
    assert all(x is None for x in other.x) and "[c]" in [a.text for a in fig.layout.annotations]


def test_one_stable_colour_per_group_across_charts():
    forest = rri_charts.forest_plot(forest_frame(), "White British children", "RRI")
    cohort = trend.cohort_chart(cohort_frame(), IND)
    for label in ("Black", "Mixed"):
        assert trace(cohort, label).marker.color == palette.group_colour(label.lower())
    assert trace(forest, "Black").marker.color == trace(cohort, "Black").marker.color
    assert trace(forest, "Black").marker.symbol == trace(cohort, "Black").marker.symbol


def heatmap_frame() -> pd.DataFrame:
    rows = [
        ("Black", "Arrest", 1, 3.1, True, False, ""),
        ("Black", "Custody", 2, 5.0, True, True, "u"),
        ("Asian", "Arrest", 1, 0.5, True, False, ""),
        ("Asian", "Custody", 2, math.nan, False, False, "c"),
        ("Mixed", "Arrest", 1, 1.2, False, False, ""),
        ("Mixed", "Custody", 2, 1.1, False, False, ""),
    ]
    return pd.DataFrame(
        rows, columns=["label", "stage", "stage_order", "rri", "significant", "low_reliability", "marker"]
    )


def test_rri_heatmap_cells():
    fig = rri_charts.rri_heatmap(heatmap_frame().iloc[::-1])
    heat = fig.data[0]
    assert list(heat.x) == ["Arrest", "Custody"] and list(heat.y) == ["Asian", "Black", "Mixed"]
    z, text = heat.z, heat.text
    assert z[1][0] == pytest.approx(math.log10(3.1)) and text[1][0] == "3.1"
    assert z[1][1] == 0 and text[1][1] == "5.0<br>[u]"  # low reliability: not coloured
    assert z[0][1] is None and text[0][1] == "[c]"
    assert z[2][0] == 0 and text[2][0] == "1.2"  # not significant: neutral
    assert heat.zmid == 0 and heat.colorscale[0][1] == palette.DIVERGING[0]
    assert fig.layout.title.text and fig.layout.xaxis.title.text and fig.layout.yaxis.title.text


def test_rri_over_time_chart():
    frame = pd.DataFrame(
        {
            "category": "black",
            "label": "Black",
            "period": PERIODS,
            "period_start": STARTS,
            "rri": [2.0, 2.1, 1.2, 2.3, 2.4, 2.5, 2.6, 2.7],
            "lower": 1.05,
            "upper": 3.5,
            "significant": [True, True, False, True, True, True, True, True],
        }
    )
    fig = rri_charts.rri_over_time_chart(frame)
    assert fig.layout.yaxis.type == "log"
    assert [s.y0 for s in fig.layout.shapes if s.name == "reference_line"] == [1]
    black = trace(fig, "Black")
    assert black.marker.symbol[2].endswith("-open") and not black.marker.symbol[0].endswith("-open")
    assert black.line.color == palette.group_colour("black")


def test_representation_chart_ratio_matches_reading():
    frame = pd.DataFrame(
        {
            "label": ["No identified SEN", "EHC plan"],
            "cohort_share": [49.0, 16.0],
            "population_share": [85.5, 2.0],
            "ratio": [0.57, 8.0],
        }
    )
    fig = rri_charts.representation_chart(
        frame, cohort_name="the youth offending service cohort", population_name="secondary pupils"
    )
    ratios = [a.text for a in fig.layout.annotations if a.name == "ratio"]
    assert ratios == ["8.0 times", "0.6 times"]  # EHC plan first: the fixed SEN order
    reading = representation_reading(
        16.0, 2.0, "the youth offending service cohort", "secondary pupils", "had an EHC plan", 8.0
    )
    assert ratios[0] in reading
    assert fig.layout.xaxis.title.text == "Share (%)"


@pytest.mark.parametrize(
    "build",
    [
        lambda m: trend.trend_chart(make_series(), IND, meeting=m),
        lambda m: trend.cohort_chart(cohort_frame(), IND, meeting=m),
        lambda m: rri_charts.forest_plot(forest_frame(), "White", "RRI", meeting=m),
        lambda m: rri_charts.rri_heatmap(heatmap_frame(), meeting=m),
    ],
)
def test_every_chart_has_a_meeting_mode(build):
    assert build(True).layout.font.size >= 22 > build(False).layout.font.size


@pytest.mark.parametrize(
    "build",
    [
        lambda: trend.trend_chart(make_series().iloc[0:0], IND),
        lambda: trend.trend_chart(make_series()[["period", "period_start", "value"]], IND),
        lambda: trend.cohort_chart(cohort_frame().iloc[0:0], IND),
        lambda: rri_charts.forest_plot(forest_frame().iloc[0:0], "White", "RRI"),
        lambda: rri_charts.rri_heatmap(heatmap_frame().iloc[0:0]),
        lambda: rri_charts.representation_chart(
            pd.DataFrame(columns=["label", "cohort_share", "population_share", "ratio"])
        ),
    ],
)
def test_charts_build_from_empty_or_minimal_frames(build):
    assert build().layout is not None
