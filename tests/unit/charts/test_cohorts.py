"""charts.cohorts: the share chart and the nested ethnic-group chart, with the text behind them
(services.cohort_shares.nested). The frames are made up for the tests; nothing here is shown."""

from __future__ import annotations

import pandas as pd

from indicators.catalogue import load_catalogue
from indicators.charts import palette
from indicators.charts.cohorts import MINOR_INDENT, like_for_like_chart, nested_ethnicity_chart, nested_order
from indicators.services.cohort_shares import nested

IND = load_catalogue().get("suspension_rate")


def _frame() -> pd.DataFrame:
    rows = [
        ("white_british", "White British", 10.0, 9.0, 11.0, None),
        ("black_african", "Black African", 8.0, 6.0, 10.5, None),
        ("black", "Black", 12.0, 10.0, 14.0, None),
        ("black_caribbean", "Black Caribbean", 15.0, 12.0, 18.5, None),
        ("black_other", "Any other Black background", None, None, None, "c"),
        ("white", "White", 11.0, 10.0, 12.0, None),
        ("asian_indian", "Indian", 3.0, 2.0, 4.5, None),  # a minor group whose major has no row
    ]
    return pd.DataFrame(rows, columns=["category", "label", "value", "lower_ci", "upper_ci", "marker"])


def test_minor_groups_sit_under_their_major_group_in_the_fixed_order():
    order = nested_order(_frame())
    assert list(order["row_label"]) == [
        "Asian",
        f"{MINOR_INDENT}Indian",
        "Black",
        f"{MINOR_INDENT}Black Caribbean",
        f"{MINOR_INDENT}Black African",
        f"{MINOR_INDENT}Any other Black background",
        "White",
        f"{MINOR_INDENT}White British",
    ]
    heading = order[order["category"] == "asian"].iloc[0]
    assert heading["level"] == "major" and pd.isna(heading["value"]) and heading["marker"] == "x"


def test_nested_chart_colours_by_major_group_with_a_symbol_each_and_keeps_hidden_rows():
    fig = nested_ethnicity_chart(_frame(), IND)
    assert like_for_like_chart(_frame(), IND, "Islington") is not None  # what cohort_chart hands it to
    axis = list(fig.layout.yaxis.categoryarray)
    assert axis[3] == f"{MINOR_INDENT}Black Caribbean" and len(axis) == 8
    traces = {t.name: t for t in fig.data if t.x is not None and t.x[0] is not None}
    black, caribbean, african = traces["Black"], traces["Black Caribbean"], traces["Black African"]
    assert caribbean.marker.color == african.marker.color == black.marker.color == palette.group_colour("black")
    assert caribbean.marker.symbol != african.marker.symbol  # not colour alone
    assert black.marker.size > caribbean.marker.size  # the major group heads its block
    assert list(caribbean.error_x.array) == [3.5] and list(caribbean.error_x.arrayminus) == [3.0]
    # the hidden minor group keeps its row, with no point
    assert f"{MINOR_INDENT}Any other Black background" in axis
    assert "Any other Black background" not in traces
    assert fig.layout.shapes  # shaded bands, one every other major group


def test_the_text_behind_the_chart_names_each_minor_group_within_its_major():
    rows, text = nested(_frame(), IND)
    assert list(rows["category"])[:3] == ["asian", "asian_indian", "black"]
    assert "within Black 12.00 per 100 (95% CI 10.0 to 14.0): Black Caribbean 15.00 per 100" in text
    assert "Any other Black background [c]" in text and "within Asian [x]: Indian" in text
    no_minors = _frame()[~_frame()["category"].str.contains("_")]
    same, empty = nested(no_minors, IND)
    assert empty == "" and same.equals(no_minors)


def test_share_chart_nests_too_and_stays_in_percent():
    frame = _frame().assign(
        value=[5, 4, 12, 6, None, 20, 2],
        share=[10.0, 8.0, 24.0, 12.0, None, 40.0, 4.0],
        share_lower=[6.0, 5.0, 18.0, 8.0, None, 34.0, 2.0],
        share_upper=[15.0, 12.0, 30.0, 17.0, None, 46.0, 8.0],
        england_share=[70.0, 2.0, 4.0, 1.5, 0.5, 80.0, 3.0],
    )
    fig = like_for_like_chart(frame, load_catalogue().get("children_looked_after"), "Islington")
    assert fig.layout.xaxis.ticksuffix == "%"
    assert f"{MINOR_INDENT}Black Caribbean" in list(fig.layout.yaxis.categoryarray)
    assert max(x for t in fig.data if t.x is not None for x in t.x if x is not None) <= 100
