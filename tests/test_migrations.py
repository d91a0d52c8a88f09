"""The migrations build exactly the schema the models describe: a model change without a migration fails here."""

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlmodel import SQLModel

import owner_portal.models  # noqa: F401  (registers every table)
from owner_portal.db import make_engine
from owner_portal.migrate import alembic_config, upgrade


def test_upgrading_a_fresh_database_to_head_gives_exactly_the_models_schema(empty_engine):
    with empty_engine.connect() as connection:
        config = alembic_config(empty_engine.url.render_as_string(hide_password=False))
        config.attributes["connection"] = connection  # PostgreSQL: this connection's schema
        command.upgrade(config, "head")
        connection.commit()
        context = MigrationContext.configure(connection, opts={"compare_type": True,
                                                               "compare_server_default": True})
        assert compare_metadata(context, SQLModel.metadata) == []


def test_the_migrate_command_creates_every_model_table_and_can_run_twice(tmp_path):
    url = f"sqlite:///{tmp_path / 'app.db'}"
    upgrade(url)
    upgrade(url)  # start-up runs it every time
    engine = make_engine(url)
    assert set(inspect(engine).get_table_names()) == set(SQLModel.metadata.tables) | {"alembic_version"}
    engine.dispose()
