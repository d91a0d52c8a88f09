"""clean_text: one definition of 'the same text' for everything typed or pasted."""

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from owner_portal.services.text import _INVISIBLE, _SPACES, _clean_text, clean_text, remove_spaces, squeeze_spaces
from tests.services.properties import INVISIBLE_MARKS, SPACES, any_text


def test_full_width_digits_and_letters_become_ascii():
    assert clean_text("１５１２７００３５１４") == "15127003514"
    assert clean_text("Ａ座３－２－１５０１") == "A座3-2-1501"


@pytest.mark.parametrize("space", SPACES)
def test_surrounding_spaces_of_every_kind_are_trimmed(space):
    assert clean_text(f"{space} 范晨{space}") == "范晨"


def test_the_ideographic_space_around_a_name_from_the_fixture_is_trimmed():
    assert clean_text("  范晨\u3000") == "范晨"


@pytest.mark.parametrize("mark", INVISIBLE_MARKS, ids=lambda m: f"U+{ord(m):04X}")
def test_invisible_marks_are_removed_wherever_they_stand(mark):
    assert clean_text(f"{mark}张{mark}三{mark}") == "张三"


@pytest.mark.parametrize("split, whole", [("e\u200b\u0301", "\u00e9"), ("\u1100\u200d\u1161", "\uac00")])
def test_a_mark_between_a_letter_and_its_accent_does_not_stop_them_combining(split, whole):
    assert clean_text(split) == clean_text(whole) == whole


def test_inner_characters_are_kept():
    assert clean_text(" 张 三·李 ") == "张 三·李"


@pytest.mark.parametrize("value, expected", [(None, ""), (1501, "1501"), ("", "")])
def test_non_text_values_become_text(value, expected):
    assert clean_text(value) == expected


def test_squeeze_spaces_keeps_one_space_and_remove_spaces_keeps_none():
    assert squeeze_spaces("Li \t  Ming") == "Li Ming"
    assert remove_spaces("510107 19990105\t8594") == "510107199901058594"


@given(any_text)
@example("e\u200b\u0301")
def test_cleaning_twice_changes_nothing(value):
    once = clean_text(value)
    assert clean_text(once) == once


@given(any_text)
def test_cleaned_text_has_no_invisible_marks_and_no_surrounding_space(value):
    cleaned = clean_text(value)
    assert not any(mark in cleaned for mark in INVISIBLE_MARKS)
    assert cleaned == cleaned.strip()


@given(st.one_of(any_text, st.text(alphabet=st.characters(max_codepoint=127), max_size=40)))
@example(" \x1c 1501\x1f\t")
@example("Ａ座\u3000范晨 ")
def test_the_shortcuts_clean_as_the_general_path_does(value):
    assert clean_text(value) == _clean_text(value)


def test_no_invisible_mark_is_printable_so_printable_text_may_skip_removing_them():
    assert not [hex(c) for c in range(0x110000) if _INVISIBLE.match(chr(c)) and chr(c).isprintable()]


def test_no_letter_or_digit_is_a_space_so_remove_spaces_may_skip_them():
    assert not [hex(c) for c in range(0x110000) if chr(c).isalnum() and _SPACES.match(chr(c))]


@given(any_text)
def test_remove_spaces_removes_what_the_pattern_removes(value):
    assert remove_spaces(value) == _SPACES.sub("", value)
