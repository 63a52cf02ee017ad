"""Sign-in resists guessing and bad input; user names never corrupt the credentials file (issue 22)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import bcrypt
import pytest

from indicators.errors import SignInRefused
from indicators.services import accounts
from indicators.services import versions as version_service
from indicators.store import credentials
from tests.conftest import REPO_ROOT

PASSWORD = "correct horse battery staple"


@pytest.fixture
def creds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "credentials.toml"
    monkeypatch.setattr(credentials, "_path", lambda: path)
    return path


@pytest.mark.parametrize(
    "name", ["ends\\", 'say "hi"', "two\nlines", "tab\there", "bell\x07", "x" * 65, " padded", "", "line\u2028sep"]
)
def test_add_user_refuses_names_that_could_corrupt_the_file(creds: Path, name: str) -> None:
    credentials.add_user("alice", PASSWORD, "analyst")
    before = creds.read_bytes()
    with pytest.raises(ValueError, match="user name"):
        credentials.add_user(name, PASSWORD, "analyst")
    assert creds.read_bytes() == before
    assert credentials.verify("alice", PASSWORD) == "analyst"


def test_names_with_accents_and_spaces_round_trip(creds: Path) -> None:
    for name in ("Zoë O Brien", "анна", "x" * 64):
        credentials.add_user(name, PASSWORD, "analyst")
    assert set(credentials.load_users()) == {"Zoë O Brien", "анна", "x" * 64}
    assert credentials.verify("Zoë O Brien", PASSWORD) == "analyst"


def test_add_user_cli_refuses_a_backslash_name_with_exit_1(tmp_path: Path) -> None:
    env = {**os.environ, "YSD_CREDENTIALS_FILE": str(tmp_path / "c.toml")}
    done = subprocess.run(
        [sys.executable, "-m", "indicators", "add-user", "bob\\", "--password", PASSWORD],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        env=env,
        timeout=120,
    )
    assert done.returncode == 1 and "backslash" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "c.toml").exists()


@pytest.mark.parametrize("length", [72, 73, 100, 10_000])
def test_any_password_length_signs_in(creds: Path, length: int) -> None:
    password = ("pässwörd" * 2000)[:length]  # multibyte: 100 characters are well over 72 bytes
    credentials.add_user("long", password, "analyst")
    assert credentials.verify("long", password) == "analyst"
    assert credentials.verify("long", password[:-1] + "X") is None
    assert credentials.verify("long", password[:72]) is None or length == 72


def test_hashes_from_before_prehashing_still_verify(creds: Path) -> None:
    legacy = bcrypt.hashpw(PASSWORD.encode(), bcrypt.gensalt(4)).decode()
    creds.write_text(f'[users.old]\nrole = "analyst"\npassword_hash = "{legacy}"\n', encoding="utf-8")
    assert credentials.verify("old", PASSWORD) == "analyst"
    assert credentials.verify("old", "wrong" * 30) is None  # over 72 bytes: no traceback, no match


def test_lockout_after_repeated_failures_whatever_the_name(empty_engine, creds: Path) -> None:
    credentials.add_user("alice", PASSWORD, "analyst")
    messages = {}
    for name in ("alice", "nobody"):
        for _ in range(accounts.USER_LIMIT):
            assert accounts.sign_in(empty_engine, name, "wrong password", client=f"10.0.0.{len(name)}") is None
        with pytest.raises(SignInRefused) as refused:
            accounts.sign_in(empty_engine, name, PASSWORD if name == "alice" else "x", client="10.0.0.99")
        messages[name] = str(refused.value)
    assert messages["alice"] == messages["nobody"], "the lockout must not tell whether an account exists"
    log = version_service.audit_log(empty_engine)
    assert (log["event"] == "sign_in_locked").sum() == 2
    assert (log["event"] == "sign_in").sum() == 0


def test_a_success_resets_the_count_for_that_name(empty_engine, creds: Path) -> None:
    credentials.add_user("alice", PASSWORD, "analyst")
    for _ in range(accounts.USER_LIMIT - 1):
        accounts.sign_in(empty_engine, "alice", "wrong password", client="a")
    assert accounts.sign_in(empty_engine, "alice", PASSWORD, client="a") == "analyst"
    accounts.sign_in(empty_engine, "alice", "wrong password", client="a")
    assert accounts.sign_in(empty_engine, "alice", PASSWORD, client="a") == "analyst"


def test_one_client_guessing_many_names_is_locked_out(empty_engine, creds: Path) -> None:
    credentials.add_user("alice", PASSWORD, "analyst")
    for i in range(accounts.CLIENT_LIMIT):
        accounts.sign_in(empty_engine, f"guess{i}", "wrong password", client="192.0.2.7")
    with pytest.raises(SignInRefused):
        accounts.sign_in(empty_engine, "alice", PASSWORD, client="192.0.2.7")
    assert accounts.sign_in(empty_engine, "alice", PASSWORD, client="192.0.2.8") == "analyst"


def test_a_huge_or_multiline_name_reaches_the_audit_log_cut_short_and_escaped(empty_engine, creds: Path) -> None:
    assert accounts.sign_in(empty_engine, "x" * 1_000_000, PASSWORD, client="c") is None
    assert accounts.sign_in(empty_engine, "eve\nsign_in\tadmin", PASSWORD, client="c") is None
    users = version_service.audit_log(empty_engine)["user"].tolist()
    assert all(len(u) <= credentials.NAME_MAX for u in users)
    assert "eve\\nsign_in\\tadmin" in users
