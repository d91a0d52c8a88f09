"""The header row below titles and notes; two-level headers; the user's choice."""

import pytest

from owner_portal.services.imports.headers import HeaderNotFound, best_sheet, header_index, header_texts
from owner_portal.services.imports.read import read_workbook
from tests.services.imports.sheets import xlsx


def _sheet(rows, **kwargs):
    return read_workbook(data=xlsx(rows, **kwargs), filename="a.xlsx").sheets[0]


def test_title_notes_and_blank_rows_above_the_header_are_passed_over():
    sheet = _sheet([["阳光花园业主变更登记表"], ["填表人：王五", None, "日期：2026-03-05"], [],
                    ["楼栋", "单元", "房号", "业主姓名"], ["3栋", "2单元", "1501", "张三"]], merged=("A1:D1",))
    assert header_index(sheet, excel_row=None) == 3


def test_two_level_merged_headers_take_the_lower_row_and_the_text_above_empty_cells():
    sheet = _sheet([["房屋信息", None, None, "业主信息", None], ["楼栋", "单元", "房号", "姓名", "电话"],
                    ["3栋", "2单元", "1501", "张三", "13812345678"]], merged=("A1:C1", "D1:E1"))
    assert header_index(sheet, excel_row=None) == 1
    sheet = _sheet([["楼栋", "单元", "房号", "业主信息", None], [None, None, None, "姓名", "电话"]],
                   merged=("A1:A2", "B1:B2", "C1:C2", "D1:E1"))
    index = header_index(sheet, excel_row=None)
    assert header_texts(sheet, index) == ["楼栋", "单元", "房号", "业主信息 姓名", "业主信息 电话"]


def test_line_breaks_and_runs_of_spaces_in_header_text_become_one_space():
    sheet = _sheet([["手机号\n（必填）", "身份证号  *"]])
    assert header_texts(sheet, 0) == ["手机号 (必填)", "身份证号 *"]


def test_the_user_may_choose_the_header_row():
    sheet = _sheet([["楼栋", "房号"], ["业主姓名", "电话"]])
    assert header_index(sheet, excel_row=2) == 1
    with pytest.raises(HeaderNotFound, match="第 1–2 行"):
        header_index(sheet, excel_row=9)


def test_a_sheet_without_our_headers_says_what_to_do():
    with pytest.raises(HeaderNotFound, match="请指定表头所在的行"):
        header_index(_sheet([["收支明细"], ["金额", "备注"]]), excel_row=None)


def test_the_visible_sheet_that_matches_best_is_chosen_before_a_hidden_one():
    book = read_workbook(data=xlsx([["说明：请填写第二页"]], extra_sheets={
        "隐藏": [["楼栋", "单元", "房号", "业主姓名", "电话", "身份证号"]],
        "业主": [["楼栋", "单元", "房号", "业主姓名"]]}, hidden=("隐藏",)), filename="a.xlsx")
    assert best_sheet(book.sheets).name == "业主"
