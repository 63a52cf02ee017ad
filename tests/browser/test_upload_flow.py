"""An analyst signs in, uploads a small native CSV, previews, commits and finds the version listed."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import PAGE_SETTLE_TIMEOUT_MS, App, open_page, screenshot, wait_settled

pytestmark = pytest.mark.browser

FILE_NAME = "browser_test_knife_crime.csv"
# One existing observation with a new count: a valid native file that changes one row.
NATIVE_CSV = (
    b"indicator_id,period,area_code,area_name,dimension,category,numerator,denominator,value,"
    b"lower_ci,upper_ci,note\r\n"
    b"knife_crime_victims_under_25,2024/25,E09000019,Islington,all,all,43,,,,,browser test upload\r\n"
)


def sign_in(page: Page, app: App) -> None:
    name, password = app.analyst
    open_page(page, app, "/sign-in")
    page.get_by_label("User name").fill(name)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_test_id("stFormSubmitButton").get_by_role("button", name="Sign in").click()
    signed_in = page.get_by_test_id("stMain").get_by_text(f"Signed in as {name} (analyst)")
    expect(signed_in).to_be_visible(timeout=PAGE_SETTLE_TIMEOUT_MS)
    wait_settled(page)


def go_via_sidebar(page: Page, label: str) -> None:
    """In-app navigation keeps the session (and the sign-in); page.goto would start a new one."""
    page.get_by_test_id("stSidebar").get_by_role("link", name=label).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        {"Upload data": "Upload data", "Versions and rollback": "Versions and rollback"}[label],
        timeout=PAGE_SETTLE_TIMEOUT_MS,
    )
    wait_settled(page)


def test_wrong_password_is_refused(page: Page, app_server: App) -> None:
    open_page(page, app_server, "/sign-in")
    page.get_by_label("User name").fill(app_server.analyst[0])
    page.get_by_label("Password", exact=True).fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("That user name and password do not match.")).to_be_visible(timeout=PAGE_SETTLE_TIMEOUT_MS)
    expect(page.get_by_test_id("stSidebar").get_by_text("Upload data")).to_have_count(0)


def test_analyst_uploads_previews_commits_and_sees_the_version(page: Page, app_server: App) -> None:
    sign_in(page, app_server)
    go_via_sidebar(page, "Upload data")

    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(
        {"name": FILE_NAME, "mimeType": "text/csv", "buffer": NATIVE_CSV}
    )
    expect(page.get_by_role("heading", name="Preview")).to_be_visible(timeout=PAGE_SETTLE_TIMEOUT_MS)
    wait_settled(page)
    # 2024/25 is a new period for knife crime victims (the real series stops at 2019/20): one row to add
    added = page.get_by_test_id("stMetric").filter(has_text="Rows to add")
    expect(added.get_by_test_id("stMetricValue")).to_have_text("1")
    screenshot(page, "upload_preview")

    page.get_by_role("button", name="Commit").click()
    success = page.get_by_test_id("stAlertContentSuccess")
    expect(success).to_contain_text(re.compile(r"Version \d+ is now live"), timeout=PAGE_SETTLE_TIMEOUT_MS)
    version_id = re.search(r"Version (\d+) is now live", success.inner_text()).group(1)
    wait_settled(page)
    screenshot(page, "upload_committed")

    page.set_viewport_size({"width": 2400, "height": 1000})  # so the grid renders every column
    go_via_sidebar(page, "Versions and rollback")
    # st.dataframe draws on a canvas; its cells are mirrored in a hidden accessible table.
    row = page.get_by_test_id("stDataFrame").locator(
        "tr", has=page.locator(f"td[aria-colindex='1']:text-is('{version_id}')")
    )
    expect(row).to_have_count(1, timeout=PAGE_SETTLE_TIMEOUT_MS)
    expect(row).to_contain_text(app_server.analyst[0])
    expect(row).to_contain_text(FILE_NAME)
    screenshot(page, "history_after_upload")
