"""Fixtures: every service test runs on SQLite and on PostgreSQL, each test in a fresh database."""

import os
import uuid

import pytest
from sqlalchemy import text
from sqlmodel import Session, SQLModel

import owner_portal.models  # noqa: F401
from owner_portal.db import make_engine
from owner_portal.services import auth
from tests.factories import CHEAP_HASHER

POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(params=BACKENDS)
def engine(request, tmp_path):
    yield from _fresh_engine(request.param, tmp_path)


@pytest.fixture(params=BACKENDS)
def empty_engine(request, tmp_path):
    """A fresh database without tables, for the migrations to build."""
    yield from _fresh_engine(request.param, tmp_path, create_tables=False)


@pytest.fixture(scope="module", params=BACKENDS)
def module_engine(request, tmp_path_factory):
    """One database per test module and backend, for read-only tests over data built once."""
    yield from _fresh_engine(request.param, tmp_path_factory.mktemp("db"))


def _fresh_engine(backend, folder, *, create_tables=True):
    if backend == "sqlite":
        engine = make_engine(f"sqlite:///{folder / 'test.db'}")
        if create_tables:
            SQLModel.metadata.create_all(engine)
        yield engine
        engine.dispose()
        return
    yield from _postgres_schema_engine(create_tables=create_tables)


def _postgres_schema_engine(*, create_tables=True):
    """A throw-away schema per test: isolation without dropping the shared database."""
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = make_engine(POSTGRES_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine = make_engine(POSTGRES_URL, connect_args={"options": f"-csearch_path={schema}"})
    if create_tables:
        SQLModel.metadata.create_all(engine)
    try:
        yield engine
    finally:
        engine.dispose()
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def session(engine):
    with Session(engine, expire_on_commit=False) as session:
        yield session


@pytest.fixture
def cheap_password_hashes(monkeypatch):
    """Argon2 at production cost takes 0.4 s a hash: tests of the rules need the rules, not the cost."""
    monkeypatch.setattr(auth, "_hasher", CHEAP_HASHER)
