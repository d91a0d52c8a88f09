"""ID documents: GB 11643 check digits and birth dates, first-generation IDs, other types by shape, masking."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from owner_portal.services.errors import InvalidValue
from owner_portal.services.identity import (
    ID_CARD, _check_birth, _weighted_check_digit, id_check_digit, mask_id, normalise_id_number, normalise_id_type,
)
from tests.services.properties import ARABIC_INDIC_DIGITS, FULL_WIDTH_DIGITS, any_text, outcome, settles

TODAY = date(2026, 3, 5)
STANDARD_EXAMPLE = "11010519491231002X"  # the worked example of GB 11643


def with_check_digit(first17: str) -> str:
    return first17 + id_check_digit(first17)


def card(value, *, today=TODAY):
    return normalise_id_number(value, ID_CARD, today=today)


def test_the_check_digit_of_the_standards_example_is_x():
    assert id_check_digit(STANDARD_EXAMPLE[:17]) == "X"


@pytest.mark.parametrize("number", ["420106199903204710", "51010719920820803X", STANDARD_EXAMPLE])
def test_a_valid_18_digit_id_is_kept_as_it_is(number):
    assert card(number) == number


@pytest.mark.parametrize("raw, expected", [
    ("32010219760504591x", "32010219760504591X"),
    ("510107 19990105 8594", "510107199901058594"),
    ("510107\u300019990105\u00a08594\t", "510107199901058594"),
    ("\u200b420106199903204710\ufeff", "420106199903204710"),
    ("５１０１０７１９９２０８２０８０３ｘ", "51010719920820803X"),
])
def test_ids_are_upper_cased_and_rid_of_spaces_marks_and_full_width_digits(raw, expected):
    assert card(raw) == expected


def test_lower_case_x_check_digit_is_upper_cased():
    assert card("32010219760504591x") == "32010219760504591X"


def test_a_wrong_check_digit_is_refused_saying_which_digit_was_expected():
    with pytest.raises(InvalidValue, match="最后一位应为 8，实际为 0"):
        card("320102199412096640")  # from the row-errors fixture


@pytest.mark.parametrize("first17, message", [
    ("11010519900230000", "出生日期 19900230 不存在"),
    ("11010519901301000", "出生日期 19901301 不存在"),
    ("11010518991231000", "出生日期 1899-12-31 不合理"),
])
def test_an_impossible_birth_date_is_refused(first17, message):
    with pytest.raises(InvalidValue, match=message):
        card(with_check_digit(first17))


def test_a_birth_date_in_the_future_is_refused_but_today_is_accepted():
    born_today = with_check_digit(f"110105{TODAY:%Y%m%d}000")
    assert card(born_today) == born_today
    tomorrow = TODAY + timedelta(days=1)
    with pytest.raises(InvalidValue, match=f"出生日期 {tomorrow.isoformat()} 不合理"):
        card(with_check_digit(f"110105{tomorrow:%Y%m%d}000"))


def test_a_first_generation_15_digit_id_is_accepted():
    assert card("110105900101002") == "110105900101002"


def test_a_first_generation_id_with_an_impossible_birth_date_is_refused():
    with pytest.raises(InvalidValue, match="出生日期 19901301 不存在"):
        card("110105901301002")


@pytest.mark.parametrize("raw, message", [
    ("11010519900101002", "应为 18 位（或旧版 15 位），现为 17 位"),
    ("1101051990010100212", "现为 19 位"),
    ("", "证件号码不能为空"),
    ("\u3000", "证件号码不能为空"),
])
def test_an_id_of_the_wrong_length_is_refused_with_its_length(raw, message):
    with pytest.raises(InvalidValue, match=message):
        card(raw)


@pytest.mark.parametrize("raw", ["51010719920820803Y", "5101071992082X803X", "11010590010100A",
                                 "١١٠١٠٥١٩٤٩١٢٣١٠٠٢X", "١١٠١٠٥٩٠٠١٠١٠٠٢"])
def test_a_letter_other_than_a_final_x_is_refused_as_not_a_digit(raw):
    with pytest.raises(InvalidValue, match="只能含数字"):
        card(raw)


def test_an_18_digit_id_that_excel_turned_into_a_number_is_refused():
    with pytest.raises(InvalidValue, match="身份证号"):
        card(3.30106198109159e17)


@pytest.mark.parametrize("id_type, raw, expected", [
    ("港澳台通行证", "h12345678", "H12345678"),
    ("港澳台通行证", "M1234567890", "M1234567890"),
    ("港澳台通行证", "12345678", "12345678"),
    ("护照", "e 1234 5678", "E12345678"),
    ("其他", "abc-123", "ABC-123"),
])
def test_other_document_types_are_checked_by_shape_only(id_type, raw, expected):
    assert normalise_id_number(raw, id_type) == expected


@pytest.mark.parametrize("id_type, raw, hint", [
    ("港澳台通行证", "1234567", "H/M 开头加 8 位数字"),
    ("护照", "AB-1", "5–17 位字母或数字"),
    ("其他", "A", "2–30 位"),
])
def test_other_document_types_of_the_wrong_shape_are_refused_with_a_hint(id_type, raw, hint):
    with pytest.raises(InvalidValue, match=hint):
        normalise_id_number(raw, id_type)


def test_an_other_document_is_not_held_to_the_id_card_check_digit():
    assert normalise_id_number("320102199412096640", "其他") == "320102199412096640"


@pytest.mark.parametrize("raw, expected", [
    ("", ID_CARD), (None, ID_CARD), ("身份证", ID_CARD), ("ID Card", ID_CARD),
    ("Passport", "护照"), ("通行证", "港澳台通行证"), ("护照", "护照"),
])
def test_id_types_are_recognised_by_their_common_names(raw, expected):
    assert normalise_id_type(raw) == expected


def test_an_unknown_id_type_is_refused_listing_the_choices():
    with pytest.raises(InvalidValue, match="驾驶证.*无法识别.*居民身份证、港澳台通行证、护照、其他"):
        normalise_id_type("驾驶证")


def test_an_id_number_of_an_unknown_type_is_refused_not_crashed_on():
    with pytest.raises(InvalidValue, match="证件类型"):
        normalise_id_number("E12345678", "驾驶证")


@pytest.mark.parametrize("number, masked", [
    (STANDARD_EXAMPLE, "110105********002X"),
    ("110105900101002", "110105*****1002"),
    ("E12345678", "E1*****78"),
    ("AB", "**"),
    ("A", "*"),
    ("", ""),
    (None, ""),
])
def test_masking_keeps_the_ends_of_an_id_and_never_shows_a_short_one_whole(number, masked):
    assert mask_id(number) == masked


@given(any_text, st.sampled_from(["居民身份证", "港澳台通行证", "护照", "其他"]))
def test_any_text_is_refused_with_invalid_value_or_normalised_for_good(value, id_type):
    number = settles(lambda v: normalise_id_number(v, id_type, today=TODAY), value)
    assert number is None or (number.isascii() and number == number.upper() and " " not in number)


@given(st.sampled_from(["110105", "310104", "440305"]), st.dates(date(1900, 1, 1), TODAY),
       st.integers(0, 999), st.sampled_from("0123456789X"))
def test_an_id_with_a_real_birth_date_is_accepted_only_with_its_own_check_digit(area, born, serial, last):
    first17 = f"{area}{born:%Y%m%d}{serial:03d}"
    if last == id_check_digit(first17):
        assert card(first17 + last) == first17 + last
    else:
        with pytest.raises(InvalidValue, match=f"最后一位应为 {id_check_digit(first17)}"):
            card(first17 + last)


@given(st.text(alphabet="0123456789", min_size=17, max_size=17))
def test_the_base_13_shortcut_gives_the_weighted_check_digit(first17):
    assert id_check_digit(first17) == _weighted_check_digit(first17)


@given(st.text(alphabet=list("0123456789") + FULL_WIDTH_DIGITS + ARABIC_INDIC_DIGITS, min_size=17, max_size=17))
def test_digits_of_other_scripts_take_the_weighted_path(first17):
    assert id_check_digit(first17) == _weighted_check_digit(first17)


def _birth_by_parts(yyyymmdd: str, today: date):
    """_check_birth as first written (date from its three parts): what reading YYYYMMDD must agree with."""
    try:
        born = date(int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:]))
    except ValueError:
        return "missing"
    return "odd" if born > today or born.year < 1900 else "ok"


@given(st.one_of(st.text(alphabet="0123456789", min_size=8, max_size=8),
                 st.dates().map(lambda d: f"{d:%Y%m%d}").filter(lambda s: len(s) == 8)))
def test_a_birth_date_read_as_yyyymmdd_is_judged_as_from_its_parts(yyyymmdd):
    result = outcome(_check_birth, yyyymmdd, TODAY, "id_number")
    expected = _birth_by_parts(yyyymmdd, TODAY)
    assert (result[0] == "value") == (expected == "ok")
    if expected != "ok":
        assert ("不存在" in result[2]) == (expected == "missing")
