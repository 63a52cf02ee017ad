"""Twenty browser sessions open the overview at once against one local server, without an error."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser

from tests.browser.conftest import PAGE_SETTLE_TIMEOUT_MS, SETTLED, App

pytestmark = pytest.mark.browser

SESSIONS = 20


def test_twenty_concurrent_overview_sessions(browser: Browser, app_server: App) -> None:
    contexts = [browser.new_context(viewport={"width": 1280, "height": 900}) for _ in range(SESSIONS)]
    try:
        pages = [c.new_page() for c in contexts]
        for page in pages:  # start every navigation before waiting for any of them
            page.goto(app_server.url + "/", wait_until="commit", timeout=PAGE_SETTLE_TIMEOUT_MS)
        for i, page in enumerate(pages):
            page.wait_for_selector(SETTLED, timeout=PAGE_SETTLE_TIMEOUT_MS)
            page.get_by_text("14 of 14 indicators shown.").wait_for(timeout=PAGE_SETTLE_TIMEOUT_MS)
            assert page.locator("[data-testid='stException']").count() == 0, f"session {i}"
    finally:
        for context in contexts:
            context.close()
    log = app_server.log.read_text(errors="replace")
    assert "Traceback" not in log, log[-3000:]
