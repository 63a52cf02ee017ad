"""Every page URL loads in a real browser without an exception; deep links restore state."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import App, open_page, screenshot, slug
from tests.conftest import REPO_ROOT

pytestmark = pytest.mark.browser

PAGE_URLS = [
    "/",
    "/indicator?id=neet_16_17",
    "/indicator?id=first_time_entrants",
    "/indicator?id=youth_justice_disproportionality",
    "/indicator?id=knife_crime_victims_under_25",
    "/indicator?id=no_such_indicator",
    "/indicator",
    "/cohorts",
    "/disproportionality",
    "/disproportionality?meeting=1",
    "/action-plan",
    "/about",
    "/symbols",
    "/accessibility",
    "/privacy",
    "/support",
    "/sign-in",
]
# Pages the lead registers in app.py later are checked as soon as they are there.
_APP = (REPO_ROOT / "app.py").read_text()
PAGE_URLS += [f"/{url}" for url in ("meeting-pack",) if f'url_path="{url}"' in _APP]


@pytest.mark.parametrize("path", PAGE_URLS)
def test_page_loads_without_exception(page: Page, app_server: App, path: str) -> None:
    open_page(page, app_server, path)
    screenshot(page, slug(path))
    expect(page.get_by_test_id("stException")).to_have_count(0)
    expect(page.locator("[data-testid='stMain'] h1").first).not_to_be_empty()


def test_indicator_deep_link_shows_its_title(page: Page, app_server: App) -> None:
    from indicators.catalogue import load_catalogue

    title = load_catalogue().get("neet_16_17").title
    open_page(page, app_server, "/indicator?id=neet_16_17")
    expect(page.get_by_role("heading", level=1)).to_have_text(title)


def test_unknown_indicator_says_so(page: Page, app_server: App) -> None:
    open_page(page, app_server, "/indicator?id=no_such_indicator")
    expect(page.get_by_role("heading", level=1)).to_have_text("Indicator not found")
    expect(page.get_by_text("no_such_indicator")).to_be_visible()


def test_overview_filters_from_the_objective_parameter(page: Page, app_server: App) -> None:
    from indicators.catalogue import load_catalogue

    catalogue = load_catalogue()
    objective = next(iter(catalogue.objectives))
    expected = [i for i in catalogue.kpis() if objective in i.objectives]
    assert 0 < len(expected) < len(catalogue.kpis()), "pick an objective that filters"
    open_page(page, app_server, f"/?objective={objective}")
    chosen = page.get_by_role("combobox", name="Objective")
    expect(chosen).to_have_value(f"{objective}. {catalogue.objectives[objective]}")
    expect(page.get_by_text(f"{len(expected)} of {len(catalogue.kpis())} indicators shown.")).to_be_visible()
    expect(page).to_have_url(f"{app_server.url}/?objective={objective}")  # no defaults written (Back)


@pytest.mark.parametrize("path", ["/upload", "/history"])
def test_anonymous_visitor_cannot_reach_analyst_pages(page: Page, app_server: App, path: str) -> None:
    open_page(page, app_server, path)
    screenshot(page, f"anonymous_{slug(path)}")
    expect(page.get_by_role("heading", name="Upload data")).to_have_count(0)
    expect(page.get_by_role("heading", name="Versions and rollback")).to_have_count(0)
    expect(page.get_by_test_id("stFileUploader")).to_have_count(0)
    # Told to sign in (not "page not found"), with no analyst page in the menu.
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign-in needed")
    expect(page.get_by_text("This page is for signed-in analysts only")).to_be_visible()
    expect(page.get_by_test_id("stSidebar").get_by_text("Upload data")).to_have_count(0)
