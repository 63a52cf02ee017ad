"""The London tile map's layout and the quartile palette."""

from indicators.areas import LONDON, load_areas
from indicators.charts import palette
from indicators.charts.areas import LONDON_TILES, QUARTILE_COLOURS, _text_colour
from indicators.home import INNER_LONDON_BOROUGHS


def test_every_london_borough_and_the_city_has_one_tile_of_its_own() -> None:
    london = {a.code for a in load_areas() if a.region_code == LONDON and a.area_type == "local_authority"}
    assert len(london) == 33
    assert set(LONDON_TILES) == london
    positions = [(r, c) for _, r, c in LONDON_TILES.values()]
    assert len(set(positions)) == 33, "no two tiles overlap"
    assert len({label for label, _, _ in LONDON_TILES.values()}) == 33, "labels tell tiles apart"
    assert INNER_LONDON_BOROUGHS < london


def test_tile_labels_reach_text_contrast_on_every_band_colour() -> None:
    for colour in QUARTILE_COLOURS.values():
        assert palette.contrast_ratio(_text_colour(colour), colour) >= 4.5, colour
