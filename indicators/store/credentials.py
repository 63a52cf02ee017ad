"""Local sign-in credentials (DESIGN §7), used when no OIDC provider (st.login) is configured.

The local file (data/credentials.toml, git-ignored) holds bcrypt salted hashes, written by
`python -m indicators add-user NAME --role analyst`. No sign-in means the viewer role.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import bcrypt

from indicators.settings import get_settings

ROLES = ("viewer", "analyst")


def _path() -> Path:
    return get_settings().credentials_path


def load_users(path: Path | None = None) -> dict[str, dict[str, str]]:
    path = path or _path()
    if not path.exists():
        return {}
    with open(path, "rb") as fh:
        return tomllib.load(fh).get("users", {})


def _write_users(users: dict[str, dict[str, str]], path: Path) -> None:
    lines = ["# Local sign-ins: bcrypt salted hashes. Manage with `python -m indicators add-user`.", ""]
    for name, rec in sorted(users.items()):
        lines += [f'[users."{name}"]', f'role = "{rec["role"]}"', f'password_hash = "{rec["password_hash"]}"', ""]
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text("\n".join(lines), encoding="utf-8")
    tmp.replace(path)


def add_user(name: str, password: str, role: str, path: Path | None = None) -> None:
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}")
    if not name or '"' in name or len(password) < 8:
        raise ValueError("a user needs a name without quotes and a password of at least 8 characters")
    path = path or _path()
    users = load_users(path)
    hashed = bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt()).decode("ascii")
    users[name] = {"role": role, "password_hash": hashed}
    _write_users(users, path)


def verify(name: str, password: str, path: Path | None = None) -> str | None:
    """The user's role if the password matches, else None."""
    rec = load_users(path).get(name)
    if not rec:
        return None
    if bcrypt.checkpw(password.encode("utf-8"), rec["password_hash"].encode("ascii")):
        return rec["role"] if rec["role"] in ROLES else None
    return None
