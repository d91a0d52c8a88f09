"""Reading: judged by the bytes, never the name; cells as the clerk saw them."""

import io
import zipfile

import pytest

from owner_portal.config import settings
from owner_portal.services.imports.read import (
    NO_RESULT, FileTooLarge, UnreadableFile, check_upload_size, column_index, column_letter, read_workbook,
)
from tests.services.imports.sheets import xlsx

CSV = "楼栋,单元,房号,业主姓名\n3栋,2单元,1501,张三\n"


@pytest.mark.parametrize("data, encoding", [
    (CSV.encode("utf-8"), "UTF-8"), (b"\xef\xbb\xbf" + CSV.encode("utf-8"), "UTF-8（带 BOM）"),
    (CSV.encode("gbk"), "GBK"), (CSV.encode("utf-16"), "UTF-16"),
])
def test_csv_encodings_are_detected_and_shown(data, encoding):
    book = read_workbook(data=data, filename="名单.xlsx")  # the name says xlsx; the bytes say CSV
    assert (book.kind, book.encoding) == ("csv", encoding)
    assert book.sheets[0].rows[1] == ["3栋", "2单元", "1501", "张三"]


def test_gb18030_only_characters_are_read():
    data = "业主姓名,备注\n张三,𠀀\n".encode("gb18030")
    assert read_workbook(data=data, filename="a.csv").encoding == "GB18030"


@pytest.mark.parametrize("data, what", [
    (b"<html><body><table><tr><td>1</td></tr></table></body></html>", "网页（HTML）"),
    (b"PK\x03\x04 truncated", "已损坏"),
    (b"%PDF-1.4 ...", "PDF"),
    (b"\x89PNG\r\n\x1a\n....", "图片"),
    (b"   ", "空的"),
])
def test_what_is_not_a_spreadsheet_is_named(data, what):
    with pytest.raises(UnreadableFile, match=what):
        read_workbook(data=data, filename="名单.xls")


def test_a_zip_that_is_not_a_workbook_is_named():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
    with pytest.raises(UnreadableFile, match="Word"):
        read_workbook(data=out.getvalue(), filename="a.xlsx")


def test_hidden_sheets_and_row_counts_are_listed():
    data = xlsx([["a"], ["b"]], extra_sheets={"隐藏": [["x"]]}, hidden=("隐藏",))
    sheets = read_workbook(data=data, filename="a.xlsx").sheets
    assert [(s.name, s.hidden, s.row_count) for s in sheets] == [("Sheet1", False, 2), ("隐藏", True, 1)]


def test_a_value_merged_down_several_rows_belongs_to_each_of_them():
    data = xlsx([["楼栋", "房号"], ["3栋", "101"], [None, "102"], [None, "103"]], merged=("A2:A4",))
    rows = read_workbook(data=data, filename="a.xlsx").sheets[0].rows
    assert [r[0] for r in rows[1:]] == ["3栋", "3栋", "3栋"]


def test_formatted_empty_rows_at_the_end_are_not_rows():
    from openpyxl import Workbook
    from openpyxl.styles import PatternFill
    book = Workbook()
    book.active.append(["楼栋", "房号"])
    book.active.append(["3栋", "101"])
    for r in range(3, 500):
        book.active.cell(row=r, column=1).fill = PatternFill("solid", fgColor="FFFF00")
    out = io.BytesIO()
    book.save(out)
    assert len(read_workbook(data=out.getvalue(), filename="a.xlsx").sheets[0].rows) == 2


def test_a_formula_without_a_stored_result_is_marked_not_empty():
    data = xlsx([["业主姓名", "电话"], ['=CONCATENATE("张","三")', "13812345678"]], formulas=True)
    assert read_workbook(data=data, filename="a.xlsx").sheets[0].rows[1][0] is NO_RESULT


def test_uploads_above_the_limit_are_refused_in_chinese(monkeypatch):
    monkeypatch.setattr(settings, "max_upload_mb", 1)
    check_upload_size(size=1024 * 1024)
    with pytest.raises(FileTooLarge, match="超过上限 1 MB"):
        check_upload_size(size=1024 * 1024 + 1)
    with pytest.raises(FileTooLarge):
        read_workbook(data=b"x" * (1024 * 1024 + 1), filename="big.csv")


def test_column_letters_round_trip():
    assert [column_letter(i) for i in (0, 25, 26, 701)] == ["A", "Z", "AA", "ZZ"]
    assert all(column_index(column_letter(i)) == i for i in range(800))
