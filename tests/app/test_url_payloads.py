"""Nothing a visitor puts in a URL is rendered as a link, an image or HTML, on any page (issue 22)."""

from __future__ import annotations

import logging
import re
import tomllib

import pytest
from streamlit.config import ShowErrorDetailsConfigOptions
from streamlit.testing.v1 import AppTest

from tests.app.conftest import ROOT, page

PAYLOADS = {
    "link": "[Your session has expired - sign in again](https://evil.example/login)",
    "image": "![logo](https://evil.example/pixel.png)",
    "html": '<a href="https://evil.example/x">council</a><img src="https://evil.example/i.png" onerror="alert(1)">',
    "autolink": "www.evil.example/login https://evil.example/login",
}
# Every query parameter each page reads (a page that reads none gets the common ones anyway).
PARAMS = {
    "overview": ["objective", "strand"],
    "indicator": ["id"],
    "cohorts": ["indicator", "dimension", "period"],
    "disproportionality": ["show", "area", "offenders", "by", "stage", "period", "dimension", "reference", "basis"],
    "action_plan": ["strand", "objective", "lead", "governance", "status", "overdue"],
    "meeting_pack": ["ids"],
    "about": ["id"],
    "symbols": ["id"],
    "accessibility": ["id"],
    "privacy": ["id"],
    "support": ["id"],
    "sign_in": ["id"],
}
# What GFM's autolink literal needs: a scheme or "www." right before the host (Unicode letters allowed).
AUTOLINK = re.compile(r"(https?://|www\.)[^\s]*evil")
TEXT_ELEMENTS = ("markdown", "caption", "title", "header", "subheader", "error", "warning", "info", "success")


def _bodies(at: AppTest) -> list[tuple[str, str, bool]]:
    out = []
    for kind in TEXT_ELEMENTS:
        for element in getattr(at, kind):
            proto = element.proto
            body = getattr(proto, "body", None) or str(getattr(element, "value", ""))
            out.append((kind, body, bool(getattr(proto, "allow_html", False))))
    return out


def _open(name: str, params: dict[str, str]) -> AppTest:
    at = page(name, **params).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize("payload", list(PAYLOADS), ids=list(PAYLOADS))
@pytest.mark.parametrize("name", list(PARAMS))
def test_no_page_renders_a_url_payload(name: str, payload: str) -> None:
    value = PAYLOADS[payload]
    variants = [dict.fromkeys(PARAMS[name], value)]
    if name == "disproportionality":  # the example reads its choices only with ?show=example, ?view= with ?meeting=1
        variants.append({**variants[0], "show": "example"})
        variants.append({"meeting": "1", "view": value})
    for params in variants:
        at = _open(name, params)
        for kind, body, allow_html in _bodies(at):
            # GFM turns bare URLs into links after resolving backslash escapes: check the text as it resolves.
            resolved = body.replace("\\", "")
            assert "evil.example" not in resolved and not AUTOLINK.search(resolved), (name, params, kind, body)
            if allow_html:
                assert "onerror" not in body and "evil" not in body, (name, kind, body)


def test_the_echo_is_still_readable_and_cut_short() -> None:
    at = _open("indicator", {"id": PAYLOADS["link"] + "x" * 500})
    (error,) = at.error
    assert "Your session has expired" in error.value and "\\]\\(https\u2060\\:" in error.value
    assert len(error.value) < 300


def test_visitors_get_no_tracebacks_and_no_toolbar_download() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))["client"]
    assert config["showErrorDetails"] in {o.value for o in ShowErrorDetailsConfigOptions} - {"full", "stacktrace"}
    assert config["disableDataExport"] is True  # the action plan's own download neutralises formulas


def _failing_page() -> None:
    from indicators.ui import feedback

    feedback.guard(lambda: 1 / 0)


def _faulty_page() -> None:
    import sqlite3

    from indicators.ui import feedback

    def page() -> None:
        raise sqlite3.DatabaseError("file is not a database")

    feedback.guard(page)


def test_a_page_error_is_a_plain_message_and_a_logged_traceback(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.ERROR, logger="indicators.ui"):
        at = AppTest.from_function(_failing_page).run()
    assert at.exception, "raised on, so Streamlit records it (redacted for visitors) and tests see it"
    (error,) = at.error
    assert "Something went wrong" in error.value and "ZeroDivisionError" not in error.value
    logged = [r for r in caplog.records if r.name == "indicators.ui" and r.exc_info]
    assert logged and logged[0].exc_info[0] is ZeroDivisionError


def test_a_database_fault_on_a_page_is_the_same_message_as_the_cli() -> None:
    at = AppTest.from_function(_faulty_page).run()
    assert not at.exception
    (error,) = at.error
    assert "the database file is damaged" in error.value
