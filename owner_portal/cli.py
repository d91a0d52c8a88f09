"""`owner-portal`: thin commands over the service layer. DATABASE_URL selects the database."""

import argparse
import json
import os
import sys
from getpass import getpass

from owner_portal import migrate
from owner_portal.config import settings
from owner_portal.db import unit_of_work
from owner_portal.models.user import ROLE_LABELS
from owner_portal.services import auth, demo
from owner_portal.services.errors import DomainError
from owner_portal.services.units import find_unit, unit_detail

PASSWORD_ENV = "OWNER_PORTAL_PASSWORD"
COMMANDS = {}


def command(name):
    def register(fn):
        COMMANDS[name] = fn
        return fn
    return register


@command("init-db")
def init_db(_args) -> None:
    migrate.upgrade()
    print("数据库已是最新结构 (database schema is up to date)")


@command("demo")
def load_demo(_args) -> None:
    if settings.owner_portal_env == "production":
        raise DomainError("生产环境不能加载演示数据")
    migrate.upgrade()
    with unit_of_work() as session:
        if demo.has_data(session):
            print("数据库中已有数据，未加载演示数据 (database not empty; demo not loaded)")
        else:
            counts = demo.create_demo(session)
            print(f"演示小区「{demo.COMMUNITY}」已创建：{counts['units']} 套房屋，{counts['owned']} 套有业主")
    print_demo_logins()


@command("prepare")
def prepare(_args) -> None:
    """What start-up runs: migrate, add the demo community to an empty database, show the logins."""
    migrate.upgrade()
    if settings.owner_portal_env != "production":
        load_demo(_args)


def print_demo_logins() -> None:
    print("演示账号 (demo logins):")
    for role, password in demo.DEMO_LOGINS.items():
        print(f"  {ROLE_LABELS[role]:<4} 用户名 {role:<8} 密码 {password}")


@command("create-user")
def create_user(args) -> None:
    password = os.environ.get(PASSWORD_ENV) or _ask_password()
    with unit_of_work() as session:
        user = auth.create_user(session, username=args.username, password=password, role=args.role,
                                actor="cli", source="cli")
    print(f"已创建用户 {user.username}（{ROLE_LABELS[user.role]}）")


def _ask_password() -> str:
    if not sys.stdin.isatty():
        raise DomainError(f"请通过环境变量 {PASSWORD_ENV} 提供密码")
    first, second = getpass("密码: "), getpass("再输入一次: ")
    if first != second:
        raise DomainError("两次输入的密码不一致")
    return first


@command("unit")
def unit_show(args) -> None:
    with unit_of_work() as session:
        unit = find_unit(session, args.code)
        if unit is None:
            raise DomainError(f"房屋 {args.code} 不存在")
        detail = unit_detail(session, unit.id, full=args.full)
    row = detail.unit
    data = {"id": row.id, "code": row.code, "community": detail.community, "building": row.building,
            "entrance": row.entrance, "floor": row.floor, "room": row.room, "area": row.area,
            "use": row.use, "status": row.status,
            "owners": [{"name": o.name, "phone": o.phone, "id_type": o.id_type, "id_number": o.id_number,
                        "role": o.role, "share": o.share_bp / 100, "since": o.start_date.isoformat()}
                       for o in row.owners]}
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return
    print(f"{data['community']} {row.code}  {row.area or '-'} m²  {row.use}  {row.status}")
    for o in data["owners"]:
        print(f"  {o['role']} {o['name']} {o['phone']} {o['id_number']} 份额 {o['share']:g}% 自 {o['since']}")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="owner-portal", description="业主门户 Owner Portal")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("init-db", help="apply schema migrations")
    sub.add_parser("demo", help="load the demo community into an empty database")
    sub.add_parser("prepare", help="migrate, then demo data if empty (used on start)")
    user = sub.add_parser("create-user", help=f"create a staff account (password from ${PASSWORD_ENV} or prompt)")
    user.add_argument("username")
    user.add_argument("--role", required=True, choices=list(ROLE_LABELS))
    unit = sub.add_parser("unit", help="unit commands")
    unit_sub = unit.add_subparsers(dest="unit_command", required=True)
    show = unit_sub.add_parser("show", help="a unit and its current owners")
    show.add_argument("code", help="e.g. 3-2-1501 or 3栋2单元1501室")
    show.add_argument("--json", action="store_true")
    show.add_argument("--full", action="store_true", help="unmasked phones and ID numbers")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        COMMANDS[args.command](args)
    except DomainError as exc:
        print(f"错误：{exc.message}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
