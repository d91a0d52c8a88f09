"""Finding units: filters, the one search box, paging and sorting in SQL, masking in lists."""

from datetime import date

import pytest
from sqlmodel import Session, select

from owner_portal.models import AuditEntry, Unit
from owner_portal.models.ownership import CO_OWNER, PRIMARY
from owner_portal.services.changes import replace_owners
from owner_portal.services.errors import InvalidValue, UnitNotFound
from owner_portal.services.units import (
    MAX_PAGE_SIZE, UnitQuery, find_unit, parse_area, recent_changes, search_units, unit_detail,
)
from tests.factories import make_unit, owned_unit, owner

NATURAL_ORDER = ["2-1-101", "2-2-1501", "3-1-302", "3-2-1501", "3-2-1502", "10-1-101"]
OUYANG_ID = "11010519491231002X"


@pytest.fixture(scope="module")
def estate_engine(module_engine):
    with Session(module_engine) as session:
        _build_estate(session)
    return module_engine


@pytest.fixture
def estate(estate_engine):
    """A session on the shared estate: tests that take it only read."""
    with Session(estate_engine) as session:
        yield session


def _build_estate(session):
    """Six units in buildings 2, 3 and 10; one unsold, one co-owned, one whose owner sold it on."""
    owned_unit(session, "10-1-101", owners=[owner("李四", phone="13800002222")])
    owned_unit(session, "3-2-1501", owners=[
        owner("欧阳娜娜", share_bp=6000, phone="13812345678", id_number=OUYANG_ID),
        owner("王五", role=CO_OWNER, share_bp=4000, phone="13900004444"),
    ])
    owned_unit(session, "2-1-101", owners=[owner("张三丰", phone="13800001111")])
    owned_unit(session, "3-1-302", owners=[owner("赵六", phone="010-65597993-12")])
    make_unit(session, "3-2-1502")
    sold_on = owned_unit(session, "2-2-1501", owners=[owner("陈七", phone="13800007777")])
    replace_owners(session, unit_id=sold_on.id, expected_version=None, reason="买卖",
                   effective_date=date(2025, 6, 1), owners=[owner("周八", phone="13800008888")], actor="t")
    for code, area in [("10-1-101", 60.5), ("3-2-1501", 142.0), ("2-1-101", 89.9), ("3-1-302", 75.0),
                       ("3-2-1502", None)]:
        find_unit(session, code).area = area
    session.commit()


def codes(session, query=UnitQuery(), **kwargs):
    return [row.code for row in search_units(session, query=query, page_size=MAX_PAGE_SIZE, **kwargs).rows]


@pytest.mark.parametrize("query, expected", [
    # by unit code in any spelling, or by its parts
    (UnitQuery(text="3-2-1501"), ["3-2-1501"]),
    (UnitQuery(text="3栋2单元1501室"), ["3-2-1501"]),
    (UnitQuery(text="３号楼２单元１５０１"), ["3-2-1501"]),
    (UnitQuery(text="3-2-1501室"), ["3-2-1501"]),
    (UnitQuery(text="3栋2单元"), ["3-2-1501", "3-2-1502"]),
    (UnitQuery(text="138****5678"), ["3-2-1501"]),
    (UnitQuery(text="3号楼二单元"), ["3-2-1501", "3-2-1502"]),
    (UnitQuery(building="3"), ["3-1-302", "3-2-1501", "3-2-1502"]),
    (UnitQuery(building="3栋"), ["3-1-302", "3-2-1501", "3-2-1502"]),
    (UnitQuery(building="10"), ["10-1-101"]),
    (UnitQuery(building="3", entrance="2"), ["3-2-1501", "3-2-1502"]),
    (UnitQuery(building="3", entrance="2单元"), ["3-2-1501", "3-2-1502"]),
    (UnitQuery(floor=15), ["2-2-1501", "3-2-1501", "3-2-1502"]),
    (UnitQuery(floor=1), ["2-1-101", "10-1-101"]),
    (UnitQuery(room="1501"), ["2-2-1501", "3-2-1501"]),
    (UnitQuery(room="1501室"), ["2-2-1501", "3-2-1501"]),
    (UnitQuery(building="3", floor=15, room="1502"), ["3-2-1502"]),
    (UnitQuery(building="9"), []),
    # by part of a current owner's name: a co-owner's too, a former owner's not
    (UnitQuery(owner_name="欧阳"), ["3-2-1501"]),
    (UnitQuery(owner_name="娜娜"), ["3-2-1501"]),
    (UnitQuery(owner_name="王五"), ["3-2-1501"]),
    (UnitQuery(text="三丰"), ["2-1-101"]),
    (UnitQuery(owner_name="周八"), ["2-2-1501"]),
    (UnitQuery(owner_name="陈七"), []),
    (UnitQuery(text="陈七"), []),
    # by the last four digits of a current owner's phone (of a landline: not of its extension)
    (UnitQuery(phone_last4="5678"), ["3-2-1501"]),
    (UnitQuery(phone_last4="4444"), ["3-2-1501"]),
    (UnitQuery(text="5678"), ["3-2-1501"]),
    (UnitQuery(text="7993"), ["3-1-302"]),
    (UnitQuery(phone_last4="7777"), []),
    (UnitQuery(text="1501"), ["2-2-1501", "3-2-1501"]),  # four digits: a room as well
])
def test_units_are_found_by_code_parts_current_owner_name_or_phone_tail(estate, query, expected):
    assert codes(estate, query) == expected


@pytest.mark.parametrize("text", ["%", "_", "欧阳%", "_娜"])
def test_search_text_is_taken_literally_not_as_a_pattern(estate, text):
    assert codes(estate, UnitQuery(text=text)) == []
    assert codes(estate, UnitQuery(owner_name=text)) == []


def test_buildings_sort_in_natural_order_so_2_comes_before_10(estate):
    assert codes(estate) == NATURAL_ORDER
    assert codes(estate, sort="-code") == NATURAL_ORDER[::-1]


def test_paging_is_done_after_sorting_so_pages_follow_the_natural_order(estate):
    pages = [search_units(estate, query=UnitQuery(), page=n, page_size=2) for n in (1, 2, 3, 4)]
    assert [[r.code for r in p.rows] for p in pages] == [NATURAL_ORDER[:2], NATURAL_ORDER[2:4],
                                                          NATURAL_ORDER[4:], []]
    assert {p.total for p in pages} == {len(NATURAL_ORDER)}


def test_the_total_counts_every_match_not_just_the_page(estate):
    page = search_units(estate, query=UnitQuery(building="3"), page=1, page_size=1)
    assert (len(page.rows), page.total) == (1, 3)


def test_a_page_below_one_is_the_first_and_a_page_size_is_capped(estate):
    page = search_units(estate, query=UnitQuery(), page=0, page_size=10_000)
    assert (page.page, page.page_size) == (1, MAX_PAGE_SIZE)
    assert search_units(estate, query=UnitQuery(), page=1, page_size=0).page_size == 1


@pytest.mark.parametrize("sort, expected", [
    ("area", ["10-1-101", "3-1-302", "2-1-101", "2-2-1501", "3-2-1501", "3-2-1502"]),
    ("-area", ["3-2-1501", "2-2-1501", "2-1-101", "3-1-302", "10-1-101", "3-2-1502"]),
    # one floor: in the order the units were added
    ("floor", ["10-1-101", "2-1-101", "3-1-302", "3-2-1501", "3-2-1502", "2-2-1501"]),
    ("no-such-sort", NATURAL_ORDER),
])
def test_units_sort_by_area_or_floor_with_unknown_areas_last(estate, sort, expected):
    assert codes(estate, sort=sort) == expected


def test_lists_mask_phones_and_id_numbers_by_default(estate):
    row, = search_units(estate, query=UnitQuery(text="3-2-1501")).rows
    primary = row.owners[0]
    assert (primary.name, primary.phone, primary.id_number) == ("欧阳娜娜", "138****5678", "110105********002X")
    assert all("*" in o.phone and "*" in o.id_number for o in row.owners)


def test_lists_show_full_values_when_asked(estate):
    row, = search_units(estate, query=UnitQuery(text="3-2-1501"), full=True).rows
    assert (row.owners[0].phone, row.owners[0].id_number) == ("13812345678", OUYANG_ID)


def test_co_owners_are_listed_primary_first_with_their_shares(estate):
    row, = search_units(estate, query=UnitQuery(text="3-2-1501")).rows
    assert [(o.name, o.role, o.share_bp) for o in row.owners] == [("欧阳娜娜", PRIMARY, 6000), ("王五", CO_OWNER, 4000)]


def test_lists_show_only_current_owners_and_unsold_units_have_none(estate):
    rows = {r.code: r for r in search_units(estate, query=UnitQuery(building="2")).rows}
    assert [o.name for o in rows["2-2-1501"].owners] == ["周八"]
    assert (rows["2-1-101"].status, rows["2-2-1501"].status) == ("已售", "已售")
    unsold, = search_units(estate, query=UnitQuery(text="3-2-1502")).rows
    assert (unsold.status, unsold.owners) == ("未售", [])


def test_the_detail_has_history_and_masks_unless_full_values_are_asked(estate):
    unit = find_unit(estate, "2-2-1501")
    detail = unit_detail(estate, unit.id)
    assert (detail.community, detail.unit.code, detail.unit.floor) == ("测试小区", "2-2-1501", 15)
    assert [(h.name, h.end_date) for h in detail.history] == [("周八", None), ("陈七", date(2025, 6, 1))]
    assert [o.phone for o in detail.unit.owners] == ["138****8888"]
    assert [o.phone for o in unit_detail(estate, unit.id, full=True).unit.owners] == ["13800008888"]
    assert len(detail.changes) == 2 and detail.version == 2


def test_a_unit_is_found_by_its_code_in_any_spelling(estate):
    assert find_unit(estate, "3栋2单元1501室").code == "3-2-1501"
    assert find_unit(estate, "9-9-901") is None
    with pytest.raises(InvalidValue):
        find_unit(estate, "nonsense")


def test_the_detail_of_an_unknown_unit_is_refused(session):
    with pytest.raises(UnitNotFound, match="房屋 #4040 不存在"):
        unit_detail(session, 4040)


def test_recent_changes_come_newest_first_with_their_unit_code(estate):
    recent = recent_changes(estate, limit=2)
    assert [(c.reason, code) for c, code in recent] == [("买卖", "2-2-1501"), ("买卖", "2-2-1501")]
    assert recent[0][0].id > recent[1][0].id


def test_a_new_unit_is_unsold_on_the_floor_of_its_room_and_audited(session):
    unit = make_unit(session, "3栋2单元1501室")
    session.commit()
    assert (unit.code, unit.entrance, unit.floor, unit.room, unit.status) == ("3-2-1501", "2", 15, "1501", "未售")
    actions = session.exec(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions == ["community.create", "building.create", "unit.create"]
    make_unit(session, "3-2-1502")  # the same community and building are found, not added again
    assert session.exec(select(AuditEntry.action).where(AuditEntry.id > len(actions))).all() == ["unit.create"]
    assert len(session.exec(select(Unit)).all()) == 2


@pytest.mark.parametrize("value, expected", [(89.6, 89.6), ("89.6㎡", 89.6), (" 120.456 平方米", 120.46), (99999.99, 99999.99),
                                             ("", None), (None, None)])
def test_an_area_is_read_to_the_hundredth(value, expected):
    assert parse_area(value) == expected


@pytest.mark.parametrize("value", [0, -5, 0.004, 99999.999, 100000, "1e6", "大约90"])
def test_an_area_that_is_not_positive_and_below_100000_as_stored_is_refused(value):
    with pytest.raises(InvalidValue, match="面积"):
        parse_area(value)
