"""A real `streamlit run` on a free loopback port, and Playwright driving Debian's chromium against it.

The server gets a private copy of the seeded database (so uploads here touch nothing else) and a
temporary credentials file holding one analyst. Every wait is bounded and waits on a state: the
health endpoint, then the app's script state and the absence of loading skeletons.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.server import start_streamlit, stop_streamlit
from tests.conftest import REPO_ROOT, SEEDED_DB

CHROMIUM = "/usr/bin/chromium"
PAGE_SETTLE_TIMEOUT_MS = 120_000  # the first overview of a fresh server builds every card's status
ANALYST = ("test-analyst", "correct horse battery staple")
SCREENSHOTS = REPO_ROOT / "test-artifacts" / "screenshots"
SETTLED = "[data-testid='stApp'][data-test-script-state='notRunning'][data-test-connection-state='CONNECTED']"


@dataclass(frozen=True)
class App:
    url: str
    log: Path
    analyst: tuple[str, str]


@pytest.fixture(scope="session")
def app_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[App]:
    from indicators.store.credentials import add_user

    workdir = tmp_path_factory.mktemp("browser-app")
    db = workdir / "app.sqlite"
    shutil.copy(SEEDED_DB, db)
    credentials = workdir / "credentials.toml"
    add_user(*ANALYST, role="analyst", path=credentials)
    log = workdir / "streamlit.log"
    env = {"DATABASE_URL": f"sqlite:///{db}", "YSD_CREDENTIALS_FILE": str(credentials)}
    proc, url = start_streamlit("app.py", workdir, env, log)
    yield App(url=url, log=log, analyst=ANALYST)
    stop_streamlit(proc)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    """Debian's chromium (`--browser-channel` cannot point at it; `playwright install` is not used)."""
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    return {**browser_context_args, "viewport": {"width": 1366, "height": 900}, "locale": "en-GB"}


def wait_settled(page: Page, timeout_ms: int = PAGE_SETTLE_TIMEOUT_MS) -> None:
    """The script has finished, the websocket is up and no element is still a loading skeleton."""
    page.wait_for_selector(SETTLED, timeout=timeout_ms)
    expect(page.get_by_test_id("stSkeleton")).to_have_count(0, timeout=timeout_ms)
    expect(page.locator("[data-testid='stMain'] h1").first).to_be_visible(timeout=timeout_ms)


def open_page(page: Page, app: App, path: str) -> None:
    page.goto(f"{app.url}{path}", timeout=PAGE_SETTLE_TIMEOUT_MS)
    wait_settled(page)


def screenshot(page: Page, name: str) -> Path:
    """Save a full-page screenshot as a test artefact (test-artifacts/ is git-ignored)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def slug(path: str) -> str:
    text = path.strip("/").replace("?", "_").replace("=", "-").replace("&", "_")
    return text or "overview"
