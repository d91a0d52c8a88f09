"""Owner identity: cleaning what a form or sheet says about a person; co-owner sets; finding people."""

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlmodel import select

from owner_portal.models import AuditEntry, Person
from owner_portal.models.ownership import CO_OWNER, PRIMARY, WHOLE
from owner_portal.services.errors import InvalidValue
from owner_portal.services.owners import (
    PERSON_FIELDS, InvalidOwner, OwnerDetails, OwnerInput, _check_owners, check_owner_set, clean_owner,
    find_or_add_person, masked, parse_share, person_columns, person_fields, split_evenly, update_person,
)
from tests.factories import owner, valid_id
from tests.services.properties import any_owner, outcome


def test_a_messy_owner_from_a_sheet_comes_out_clean():
    details = clean_owner(OwnerInput(name="  范晨\u3000", phone="１５１２７００３５１４",
                                     id_number="32010219760504591x", email=" Fan.Chen@Example.COM "))
    assert (details.name, details.phone, details.id_number) == ("范晨", "15127003514", "32010219760504591X")
    assert details.email == "fan.chen@example.com"
    assert (details.id_type, details.role, details.share_bp) == ("居民身份证", PRIMARY, WHOLE)
    assert details.emergency_contact is None and details.emergency_phone is None


def test_every_wrong_field_is_reported_at_once():
    with pytest.raises(InvalidOwner) as caught:
        clean_owner(OwnerInput(name="", phone="1381234", id_number="320102199412096640", email="nope",
                               emergency_phone="12", role="业主", share="abc"))
    errors = caught.value.errors
    assert set(errors) == {"name", "phone", "id_number", "email", "emergency_phone", "role", "share"}
    assert "最后一位应为 8" in errors["id_number"] and "手机号应为 11 位" in errors["phone"]
    assert isinstance(caught.value, InvalidValue) and "姓名不能为空" in caught.value.message


def test_the_id_number_is_checked_by_the_rules_of_its_document_type():
    details = clean_owner(OwnerInput(name="Chan Tai Man", phone="13812345678", id_type="通行证",
                                     id_number="h12345678"))
    assert (details.id_type, details.id_number) == ("港澳台通行证", "H12345678")


def test_an_emergency_contact_is_kept_when_given():
    details = clean_owner(OwnerInput(name="张三", phone="13812345678", id_number=valid_id(),
                                     emergency_contact=" 李四 ", emergency_phone="010 6559 7993 转 12"))
    assert (details.emergency_contact, details.emergency_phone) == ("李四", "010-65597993-12")


@pytest.mark.parametrize("raw, basis_points", [
    ("50", 5000), ("50%", 5000), ("５０％", 5000), ("50 %", 5000), (33.33, 3333), ("33.33", 3333),
    ("", WHOLE), (None, WHOLE), (100, WHOLE), ("0.01", 1),
])
def test_a_share_is_read_as_a_percentage_into_basis_points(raw, basis_points):
    assert parse_share(raw) == basis_points


@pytest.mark.parametrize("raw, message", [
    ("0", "大于 0%"), ("-5", "大于 0%"), ("100.01", "不超过 100%"), ("abc", "不是数字"),
    ("nan", "不是数字"), ("inf", "不是数字"), ("1e400", "不是数字"),
])
def test_a_share_outside_0_to_100_percent_or_not_a_number_is_refused(raw, message):
    with pytest.raises(InvalidValue, match=message):
        parse_share(raw)


@pytest.mark.parametrize("shares", [[WHOLE], [6000, 4000], [3334, 3333, 3333]])
def test_owners_with_one_primary_and_shares_adding_up_to_100_percent_pass(shares):
    owners = [owner(role=PRIMARY if i == 0 else CO_OWNER, share_bp=s) for i, s in enumerate(shares)]
    check_owner_set(owners)


@pytest.mark.parametrize("roles_and_shares, message", [
    ([], "至少需要一位业主"),
    ([(PRIMARY, 5000), (CO_OWNER, 4000)], "合计应为 100%，现为 90%"),
    ([(PRIMARY, 6000), (CO_OWNER, 6000)], "现为 120%"),
    ([(PRIMARY, 5000), (PRIMARY, 5000)], "应有且仅有一位主产权人，现有 2 位"),
    ([(CO_OWNER, 5000), (CO_OWNER, 5000)], "现有 0 位"),
])
def test_a_set_of_owners_without_exactly_one_primary_or_not_adding_up_is_refused(roles_and_shares, message):
    with pytest.raises(InvalidValue, match=message):
        check_owner_set([owner(role=r, share_bp=s) for r, s in roles_and_shares])


def test_the_same_document_twice_in_one_set_is_refused():
    first = owner(share_bp=5000)
    with pytest.raises(InvalidValue, match="同一证件号码出现了两次"):
        check_owner_set([first, owner("乙", role=CO_OWNER, share_bp=5000, id_number=first.id_number)])


@given(st.integers(1, 50))
def test_even_shares_add_up_to_100_percent_and_differ_by_at_most_one_basis_point(count):
    shares = split_evenly(count)
    assert len(shares) == count and sum(shares) == WHOLE and max(shares) - min(shares) <= 1


@given(st.lists(any_owner, max_size=3))
def test_the_one_owner_shortcut_accepts_and_refuses_as_the_full_checks_do(owners):
    assert outcome(check_owner_set, owners) == outcome(_check_owners, owners)


def test_split_evenly_gives_the_remainder_to_the_first_owners():
    assert split_evenly(3) == [3334, 3333, 3333]


@pytest.mark.parametrize("value, kind, full, shown", [
    ("13812345678", "phone", False, "138****5678"),
    ("13812345678", "phone", True, "13812345678"),
    ("11010519491231002X", "id", False, "110105********002X"),
    ("11010519491231002X", "id", True, "11010519491231002X"),
    (None, "phone", False, ""),
])
def test_values_are_masked_unless_full_values_are_asked_for(value, kind, full, shown):
    assert masked(value, kind, full=full) == shown


def test_a_new_person_is_added_with_the_last_four_phone_digits_and_audited(session):
    person = find_or_add_person(session, owner("张三", phone="13812345678"), actor="clerk1", source="form")
    session.commit()
    assert person.id is not None and person.phone_last4 == "5678"
    entry = session.exec(select(AuditEntry).where(AuditEntry.action == "person.create")).one()
    assert (entry.entity, entry.entity_id, entry.actor) == ("person", person.id, "clerk1")
    assert entry.after["name"] == "张三"


def test_the_last_four_digits_of_a_landline_with_extension_are_the_numbers_own(session):
    person = find_or_add_person(session, owner(phone="010-65597993-12"), actor="t", source="form")
    assert person.phone_last4 == "7993"


def test_the_same_document_finds_the_same_person_and_refreshes_the_contact_details(session):
    first = owner("张三", phone="13812345678")
    person = find_or_add_person(session, first, actor="t", source="form")
    again = find_or_add_person(session, replace(first, phone="13987654321"), actor="clerk2", source="import")
    session.commit()
    assert again.id == person.id
    assert session.exec(select(Person)).one().phone == "13987654321"
    assert again.phone_last4 == "4321"
    update = session.exec(select(AuditEntry).where(AuditEntry.action == "person.update")).one()
    assert (update.before["phone"], update.after["phone"], update.source) == ("13812345678", "13987654321", "import")


def test_an_update_that_changes_nothing_reports_nothing_and_writes_no_audit(session):
    person = find_or_add_person(session, owner("张三"), actor="t", source="form")
    session.commit()
    assert update_person(session, person, {"name": "张三"}, actor="t", source="form") == []
    assert session.exec(select(AuditEntry).where(AuditEntry.action == "person.update")).all() == []


def test_an_update_names_the_details_it_changed(session):
    person = find_or_add_person(session, owner("张三"), actor="t", source="form")
    assert update_person(session, person, {"phone": "13700001111", "email": "a@b.cn"}, actor="t",
                         source="form") == ["电话", "邮箱"]


def test_person_columns_are_person_fields_column_by_column():
    owners = [OwnerDetails(name="张三", phone="13812345678", id_type="居民身份证", id_number="110105199001011237"),
              OwnerDetails(name="李四", phone="010-65597993-12", id_type="护照", id_number="E12345678",
                           email="li@example.cn", role="共有人", share_bp=4000)]
    rows = [person_fields(o) for o in owners]
    assert person_columns(owners) == {name: [r[name] for r in rows] for name in rows[0]}
    assert set(rows[0]) == {*PERSON_FIELDS, "phone_last4"} and "role" not in rows[0] and "share_bp" not in rows[0]
    assert [r["phone_last4"] for r in rows] == ["5678", "7993"]
