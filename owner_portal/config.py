"""Settings read once from the environment. Imports nothing of ours."""

from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_DIR = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(extra="ignore")

    database_url: str = f"sqlite:///{PROJECT_DIR / 'owner_portal.db'}"
    # "development" allows demo data; "production" refuses it.
    owner_portal_env: str = "development"
    session_hours: int = 12
    # Timestamps are stored in UTC and shown in the property company's own time.
    owner_portal_timezone: str = "Asia/Shanghai"
    max_upload_mb: float = 20
    # Uploaded rosters wait here between preview and apply: private (never under Reflex's public
    # /_upload), deleted once applied or replaced.
    private_dir: Path = PROJECT_DIR / "var"

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


settings = Settings()
