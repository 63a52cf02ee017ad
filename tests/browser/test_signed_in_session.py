"""An analyst's sign-in survives a reload and a new tab (a signed, HttpOnly cookie over a server-side
session); sign-out ends it, and a copy of the old cookie signs nobody in. A viewer who follows an
analyst link is asked to sign in, and the menu offers no page that needs parameters it lacks."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import PAGE_SETTLE_TIMEOUT_MS, App, open_page, wait_settled

pytestmark = pytest.mark.browser
COOKIE = "ysd_session"


def _sign_in(page: Page, app: App, path: str = "/sign-in") -> None:
    name, password = app.analyst
    open_page(page, app, path)
    page.get_by_label("User name").fill(name)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_test_id("stFormSubmitButton").get_by_role("button", name="Sign in").click()


def _is_upload_page(page: Page) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text("Upload data", timeout=PAGE_SETTLE_TIMEOUT_MS)


def _is_refused(page: Page) -> None:
    expect(page.get_by_text("This page is for signed-in analysts only")).to_be_visible()
    expect(page.get_by_role("heading", name="Upload data")).to_have_count(0)


def test_reload_and_new_tab_keep_the_analyst_signed_in_until_sign_out(browser: Browser, app_server: App) -> None:
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    open_page(page, app_server, "/upload")
    _is_refused(page)
    page.get_by_test_id("stMain").get_by_role("link", name="Sign in").click()
    wait_settled(page)
    _sign_in(page, app_server, page.url.removeprefix(app_server.url))
    _is_upload_page(page)  # back where the link came from
    (cookie,) = [c for c in context.cookies() if c["name"] == COOKIE]
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    assert page.evaluate("document.cookie").find(COOKIE) == -1  # scripts cannot read it

    page.reload()
    wait_settled(page)
    _is_upload_page(page)
    tab = context.new_page()
    open_page(tab, app_server, "/upload")
    _is_upload_page(tab)

    open_page(page, app_server, "/sign-in")
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("button", name="Sign in")).to_be_visible(timeout=PAGE_SETTLE_TIMEOUT_MS)
    assert not [c for c in context.cookies() if c["name"] == COOKIE]
    context.close()

    # A copy of the old cookie, replayed after sign-out, signs nobody in.
    replay = browser.new_context(viewport={"width": 1366, "height": 900})
    replay.add_cookies([cookie])
    stale = replay.new_page()
    open_page(stale, app_server, "/upload")
    _is_refused(stale)
    replay.close()


def test_menu_links_only_to_pages_that_open_without_parameters(page: Page, app_server: App) -> None:
    open_page(page, app_server, "/")
    menu = page.get_by_test_id("stSidebar")
    expect(menu.get_by_role("link", name="Indicator", exact=True)).to_have_count(0)
    expect(menu.get_by_role("link", name="Upload data")).to_have_count(0)
