"""Phone numbers: one normal form for mobiles and landlines, formatting and masking."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from owner_portal.services.errors import InvalidValue
from owner_portal.services.phones import format_phone, is_mobile, last_four_digits, mask_phone, normalise_phone
from tests.services.properties import any_text, settles

# Shaped like phones, with the separators, prefixes and extensions people type (any script's digits).
phone_like = st.one_of(
    st.from_regex(r"\A(\+86 ?|86-|0086)?1[3-9]\d{1,2}[ -]?\d{4}[ -]?\d{4}\Z"),
    st.from_regex(r"\A(\+86 ?)?\(?0?\d{2,3}\)?[ -]?\d{3,4}[ -]?\d{4}( ?(转|ext|#|-) ?\d{1,4})?\Z"),
)


@pytest.mark.parametrize("raw", [
    "13812345678", "+86 13812345678", "+8613812345678", "86-13812345678", "86 13812345678",
    "0086 13812345678", "138 1234 5678", "138-1234-5678", "+86 138-1234-5678", "\u200b13812345678\u3000",
    "１３８１２３４５６７８", 13812345678, 13812345678.0,
])
def test_a_mobile_number_in_any_spelling_becomes_its_eleven_digits(raw):
    assert normalise_phone(raw) == "13812345678"


def test_the_mobile_spellings_of_the_import_fixtures_normalise():
    fixtures = ["１５１２７００３５１４", "+86 18664136727", "86-15141675214", "138 0507 3969", 18640762092]
    assert [normalise_phone(raw) for raw in fixtures] == [
        "15127003514", "18664136727", "15141675214", "13805073969", "18640762092"]


@pytest.mark.parametrize("prefix", "3456789")
def test_every_mobile_prefix_from_13_to_19_is_accepted(prefix):
    assert normalise_phone(f"1{prefix}012345678") == f"1{prefix}012345678"


@pytest.mark.parametrize("raw, expected", [
    ("010-65597993", "010-65597993"),
    ("010 6559 7993", "010-65597993"),
    ("010-6559-7993", "010-65597993"),
    ("(010)65597993", "010-65597993"),
    ("（010）65597993", "010-65597993"),
    ("+86 10 6559 7993", "010-65597993"),
    ("0571-8888888", "0571-8888888"),
    ("020 1234567", "020-1234567"),
])
def test_a_landline_keeps_its_area_code_apart(raw, expected):
    assert normalise_phone(raw) == expected


@pytest.mark.parametrize("raw", [
    "010 6559 7993 转 12", "010-65597993转12", "010-65597993 ext 12", "010-65597993 EXT.12",
    "010-65597993#12", "010-65597993 分机12", "010-65597993-12",
])
def test_a_landline_extension_is_kept_after_a_hyphen(raw):
    assert normalise_phone(raw) == "010-65597993-12"


@pytest.mark.parametrize("raw, message", [
    ("1381234", "手机号应为 11 位，现为 7 位"),
    ("138123456789", "手机号应为 11 位，现为 12 位"),
    ("1065597993", "丢了开头 0 的固定电话"),
    ("12812345678", "既不是手机号"),
    ("65597993", "既不是手机号（1 开头 11 位），也不是带区号的固定电话"),
    ("138-1234-567a", "含有非数字字符"),
    ("", "电话不能为空"),
    (None, "电话不能为空"),
    ("\u3000\u200b", "电话不能为空"),
])
def test_a_number_that_is_neither_mobile_nor_landline_is_refused_with_the_reason(raw, message):
    with pytest.raises(InvalidValue, match=message):
        normalise_phone(raw)


def test_a_mobile_number_with_an_extension_is_refused():
    with pytest.raises(InvalidValue):
        normalise_phone("13812345678转1")


@pytest.mark.parametrize("raw", ["010-٦٥٥٩٧٩٩٣", "١٣٨١٢٣٤٥٦٧٨"])
def test_digits_of_other_scripts_are_refused_rather_than_stored(raw):
    with pytest.raises(InvalidValue):
        normalise_phone(raw)


@pytest.mark.parametrize("phone, shown", [
    ("13812345678", "138 1234 5678"), ("010-65597993", "010-65597993"), (None, ""), ("", ""),
])
def test_a_mobile_is_shown_in_groups_of_three_four_four(phone, shown):
    assert format_phone(phone) == shown


@pytest.mark.parametrize("phone, masked", [
    ("13812345678", "138****5678"),
    ("010-65597993", "010-****7993"),
    ("010-65597993-12", "010-****7993"),
    ("0571-8888888", "0571-***8888"),
    ("12345678", "****5678"),
    ("5678", "****"),
    (None, ""),
])
def test_masking_keeps_only_the_ends_of_a_number(phone, masked):
    assert mask_phone(phone) == masked


@pytest.mark.parametrize("phone, last4", [
    ("13812345678", "5678"), ("010-65597993", "7993"), ("010-65597993-12", "7993"), (None, None), ("", None),
])
def test_the_last_four_digits_searched_by_are_those_of_the_number_not_the_extension(phone, last4):
    assert last_four_digits(phone) == last4


@given(st.one_of(any_text, phone_like))
def test_any_text_is_refused_with_invalid_value_or_normalised_for_good(value):
    phone = settles(normalise_phone, value)
    assert phone is None or (phone.isascii() and phone.replace("-", "").isdigit())


@given(phone_like)
def test_a_normalised_number_masked_shows_its_last_four_digits_and_hides_some(value):
    phone = settles(normalise_phone, value)
    if phone is None:
        return
    masked = mask_phone(phone)
    local = phone.split("-")[1] if "-" in phone else phone
    assert masked.endswith(local[-4:]) and "*" in masked
    assert local not in masked


@pytest.mark.parametrize("typed, message", [
    ("13812345678转8", "不能带分机号"),
    ("400-820-8820", "企业客服号码"),
])
def test_numbers_that_are_not_an_owners_own_phone_say_why(typed, message):
    with pytest.raises(InvalidValue, match=message):
        normalise_phone(typed)


@given(st.one_of(any_text, phone_like, st.from_regex(r"1[3-9][0-9]{9}\n?", fullmatch=True)))
def test_a_mobile_in_normal_form_is_what_normalising_it_gives(value):
    if is_mobile(value):
        assert normalise_phone(value) == value
    assert not is_mobile(value + "\n")
