"""Local sign-in credentials (DESIGN §7), used when no OIDC provider (st.login) is configured.

The local file (data/credentials.toml, git-ignored) holds bcrypt salted hashes, written by
`python -m indicators add-user NAME --role analyst`. No sign-in means the viewer role.

bcrypt reads only the first 72 bytes of a password (bcrypt 5 refuses longer ones), so new hashes
are of base64(SHA-256(password)), marked with PREHASHED; hashes written before that still verify.
"""

from __future__ import annotations

import base64
import hashlib
import tomllib
from functools import cache
from pathlib import Path

import bcrypt

from indicators.settings import get_settings

ROLES = ("viewer", "analyst")
NAME_MAX = 64
PASSWORD_MIN = 8
PREHASHED = "sha256$"
_FORBIDDEN = set("\\\"'`<>")
_HEADER = "# Local sign-ins: bcrypt salted hashes. Manage with `python -m indicators add-user`."


def _path() -> Path:
    return get_settings().credentials_path


def name_problem(name: str) -> str | None:
    """Why ``name`` cannot be a user name (None when it can): it reaches a file and the audit log."""
    if not name or name != name.strip():
        return "a user name cannot be blank or start or end with a space"
    if len(name) > NAME_MAX:
        return f"a user name has at most {NAME_MAX} characters"
    if any(not (ch.isprintable() or ch == " ") for ch in name):
        return "a user name cannot hold line breaks, tabs or other control characters"
    if _FORBIDDEN & set(name):
        return "a user name cannot hold a backslash, quotes, backticks or angle brackets"
    return None


def load_users(path: Path | None = None) -> dict[str, dict[str, str]]:
    path = path or _path()
    if not path.exists():
        return {}
    with open(path, "rb") as fh:
        return tomllib.load(fh).get("users", {})


def _toml_string(value: str) -> str:
    """A TOML basic string: quotes, backslashes and control characters escaped (TOML 1.0 §String)."""
    out = []
    for ch in value:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _write_users(users: dict[str, dict[str, str]], path: Path) -> None:
    lines = [_HEADER, ""]
    for name, rec in sorted(users.items()):
        lines += [
            f"[users.{_toml_string(name)}]",
            f"role = {_toml_string(rec['role'])}",
            f"password_hash = {_toml_string(rec['password_hash'])}",
            "",
        ]
    text = "\n".join(lines)
    # Never replace a readable file with one that does not read back to the same users.
    if tomllib.loads(text).get("users", {}) != users:
        raise ValueError("the credentials file would not read back the same; nothing was written")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def _prehash(password: str) -> bytes:
    return base64.b64encode(hashlib.sha256(password.encode("utf-8")).digest())


def hash_password(password: str) -> str:
    return PREHASHED + bcrypt.hashpw(_prehash(password), bcrypt.gensalt()).decode("ascii")


def add_user(name: str, password: str, role: str, path: Path | None = None) -> None:
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}")
    if problem := name_problem(name):
        raise ValueError(problem)
    if len(password) < PASSWORD_MIN:
        raise ValueError(f"a password needs at least {PASSWORD_MIN} characters")
    path = path or _path()
    users = load_users(path)
    users[name] = {"role": role, "password_hash": hash_password(password)}
    _write_users(users, path)


@cache
def _dummy_hash() -> bytes:
    return bcrypt.hashpw(b"no such user", bcrypt.gensalt())


def _matches(password: str, stored: str) -> bool:
    if stored.startswith(PREHASHED):
        return bcrypt.checkpw(_prehash(password), stored[len(PREHASHED) :].encode("ascii"))
    secret = password.encode("utf-8")
    # A hash from before pre-hashing: bcrypt 5 refuses over 72 bytes, and no such password was ever hashed.
    return len(secret) <= 72 and bcrypt.checkpw(secret, stored.encode("ascii"))


def verify(name: str, password: str, path: Path | None = None) -> str | None:
    """The user's role if the password matches, else None (as slow for an unknown name as a known one)."""
    rec = load_users(path).get(name)
    if not rec:
        bcrypt.checkpw(b"wrong", _dummy_hash())  # same work, so timing does not tell whether a name exists
        return None
    try:
        ok = _matches(password, rec["password_hash"])
    except ValueError:  # a hash in the file that bcrypt cannot read: no sign-in, never a traceback
        return None
    return rec["role"] if ok and rec["role"] in ROLES else None
