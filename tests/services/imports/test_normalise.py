"""Cleaners: what a spreadsheet cell adds to the service rules. Property tests: never crash, idempotent."""

from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from owner_portal.services.dates import parse_date
from owner_portal.services.errors import InvalidValue
from owner_portal.services.identity import ID_TYPES
from owner_portal.services.imports.matching import ColumnMatch, normalise_header
from owner_portal.services.imports.normalise import CLEANERS, _clean_owner, _clean_owner_fields, cell_text, clean_row
from owner_portal.services.imports.read import NO_RESULT
from owner_portal.services.names import normalise_name
from owner_portal.services.owners import OwnerDetails
from owner_portal.services.phones import normalise_phone
from owner_portal.services.unit_codes import parse_unit_code
from tests.factories import valid_id
from tests.services.properties import any_text

FIELDS = ("building", "entrance", "room", "name", "phone", "id_number", "effective_date")
COLUMNS = {f: ColumnMatch(index=i, letter="ABCDEFG"[i], header=f, field=f) for i, f in enumerate(FIELDS)}


def _row(name="张三", phone="13812345678", id_number=None, when="2026-03-05", room="1501"):
    return clean_row(["3栋", "2单元", room, name, phone, id_number or valid_id(), when], row=7, columns=COLUMNS)


def test_number_cells_are_read_as_whole_digits():
    assert cell_text(13812345678.0) == "13812345678"
    assert cell_text(datetime(2026, 3, 5)) == "2026-03-05"
    assert _row(phone=13812345678.0).owners[0].phone == "13812345678"


def test_an_id_number_in_a_number_cell_with_16_or_more_digits_is_invalid_and_says_format_as_text():
    row = _row(id_number=3.30106198109159e+17)
    assert not row.owners
    (problem,) = row.problems
    assert (problem.row, problem.column, problem.value) == (7, "id_number", "330106198109158976")
    assert "设为文本格式" in problem.reason


def test_an_old_15_digit_id_in_a_number_cell_is_kept():
    assert _row(id_number=110105900101123.0).owners[0].id_number == "110105900101123"


def test_phones_shown_in_scientific_notation_have_lost_digits():
    assert "科学计数法" in _row(phone="1.38E+10").problems[0].reason


def test_a_landline_that_lost_its_leading_zero_is_restored_with_a_warning():
    row = _row(phone=1065597993)
    assert row.owners[0].phone == "010-65597993" and not row.problems
    assert "丢了开头 0" in row.warnings[0].reason


@pytest.mark.parametrize("value", [datetime(2026, 3, 5), 46086, 46086.0, "2026-3-5", "2026/03/05", "2026.3.5",
                                   "2026年3月5日", "20260305", 20260305])
def test_every_date_spelling_means_the_same_day(value):
    assert CLEANERS["effective_date"].clean(value) == date(2026, 3, 5)


def test_an_empty_date_is_left_for_the_plan_to_decide():
    assert _row(when=None).effective_date is None


def test_a_formula_without_a_result_is_an_error_not_an_empty_name():
    row = _row(name=NO_RESULT)
    assert "公式" in row.problems[0].reason and not row.owners


def test_co_owners_in_one_cell_become_a_primary_owner_and_a_co_owner_with_even_shares():
    ids = [valid_id(), valid_id()]
    row = _row(name="沈萍、曾艳", phone="15053498909/13948103103", id_number=";".join(ids))
    assert [(o.name, o.role, o.share_bp) for o in row.owners] == [("沈萍", "主产权人", 5000), ("曾艳", "共有人", 5000)]
    assert [o.id_number for o in row.owners] == ids


def test_co_owners_with_mismatched_counts_are_invalid():
    row = _row(name="张三、李四", phone="13812345678", id_number=valid_id())
    assert "个数不一致" in row.problems[0].reason and not row.owners


def test_each_problem_names_its_column_and_keeps_the_original_value():
    row = _row(name="", phone="1381234", when="2026-13-45")
    assert {(p.column, p.value) for p in row.problems} == {("name", ""), ("phone", "1381234"),
                                                           ("effective_date", "2026-13-45")}


def test_hostile_text_is_refused_as_a_name():
    assert "不允许的字符" in _row(name='=HYPERLINK("http://x","点我")').problems[0].reason
    assert "不允许的字符" in _row(name="<img src=x onerror=alert(1)>").problems[0].reason


# --- properties --------------------------------------------------------------------------------

def _idempotent(fn, value):
    try:
        once = fn(value)
    except InvalidValue:
        return
    assert fn(once) == once


cells = st.one_of(any_text, st.integers(), st.floats(allow_nan=False), st.none(), st.dates())


@settings(max_examples=300)
@given(cells)
def test_cleaners_never_crash_on_any_cell(value):
    for name, cleaner in CLEANERS.items():
        try:
            cleaner.clean(value)
        except InvalidValue:
            pass


@settings(max_examples=300)
@given(any_text)
def test_normalisers_are_idempotent(text):
    _idempotent(normalise_header, text)
    _idempotent(normalise_name, text)
    _idempotent(normalise_phone, text)
    _idempotent(lambda v: str(parse_unit_code(v)), text)
    _idempotent(lambda v: parse_date(v).isoformat(), text)
    _idempotent(CLEANERS["phone"].clean, text)
    _idempotent(CLEANERS["id_number"].clean, text)


@settings(max_examples=200)
@given(st.lists(cells, min_size=7, max_size=7))
def test_any_row_gives_owners_or_problems_never_an_exception(cells_):
    row = clean_row(cells_, row=2, columns=COLUMNS)
    assert row.owners or row.problems or not row.has_owner


owner_texts = st.one_of(any_text, st.sampled_from(["张三", "Li Ming", "13812345678", "010-65597993", valid_id(),
                                                   "E1234567", ""]))


@settings(max_examples=300)
@given(owner_texts, owner_texts, st.one_of(st.sampled_from(ID_TYPES), any_text), owner_texts)
def test_an_owner_cleaned_at_first_go_is_what_the_field_by_field_way_gives(name, phone, id_type, id_number):
    owner, errors = _clean_owner(name, phone, id_type, id_number, role="共有人", share_bp=2500, today=date(2026, 3, 5))
    cleaned, expected = _clean_owner_fields(name, phone, id_type, id_number, today=date(2026, 3, 5))
    assert errors == expected
    assert owner == (None if expected else OwnerDetails(**cleaned, role="共有人", share_bp=2500))


@given(st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True))
def test_a_mobile_cell_taken_as_it_is_is_what_the_repairs_would_leave(mobile):
    assert CLEANERS["phone"].clean(mobile) == CLEANERS["phone"]._repaired(mobile) == mobile
