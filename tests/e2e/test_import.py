"""A clerk imports a sheet: fixes a column mapping, previews, downloads the error report,
applies (skipping the bad row) with progress, sees the batch, and undoes it."""

import re

import openpyxl
from playwright.sync_api import expect

from tests.e2e.conftest import login
from tests.factories import valid_id

HEADERS = ["楼栋", "单元", "房号", "客户", "联系电话", "身份证号", "过户日期"]  # 客户: no field recognises it


def _sheet(path, headers=HEADERS):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(headers)
    for floor, mark in zip(range(2, 12), "甲乙丙丁戊己庚辛壬癸"):  # ten good rows: 4-2-201 … 4-2-1101
        ws.append(["4栋", "2单元", f"{floor}01", f"导入{mark}", f"1390000{floor:04d}", valid_id("19800101"),
                   "2026-11-20"])
    ws.append(["4栋", "2单元", "1201", "坏号码", "13900009999", "110105198001011230", "2026-11-20"])
    wb.save(path)
    return 10


def _owner_of(page, code):
    page.goto("/")
    page.fill("#search-text", code)
    page.click("#search-submit")
    expect(page.locator("#result-count")).to_have_text("共 1 套")
    return page.locator(".unit-row").first.locator("td").last.inner_text()


def test_import_map_preview_apply_undo(page, tmp_path):
    good = _sheet(tmp_path / "变更表.xlsx")
    login(page, "clerk")
    before = _owner_of(page, "4-2-201")
    page.click("#nav-imports")
    page.locator("#import-upload input[type=file]").set_input_files(str(tmp_path / "变更表.xlsx"))
    page.click("#upload-preview")
    expect(page.locator("#missing-fields")).to_contain_text("业主姓名")
    expect(page.locator("#apply")).to_be_disabled()

    page.click("#map-D")  # the user tells us 客户 holds the owner's name
    page.get_by_role("option", name="业主姓名").click()
    expect(page.locator("#missing-fields")).to_have_count(0)
    expect(page.locator(".column-row").nth(3)).to_contain_text("手动指定")
    expect(page.locator(".column-row").nth(0)).not_to_contain_text("手动指定")  # the others keep how they matched
    expect(page.locator("#count-rows")).to_have_text("11")
    expect(page.locator("#count-valid")).to_have_text(str(good))
    expect(page.locator("#count-invalid")).to_have_text("1")
    expect(page.locator("#totals-summary")).to_contain_text("数据 11 行 = 有效 10 + 无效 1")
    expect(page.locator(".invalid-row")).to_contain_text("校验位")
    expect(page.locator(".diff-line").first).to_contain_text("4-2-201")

    with page.expect_download() as download:
        page.click("#download-errors")
    report = tmp_path / "report.xlsx"
    download.value.save_as(report)
    rows = list(openpyxl.load_workbook(report).active.iter_rows(values_only=True))
    assert any("校验位" in str(cell) for row in rows for cell in row)

    expect(page.locator("#apply")).to_be_disabled()  # invalid rows: skipping must be chosen explicitly
    page.click("#skip-invalid")
    page.click("#apply")
    expect(page.locator("#import-result")).to_contain_text("已导入")
    changed, new = map(int, re.search(r"变更 (\d+)，新登记 (\d+)", page.inner_text("#import-result")).groups())
    assert changed + new == good  # unsold demo units get their first owner: a new registration
    expect(page.locator("#progress-text")).to_contain_text(f"已写入 {good} / {good} 行变更")
    batch = page.locator(".batch-row").first
    expect(batch).to_contain_text("变更表.xlsx")
    expect(batch).to_contain_text("已导入")
    assert "导入甲" in _owner_of(page, "4-2-201")

    page.click("#nav-imports")
    page.locator(".batch-row").first.locator(".undo-batch").click()
    page.click("#confirm-undo")
    expect(page.locator("#import-result")).to_contain_text("已撤销")
    expect(page.locator(".batch-row").first).to_contain_text("已撤销")
    assert _owner_of(page, "4-2-201") == before


def test_a_file_that_is_not_a_spreadsheet_gets_a_clear_message(page, tmp_path):
    fake = tmp_path / "业主.xlsx"
    fake.write_bytes(b"PK this is not really a zip")
    login(page, "clerk")
    page.goto("/imports")
    page.locator("#import-upload input[type=file]").set_input_files(str(fake))
    page.click("#upload-preview")
    expect(page.locator("#import-error")).to_be_visible()
    expect(page.locator("#import-error")).not_to_be_empty()
    expect(page.locator("#totals-summary")).to_have_count(0)


def test_finance_cannot_import(page):
    login(page, "finance")
    expect(page.locator("#nav-imports")).to_have_count(0)
    page.goto("/imports")
    page.wait_for_url(re.compile(r"/$"))


def test_a_header_row_out_of_range_keeps_the_file_and_the_page(page, tmp_path):
    _sheet(tmp_path / "表头.xlsx", [h if h != "客户" else "住户" for h in HEADERS])  # a layout not remembered
    login(page, "clerk")
    page.goto("/imports")
    page.locator("#import-upload input[type=file]").set_input_files(str(tmp_path / "表头.xlsx"))
    page.click("#upload-preview")
    expect(page.locator(".column-row").first).to_be_visible()
    page.fill("#header-row", "999")
    expect(page.locator("#import-error")).to_contain_text("表头行应在第 1–12 行之间")
    expect(page.locator(".column-row").first).to_be_visible()  # nothing to upload again
    expect(page.locator("#apply")).to_be_disabled()
    page.fill("#header-row", "abc")
    expect(page.locator("#import-error")).to_contain_text("应为 Excel 中的行号")
    page.fill("#header-row", "1")
    expect(page.locator("#import-error")).to_have_count(0)
    expect(page.locator("#count-rows")).to_have_count(0)  # 客户 is not mapped yet: nothing validated
    expect(page.get_by_text("表中有 11 行数据")).to_be_visible()


def test_moving_a_field_to_another_column_says_which_column_let_go(page, tmp_path):
    _sheet(tmp_path / "变更表.xlsx")
    login(page, "clerk")
    page.click("#nav-imports")
    page.locator("#import-upload input[type=file]").set_input_files(str(tmp_path / "变更表.xlsx"))
    page.click("#upload-preview")
    page.click("#map-D")
    page.get_by_role("option", name="联系电话").click()
    expect(page.get_by_text("联系电话（E 列）不再对应“联系电话”，已改为忽略")).to_be_visible()
    expect(page.locator(".column-row").nth(4)).to_contain_text("忽略")
