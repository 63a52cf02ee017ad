"""A tiny inline SVG sparkline with an accessible name: cheap to draw for 14 cards at once."""

from __future__ import annotations

import html
import math

from indicators.charts import palette

WIDTH, HEIGHT, PAD = 200.0, 40.0, 4.0


def sparkline_svg(points: list[tuple[str, float | None]], label: str, colour: str = palette.DARK_BLUE) -> str:
    """An SVG line through (period, value) points; gaps (None/NaN) break the line.

    The SVG has role="img" and its description as both aria-label and <title>, so screen readers
    announce it (axe: svg-img-alt); the same numbers are in the card's text.

    >>> "role=\\"img\\"" in sparkline_svg([("2019", 1.0), ("2020", 2.0)], "Trend")
    True
    """
    values = [v for _, v in points if v is not None and not math.isnan(v)]
    if len(values) < 2:
        return ""
    low, high = min(values), max(values)
    span = (high - low) or 1.0
    step = (WIDTH - 2 * PAD) / (len(points) - 1)
    segments: list[list[str]] = [[]]
    last_xy = ""
    for i, (_, v) in enumerate(points):
        if v is None or math.isnan(v):
            segments.append([])
            continue
        x = PAD + i * step
        y = HEIGHT - PAD - (v - low) / span * (HEIGHT - 2 * PAD)
        last_xy = f'cx="{x:.1f}" cy="{y:.1f}"'
        segments[-1].append(f"{x:.1f},{y:.1f}")
    lines = "".join(
        f'<polyline points="{" ".join(s)}" fill="none" stroke="{colour}" stroke-width="2" />'
        for s in segments
        if len(s) >= 2
    )
    text = html.escape(label)
    return (
        f'<svg role="img" aria-label="{text}" viewBox="0 0 {WIDTH:.0f} {HEIGHT:.0f}" width="100%" '
        f'height="{HEIGHT:.0f}" preserveAspectRatio="none" xmlns="http://www.w3.org/2000/svg">'
        f'<title>{text}</title>{lines}<circle {last_xy} r="3" fill="{colour}" /></svg>'
    )
