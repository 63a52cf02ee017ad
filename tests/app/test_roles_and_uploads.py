"""Who sees what: viewers cannot reach upload, history or audit; analysts can, and can upload."""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from indicators.services import versions as version_service
from indicators.services.accounts import role_for_oidc_user
from indicators.store.credentials import verify
from tests.app.conftest import ROOT, page
from tests.conftest import ANALYST

ANALYST_PAGES = ["upload", "history", "audit"]


@pytest.mark.parametrize("name", ANALYST_PAGES)
def test_a_viewer_following_an_analyst_link_is_asked_to_sign_in(name: str) -> None:
    at = page(name).run()
    assert not at.exception
    assert at.title[0].value == "Sign-in needed"
    assert any("analysts only" in e.value for e in at.error)
    assert not at.file_uploader and not at.get("download_button")
    assert not [b for b in at.button if b.label in ("Roll back", "Commit")]


@pytest.mark.parametrize("name", ANALYST_PAGES)
def test_an_analyst_page_script_refuses_a_viewer_even_when_run_on_its_own(name: str) -> None:
    at = AppTest.from_file(str(ROOT / "pages" / f"{name}.py"), default_timeout=60).run()
    assert not at.exception
    assert any("analysts only" in e.value for e in at.error)
    assert not at.file_uploader and not at.get("download_button")
    assert not [b for b in at.button if b.label in ("Roll back", "Commit")]


@pytest.mark.parametrize("name", ANALYST_PAGES)
def test_an_analyst_reaches_analyst_pages(name: str) -> None:
    at = page(name, analyst=True).run()
    assert not at.exception
    assert not any("analysts only" in e.value for e in at.error)


def test_oidc_user_listed_as_analyst_gets_the_analyst_role() -> None:
    assert role_for_oidc_user("Analyst@Islington.gov.uk", ["analyst@islington.gov.uk"]) == "analyst"
    assert role_for_oidc_user("someone@example.com", ["analyst@islington.gov.uk"]) == "viewer"
    assert role_for_oidc_user(None, ["analyst@islington.gov.uk"]) == "viewer"


def test_signed_in_oidc_analyst_sees_the_upload_page() -> None:
    at = page(
        "upload",
        user={"is_logged_in": True, "email": "analyst@islington.gov.uk"},
        secrets={"roles": {"analysts": ["analyst@islington.gov.uk"]}},
    ).run()
    assert not at.exception
    assert at.file_uploader


def test_signed_in_oidc_viewer_is_still_refused() -> None:
    at = page(
        "upload",
        user={"is_logged_in": True, "email": "councillor@islington.gov.uk"},
        secrets={"roles": {"analysts": ["analyst@islington.gov.uk"]}},
    ).run()
    assert not at.exception
    assert any("analysts only" in e.value for e in at.error) and not at.file_uploader


def test_local_credentials_are_salted_hashes() -> None:
    from indicators.store.credentials import load_users

    stored = load_users()[ANALYST[0]]
    assert stored["password_hash"].removeprefix("sha256$").startswith("$2")
    assert ANALYST[1] not in stored["password_hash"]
    assert verify(*ANALYST) == "analyst"
    assert verify(ANALYST[0], "wrong password") is None


def test_sign_in_form_makes_an_analyst_and_wrong_password_does_not() -> None:
    at = page("sign_in").run()
    at.text_input(key="sign_in.name").input(ANALYST[0])
    at.text_input(key="sign_in.password").input("nope")
    at.button[0].click()
    at.run()
    assert "auth.role" not in at.session_state
    assert any("do not match" in e.value for e in at.error)
    at.text_input(key="sign_in.password").input(ANALYST[1])
    at.button[0].click()
    at.run()
    assert at.session_state["auth.role"] == "analyst"


GOOD_UPLOAD = (
    b"indicator_id,period,area_code,area_name,dimension,category,numerator,denominator,value,lower_ci,upper_ci,note\r\n"
    b"gun_crime_offences,1995/96,E09000019,Islington,all,all,12,,,,,test row\r\n"
)
BAD_UPLOAD = (
    b"indicator_id,period,area_code,area_name,dimension,category,numerator,denominator,value,lower_ci,upper_ci,note\n"
    b"gun_crime_offences,1995/96,E09000019,Islington,all,all,NULL,,,,,\n"
)


def test_upload_page_reports_problems_and_offers_no_commit() -> None:
    at = page("upload", analyst=True).run()
    long_value = "<b>" + "x" * 300
    bad = BAD_UPLOAD + f"gun_crime_offences,1996/97,E09000019,Islington,all,all,{long_value},,,,,\n".encode()
    at.file_uploader[0].upload("bad.csv", bad, "text/csv")
    at.run()
    assert not at.exception
    assert any("not stored" in e.value for e in at.error)
    (table,) = at.table
    shown = table.value
    # The whole reason is in a wrapping table; the echoed value is cut to 80 characters, escaped.
    assert all(len(r) > 20 and not r.endswith("…") for r in shown["reason"])
    echoed = next(v for v in shown["value"] if "xxx" in v)
    assert echoed.endswith("…") and len(echoed.replace("\\", "")) <= 80 and "<b>" not in echoed
    assert not [b for b in at.button if b.label == "Commit"]


def test_upload_page_previews_then_commits_then_history_can_roll_back() -> None:
    at = page("upload", analyst=True).run()
    at.file_uploader[0].upload("good.csv", GOOD_UPLOAD, "text/csv")
    at.run()
    assert not at.exception
    assert [m.value for m in at.metric][:1] == ["1"]
    from indicators.store.db import get_engine

    before = version_service.current_version(get_engine())["id"]
    commit = next(b for b in at.button if b.label == "Commit")
    commit.click()
    at.run()
    assert any(re.search(r"Version \d+ is now live: 1 rows changed \(1 added, 0 updated", s.value) for s in at.success)
    at.run()  # the same file again: nothing left to commit, so no armed Commit button
    assert not [b for b in at.button if b.label == "Commit"]
    history = page("history", analyst=True).run()
    assert not history.exception
    history.checkbox(key="history.confirm").check()
    history.run()
    history.selectbox(key="history.target").set_value(before).run()
    target = history.selectbox(key="history.target").value
    assert target == before
    next(b for b in history.button if b.label == "Roll back").click()
    history.run()
    assert not history.exception
    # The one uploaded row leaves the live data; the button disarms until confirmed again.
    assert re.fullmatch(rf"Version {target} \(.*\) is now live: 1 rows changed\.", history.success[0].value)
    assert history.checkbox(key="history.confirm").value is False
    assert next(b for b in history.button if b.label == "Roll back").disabled
    from indicators.store.db import get_engine

    assert version_service.current_version(get_engine())["id"] == target
