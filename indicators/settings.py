"""App settings: root config.toml, overridable by environment variables (DATABASE_URL, YSD_*)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, BaseModel, Field
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

REPO_ROOT = Path(__file__).resolve().parent.parent
CONFIG_FILE = REPO_ROOT / "config.toml"


class TargetSetting(BaseModel):
    kind: Literal["direction", "value"] = "direction"
    baseline_period: str | None = Field(None, description="Defaults to the app's baseline_period.")
    value: float | None = Field(None, description="The numeric target, for kind = value.")
    target_period: str | None = Field(None, description="When the numeric target is due.")
    set_by: str = Field("", description="Who set the target (required for an on/off-track verdict).")
    set_on: str = Field("", description="When the target was set, ISO date (required with set_by).")
    note: str = ""


class Settings(BaseSettings):
    """Typed settings, each with its help text (README's settings table is checked against these)."""

    model_config = SettingsConfigDict(env_prefix="YSD_", env_nested_delimiter="__", extra="ignore")

    database_url: str = Field(
        "sqlite:///data/youth_safety.sqlite",
        validation_alias=AliasChoices("DATABASE_URL", "YSD_DATABASE_URL", "database_url"),
        description="SQLAlchemy URL of the store; relative SQLite paths resolve against the repo root.",
    )
    suppression_threshold: int = Field(5, ge=1, description="Counts below this (and above 0) show as [c].")
    max_upload_mb: float = Field(50, gt=0, description="Largest upload accepted, in megabytes.")
    home_area: str = Field("E09000019", description="GSS code of the English upper-tier LA the dashboard is about.")
    strategy: str | None = Field(
        None,
        description='Strategy content to load: "islington" (its 57 actions and figures) or "none"; '
        "default: Islington's when home_area is Islington, else none.",
    )
    baseline_period: str = Field("2019/20", description="Default baseline: the year before the strategy.")
    target_period: str = Field("2024/25", description="Default target period: the strategy's last year.")
    credentials_file: str = Field("data/credentials.toml", description="Local sign-in credentials file.")
    disparity_threshold: float = Field(
        1.25,
        ge=1,
        description=(
            "A reliable, significant ratio at or above this (or at or below its inverse) opens a register entry."
        ),
    )
    targets: dict[str, TargetSetting] = Field(default_factory=dict, description="Per-KPI targets.")

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        toml = TomlConfigSettingsSource(settings_cls, toml_file=CONFIG_FILE)
        return (init_settings, env_settings, toml)

    @property
    def resolved_database_url(self) -> str:
        url = self.database_url
        prefix = "sqlite:///"
        if url.startswith(prefix) and not url.startswith(prefix + "/") and url != "sqlite:///:memory:":
            return prefix + str(REPO_ROOT / url[len(prefix) :])
        return url

    @property
    def credentials_path(self) -> Path:
        p = Path(self.credentials_file)
        return p if p.is_absolute() else REPO_ROOT / p


@cache
def get_settings() -> Settings:
    return Settings()
