"""Rows vs the database: change / new / unchanged / invalid, with the form's rules."""

from datetime import date

from owner_portal.services.imports import ImportOptions, preview
from tests.factories import make_unit, owned_unit, owner, valid_id
from tests.services.imports.sheets import row, sheet


def _preview(session, data, **options):
    return preview(session, data=data, filename="a.xlsx", options=ImportOptions(**options))


def _kinds(result):
    return [(o.row, o.kind) for o in result.outcomes]


def test_a_new_owner_is_a_change_with_a_readable_diff(session):
    owned_unit(session, "3-2-1501")
    result = _preview(session, sheet(row("3-2-1501", "李四")))
    assert _kinds(result) == [(2, "change")]
    assert result.diffs == ["3-2-1501: 原业主 → 李四"]


def test_an_empty_unit_getting_an_owner_is_a_new_registration(session):
    make_unit(session, "3-2-1501")
    session.commit()
    assert _kinds(_preview(session, sheet(row("3-2-1501")))) == [(2, "new")]


def test_the_current_owner_again_is_unchanged_even_without_a_date(session):
    current = owner("王五")
    owned_unit(session, "3-2-1501", owners=[current])
    data = sheet(row("3-2-1501", "王五", phone=current.phone, id_number=current.id_number, when=None))
    result = _preview(session, data)
    assert _kinds(result) == [(2, "unchanged")] and not result.warnings


def test_an_unknown_unit_is_an_error_unless_creating_units_is_allowed(session):
    owned_unit(session, "3-2-1501")
    assert "不存在" in _preview(session, sheet(row("9-1-101"))).invalid_rows[0].reason
    result = _preview(session, sheet(row("9-1-101")), create_units=True)
    assert _kinds(result) == [(2, "new")] and result.totals.units_created == 1


def test_the_same_unit_twice_with_different_owners_flags_both_rows(session):
    owned_unit(session, "3-2-1501")
    result = _preview(session, sheet(row("3-2-1501", "甲"), row("3-2-1501", "乙")))
    assert _kinds(result) == [(2, "invalid"), (3, "invalid")]
    assert all("第 2、3 行重复" in p.reason for p in result.invalid_rows)


def test_the_same_row_twice_counts_once_with_a_warning(session):
    owned_unit(session, "3-2-1501")
    same = row("3-2-1501", "甲")
    result = _preview(session, sheet(same, same))
    assert _kinds(result) == [(2, "change"), (3, "unchanged")]
    assert "与第 2 行重复" in result.warnings[0].reason


def test_one_id_number_under_two_names_in_a_file_flags_both_rows(session):
    owned_unit(session, "3-2-1501")
    owned_unit(session, "3-2-1502")
    id_number = valid_id()
    result = _preview(session, sheet(row("3-2-1501", "甲", id_number=id_number),
                                     row("3-2-1502", "乙", id_number=id_number)))
    assert result.totals.invalid == 2


def test_a_date_before_the_current_owners_start_is_invalid(session):
    owned_unit(session, "3-2-1501", since=date(2024, 6, 1))
    problem, = _preview(session, sheet(row("3-2-1501", when="2024-05-31"))).invalid_rows
    assert "早于现业主的起始日期 2024-06-01" in problem.reason and problem.column == "过户日期"


def test_a_change_without_a_date_is_dated_today_with_a_warning(session):
    owned_unit(session, "3-2-1501")
    result = _preview(session, sheet(row("3-2-1501", when=None)))
    assert result.plan.writes[0].effective_date == date.today()
    assert "按今天" in result.warnings[0].reason


def test_a_row_without_owner_never_removes_the_current_owner(session):
    owned_unit(session, "3-2-1501")
    data = sheet(["3栋", "2单元", "1501", None, None, None, None])
    assert "不会删除业主" in _preview(session, data).invalid_rows[0].reason


def test_a_roster_row_without_owner_creates_an_empty_unit(session):
    result = _preview(session, sheet(["3栋", "2单元", "1501", None, None, None, None]), create_units=True)
    assert _kinds(result) == [(2, "unchanged")] and result.totals.units_created == 1


def test_blank_rows_between_data_are_counted_apart(session):
    owned_unit(session, "3-2-1501")
    owned_unit(session, "3-2-1502")
    result = _preview(session, sheet(row("3-2-1501"), [None] * 7, [], row("3-2-1502")))
    assert (result.totals.rows, result.totals.skipped_blank) == (2, 2)
    assert [o.row for o in result.outcomes] == [2, 5]


def test_an_id_registered_under_another_name_is_invalid_not_a_silent_rename(session):
    li_ming = owner("李明")
    owned_unit(session, "1-1-101", owners=[li_ming])
    owned_unit(session, "3-2-1501")
    result = _preview(session, sheet(row("3-2-1501", "王五", id_number=li_ming.id_number)))
    assert _kinds(result) == [(2, "invalid")]
    assert "已登记为「李明」" in result.invalid_rows[0].reason


def test_a_change_dated_in_the_future_is_invalid(session):
    owned_unit(session, "3-2-1501")
    result = _preview(session, sheet(row("3-2-1501", "李四", when=date(2099, 1, 1))))
    assert _kinds(result) == [(2, "invalid")]
    assert "晚于今天" in result.invalid_rows[0].reason
