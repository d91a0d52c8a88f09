"""Person names: trimmed, inner characters kept, implausible text refused with the reason."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from owner_portal.services.errors import InvalidValue
from owner_portal.services.names import MAX_NAME_LENGTH, _normalise_cleaned, normalise_name
from owner_portal.services.text import clean_text
from tests.services.properties import any_text, outcome, settles


@pytest.mark.parametrize("raw, expected", [
    ("  范晨\u3000", "范晨"),
    ("\u200b张\u200f三\ufeff", "张三"),
    ("\xa0李四\xa0", "李四"),
    ("Li  \u3000Ming", "Li Ming"),
])
def test_names_are_trimmed_and_cleaned_of_invisible_marks(raw, expected):
    assert normalise_name(raw) == expected


@pytest.mark.parametrize("name", ["阿卜杜·热合曼", "O'Brien", "Anne-Marie", "José María", "欧阳娜娜"])
def test_inner_characters_of_real_names_are_kept(name):
    assert normalise_name(name) == name


@pytest.mark.parametrize("raw", ["", None, "\u3000", "\u200b\ufeff"])
def test_an_empty_name_is_refused(raw):
    with pytest.raises(InvalidValue, match="姓名不能为空"):
        normalise_name(raw)


def test_a_name_longer_than_the_limit_is_refused_with_its_length():
    with pytest.raises(InvalidValue, match=f"{MAX_NAME_LENGTH + 1} 个字符"):
        normalise_name("王" * (MAX_NAME_LENGTH + 1))
    assert normalise_name("王" * MAX_NAME_LENGTH) == "王" * MAX_NAME_LENGTH


@pytest.mark.parametrize("raw, bad", [
    ('=HYPERLINK("http://example.invalid","点我")', "="),
    ("<img src=x onerror=alert(1)>", "<"),
    ("张三13812345678", "1"),
])
def test_formulas_markup_and_digits_are_refused_naming_the_character(raw, bad):
    with pytest.raises(InvalidValue, match=f"不允许的字符「{bad}」"):
        normalise_name(raw)


def test_the_error_names_the_field_it_was_called_for():
    with pytest.raises(InvalidValue) as caught:
        normalise_name("", field="emergency_contact")
    assert caught.value.field == "emergency_contact"


@given(any_text)
def test_any_text_is_refused_with_invalid_value_or_normalised_for_good(value):
    settles(normalise_name, value)


@pytest.mark.parametrize("typed, stored", [("孙　小美", "孙小美"), ("孙 小 美", "孙小美"), ("John  Smith", "John Smith"),
                                           ("迪丽热巴·迪力木拉提", "迪丽热巴·迪力木拉提")])
def test_spaces_inside_a_chinese_name_are_dropped_but_latin_names_keep_one(typed, stored):
    assert normalise_name(typed) == stored


@given(st.one_of(any_text, st.text(alphabet="张三李四范晨abcXYZ", min_size=MAX_NAME_LENGTH - 2,
                                   max_size=MAX_NAME_LENGTH + 2)))
def test_the_letters_only_shortcut_gives_what_the_general_path_gives(value):
    assert outcome(normalise_name, value, field="owner") == outcome(_normalise_cleaned, clean_text(value), "owner")
