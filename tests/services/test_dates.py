"""One date parser for what people type and what sheets hold; impossible dates refused with a reason."""

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from owner_portal.services.dates import format_date, parse_date
from owner_portal.services.errors import InvalidValue
from tests.services.properties import any_text, settles

MARCH_5 = date(2026, 3, 5)


@pytest.mark.parametrize("value", [
    "2026-03-05", "2026-3-5", "2026/3/5", "2026/03/05", "2026.3.5", "2026年3月5日", "2026 年 3 月 5 日",
    "2026年3月5", "20260305", "２０２６－０３－０５", "\u200b2026-03-05\u3000", "2026-03-05 10:30:00",
    "2026-03-05T10:30", 46086, 46086.0, 46086.75, datetime(2026, 3, 5, 10, 30), MARCH_5,
])
def test_every_spelling_of_a_day_means_that_day(value):
    assert parse_date(value) == MARCH_5


@pytest.mark.parametrize("typed", ["46086", "3.5", "2026", "5"])
def test_a_bare_number_typed_as_text_is_not_taken_for_an_excel_serial(typed):
    with pytest.raises(InvalidValue, match="不是日期"):
        parse_date(typed)


@pytest.mark.parametrize("value, message", [
    ("2026-13-45", "日期「2026-13-45」不存在：月份应为 1–12"),
    ("2026-00-10", "月份应为 1–12"),
    ("20261345", "月份应为 1–12"),
    ("2026-02-30", "2026 年 2 月没有 30 日"),
    ("2025-02-29", "2025 年 2 月没有 29 日"),
    ("2026年4月31日", "2026 年 4 月没有 31 日"),
    ("2026/3/0", "2026 年 3 月没有 0 日"),
])
def test_an_impossible_date_is_refused_saying_what_is_wrong(value, message):
    with pytest.raises(InvalidValue, match=message):
        parse_date(value)


def test_the_29th_of_february_is_accepted_in_a_leap_year():
    assert parse_date("2024-02-29") == date(2024, 2, 29)


@pytest.mark.parametrize("value, message", [
    ("abc", "「abc」不是日期，请写成 2026-03-05 这样的格式"),
    ("3/5/2026", "不是日期"),
    ("", "日期不能为空"),
    (None, "日期不能为空"),
    (True, "不是日期"),
    (0, "不是日期"),
    (-1, "不是日期"),
    (2958466, "不是日期"),
    (float("nan"), "不是日期"),
])
def test_what_is_not_a_date_is_refused(value, message):
    with pytest.raises(InvalidValue, match=message):
        parse_date(value)


@pytest.mark.parametrize("serial, day", [(61, date(1900, 3, 1)), (45658, date(2025, 1, 1)),
                                         (46086, MARCH_5), (2958465, date(9999, 12, 31))])
def test_excel_serial_numbers_count_days_as_excel_does(serial, day):
    assert parse_date(serial) == day


def test_the_error_names_the_field_it_was_called_for():
    with pytest.raises(InvalidValue) as caught:
        parse_date("2026-02-30", field="effective_date")
    assert caught.value.field == "effective_date"


def test_a_date_is_formatted_as_iso_and_nothing_as_empty_text():
    assert format_date(MARCH_5) == "2026-03-05"
    assert format_date(None) == ""


@given(any_text)
def test_any_text_is_refused_with_invalid_value_or_read_for_good(value):
    settles(parse_date, value, format_date)


@given(st.dates(min_value=date(1000, 1, 1)))
def test_every_day_reads_back_from_each_written_form(day):
    for written in (format_date(day), f"{day.year}年{day.month}月{day.day}日", f"{day.year}/{day.month}/{day.day}",
                    f"{day.year}.{day.month}.{day.day}", f"{day:%Y%m%d}"):
        assert parse_date(written) == day


def test_stored_utc_timestamps_are_shown_in_local_time():
    from datetime import datetime, timezone

    from owner_portal.services.dates import format_timestamp

    assert format_timestamp(datetime(2026, 3, 4, 17, 30, tzinfo=timezone.utc)) == "2026-03-05 01:30"
    assert format_timestamp(datetime(2026, 3, 4, 17, 30, 9), seconds=True) == "2026-03-05 01:30:09"  # SQLite: naive
    assert format_timestamp(None) == ""
