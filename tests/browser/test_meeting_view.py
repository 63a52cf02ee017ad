"""The disproportionality meeting view on a 1920x1080 projector: every slide fits the screen with
Previous / Next visible, the arrow keys move between slides, and axe finds nothing serious."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page

from tests.browser.conftest import App, screenshot, wait_settled
from tests.browser.test_accessibility import FAILING_IMPACTS, describe

pytestmark = pytest.mark.browser

WIDTH, HEIGHT = 1920, 1080
SCROLL_HEIGHT = """() => Math.max(
  document.documentElement.scrollHeight,
  ...[...document.querySelectorAll('[data-testid="stMain"], [data-testid="stAppViewContainer"], section.main')]
    .map((e) => e.scrollHeight))"""


@pytest.fixture
def projector(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT}, locale="en-GB")
    yield context.new_page()
    context.close()


def _slide_count(page: Page) -> int:
    text = page.get_by_text("Screen 1 of").first.inner_text()
    return int(text.rsplit(" ", 1)[-1])


def _assert_fits(page: Page, number: int) -> None:
    height = page.evaluate(SCROLL_HEIGHT)
    screenshot(page, f"meeting_slide_{number}")
    print(f"meeting slide {number}: {height} px tall at {WIDTH}x{HEIGHT}")
    assert height <= HEIGHT, f"slide {number} is {height} px tall"
    for label in ("Previous", "Next"):
        box = page.get_by_role("button", name=label).bounding_box()
        assert box is not None and 0 <= box["y"] and box["y"] + box["height"] <= HEIGHT, (number, label, box)


def test_every_slide_fits_the_projector_with_its_navigation_visible(projector: Page, app_server: App) -> None:
    projector.goto(f"{app_server.url}/disproportionality?meeting=1&view=1", timeout=120_000)
    wait_settled(projector)
    count = _slide_count(projector)
    assert count >= 5
    axe = Axe()
    for number in range(1, count + 1):
        if number > 1:
            projector.goto(f"{app_server.url}/disproportionality?meeting=1&view={number}", timeout=120_000)
            wait_settled(projector)
        assert projector.get_by_text(f"Screen {number} of {count}").first.is_visible()
        _assert_fits(projector, number)
        serious = [v for v in axe.run(projector).response["violations"] if v["impact"] in FAILING_IMPACTS]
        assert not serious, f"slide {number}:\n{describe(serious)}"


def test_the_arrow_keys_move_between_slides(projector: Page, app_server: App) -> None:
    projector.goto(f"{app_server.url}/disproportionality?meeting=1&view=1", timeout=120_000)
    wait_settled(projector)
    projector.mouse.click(WIDTH - 5, HEIGHT - 5)  # focus the page, outside any field
    projector.keyboard.press("ArrowRight")
    projector.wait_for_url("**view=2**", timeout=30_000)
    wait_settled(projector)
    assert projector.get_by_text("Screen 2 of").first.is_visible()
    projector.keyboard.press("ArrowLeft")
    projector.wait_for_url("**view=1**", timeout=30_000)
