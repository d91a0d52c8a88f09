"""Small spreadsheets built in the test: each shows one rule of the import on its own."""

import io
from datetime import date

from openpyxl import Workbook

from tests.factories import valid_id

HEADERS = ["楼栋", "单元", "房号", "业主姓名", "联系电话", "身份证号", "过户日期"]


def xlsx(rows: list[list], *, title: str = "Sheet1", merged: tuple[str, ...] = (),
         extra_sheets: dict[str, list[list]] | None = None, hidden: tuple[str, ...] = (),
         text_columns: tuple[int, ...] = (), formulas: bool = False) -> bytes:
    """Strings starting with = are text (as clerks' pasted values are) unless `formulas`."""
    book = Workbook()
    sheet = book.active
    sheet.title = title
    _fill(sheet, rows, text_columns, formulas)
    for ref in merged:
        sheet.merge_cells(ref)
    for name, more in (extra_sheets or {}).items():
        other = book.create_sheet(name)
        _fill(other, more, (), formulas)
        if name in hidden:
            other.sheet_state = "hidden"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _fill(sheet, rows, text_columns, formulas):
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if value is not None:
                cell = sheet.cell(row=r, column=c, value=value)
                if isinstance(value, str) and value.startswith("=") and not formulas:
                    cell.data_type = "s"
                if c - 1 in text_columns:
                    cell.number_format = "@"


def row(code: str = "3-2-1501", name: str = "李四", *, phone: object = None, id_number: object = None,
        when: object = date(2026, 3, 5)) -> list:
    building, entrance, room = code.split("-")
    return [f"{building}栋", f"{entrance}单元", room, name, phone or "13912345678", id_number or valid_id(), when]


def sheet(*rows: list) -> bytes:
    return xlsx([HEADERS, *rows])
