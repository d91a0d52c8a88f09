"""Downloads: the error report highlights, the template keeps digits as text, exports mask and never run formulas."""

import io
import zipfile

from openpyxl import load_workbook

from owner_portal.services.imports import (
    ImportOptions, apply_import, error_report_xlsx, export_roster_xlsx, preview, template_xlsx,
)
from owner_portal.services.imports.reports import PROBLEM_FILL, TEMPLATE_EXAMPLE
from tests.factories import owned_unit, owner
from tests.services.imports.sheets import row, sheet

HOSTILE = '=HYPERLINK("http://example.invalid","点我")'


def _book(data: bytes):
    return load_workbook(io.BytesIO(data))


def _no_formulas(data: bytes) -> bool:
    archive = zipfile.ZipFile(io.BytesIO(data))
    return not any(b"<f>" in archive.read(n) or b"<f " in archive.read(n)
                   for n in archive.namelist() if n.startswith("xl/worksheets/"))


def test_the_error_report_lists_invalid_rows_with_reasons_and_red_problem_cells(session):
    owned_unit(session, "3-2-1501")
    result = preview(session, data=sheet(row("3-2-1501"), row("3-2-1502", phone="1381234"), row("3-2-1503", HOSTILE)),
                     filename="a.xlsx", options=ImportOptions())
    data = error_report_xlsx(preview=result)
    ws = _book(data).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][0] == "原行号" and rows[0][-1] == "错误原因"
    assert [r[0] for r in rows[1:]] == [3, 4]
    phone_cell = ws.cell(row=2, column=1 + 5)  # 原行号, then 楼栋 单元 房号 业主姓名 联系电话
    assert phone_cell.value == "1381234" and phone_cell.fill.fgColor.rgb.endswith(PROBLEM_FILL.fgColor.rgb[-6:])
    assert phone_cell.comment is not None and "11 位" in phone_cell.comment.text
    assert ws.cell(row=3, column=5).value == HOSTILE and ws.cell(row=3, column=5).data_type == "s"
    assert _no_formulas(data)


def test_the_template_has_text_formatted_id_and_phone_columns_an_example_and_notes():
    book = _book(template_xlsx())
    ws = book["业主信息"]
    headers = [c.value for c in ws[1]]
    for name in ("联系电话", "身份证号"):
        column = headers.index(name) + 1
        assert ws.cell(row=2, column=column).number_format == "@"
        assert ws.cell(row=50, column=column).number_format == "@"
    notes = " ".join(str(c.value) for c in book["填写说明"]["A"])
    assert "文本格式" in notes and "示例" in notes and "110105199001011232" in notes


def test_the_template_as_it_is_changes_nothing_and_filled_in_imports(session):
    result = preview(session, data=template_xlsx(), filename="模板.xlsx", options=ImportOptions(create_units=True))
    assert result.ready and result.sheet == "业主信息" and result.totals.rows == 0
    book = _book(template_xlsx())
    book["业主信息"].append(list(TEMPLATE_EXAMPLE))
    out = io.BytesIO()
    book.save(out)
    result = preview(session, data=out.getvalue(), filename="模板.xlsx", options=ImportOptions(create_units=True))
    assert (result.totals.rows, result.totals.valid, result.totals.units_created) == (1, 1, 1)


def test_the_roster_export_masks_unless_full_and_writes_hostile_text_as_text(session):
    person = owner("-1+2")
    owned_unit(session, "3-2-1501", owners=[person])
    masked_ws = _book(export_roster_xlsx(session)).active
    values = list(masked_ws.iter_rows(values_only=True))[1]
    assert values[4] == "-1+2" and "****" in values[5] and "*" in values[7]
    full = export_roster_xlsx(session, full=True)
    values = list(_book(full).active.iter_rows(values_only=True))[1]
    assert (values[5], values[7]) == (person.phone, person.id_number)
    assert _no_formulas(full)


def test_a_full_export_imports_back_as_all_unchanged(session):
    owned_unit(session, "3-2-1501")
    owned_unit(session, "3-2-1502")
    again = preview(session, data=export_roster_xlsx(session, full=True), filename="e.xlsx", options=ImportOptions())
    assert (again.totals.rows, again.totals.unchanged) == (2, 2)


def test_an_applied_hostile_name_is_never_a_formula_in_the_export(session):
    from owner_portal.services.changes import replace_owners
    unit = owned_unit(session, "3-2-1501")
    replace_owners(session, unit_id=unit.id, expected_version=None, reason="买卖",
                   effective_date=__import__("datetime").date(2026, 1, 1), owners=[owner("O'Brien")], actor="x")
    data = export_roster_xlsx(session, full=True)
    assert _no_formulas(data)
    assert apply_import  # imported for symmetry with the other tests
