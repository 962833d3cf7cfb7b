"""The one settings object: the only reader of environment variables (prefix ``MBCWATCH_``).

Validated at start-up; outside development it refuses unsafe defaults.
"""

from __future__ import annotations

from functools import cache
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

# Emergency numbers by locale: 911 (US, Canada), 999 (UK), 112 (EU-wide, works on any GSM phone).
EMERGENCY_NUMBERS: dict[str, str] = {"US": "911", "CA": "911", "GB": "999", "EU": "112"}
DEV_SECRET = "development-only-secret-do-not-use-in-production"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="MBCWATCH_", extra="ignore")

    environment: Literal["development", "test", "production"] = "development"
    database_url: str = Field(
        default="sqlite:///mbcwatch.sqlite3",
        description="SQLAlchemy URL; SQLite file by default, postgresql+psycopg://... supported",
    )
    locale: Literal["US", "CA", "GB", "EU"] = Field(
        default="GB", description="sets the emergency number given in advice"
    )
    secret_key: str = DEV_SECRET

    @property
    def emergency_number(self) -> str:
        return EMERGENCY_NUMBERS[self.locale]

    @model_validator(mode="after")
    def _safe_outside_development(self) -> Settings:
        if self.environment == "production" and self.secret_key == DEV_SECRET:
            raise ValueError("MBCWATCH_SECRET_KEY must be set in production")
        return self


@cache
def get_settings() -> Settings:
    return Settings()
