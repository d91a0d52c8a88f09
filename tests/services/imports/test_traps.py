"""Traps found by trying sheets the fixtures do not hold: each rule as a sheet of its own."""

from datetime import date

import pytest
from sqlmodel import select

from owner_portal.models import Person
from owner_portal.services.imports import ImportOptions, NothingToImport, apply_import, preview, undo_batch
from owner_portal.services.imports.read import read_workbook
from owner_portal.services.units import current_ownerships
from tests.factories import make_unit, owned_unit, owner, valid_id
from tests.services.imports.sheets import HEADERS, row, sheet, xlsx


def _preview(session, data, filename="a.xlsx", **options):
    return preview(session, data=data, filename=filename, options=ImportOptions(**options))


def _apply(session, data, **options):
    batch = apply_import(session, preview=_preview(session, data, **options), actor="clerk1", skip_invalid=True)
    session.commit()
    return batch


def _owner_names(session, unit):
    return [p.name for _, p in current_ownerships(session, unit.id)]


def _kinds(result):
    return [(o.row, o.kind) for o in result.outcomes]


# --- headers ------------------------------------------------------------------------------------------

OLD_NEW = [["房屋编号", "原业主", None, None, "新业主", None, None, "过户日期"],
           [None, "姓名", "电话", "身份证号", "姓名", "电话", "身份证号", None]]


def test_the_new_owner_columns_are_used_when_old_and_new_owners_stand_side_by_side(session):
    old = owner("老业主")
    unit = owned_unit(session, "3-2-1501", owners=[old])
    data = xlsx([*OLD_NEW, ["3-2-1501", "老业主", old.phone, old.id_number, "新业主甲", "13912345678", valid_id(),
                            date(2026, 3, 5)]], merged=("A1:A2", "B1:D1", "E1:G1", "H1:H2"))
    result = _preview(session, data)
    assert result.mapping == {"房屋编号": "unit_code", "新业主 姓名": "name", "新业主 电话": "phone",
                              "新业主 身份证号": "id_number", "过户日期": "effective_date"}
    assert result.diffs == ["3-2-1501: 老业主 → 新业主甲"]
    _apply(session, data)
    assert _owner_names(session, unit) == ["新业主甲"]


def test_a_mapping_of_repeated_headers_is_remembered_by_column_letter(session):
    unit = owned_unit(session, "3-2-1501")
    rows = [["房屋编号", "姓名", "身份证号", "电话", "姓名", "身份证号", "电话"],
            ["3-2-1501", "原业主", valid_id(), "13800000000", "新业主乙", valid_id(), "13912345678"]]
    mapping = {"E": "name", "F": "id_number", "G": "phone", "B": None, "C": None, "D": None}
    _apply(session, xlsx(rows), mapping=mapping)
    assert _owner_names(session, unit) == ["新业主乙"]
    rows[1][4:] = ["新业主丙", valid_id(), "13912345679"]
    result = _preview(session, xlsx(rows))  # next month, same layout, no mapping given
    assert result.remembered and result.diffs == ["3-2-1501: 新业主乙 → 新业主丙"]


def test_a_header_text_shared_by_two_columns_must_be_named_by_letter(session):
    owned_unit(session, "3-2-1501")
    rows = [["房屋编号", "姓名", "电话", "身份证号", "姓名"], ["3-2-1501", "甲", "13912345678", valid_id(), "乙"]]
    with pytest.raises(Exception, match="请用列字母指定"):
        _preview(session, xlsx(rows), mapping={"姓名": "name"})


def test_a_two_level_header_whose_upper_cells_are_not_merged_down_is_read_from_the_lower_row(session):
    owned_unit(session, "3-2-1501")
    data = xlsx([["楼栋", "单元", "房号", "新业主信息", None, None, "过户日期"],
                 [None, None, None, "姓名", "电话", "身份证号", None],
                 ["3栋", "2单元", "1501", "丁", "13912345678", valid_id(), date(2026, 3, 5)]], merged=("D1:F1",))
    result = _preview(session, data)
    assert result.header_row == 2 and result.ready and _kinds(result) == [(3, "change")]


def test_a_title_merged_across_the_whole_header_is_not_a_group_heading(session):
    owned_unit(session, "3-2-1501")
    data = xlsx([["阳光花园 2026 年 3 月业主变更登记表"], HEADERS, row("3-2-1501")], merged=("A1:G1",))
    assert _preview(session, data).headers == HEADERS


# --- sheets ---------------------------------------------------------------------------------------------

def test_the_sheet_holding_data_is_chosen_before_an_empty_template(session):
    owned_unit(session, "3-2-1501")
    data = xlsx([HEADERS], title="模板", extra_sheets={"3月变更": [HEADERS, row("3-2-1501")]})
    assert _preview(session, data).sheet == "3月变更"


def test_other_sheets_holding_owners_are_named_in_a_note(session):
    owned_unit(session, "3-2-1501")
    owned_unit(session, "4-1-101")
    data = xlsx([HEADERS, row("3-2-1501")], title="3号楼", extra_sheets={"4号楼": [HEADERS, row("4-1-101")]})
    result = _preview(session, data)
    assert result.sheet == "3号楼"
    assert any("「4号楼」（2 行）" in note for note in result.notes)
    assert not any("4号楼" in n for n in _preview(session, data, sheet="3号楼").notes)  # chosen on purpose


def test_a_header_row_given_beyond_row_20_finds_its_sheet(session):
    owned_unit(session, "3-2-1501")
    data = xlsx([[f"说明 {i}"] for i in range(24)] + [HEADERS, row("3-2-1501")],
                extra_sheets={"备注": [["无关内容"]]})
    result = _preview(session, data, header_row=25)
    assert (result.sheet, result.header_row, result.totals.owner_changes) == ("Sheet1", 25, 1)


# --- blank rows ---------------------------------------------------------------------------------------

def test_a_blank_row_inside_merged_building_cells_stays_blank(session):
    for room in ("101", "102", "201", "202"):
        owned_unit(session, f"3-2-{room}")
    rows = [HEADERS, row("3-2-101"), row("3-2-102"), [None] * 7, row("3-2-201"), row("3-2-202")]
    result = _preview(session, xlsx(rows, merged=("A2:A6", "B2:B6")))
    assert (result.totals.rows, result.totals.skipped_blank, result.totals.invalid) == (4, 1, 0)


def test_rows_holding_only_invisible_marks_or_a_prefilled_id_type_are_blank(session):
    owned_unit(session, "3-2-1501")
    headers = [*HEADERS, "证件类型"]
    owned_unit(session, "3-2-1502")
    rows = [headers, [*row("3-2-1501"), "居民身份证"], [None] * 7 + ["居民身份证"], ["\u200b"], [None, "\ufeff"],
            [*row("3-2-1502"), "居民身份证"], [None] * 7 + ["居民身份证"]]
    result = _preview(session, xlsx(rows))
    assert (result.totals.rows, result.totals.skipped_blank, result.totals.invalid) == (2, 4, 0)


# --- duplicates and people ----------------------------------------------------------------------------

def test_the_same_unit_twice_is_flagged_on_both_rows_even_when_one_is_invalid_for_another_reason(session):
    owned_unit(session, "3-2-1501")
    result = _preview(session, sheet(row("3-2-1501", "甲"), row("3-2-1501", "乙", phone="1391234567")))
    assert _kinds(result) == [(2, "invalid"), (3, "invalid")]
    assert all("重复出现" in " ".join(p.reason for p in o.problems) for o in result.outcomes)


def test_the_same_owners_twice_with_different_dates_are_a_conflict_not_a_repeat(session):
    owned_unit(session, "3-2-1501")
    same = owner("戊")
    rows = [row("3-2-1501", "戊", phone=same.phone, id_number=same.id_number, when=when)
            for when in (date(2026, 3, 5), date(2026, 3, 6))]
    result = _preview(session, sheet(*rows))
    assert _kinds(result) == [(2, "invalid"), (3, "invalid")]
    assert "生效日期或变更原因不同" in result.invalid_rows[0].reason


def test_one_new_person_with_two_phones_keeps_the_first_and_the_later_row_says_so(session):
    a, b = owned_unit(session, "3-2-1501"), owned_unit(session, "3-2-1502")
    person = owner("己六")
    rows = [row("3-2-1501", "己六", phone="13900000013", id_number=person.id_number),
            row("3-2-1502", "己六", phone="13900000099", id_number=person.id_number)]
    result = _preview(session, sheet(*rows))
    assert [w.row for w in result.warnings] == [3] and "按第 2 行导入" in result.warnings[0].reason
    _apply(session, sheet(*rows))
    stored = session.exec(select(Person).where(Person.id_number == person.id_number)).one()
    assert stored.phone == "13900000013"
    assert _owner_names(session, a) == _owner_names(session, b) == ["己六"]


def test_an_import_never_edits_a_registered_person_and_the_preview_says_so(session):
    known = owner("罗琪晨", phone="13811112222")
    owned_unit(session, "3-2-1501", owners=[known])
    make_unit(session, "3-2-1502")
    session.commit()
    rows = [row("3-2-1501", "罗琪晨", phone="13000000000", id_number=known.id_number),
            row("3-2-1502", "罗琪晨", phone="13000000000", id_number=known.id_number)]
    result = _preview(session, sheet(*rows))
    assert _kinds(result) == [(2, "unchanged"), (3, "new")]
    assert [w.row for w in result.warnings] == [2, 3] and all("导入不会修改" in w.reason for w in result.warnings)
    _apply(session, sheet(*rows))
    assert session.exec(select(Person.phone).where(Person.id_number == known.id_number)).one() == "13811112222"


def test_an_owner_set_problem_reports_the_names_not_the_date(session):
    owned_unit(session, "3-2-1501")
    twice = valid_id()
    data = sheet(row("3-2-1501", "甲、甲", phone="13912345678、13912345679", id_number=f"{twice}、{twice}"))
    (problem,) = _preview(session, data).invalid_rows
    assert (problem.column, problem.value) == ("业主姓名", "甲、甲") and "出现了两次" in problem.reason


# --- cells ----------------------------------------------------------------------------------------------

def test_an_empty_room_cell_says_it_is_empty(session):
    owned_unit(session, "3-2-1501")
    (problem,) = _preview(session, sheet(["3栋", "2单元", None, "甲", "13912345678", valid_id(), "2026-03-05"])
                          ).invalid_rows
    assert problem.reason == "房号不能为空"


def test_a_leading_apostrophe_keeping_digits_as_text_is_not_part_of_the_value(session):
    owned_unit(session, "3-2-1501")
    number = valid_id()
    result = _preview(session, sheet(row("3-2-1501", "'庚", phone="'13912345678", id_number="'" + number)))
    assert result.totals.owner_changes == 1
    assert [(o.name, o.phone, o.id_number) for o in result.plan.writes[0].owners] == [("庚", "13912345678", number)]


def test_masked_numbers_from_an_export_are_refused_with_the_reason(session):
    owned_unit(session, "3-2-1501")
    result = _preview(session, sheet(row("3-2-1501", phone="139****5678", id_number="110105********1234")))
    assert {p.column for p in result.invalid_rows} == {"联系电话", "身份证号"}
    assert all("脱敏" in p.reason for p in result.invalid_rows)


def test_a_room_padded_with_a_zero_is_the_same_room(session):
    owned_unit(session, "1-1-302")
    result = _preview(session, xlsx([["房屋编号", "业主姓名", "联系电话", "身份证号"],
                                     ["01-01-0302", "辛", "13912345678", valid_id()]]))
    assert _kinds(result) == [(2, "change")]


def test_a_semicolon_or_tab_separated_csv_with_a_title_line_is_read(session):
    owned_unit(session, "3-2-1501")
    for sep in (";", "\t"):
        lines = ["阳光花园业主变更表", sep.join(HEADERS), sep.join(["3栋", "2单元", "1501", "壬", "13912345678",
                                                                  valid_id(), "2026-03-05"])]
        result = _preview(session, "\n".join(lines).encode("utf-8"), filename="a.csv")
        assert (result.header_row, result.totals.owner_changes) == (2, 1)


# --- apply and undo -------------------------------------------------------------------------------------

def test_the_same_file_again_records_no_empty_batch(session):
    owned_unit(session, "3-2-1501")
    data = sheet(row("3-2-1501", "李四"))
    _apply(session, data)
    again = _preview(session, data)
    assert again.totals.unchanged == 1
    with pytest.raises(NothingToImport, match="完全一致"):
        apply_import(session, preview=again, actor="clerk1")


def test_batches_can_be_undone_newest_first(session):
    unit = owned_unit(session, "3-2-1501")
    first = _apply(session, sheet(row("3-2-1501", "甲")))
    second = _apply(session, sheet(row("3-2-1501", "乙", when=date(2026, 3, 6))))
    undo_batch(session, batch_id=second.id, actor="clerk1")
    session.commit()
    assert _owner_names(session, unit) == ["甲"]
    undo_batch(session, batch_id=first.id, actor="clerk1")
    session.commit()
    assert _owner_names(session, unit) == ["原业主"]


def test_undoing_an_older_batch_is_refused_while_a_newer_one_stands(session):
    owned_unit(session, "3-2-1501")
    first = _apply(session, sheet(row("3-2-1501", "甲")))
    _apply(session, sheet(row("3-2-1501", "乙", when=date(2026, 3, 6))))
    with pytest.raises(Exception, match="3-2-1501"):
        undo_batch(session, batch_id=first.id, actor="clerk1")


def test_a_fractional_upload_limit_is_understood(monkeypatch):
    from owner_portal.config import settings
    from owner_portal.services.imports import FileTooLarge

    monkeypatch.setattr(settings, "max_upload_mb", 0.5)
    with pytest.raises(FileTooLarge, match="0.5 MB"):
        read_workbook(data=b"x" * 600_000, filename="a.csv")


def test_an_area_that_differs_from_the_registered_one_is_said_not_written(session):
    owned_unit(session, "3-2-1501")  # registered with 100.0 m²
    rows = [[*HEADERS, "建筑面积"], [*row("3-2-1501"), 92.94]]
    (warning,) = _preview(session, xlsx(rows)).warnings
    assert (warning.column, warning.value) == ("建筑面积", "92.94") and "100" in warning.reason


# --- shares ---------------------------------------------------------------------------------------------

def test_an_export_with_unequal_shares_imported_again_changes_nothing(session):
    from owner_portal.models.ownership import CO_OWNER
    from owner_portal.services.imports import export_roster_xlsx

    owned_unit(session, "3-2-1502", owners=[owner("王小明", share_bp=6000), owner("李小红", role=CO_OWNER, share_bp=4000)])
    result = _preview(session, export_roster_xlsx(session, full=True))
    assert (result.totals.unchanged, result.totals.owner_changes) == (1, 0)


def test_shares_in_their_own_column_follow_the_names(session):
    owned_unit(session, "3-2-1501")
    headers = [*HEADERS, "份额"]
    ids = f"{valid_id()}、{valid_id()}"
    data = xlsx([headers, [*row("3-2-1501", "甲、乙", phone="13912345678、13912345679", id_number=ids), "70%、30%"]])
    (plan,) = _preview(session, data).plan.writes
    assert [(o.name, o.role, o.share_bp) for o in plan.owners] == [("甲", "主产权人", 7000), ("乙", "共有人", 3000)]


def test_shares_that_do_not_match_the_owners_or_add_up_are_refused(session):
    owned_unit(session, "3-2-1501")
    headers = [*HEADERS, "份额"]
    ids = f"{valid_id()}、{valid_id()}"
    cases = {"100%": "份额有 1 个，业主有 2 位", "70%、20%": "合计应为 100%", "七成、三成": "不是数字"}
    for shares, reason in cases.items():
        data = xlsx([headers, [*row("3-2-1501", "甲、乙", phone="13912345678、13912345679", id_number=ids), shares]])
        (problem,) = _preview(session, data).invalid_rows
        assert reason in problem.reason, shares


def test_a_share_cell_formatted_as_a_percentage_holds_a_fraction(session):
    owned_unit(session, "3-2-1501")
    data = xlsx([[*HEADERS, "份额"], [*row("3-2-1501"), 1]])
    (plan,) = _preview(session, data).plan.writes
    assert plan.owners[0].share_bp == 10000
