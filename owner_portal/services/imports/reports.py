"""Downloads: the error report, the import template, the roster export. All .xlsx via openpyxl.

Every text cell is written as text: a value starting with = + - @ never becomes a live formula.
"""

import io
from collections.abc import Iterable

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from sqlmodel import Session

from owner_portal.services.imports.diff import load_existing
from owner_portal.services.imports.normalise import cell_text
from owner_portal.services.imports.pipeline import Preview
from owner_portal.services.owners import masked
from owner_portal.services.unit_codes import parse_unit_code

TEXT = "@"
PROBLEM_FILL = PatternFill("solid", fgColor="FFC7CE")
BOLD = Font(bold=True)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
TEMPLATE_HEADERS = ("楼栋", "单元", "房号", "建筑面积", "业主姓名", "联系电话", "证件类型", "身份证号", "份额",
                    "生效日期", "变更原因", "备注")
TEXT_COLUMNS = {"房号", "联系电话", "身份证号"}  # digits that must stay digits: never numbers in Excel
TEMPLATE_EXAMPLE = ("3", "2", "1501", 89.5, "张三", "13812345678", "居民身份证", "110105199001011232", "100%",
                    "2026-03-05", "买卖", "")
TEMPLATE_NOTES = (
    "填写说明",
    "1. 每行一套房屋。楼栋、单元、房号也可以合并成一列“房屋编号”，如 3-2-1501。",
    "2. 联系电话、身份证号两列已设为文本格式，请勿改成数字格式，否则 18 位身份证号会丢失末几位。",
    "3. 一套房屋有多位业主时，在同一格内用“、”分隔，姓名、电话、证件号码、份额的顺序一一对应（如 60%、40%）；"
    "第一位为主产权人；不填份额则平分。",
    "4. 生效日期可写 2026-03-05、2026/3/5、2026年3月5日 或 20260305；不填则按导入当天登记。",
    "5. 变更原因可选：买卖、继承、赠与、离婚析产、法院判决；不填按“买卖”。",
    "6. 导入前会先预览：每行的结果、无效行的原因都会列出，确认后才写入；导入的批次可以撤销。",
)


def safe_cell(ws, value, *, text_format: bool = False) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value=value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        cell.data_type = "s"  # stored as a string: Excel shows it, never runs it
    if text_format:
        cell.number_format = TEXT
    return cell


def _save(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def error_report_xlsx(*, preview: Preview) -> bytes:
    """The invalid rows as they were, plus 原行号 and 错误原因; each problem cell filled red with a note."""
    book = Workbook(write_only=True)
    ws = book.create_sheet("无效行")
    ws.append([safe_cell(ws, h) for h in ("原行号", *preview.headers, "错误原因")])
    for outcome in (o for o in preview.outcomes if o.problems):
        cells = preview.rows[outcome.row - 1] if outcome.row - 1 < len(preview.rows) else []
        bad = {p.letter: p.reason for p in outcome.problems}
        row = [safe_cell(ws, outcome.row)]
        for index, letter in enumerate(_letters(preview)):
            cell = safe_cell(ws, cell_text(cells[index]) if index < len(cells) else "")
            if letter in bad:
                cell.fill, cell.comment = PROBLEM_FILL, Comment(bad[letter], "业主门户")
            row.append(cell)
        row.append(safe_cell(ws, "；".join(f"{p.column}：{p.reason}" for p in outcome.problems)))
        ws.append(row)
    return _save(book)


def _letters(preview: Preview) -> list[str]:
    return [c.letter for c in preview.columns]


def template_xlsx() -> bytes:
    """Our headers on an empty sheet (an example row there would change a real unit if uploaded as it
    is); the example is one line of the notes, which no header search mistakes for a table."""
    book = Workbook()
    ws = book.active
    ws.title = "业主信息"
    for index, header in enumerate(TEMPLATE_HEADERS, start=1):
        column = ws.cell(row=1, column=index, value=header)
        column.font = BOLD
        ws.column_dimensions[column.column_letter].width = max(10, len(header) * 3)
        if header in TEXT_COLUMNS:
            ws.column_dimensions[column.column_letter].number_format = TEXT
            for row in range(2, 1001):  # cells that exist carry the format, whatever Excel does with columns
                ws.cell(row=row, column=index).number_format = TEXT
    notes = book.create_sheet("填写说明")
    for line in TEMPLATE_NOTES:
        notes.append([line])
    example = "，".join(f"{h} {v}" for h, v in zip(TEMPLATE_HEADERS, TEMPLATE_EXAMPLE) if v != "")
    notes.append([f"示例（请在“业主信息”工作表中按此填写）：{example}"])
    notes.column_dimensions["A"].width = 100
    return _save(book)


def export_roster_xlsx(session: Session, *, full: bool = False, community: str | None = None) -> bytes:
    """Every unit and its current owners, in the template's layout (co-owners joined by 、), so an export
    taken with full values can be imported again. ID numbers and phones masked unless `full`."""
    existing = load_existing(session, community=community, create_units=False, identities=set())
    book = Workbook(write_only=True)
    ws = book.create_sheet("业主名册")
    ws.append([safe_cell(ws, h) for h in (*TEMPLATE_HEADERS[:9], "起始日期", "状态")])
    for code, state in sorted(existing.units.items(), key=lambda item: _natural(item[0])):
        ws.append(_roster_row(ws, code, state, full=full))
    return _save(book)


def _roster_row(ws, code: str, state, *, full: bool) -> list:
    unit = parse_unit_code(code)
    owners = state.owners

    def joined(values: Iterable[str]) -> str:
        return "、".join(values)

    values = [unit.building, unit.entrance, unit.room, state.area, joined(o.name for o in owners),
              joined(masked(o.phone, "phone", full=full) for o in owners),
              joined(dict.fromkeys(o.id_type for o in owners)),
              joined(masked(o.id_number, "id", full=full) for o in owners),
              joined(f"{o.share_bp / 100:g}%" for o in owners),  # an export imported again changes nothing
              min((o.start_date for o in owners), default=None), state.status]
    return [safe_cell(ws, v, text_format=i in (2, 5, 7)) for i, v in enumerate(values)]


def _natural(code: str) -> tuple:
    return tuple((len(part), part) for part in code.split("-"))
