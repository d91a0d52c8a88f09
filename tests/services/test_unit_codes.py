"""Unit codes: every way clerks and sheets write a unit → building / entrance / room. One parser."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from owner_portal.services.errors import InvalidValue
from owner_portal.services.unit_codes import (
    UnitCode, floor_of, parse_building, parse_entrance, parse_room, parse_unit_code,
)
from tests.services.properties import any_text, settles

THREE_TWO_1501 = UnitCode("3", "2", "1501")

# Codes as people write them: a building word, an entrance word, a room, in any script's digits.
code_like = st.from_regex(
    r"\A(第|Bldg ?|NO\.?|BLK)*([0-9A-Z]{1,3}|[一二三十]{1,3})(栋|号楼|幢|座|#|号|楼|-)"
    r"([0-9]{1,2}|[一二两])(单元|-)[A-Z]?\d{3,5}(室|号|房)?\Z")


@pytest.mark.parametrize("raw", [
    "3-2-1501", "3栋2单元1501室", "3号楼2单元1501", "3幢2单元1501", "3#2单元1501", "3座2单元1501",
    "3楼2单元1501", "3号2单元1501", "3栋2单元1501号", "3栋2-1501", "3幢2-1501", "3 栋 2 单元 1501 室",
    "３－２－１５０１", "３栋２单元１５０１室", "03-02-1501", "第3栋2单元1501", "Bldg 3-2-1501", "第NO.3-2-1501",
    "3栋二单元1501室", "三栋两单元1501", "\u200b3-2-1501\u3000", "3\u00a0-\u00a02\u00a0-\u00a01501",
])
def test_every_spelling_of_a_unit_gives_building_entrance_and_room(raw):
    assert parse_unit_code(raw) == THREE_TWO_1501


@pytest.mark.parametrize("raw, expected", [
    ("A座1单元301", UnitCode("A", "1", "301")),
    ("a-1-301", UnitCode("A", "1", "301")),
    ("十二栋二单元1501", UnitCode("12", "2", "1501")),
    ("十栋1单元101", UnitCode("10", "1", "101")),
    ("二十一栋1单元101", UnitCode("21", "1", "101")),
    ("3栋2单元B1501", UnitCode("3", "2", "B1501")),
    ("1-2-1501", UnitCode("1", "2", "1501")),
])
def test_letters_and_chinese_numerals_are_understood(raw, expected):
    assert parse_unit_code(raw) == expected


@pytest.mark.parametrize("raw", [
    "3-2", "3-2-15", "3-2-150100", "3-2-1501-1", "abc", "", None, "十十栋1单元101", "二十二十栋1单元101",
    "三三十栋1单元101", "3-2-١٥٠١",
])
def test_what_is_not_a_unit_code_is_refused_with_an_example_of_one(raw):
    with pytest.raises(InvalidValue, match="无法识别，请写成 楼栋-单元-房号，如 3-2-1501"):
        parse_unit_code(raw)


def test_a_unit_code_is_written_with_hyphens_and_knows_its_floor():
    assert str(THREE_TWO_1501) == "3-2-1501"
    assert THREE_TWO_1501.floor == 15


@pytest.mark.parametrize("room, floor", [("1501", 15), ("302", 3), ("B1501", 15), ("0302", 3), ("2101", 21)])
def test_the_floor_is_the_room_number_without_its_last_two_digits(room, floor):
    assert floor_of(room) == floor


@pytest.mark.parametrize("raw", ["3", "3栋", "3号楼", "3#", "3幢", "3座", "03", 3, 3.0, "三栋", "第3栋", "Bldg 3"])
def test_a_building_alone_is_read_in_any_spelling(raw):
    assert parse_building(raw) == "3"


@pytest.mark.parametrize("raw, expected", [("A座", "A"), ("十二栋", "12")])
def test_a_building_may_be_a_letter_or_a_chinese_numeral(raw, expected):
    assert parse_building(raw) == expected


@pytest.mark.parametrize("raw", ["2", "2单元", "二单元", "两单元", 2.0, "02", "2门", "２单元"])
def test_an_entrance_alone_is_read_in_any_spelling(raw):
    assert parse_entrance(raw) == "2"


@pytest.mark.parametrize("raw", ["1501", "1501室", 1501, 1501.0, "１５０１", " 1501 "])
def test_a_room_alone_is_read_from_text_or_a_number_cell(raw):
    assert parse_room(raw) == "1501"


@pytest.mark.parametrize("parse, raw, message", [
    (parse_building, "", "楼栋「」无法识别，可写成 3、3栋、3号楼、3#"),
    (parse_building, "3单元", "楼栋「3单元」无法识别"),
    (parse_entrance, "", "单元「」无法识别，可写成 2、2单元、二单元"),
    (parse_room, "15", "房号「15」无法识别，应为 3–5 位数字"),
    (parse_room, "150100", "应为 3–5 位数字"),
    (parse_room, "١٥٠١", "应为 3–5 位数字"),
])
def test_a_part_that_cannot_be_read_is_refused_saying_how_to_write_it(parse, raw, message):
    with pytest.raises(InvalidValue, match=message):
        parse(raw)


@given(st.one_of(any_text, code_like))
def test_any_text_is_refused_with_invalid_value_or_parsed_for_good(value):
    code = settles(parse_unit_code, value, str)
    assert code is None or str(code).isascii()


@given(st.one_of(any_text, st.from_regex(r"\A[A-Z]?\d{3,5}室?\Z")))
def test_a_room_is_refused_with_invalid_value_or_parsed_for_good(value):
    room = settles(parse_room, value)
    assert room is None or room.isascii()


@pytest.mark.parametrize("typed", ["3 2 1501", "3—2—1501", "3–2–1501", "3/2/1501", "3_2_1501"])
def test_spaces_and_other_dashes_separate_a_unit_code_too(typed):
    assert str(parse_unit_code(typed)) == "3-2-1501"
