"""Chart colours: the UK Government Analysis Function palette, fixed per cohort group and area.

Source: Analysis Function, "Data visualisation: colours" (analysisfunction.civilservice.gov.uk,
policy-store/data-visualisation-colours-in-charts), as packaged in afcharts / py-af-colours.
The categorical colours have at least 3:1 contrast with white and with their neighbours in this
order, so use them in this order. Colour is never the only carrier of meaning: every chart also
varies marker symbol or line dash, and every status chip carries a text label.

Each group keeps one colour on every chart (Black is always dark pink, EHC plan always dark
pink, ...); a minor ethnic group takes the colour of its major group and is told apart by its
marker symbol and label.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

from indicators.areas import ENGLAND, INNER_LONDON, ISLINGTON, LONDON, NEIGHBOUR_AVERAGE
from indicators.cohorts import ETHNICITY

DARK_BLUE = "#12436D"
TURQUOISE = "#28A197"
DARK_PINK = "#801650"
ORANGE = "#F46A25"
DARK_GREY = "#3D3D3D"
LIGHT_PURPLE = "#A285D1"

CATEGORICAL: tuple[str, ...] = (DARK_BLUE, TURQUOISE, DARK_PINK, ORANGE, DARK_GREY, LIGHT_PURPLE)
DUO: tuple[str, str] = (DARK_BLUE, ORANGE)
SEQUENTIAL: tuple[str, ...] = (DARK_BLUE, "#2073BC", "#6BACE6")
# The Analysis Function focus palette: one highlighted series against grey.
FOCUS_GREY = "#BFBFBF"
FOCUS: tuple[str, str] = (DARK_BLUE, FOCUS_GREY)

# Not significant / low reliability. Darker than the focus grey (#BFBFBF is 1.8:1 on white) so
# that the point and its interval still reach 3:1 (4.6:1) while reading as "no finding".
NOT_SIGNIFICANT = "#757575"
TEXT = "#0B0C0C"
SECONDARY_TEXT = "#505A5F"
GRIDLINE = "#E1E1E1"
# Shaded 95% confidence band around the Islington line.
CI_FILL = "rgba(18, 67, 109, 0.18)"

# Diverging scale for relative rate indices (log scale centred on 1): ColorBrewer PuOr, which is
# colour-blind safe; purple = under-represented (RRI < 1), orange = over-represented (RRI > 1).
DIVERGING: tuple[str, ...] = (
    "#542788",
    "#8073AC",
    "#B2ABD2",
    "#D8DAEB",
    "#F7F7F7",
    "#FEE0B6",
    "#FDB863",
    "#E08214",
    "#B35806",
)

AREA_COLOURS: dict[str, str] = {
    ISLINGTON: DARK_BLUE,
    LONDON: TURQUOISE,
    INNER_LONDON: LIGHT_PURPLE,
    ENGLAND: DARK_PINK,
    NEIGHBOUR_AVERAGE: ORANGE,
}
# Islington solid; each comparator its own dash and symbol so the lines differ without colour.
AREA_DASH: dict[str, str] = {
    ISLINGTON: "solid",
    LONDON: "dash",
    INNER_LONDON: "longdashdot",
    ENGLAND: "dot",
    NEIGHBOUR_AVERAGE: "dashdot",
}
AREA_SYMBOLS: dict[str, str] = {
    ISLINGTON: "circle",
    LONDON: "square",
    INNER_LONDON: "triangle-down",
    ENGLAND: "diamond",
    NEIGHBOUR_AVERAGE: "triangle-up",
}

_MAJOR_ETHNIC_COLOURS: dict[str, str] = {
    "white": DARK_BLUE,
    "mixed": TURQUOISE,
    "black": DARK_PINK,
    "asian": ORANGE,
    "other": DARK_GREY,
    "unknown": LIGHT_PURPLE,
}
GROUP_COLOURS: dict[str, str] = {
    "all": DARK_GREY,
    **{code: _MAJOR_ETHNIC_COLOURS[major or code] for code, (_, major) in ETHNICITY.items()},
    "ehcp": DARK_PINK,
    "sen_support": ORANGE,
    "no_sen": DARK_BLUE,
    "any_sen": TURQUOISE,
    "looked_after": DARK_PINK,
    "not_looked_after": DARK_BLUE,
    "female": TURQUOISE,
    "male": DARK_BLUE,
    "disadvantaged": DARK_PINK,
    "not_disadvantaged": DARK_BLUE,
    "fsm": DARK_PINK,
    "not_fsm": DARK_BLUE,
    "0-9": LIGHT_PURPLE,
    "10-11": TURQUOISE,
    "12-14": ORANGE,
    "15-17": DARK_PINK,
    "10-17": DARK_BLUE,
    "18-24": DARK_GREY,
}

SYMBOLS: tuple[str, ...] = (
    "circle",
    "square",
    "diamond",
    "triangle-up",
    "triangle-down",
    "star",
    "hexagon",
    "cross",
)
# Groups sharing a colour (minor ethnic groups of one major group) get different symbols.
GROUP_SYMBOLS: dict[str, str] = {
    "all": "x",
    **{code: SYMBOLS[i % len(SYMBOLS)] for i, code in enumerate(ETHNICITY)},
    "ehcp": "diamond",
    "sen_support": "square",
    "no_sen": "circle",
    "any_sen": "triangle-up",
    "looked_after": "diamond",
    "not_looked_after": "circle",
    "female": "square",
    "male": "circle",
}


def _stable_index(key: str, size: int) -> int:
    # crc32, not hash(): the same unknown group gets the same colour in every process.
    return zlib.crc32(key.encode("utf-8")) % size


def group_colour(category: str) -> str:
    """The one colour a cohort category has on every chart."""
    return GROUP_COLOURS.get(category) or CATEGORICAL[_stable_index(category, len(CATEGORICAL))]


def group_symbol(category: str) -> str:
    return GROUP_SYMBOLS.get(category) or SYMBOLS[_stable_index(category, len(SYMBOLS))]


def area_colour(area_code: str) -> str:
    return AREA_COLOURS.get(area_code) or CATEGORICAL[_stable_index(area_code, len(CATEGORICAL))]


def area_dash(area_code: str) -> str:
    return AREA_DASH.get(area_code, "dash")


def area_symbol(area_code: str) -> str:
    return AREA_SYMBOLS.get(area_code) or SYMBOLS[_stable_index(area_code, len(SYMBOLS))]


@dataclass(frozen=True)
class Chip:
    """A status chip: the label carries the meaning; colour and icon only reinforce it."""

    label: str
    background: str
    text: str
    icon: str


_GOOD = (DARK_BLUE, "#FFFFFF")
_BAD = (ORANGE, TEXT)
_NEUTRAL = ("#F3F2F1", TEXT)
_NONE = ("#FFFFFF", SECONDARY_TEXT)
_CONTEXT = (LIGHT_PURPLE, TEXT)

STATUS_CHIPS: dict[str, Chip] = {
    # recent trend
    "improving": Chip("Improving", *_GOOD, "✓"),
    "worsening": Chip("Worsening", *_BAD, "✗"),
    "no_significant_change": Chip("No significant change", *_NEUTRAL, "="),
    "cannot_be_calculated": Chip("Cannot be calculated", *_NONE, "?"),
    "increasing": Chip("Increasing", *_CONTEXT, "↗"),
    "decreasing": Chip("Decreasing", *_CONTEXT, "↘"),
    # benchmark
    "better": Chip("Better", *_GOOD, "✓"),
    "worse": Chip("Worse", *_BAD, "✗"),
    "similar": Chip("Similar", *_NEUTRAL, "="),
    "not_compared": Chip("Not compared", *_NONE, "?"),
    "higher": Chip("Higher", *_CONTEXT, "↑"),
    "lower": Chip("Lower", *_CONTEXT, "↓"),
    # target
    "on_track": Chip("On track", *_GOOD, "✓"),
    "off_track": Chip("Off track", *_BAD, "✗"),
    "not_enough_data": Chip("Not enough data", *_NONE, "?"),
}


def status_chip(status: str | None) -> Chip:
    """The chip for a status string from indicators.stats / targets; unknown → 'Not available'."""
    return STATUS_CHIPS.get(status or "", Chip("Not available", *_NONE, "?"))


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG 2 contrast ratio of two #RRGGBB colours, e.g. contrast_ratio('#FFFFFF', '#12436D') ≈ 10.3."""
    light, dark = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)
