"""axe-core (WCAG 2.x A/AA rules) on every page: no serious or critical violation; theme contrast."""

from __future__ import annotations

import tomllib

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

from tests.browser.conftest import App, open_page, wait_settled
from tests.browser.test_pages import PAGE_URLS
from tests.conftest import REPO_ROOT

pytestmark = pytest.mark.browser

FAILING_IMPACTS = {"serious", "critical"}
AXE = Axe()


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['impact']}: {v['id']} — {v['help']} ({v['helpUrl']})")
        for node in v["nodes"][:5]:
            lines.append(f"    {node['target']}: {node.get('failureSummary', '').splitlines()[-1:]}")
        if len(v["nodes"]) > 5:
            lines.append(f"    … and {len(v['nodes']) - 5} more")
    return "\n".join(lines)


@pytest.mark.parametrize("path", PAGE_URLS)
def test_no_serious_axe_violations(page: Page, app_server: App, path: str) -> None:
    open_page(page, app_server, path)
    results = AXE.run(page)
    violations = results.response["violations"]
    serious = [v for v in violations if v["impact"] in FAILING_IMPACTS]
    others = [v for v in violations if v["impact"] not in FAILING_IMPACTS]
    if others:
        print(f"{path}: minor axe findings (not failing):\n{describe(others)}")
    assert not serious, f"{path}: serious/critical axe violations:\n{describe(serious)}"


def _luminance(hex_colour: str) -> float:
    """WCAG 2.x relative luminance of an sRGB colour like #0B0C0C."""
    channels = [int(hex_colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(foreground: str, background: str) -> float:
    """WCAG contrast ratio, e.g. contrast('#767676', '#FFFFFF') is 4.54."""
    light, dark = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_contrast_formula_matches_wcag_examples() -> None:
    assert contrast("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast("#767676", "#FFFFFF") == pytest.approx(4.54, abs=0.01)
    assert contrast("#828180", "#FFFFFF") < 4.5  # Streamlit's default caption grey (DESIGN §9)


def test_theme_text_colours_reach_4_5_to_1() -> None:
    theme = tomllib.loads((REPO_ROOT / ".streamlit" / "config.toml").read_text())["theme"]
    pairs = {
        "text on background": (theme["textColor"], theme["backgroundColor"]),
        "text on secondary background": (theme["textColor"], theme["secondaryBackgroundColor"]),
        "links on background": (theme["linkColor"], theme["backgroundColor"]),
        "links on secondary background": (theme["linkColor"], theme["secondaryBackgroundColor"]),
        "white on primary (buttons)": ("#FFFFFF", theme["primaryColor"]),
        "primary on background": (theme["primaryColor"], theme["backgroundColor"]),
    }
    low = {name: round(contrast(*pair), 2) for name, pair in pairs.items() if contrast(*pair) < 4.5}
    assert not low, f"theme colour pairs below 4.5:1: {low}"


def test_rendered_caption_reaches_4_5_to_1(page: Page, app_server: App) -> None:
    """Captions are drawn in a faded text colour: measure what the browser actually paints."""
    open_page(page, app_server, "/")
    caption = page.get_by_test_id("stCaptionContainer").first
    colour, background = caption.evaluate(
        """el => {
            const rgb = s => s.match(/[\\d.]+/g).map(Number);
            let bg = el, c = rgb(getComputedStyle(el).color);
            while (bg && rgb(getComputedStyle(bg).backgroundColor).length > 3
                   && rgb(getComputedStyle(bg).backgroundColor)[3] === 0) bg = bg.parentElement;
            const b = bg ? rgb(getComputedStyle(bg).backgroundColor) : [255, 255, 255];
            const a = c.length > 3 ? c[3] : 1;  // blend a translucent text colour onto its background
            return [c.slice(0, 3).map((v, i) => Math.round(v * a + b[i] * (1 - a))), b.slice(0, 3)];
        }"""
    )
    hex_of = lambda rgb: "#" + "".join(f"{int(v):02X}" for v in rgb)  # noqa: E731
    assert contrast(hex_of(colour), hex_of(background)) >= 4.5, (colour, background)


def test_all_councils_chart_and_london_tile_map_pass_axe_with_their_tables(page: Page, app_server: App) -> None:
    """Issue 19: the all-areas chart and the London tile map, then their Table views, with axe."""
    open_page(page, app_server, "/indicator?id=suspension_rate")
    assert page.get_by_role("heading", name="London boroughs").count() == 1
    assert page.get_by_role("heading", name="Every council").count() == 1
    for view in ("charts", "tables"):
        if view == "tables":
            for tab in page.get_by_role("tab", name="Table").all():
                tab.click()
            wait_settled(page)
            # Every chart's table is now shown: the trend's, the all-councils' and the London one.
            assert page.get_by_role("tabpanel").filter(has=page.get_by_test_id("stDataFrame")).count() >= 3
        violations = AXE.run(page).response["violations"]
        serious = [v for v in violations if v["impact"] in FAILING_IMPACTS]
        assert not serious, f"{view}: serious/critical axe violations:\n{describe(serious)}"
