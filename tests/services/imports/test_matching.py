"""Columns → fields: exact, synonyms, keywords, shapes; the user overrides; layouts are remembered."""

import pytest

from owner_portal.services.imports.matching import (
    apply_mapping, field_for_header, layout_key, mapping_of, match_columns, missing_fields, normalise_header,
)
from tests.factories import valid_id


@pytest.mark.parametrize("header, field", [
    ("业主姓名", "name"), ("产权人", "name"), ("Owner Name", "name"), ("手机", "phone"), ("联系电话", "phone"),
    ("Mobile", "phone"), ("证件号码", "id_number"), ("ID Number", "id_number"), ("室号", "room"),
    ("Room No.", "room"), ("房号全称", "unit_code"), ("房屋编号", "unit_code"), ("过户日期", "effective_date"),
    ("Transfer Date", "effective_date"), ("手机号（必填）", "phone"), ("*身份证号\n(18位)", "id_number"),
    ("新业主身份证号码", "id_number"), ("楼栋", "building"), ("建筑面积(㎡)", "area"),
])
def test_headers_people_write_are_recognised(header, field):
    assert field_for_header(header)[0] == field


@pytest.mark.parametrize("header", ["单价", "紧急联系人电话", "原业主姓名", "序号", "金额", "电费"])
def test_headers_that_only_look_alike_are_not_matched(header):
    assert field_for_header(header)[0] is None


def test_normalised_headers_lose_marks_hints_and_case():
    assert normalise_header(" 手机号（必填）* ") == "手机号"
    assert normalise_header("Room No.") == "roomno"


def test_each_field_goes_to_one_column_the_surest_first():
    columns = match_columns(["电话", "联系电话", "姓名"], [[], [], []])
    assert [c.field for c in columns] == [None, "phone", "name"]


def test_unnamed_columns_are_matched_by_the_shape_of_their_values():
    ids = [valid_id() for _ in range(3)]
    columns = match_columns(["A", "B", "C"], [ids, ["13812345678", "13912345678"], ["3-2-1501", "3-2-1502"]])
    assert [(c.field, c.how) for c in columns] == [("id_number", "shape"), ("phone", "shape"), ("unit_code", "shape")]


def test_the_user_overrides_ignores_and_names_columns_by_letter():
    columns = match_columns(["姓名", "电话", "备用电话"], [[], [], []])
    assert apply_mapping(columns, {"电话": None, "C": "phone"}, how="user") == []
    assert mapping_of(columns) == {"姓名": "name", "备用电话": "phone"}
    assert "没有名为「房号」的列" in apply_mapping(columns, {"房号": "room"}, how="user")[0]
    assert "不是可导入的字段" in apply_mapping(columns, {"姓名": "salary"}, how="user")[0]


def test_required_fields_are_the_unit_and_the_owner():
    assert missing_fields(match_columns(["房号", "姓名"], [[], []])) == ["楼栋", "单元", "联系电话", "证件号码"]
    assert missing_fields(match_columns(["房屋编号", "姓名", "电话", "身份证号"], [[]] * 4)) == []


def test_the_same_layout_spelt_differently_has_the_same_key():
    assert layout_key(["手机号（必填）", "姓名"]) == layout_key(["手机号", " 姓名 "])
    assert layout_key(["姓名", "手机号"]) != layout_key(["手机号", "姓名"])
