"""Every setting is declared once with help text, and the README documents each one."""

from __future__ import annotations

import tomllib

from indicators.settings import CONFIG_FILE, REPO_ROOT, Settings


def test_every_setting_has_help_text() -> None:
    for name, field in Settings.model_fields.items():
        assert field.description, name


def test_readme_documents_every_setting() -> None:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    for name in Settings.model_fields:
        assert f"`{name}`" in readme, name


def test_config_toml_only_sets_known_settings() -> None:
    with open(CONFIG_FILE, "rb") as fh:
        raw = tomllib.load(fh)
    assert set(raw) <= set(Settings.model_fields)


def test_database_url_environment_variable_overrides_config(monkeypatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://u@127.0.0.1:5432/x")
    assert Settings().resolved_database_url == "postgresql+psycopg://u@127.0.0.1:5432/x"


def test_relative_sqlite_paths_resolve_against_the_repository(monkeypatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "sqlite:///data/x.sqlite")
    assert Settings().resolved_database_url == f"sqlite:///{REPO_ROOT / 'data' / 'x.sqlite'}"
