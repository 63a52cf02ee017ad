"""The palette: Analysis Function colours, one colour per group, readable status chips."""

from __future__ import annotations

import pytest

from indicators.areas import ENGLAND, ISLINGTON, LONDON, NEIGHBOUR_AVERAGE
from indicators.charts import palette
from indicators.cohorts import ETHNICITY


def test_categorical_palette_is_the_analysis_function_one_in_order():
    assert palette.CATEGORICAL == ("#12436D", "#28A197", "#801650", "#F46A25", "#3D3D3D", "#A285D1")


def test_minor_ethnic_groups_take_their_major_groups_colour_but_their_own_symbol():
    for code, (_, major) in ETHNICITY.items():
        if major:
            assert palette.group_colour(code) == palette.group_colour(major)
    white = [c for c, (_, m) in ETHNICITY.items() if m == "white"]
    assert len({palette.group_symbol(c) for c in white}) == len(white)


def test_major_ethnic_groups_have_distinct_colours():
    majors = [c for c, (_, m) in ETHNICITY.items() if m is None]
    assert len({palette.group_colour(c) for c in majors}) == len(majors)


def test_unknown_groups_get_a_stable_colour():
    assert palette.group_colour("new_group") == palette.group_colour("new_group")
    assert palette.group_colour("new_group") in palette.CATEGORICAL


def test_areas_differ_by_colour_dash_and_symbol():
    areas = [ISLINGTON, LONDON, ENGLAND, NEIGHBOUR_AVERAGE]
    for lookup in (palette.area_colour, palette.area_dash, palette.area_symbol):
        assert len({lookup(a) for a in areas}) == 4
    assert palette.area_dash(ISLINGTON) == "solid"


@pytest.mark.parametrize("status", sorted(palette.STATUS_CHIPS))
def test_status_chips_have_labels_and_readable_text(status):
    chip = palette.status_chip(status)
    assert chip.label and chip.icon
    assert palette.contrast_ratio(chip.text, chip.background) >= 4.5


def test_unknown_status_is_not_available():
    assert palette.status_chip(None).label == "Not available"


def test_not_significant_grey_still_reaches_graphics_contrast_on_white():
    assert palette.contrast_ratio(palette.NOT_SIGNIFICANT, "#FFFFFF") >= 3
