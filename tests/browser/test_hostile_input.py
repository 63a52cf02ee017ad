"""In a real browser: URL payloads render as text on every page; a 100-character password is a plain refusal."""

from __future__ import annotations

import urllib.parse

import pytest
from playwright.sync_api import Page, expect

from tests.app.test_url_payloads import PARAMS, PAYLOADS
from tests.browser.conftest import App, open_page

pytestmark = pytest.mark.browser

URL_PATHS = {"overview": "", "action_plan": "action-plan", "meeting_pack": "meeting-pack", "sign_in": "sign-in"}
EVERYTHING = " ".join(PAYLOADS.values())
CASES = [(name, dict.fromkeys(params, EVERYTHING)) for name, params in PARAMS.items()]
CASES.append(("disproportionality", {**dict.fromkeys(PARAMS["disproportionality"], EVERYTHING), "show": "example"}))
CASES.append(("disproportionality", {"meeting": "1", "view": EVERYTHING}))


def _assert_inert(page: Page) -> None:
    main = page.locator("[data-testid='stMain']")
    expect(main.locator("a[href*='evil']")).to_have_count(0)
    expect(main.locator("img[src*='evil']")).to_have_count(0)
    expect(main.locator("[onerror]")).to_have_count(0)
    expect(page.get_by_text("Traceback")).to_have_count(0)


@pytest.mark.parametrize(("name", "params"), CASES, ids=[f"{n}-{len(p)}" for n, p in CASES])
def test_url_payloads_render_no_link_image_or_html(page: Page, app_server: App, name: str, params: dict) -> None:
    path = URL_PATHS.get(name, name)
    open_page(page, app_server, f"/{path}?{urllib.parse.urlencode(params)}")
    _assert_inert(page)


def test_a_100_character_password_is_a_plain_refusal(page: Page, app_server: App) -> None:
    open_page(page, app_server, "/sign-in")
    page.get_by_label("User name").fill(app_server.analyst[0])
    # 100 characters, 200 bytes: bcrypt alone refuses over 72 bytes with a traceback.
    page.get_by_role("textbox", name="Password").fill("é" * 100)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("That user name and password do not match.")).to_be_visible(timeout=60_000)
    expect(page.get_by_text("Traceback")).to_have_count(0)
    expect(page.get_by_text("ValueError")).to_have_count(0)
