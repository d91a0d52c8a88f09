"""`owner-portal`: thin commands over the service layer. DATABASE_URL selects the database."""

import argparse
import json
import os
import sys
from getpass import getpass
from pathlib import Path

from owner_portal import migrate
from owner_portal.config import settings
from owner_portal.db import unit_of_work
from owner_portal.models.user import ROLE_LABELS
from owner_portal.services import auth, demo, imports
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


@command("import")
def import_file(args) -> int:
    """Exit 0 once the file is read (even with invalid rows, on a dry run or with --skip-invalid);
    2 when required columns are unmapped; 3 when invalid rows exist without --skip-invalid (nothing written)."""
    options = imports.ImportOptions(sheet=args.sheet, header_row=args.header_row, mapping=_mapping(args.map),
                                    create_units=args.create_units, community=args.community)
    with unit_of_work() as session:
        preview = imports.preview(session, data=Path(args.file).read_bytes(), filename=Path(args.file).name,
                                  options=options)
        code, batch_id, refusal = 0, None, ""
        if not preview.ready:
            code, refusal = 2, f"缺少必需的列：{'、'.join(preview.missing_fields)}；请用 --map \"列名=字段\" 指定"
        elif not args.dry_run:
            try:
                batch_id = imports.apply_import(session, preview=preview, actor=args.actor,
                                                skip_invalid=args.skip_invalid).id
            except imports.InvalidRowsPresent as exc:
                code, refusal = 3, exc.message
            except imports.NothingToImport as exc:
                refusal = exc.message  # the file was read and matches: exit 0
    _print_import(preview, batch_id, as_json=args.json)
    if refusal:
        print(f"{'错误：' if code else ''}{refusal}", file=sys.stderr)
    return code


def _mapping(pairs: list[str] | None) -> dict[str, str | None] | None:
    if not pairs:
        return None
    mapping = {}
    for pair in pairs:
        header, sep, field = pair.rpartition("=")
        if not sep or not header:
            raise DomainError(f"--map 应写成 \"列名=字段\"，如 \"业主姓名=name\"；收到「{pair}」")
        mapping[header.strip()] = field.strip() or None
    return mapping


def _print_import(preview, batch_id: int | None, *, as_json: bool) -> None:
    if as_json:
        print(json.dumps(preview.as_dict(batch_id=batch_id), ensure_ascii=False, indent=2, default=str))
        return
    print(f"{preview.file_name}：工作表「{preview.sheet}」，表头在第 {preview.header_row} 行")
    print(preview.totals.summary)
    for note in preview.notes:
        print(f"  说明：{note}")
    for problem in preview.invalid_rows:
        print(f"  第 {problem.row} 行 {problem.column}「{problem.value}」：{problem.reason}")
    for warning in preview.warnings:
        print(f"  提示 第 {warning.row} 行 {warning.column}：{warning.reason}")
    print(f"已导入，批次号 {batch_id}" if batch_id else "未写入数据库（预览）")


@command("export")
def export_roster(args) -> None:
    with unit_of_work() as session:
        data = imports.export_roster_xlsx(session, full=args.full, community=args.community)
    Path(args.file).write_bytes(data)
    print(f"已导出到 {args.file}" + ("（完整证件号码和电话）" if args.full else "（证件号码和电话已脱敏）"))


@command("undo-import")
def undo_import(args) -> None:
    with unit_of_work() as session:
        result = imports.undo_batch(session, batch_id=args.batch_id, actor=args.actor)
    print(f"已撤销导入批次 #{result.batch_id}：{result.changes_undone} 套房屋恢复为导入前的业主")


def _add_import_commands(sub) -> None:
    imp = sub.add_parser("import", help="import owners from .xlsx/.xls/.csv (preview with --dry-run)")
    imp.add_argument("file")
    imp.add_argument("--sheet")
    imp.add_argument("--header-row", type=int, help="Excel row number of the header")
    imp.add_argument("--map", action="append", metavar="列名=field", help="repeatable; empty field ignores the column")
    imp.add_argument("--create-units", action="store_true", help="create units the database does not have")
    imp.add_argument("--skip-invalid", action="store_true", help="apply the valid rows when some are invalid")
    imp.add_argument("--dry-run", action="store_true", help="preview only, write nothing")
    imp.add_argument("--json", action="store_true")
    exp = sub.add_parser("export", help="export the owner roster to .xlsx")
    exp.add_argument("file")
    exp.add_argument("--full", action="store_true", help="unmasked phones and ID numbers")
    undo = sub.add_parser("undo-import", help="undo an import batch")
    undo.add_argument("batch_id", type=int)
    for parser in (imp, exp):
        parser.add_argument("--community", help="which community (default: the only one)")
    for parser in (imp, undo):
        parser.add_argument("--actor", default="cli", help="recorded as who did it")


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
    _add_import_commands(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args) or 0
    except DomainError as exc:
        print(f"错误：{exc.message}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # `owner-portal … | head`: the reader has gone, nothing to say
        sys.stderr.close()
        return 0
    except OSError as exc:
        print(f"错误：无法打开文件「{exc.filename}」（{exc.strerror}）", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
