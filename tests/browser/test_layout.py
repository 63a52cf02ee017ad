"""Charts and pages fit a phone, a laptop and a projector: legends and annotations never cover titles or
each other, no page scrolls sideways, and a chart shows no toolbar.

Bounding boxes are read from the rendered SVG inside every visible `.js-plotly-plot` (charts in hidden
tabs have no box and are skipped by the browser, not by us: the Chart tab is the one open).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import SCREENSHOTS, App, open_page, screenshot, slug

pytestmark = pytest.mark.browser

VIEWPORTS = {"phone": (390, 844), "laptop": (1366, 768), "projector": (1920, 1080)}
PATHS = ["/", "/indicator?id=neet_16_17", "/cohorts", "/disproportionality?show=example"]

# For each drawn chart: the boxes of its legend, title, subtitle and annotation texts, its plot area,
# and whether a modebar is drawn. Rectangles are [left, top, right, bottom] in page pixels.
_BOXES_JS = """
() => [...document.querySelectorAll('.js-plotly-plot')].map((plot) => {
  const box = (el) => { const r = el.getBoundingClientRect();
                        return [r.left, r.top, r.right, r.bottom]; };
  const visible = (el) => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
  const all = (sel) => [...plot.querySelectorAll(sel)].filter(visible);
  const texts = [];
  all('.legend .bg').forEach((el) => texts.push({kind: 'legend', box: box(el)}));
  all('.g-xtitle, .g-ytitle').forEach((el) => texts.push({kind: 'axis title', box: box(el), text: el.textContent}));
  all('.colorbar').forEach((el) => texts.push({kind: 'legend', box: box(el), text: 'colour key'}));
  all('.gtitle, .gtitle-subtitle').forEach((el) => texts.push({kind: 'title', box: box(el), text: el.textContent}));
  all('.annotation-text-g').forEach((el) => texts.push({kind: 'annotation', box: box(el), text: el.textContent}));
  const drag = all('.nsewdrag');
  const frame = box(plot);
  return {
    shown: visible(plot),
    texts,
    plot: drag.length ? box(drag[0]) : null,
    frame,
    modebar: all('.modebar-container .modebar-btn').length,
    legendEntries: all('.legend .traces').map((t) => ({
      text: t.textContent,
      drawn: t.querySelectorAll('.legendlines path, .legendpoints path, .legendfill path').length,
    })),
  };
})
"""


def _overlap(a: list[float], b: list[float], slack: float = 1.0) -> bool:
    return a[0] + slack < b[2] and b[0] + slack < a[2] and a[1] + slack < b[3] and b[1] + slack < a[3]


def _problems(charts: list[dict]) -> list[str]:
    problems = []
    for n, chart in enumerate(c for c in charts if c["shown"]):
        if chart["modebar"]:
            problems.append(f"chart {n}: toolbar shown")
        texts = chart["texts"]
        left, right = chart["frame"][0], chart["frame"][2]
        for a in texts:
            if a["box"][0] < left - 1 or a["box"][2] > right + 1:
                problems.append(f"chart {n}: {a['kind']} {a.get('text', '')!r} cut off at the chart's edge")
        for i, a in enumerate(texts):
            if a["kind"] in ("legend", "title") and chart["plot"] and _overlap(a["box"], chart["plot"]):
                problems.append(f"chart {n}: {a['kind']} {a.get('text', '')!r} over the plot area")
            for b in texts[i + 1 :]:
                kinds = {a["kind"], b["kind"]}
                if ("legend" in kinds or kinds == {"title", "axis title"}) and _overlap(a["box"], b["box"]):
                    problems.append(
                        f"chart {n}: {a['kind']} {a.get('text', '')!r} over {b['kind']} {b.get('text', '')!r}"
                    )
                if a["kind"] == b["kind"] == "annotation" and _overlap(a["box"], b["box"]):
                    problems.append(f"chart {n}: annotation {a['text']!r} over annotation {b['text']!r}")
        for entry in chart["legendEntries"]:
            if not entry["drawn"]:
                problems.append(f"chart {n}: legend entry {entry['text']!r} has no line or marker")
    return problems


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("path", PATHS)
def test_layout_fits_the_viewport(page: Page, app_server: App, path: str, viewport: str) -> None:
    width, height = VIEWPORTS[viewport]
    page.set_viewport_size({"width": width, "height": height})
    open_page(page, app_server, path)
    page.wait_for_timeout(500)  # plotly lays out after the script settles; no event marks its end
    screenshot(page, f"layout-{viewport}-{slug(path)}")
    for i, plot in enumerate(page.locator(".js-plotly-plot").all()):
        if plot.is_visible():  # the page scrolls inside Streamlit's own container: shoot each chart
            plot.screenshot(path=str(SCREENSHOTS / f"layout-{viewport}-{slug(path)}-chart{i}.png"))
    scroll = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll[0] <= scroll[1], f"page scrolls sideways: {scroll[0]} px wide in a {scroll[1]} px window"
    charts = page.evaluate(_BOXES_JS)
    assert not _problems(charts), "\n".join(_problems(charts))


def test_overview_first_phone_screen_shows_values(page: Page, app_server: App) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    open_page(page, app_server, "/")
    first = page.get_by_test_id("stMetricValue").first
    top = first.bounding_box()
    assert top is not None and top["y"] + top["height"] <= 844, f"first value starts at {top}"


def test_phone_table_shows_the_value_column(page: Page, app_server: App) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    open_page(page, app_server, "/indicator?id=neet_16_17")
    page.get_by_role("tab", name="Table").first.click()
    grid = page.get_by_test_id("stDataFrame").first
    grid.wait_for(state="visible")
    # The grid draws on a canvas; its accessible table holds a header only for the columns on screen (the
    # last of them may be cut off at the right edge), so Value must be there and not last.
    headers = grid.get_by_role("columnheader", include_hidden=True)
    expect(headers.first).to_be_attached(timeout=30_000)
    shown = headers.all_text_contents()
    assert "Value" in shown[:-1], f"columns on a phone screen: {shown}"


# Each word of the page title as a DOM Range: a word broken across two lines has two boxes.
_BROKEN_WORDS_JS = """
() => {
  const h1 = document.querySelector("[data-testid='stMain'] h1");
  const walker = document.createTreeWalker(h1, NodeFilter.SHOW_TEXT);
  const broken = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (const m of node.data.matchAll(/\\S+/g)) {
      const range = document.createRange();
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
      if (lines.size > 1) broken.push(m[0]);
    }
  }
  return broken;
}
"""


@pytest.mark.parametrize("path", ["/disproportionality", "/cohorts", "/indicator?id=neet_16_17", "/meeting-pack"])
def test_phone_titles_break_between_words(page: Page, app_server: App, path: str) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    open_page(page, app_server, path)
    assert page.evaluate(_BROKEN_WORDS_JS) == [], "a title word is split across two lines on a phone"
