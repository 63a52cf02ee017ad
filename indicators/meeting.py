"""The meeting view's agenda: which chart each screen shows, and moving through it (pure).

The disproportionality page in meeting mode (``?meeting=1``) shows one agenda item per screen,
chosen by ``?view=N`` (1-based, so the URL reads as the slide number).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

HEATMAP, FOREST, OVER_TIME, REPRESENTATION = "heatmap", "forest", "over_time", "representation"


@dataclass(frozen=True)
class AgendaItem:
    kind: str  # heatmap | forest | over_time | representation
    title: str
    stage_id: str | None = None


def build_agenda(stages: Sequence[tuple[str, str]], selected_stage: str | None) -> list[AgendaItem]:
    """Every stage at a glance, then each stage's forest plot, the trend, then SEN and care status.

    ``stages`` are (id, title) in cascade order; the trend is for the selected stage.

    >>> [i.kind for i in build_agenda([("a", "Arrests"), ("b", "Custody")], "b")]
    ['heatmap', 'forest', 'forest', 'over_time', 'representation']
    """
    items = [AgendaItem(HEATMAP, "Every stage at a glance")]
    items += [AgendaItem(FOREST, f"{title}: who is more likely?", stage_id) for stage_id, title in stages]
    titles = dict(stages)
    if selected_stage in titles:
        items.append(AgendaItem(OVER_TIME, f"{titles[selected_stage]}: is the gap narrowing?", selected_stage))
    items.append(AgendaItem(REPRESENTATION, "Special educational needs and care status"))
    return items


def parse_view(raw: str | None, count: int) -> tuple[int, str | None]:
    """The 0-based screen for a ``?view=`` value, and a message when the value was unusable.

    >>> parse_view("2", 5), parse_view(None, 5)
    ((1, None), (0, None))
    >>> parse_view("9", 5)[0], parse_view("x", 5)[0]
    (0, 0)
    """
    if raw is None or raw == "":
        return 0, None
    if not str(raw).isdigit() or not 1 <= int(raw) <= count:
        return 0, f"There is no screen “{raw}” in this meeting view (1 to {count}); showing the first."
    return int(raw) - 1, None


def step(index: int, delta: int, count: int) -> int:
    """Move through the agenda without running off either end.

    >>> step(0, -1, 5), step(4, 1, 5), step(2, 1, 5)
    (0, 4, 3)
    """
    return max(0, min(count - 1, index + delta))


def position(index: int, count: int) -> str:
    """'Screen 2 of 7'."""
    return f"Screen {index + 1} of {count}"
