"""The cards' inline sparkline: accessible name, gaps kept as gaps, nothing for fewer than two points."""

from __future__ import annotations

import re

from indicators.charts.sparkline import sparkline_svg


def test_svg_has_an_accessible_name_and_escapes_it() -> None:
    svg = sparkline_svg([("2019", 1.0), ("2020", 3.0)], 'Trend <b>"x"</b>')
    assert 'role="img"' in svg
    assert 'aria-label="Trend &lt;b&gt;&quot;x&quot;&lt;/b&gt;"' in svg
    assert "<title>Trend &lt;b&gt;" in svg


def test_a_gap_breaks_the_line_into_two() -> None:
    svg = sparkline_svg([("1", 1.0), ("2", 2.0), ("3", float("nan")), ("4", 2.0), ("5", 4.0)], "t")
    assert len(re.findall("<polyline", svg)) == 2


def test_values_are_scaled_into_the_box_highest_at_the_top() -> None:
    svg = sparkline_svg([("1", 10.0), ("2", 20.0)], "t")
    # x from 4 to 196, y from 36 (lowest) to 4 (highest)
    assert 'points="4.0,36.0 196.0,4.0"' in svg


def test_fewer_than_two_values_draw_nothing() -> None:
    assert sparkline_svg([("1", 1.0), ("2", None)], "t") == ""
