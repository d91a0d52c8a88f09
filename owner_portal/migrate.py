"""Schema migrations (alembic, committed under migrations/). The only way tables are made in production."""

from pathlib import Path

from alembic import command
from alembic.config import Config

from owner_portal.config import settings

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(url: str | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url or settings.database_url)
    return config


def upgrade(url: str | None = None) -> None:
    command.upgrade(alembic_config(url), "head")


def make_revision(message: str, url: str | None = None) -> None:
    """Developers: `python -m owner_portal.migrate "what changed"` against an up-to-date database."""
    command.revision(alembic_config(url), message=message, autogenerate=True)


if __name__ == "__main__":
    import sys

    make_revision(sys.argv[1])
