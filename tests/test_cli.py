"""`owner-portal` as an operator runs it: a separate process, DATABASE_URL naming a SQLite file."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from sqlmodel import Session, func, select

from owner_portal.db import make_engine
from owner_portal.models import Unit
from owner_portal.models.ownership import PRIMARY
from owner_portal.services import auth
from owner_portal.services.demo import COMMUNITY

REPO = Path(__file__).resolve().parent.parent
UNIT_FIELDS = {"id", "code", "community", "building", "entrance", "floor", "room", "area", "use", "status", "owners"}
OWNER_FIELDS = {"name", "phone", "id_type", "id_number", "role", "share", "since"}


def cli(url: str, *args: str, **env: str) -> subprocess.CompletedProcess:
    """Run the command in the interpreter running the tests, from the repository, whatever the clone."""
    clean_env = {k: v for k, v in os.environ.items() if k not in ("OWNER_PORTAL_PASSWORD", "OWNER_PORTAL_ENV")}
    return subprocess.run([sys.executable, "-m", "owner_portal.cli", *args], cwd=REPO, capture_output=True,
                          text=True, encoding="utf-8", stdin=subprocess.DEVNULL, timeout=120,
                          env={**clean_env, "DATABASE_URL": url, "PYTHONUTF8": "1", **env})


def units_in(url: str) -> int:
    engine = make_engine(url)
    with Session(engine) as session:
        count = session.exec(select(func.count()).select_from(Unit)).one()
    engine.dispose()
    return count


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory):
    """A database the `demo` command filled, shared by the tests that only read it or add a user."""
    url = f"sqlite:///{tmp_path_factory.mktemp('cli') / 'portal.db'}"
    result = cli(url, "demo")
    assert result.returncode == 0, result.stderr
    assert f"演示小区「{COMMUNITY}」已创建" in result.stdout and "admin-demo-2026" in result.stdout
    return url


def test_init_db_builds_the_schema_of_an_empty_database(tmp_path):
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    result = cli(url, "init-db")
    assert result.returncode == 0, result.stderr
    assert "数据库已是最新结构" in result.stdout
    assert units_in(url) == 0


def test_loading_the_demo_twice_does_not_duplicate_it(demo_url):  # and migrates an up-to-date schema again
    before = units_in(demo_url)
    result = cli(demo_url, "demo")
    assert result.returncode == 0, result.stderr
    assert "数据库中已有数据，未加载演示数据" in result.stdout
    assert units_in(demo_url) == before == 288


def test_the_demo_is_refused_in_production(tmp_path):
    result = cli(f"sqlite:///{tmp_path / 'prod.db'}", "demo", OWNER_PORTAL_ENV="production")
    assert result.returncode == 1
    assert "错误：生产环境不能加载演示数据" in result.stderr


@pytest.fixture(scope="module")
def shown(demo_url):
    """3-2-1501 as `unit show --json` prints it."""
    result = cli(demo_url, "unit", "show", "3-2-1501", "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_unit_show_json_gives_the_unit_and_its_owners_masked(shown):
    unit = shown
    assert set(unit) == UNIT_FIELDS
    assert (unit["code"], unit["community"], unit["building"], unit["entrance"], unit["floor"], unit["room"]) == (
        "3-2-1501", COMMUNITY, "3", "2", 15, "1501")
    assert unit["status"] == "已售" and unit["owners"]
    assert all(set(o) == OWNER_FIELDS for o in unit["owners"])
    assert [o["role"] for o in unit["owners"]].count(PRIMARY) == 1
    assert sum(o["share"] for o in unit["owners"]) == 100
    for owner in unit["owners"]:
        assert re.fullmatch(r"1\d\d\*{4}\d{4}", owner["phone"]), owner["phone"]
        assert re.fullmatch(r"\d{6}\*{8}\d{3}[\dX]", owner["id_number"]), owner["id_number"]
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", owner["since"])


def test_unit_show_full_gives_unmasked_values_and_reads_any_spelling(demo_url, shown):
    masked = shown
    full = json.loads(cli(demo_url, "unit", "show", "3栋2单元1501室", "--json", "--full").stdout)
    assert full["id"] == masked["id"]
    for shown, whole in zip(masked["owners"], full["owners"]):
        assert re.fullmatch(r"1[3-9]\d{9}", whole["phone"]) and re.fullmatch(r"\d{17}[\dX]", whole["id_number"])
        assert (whole["phone"][:3], whole["phone"][-4:]) == (shown["phone"][:3], shown["phone"][-4:])
        assert whole["id_number"][-4:] == shown["id_number"][-4:]


def test_unit_show_of_an_unknown_unit_fails_with_a_chinese_message(demo_url):
    result = cli(demo_url, "unit", "show", "9-9-901")
    assert result.returncode != 0
    assert "错误：房屋 9-9-901 不存在" in result.stderr and result.stdout == ""


def test_create_user_takes_the_password_from_the_environment(demo_url):
    result = cli(demo_url, "create-user", "finance2", "--role", "finance", OWNER_PORTAL_PASSWORD="ledger-2026-x")
    assert result.returncode == 0, result.stderr
    assert "已创建用户 finance2（财务）" in result.stdout
    engine = make_engine(demo_url)
    with Session(engine) as session:
        assert auth.authenticate(session, username="finance2", password="ledger-2026-x").role == "finance"
    engine.dispose()


@pytest.mark.parametrize("env, message", [
    ({}, "请通过环境变量 OWNER_PORTAL_PASSWORD 提供密码"),
    ({"OWNER_PORTAL_PASSWORD": "short"}, "密码至少 8 位"),
])
def test_create_user_refuses_without_a_password_of_eight_characters(demo_url, env, message):
    result = cli(demo_url, "create-user", "newclerk", "--role", "clerk", **env)
    assert result.returncode == 1
    assert message in result.stderr
