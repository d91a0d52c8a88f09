"""Replacing owners: history closed not overwritten, refusals, concurrency, audit."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlmodel import Session, func, select

from owner_portal.models import AuditEntry, Ownership, OwnerChange, Person, Unit
from owner_portal.models.ownership import CO_OWNER, PRIMARY
from owner_portal.services.changes import (
    CHANGE_REASONS, Holding, _same_owner_sets, check_effective_date, check_replacement, correct_owner, replace_owners,
    same_owners,
)
from owner_portal.services.errors import ChangeRefused, ConcurrentChange, InvalidValue, UnitNotFound
from owner_portal.services.units import current_ownerships, unit_detail
from tests.factories import owned_unit, owner
from tests.services.properties import TWO_IDS, any_owner


def _replace(session, unit, owners, *, when=date(2026, 3, 5), version="current", reason="买卖"):
    expected = unit.version if version == "current" else version
    change = replace_owners(session, unit_id=unit.id, expected_version=expected, reason=reason,
                            effective_date=when, owners=owners, actor="clerk1")
    session.commit()
    return change


def test_replacing_an_owner_closes_the_old_ownership_and_opens_the_new(session):
    unit = owned_unit(session)
    change = _replace(session, unit, [owner("李四")])
    history = session.exec(select(Ownership).where(Ownership.unit_id == unit.id).order_by(Ownership.id)).all()
    assert [(o.start_date, o.end_date) for o in history] == [(date(2020, 1, 1), date(2026, 3, 5)),
                                                               (date(2026, 3, 5), None)]
    assert [p.name for _, p in current_ownerships(session, unit.id)] == ["李四"]
    assert change.owners_before[0]["name"] == "原业主"
    assert change.owners_after[0]["name"] == "李四"
    assert change.reason == "买卖" and change.actor == "clerk1" and change.source == "form"


def test_change_record_survives_reload_with_both_snapshots(session, engine):
    unit = owned_unit(session)
    change_id = _replace(session, unit, [owner("李四")]).id
    with Session(engine) as fresh:
        stored = fresh.get(OwnerChange, change_id)
        assert [o["name"] for o in stored.owners_before] == ["原业主"]
        assert [o["name"] for o in stored.owners_after] == ["李四"]


def test_a_unit_may_pass_to_co_owners_with_shares_adding_up(session):
    unit = owned_unit(session)
    _replace(session, unit, [owner("甲", share_bp=6000), owner("乙", role=CO_OWNER, share_bp=4000)])
    current = current_ownerships(session, unit.id)
    assert sorted((o.role, o.share_bp) for o, _ in current) == sorted([(CO_OWNER, 4000), (PRIMARY, 6000)])


@pytest.mark.parametrize("owners, message", [
    ([], "至少需要一位业主"),
    (lambda: [owner("甲", share_bp=5000)], "合计应为 100%"),
    (lambda: [owner("甲", share_bp=5000), owner("乙", share_bp=5000)], "有且仅有一位主产权人"),
])
def test_owner_sets_that_do_not_add_up_are_refused(session, owners, message):
    unit = owned_unit(session)
    with pytest.raises(InvalidValue, match=message):
        _replace(session, unit, owners() if callable(owners) else owners)


def test_the_same_person_twice_is_refused(session):
    unit = owned_unit(session)
    a = owner("甲", share_bp=5000)
    b = owner("乙", role=CO_OWNER, share_bp=5000, id_number=a.id_number)
    with pytest.raises(InvalidValue, match="出现了两次"):
        _replace(session, unit, [a, b])


def test_effective_date_before_current_start_is_refused(session):
    unit = owned_unit(session, since=date(2024, 6, 1))
    with pytest.raises(ChangeRefused, match="早于现业主的起始日期 2024-06-01"):
        _replace(session, unit, [owner("李四")], when=date(2024, 5, 31))
    session.rollback()
    assert len(current_ownerships(session, unit.id)) == 1


def test_new_owner_identical_to_current_is_refused(session):
    same = owner("原业主")
    unit = owned_unit(session, owners=[same])
    with pytest.raises(ChangeRefused, match="完全相同"):
        _replace(session, unit, [same])


def test_unknown_unit_is_refused(session):
    with pytest.raises(UnitNotFound):
        replace_owners(session, unit_id=9999, expected_version=0, reason="买卖", effective_date=date(2026, 1, 1),
                       owners=[owner()], actor="x")


def _changed_by_another_clerk(engine, unit, when: date) -> int:
    """Another clerk replaces the owners first; returns the version the first clerk saw."""
    seen_version = unit.version
    with Session(engine) as other_clerk:
        replace_owners(other_clerk, unit_id=unit.id, expected_version=seen_version, reason="买卖",
                       effective_date=when, owners=[owner("先到")], actor="clerk2")
        other_clerk.commit()
    return seen_version


def test_a_form_opened_before_another_clerks_change_cannot_overwrite_it(session, engine):
    unit = owned_unit(session)
    seen_version = _changed_by_another_clerk(engine, unit, date(2026, 3, 1))
    with pytest.raises(ConcurrentChange, match="已被他人修改"):
        _replace(session, unit, [owner("后到")], version=seen_version)
    session.rollback()
    assert [p.name for _, p in current_ownerships(session, unit.id)] == ["先到"]


def test_a_refused_change_writes_nothing(session):
    unit = owned_unit(session)
    counts = _row_counts(session)
    with pytest.raises(ChangeRefused):
        _replace(session, unit, [owner("李四")], when=date(2019, 1, 1))
    session.rollback()
    assert _row_counts(session) == counts


def test_correction_edits_details_without_a_new_ownership(session):
    unit = owned_unit(session)
    (ownership, person), = current_ownerships(session, unit.id)
    fixed = owner("原业主", phone="13912345678", id_number=person.id_number)
    change = correct_owner(session, unit_id=unit.id, person_id=person.id, expected_version=unit.version,
                           details=fixed, actor="clerk1")
    session.commit()
    assert change.reason == "信息更正"
    assert session.exec(select(func.count()).select_from(Ownership)).one() == 1
    assert session.get(Person, person.id).phone == "13912345678"
    entry = session.exec(select(AuditEntry).where(AuditEntry.action == "person.update")).one()
    assert entry.before["phone"] != entry.after["phone"] == "13912345678"


def test_correction_with_nothing_changed_is_refused(session):
    unit = owned_unit(session)
    (_, person), = current_ownerships(session, unit.id)
    same = owner(person.name, phone=person.phone, id_number=person.id_number)
    with pytest.raises(ChangeRefused, match="没有变化"):
        correct_owner(session, unit_id=unit.id, person_id=person.id, expected_version=None, details=same,
                      actor="x")


def test_every_write_leaves_an_audit_entry(session):
    unit = owned_unit(session)
    before = session.exec(select(func.count()).select_from(AuditEntry)).one()
    change = _replace(session, unit, [owner("甲", share_bp=5000), owner("乙", role=CO_OWNER, share_bp=5000)])
    actions = session.exec(select(AuditEntry.action).where(AuditEntry.id > before)).all()
    # one change, one closed ownership, two people and two ownerships opened
    assert sorted(actions) == sorted(["change.create", "ownership.close", "person.create", "person.create",
                                      "ownership.open", "ownership.open"])
    assert all(a.actor == "clerk1" for a in session.exec(select(AuditEntry).where(AuditEntry.id > before)))
    detail = unit_detail(session, unit.id)
    assert change.id in [c.id for c in detail.changes]
    assert {e.action for e in detail.audit_entries} >= {"change.create", "ownership.open", "ownership.close"}


def test_history_keeps_every_ownership_in_the_detail(session):
    unit = owned_unit(session)
    _replace(session, unit, [owner("李四")], when=date(2025, 1, 1))
    _replace(session, session.get(Unit, unit.id), [owner("王五")], when=date(2026, 1, 1))
    detail = unit_detail(session, unit.id)
    assert [h.name for h in detail.history] == ["王五", "李四", "原业主"]
    assert [o.name for o in detail.unit.owners] == ["王五"]
    assert detail.unit.owners[0].phone.count("*") == 4  # masked unless asked for full values


def _row_counts(session):
    return tuple(session.exec(select(func.count()).select_from(m)).one()
                 for m in (Ownership, OwnerChange, Person, AuditEntry))


def test_an_id_already_registered_under_another_name_is_refused_not_renamed(session):
    other = owned_unit(session, "1-1-101", owners=[owner("李明")])
    (_, li_ming), = current_ownerships(session, other.id)
    unit = owned_unit(session, "1-1-301")
    impostor = owner("王五", id_number=li_ming.id_number)
    with pytest.raises(InvalidValue, match="已登记为「李明」"):
        check_replacement(session, unit_id=unit.id, owners=[impostor], effective_date=date(2026, 3, 5))
    with pytest.raises(InvalidValue, match="已登记为「李明」"):
        _replace(session, unit, [impostor])
    session.rollback()
    assert session.get(Person, li_ming.id).name == "李明"


def test_the_same_person_may_own_a_second_unit_with_a_new_phone(session):
    first = owned_unit(session, "1-1-101", owners=[owner("李明")])
    (_, li_ming), = current_ownerships(session, first.id)
    unit = owned_unit(session, "1-1-301")
    _replace(session, unit, [owner("李明", id_number=li_ming.id_number, phone="13700001111")])
    assert session.get(Person, li_ming.id).phone == "13700001111"
    actions = session.exec(select(AuditEntry.action).where(AuditEntry.entity_id == li_ming.id,
                                                           AuditEntry.entity == "person")).all()
    assert "person.update" in actions  # the shared contact change is on the record


def test_an_effective_date_in_the_future_is_refused(session):
    unit = owned_unit(session)
    tomorrow = date.today() + timedelta(days=1)
    with pytest.raises(ChangeRefused, match="晚于今天"):
        _replace(session, unit, [owner("李四")], when=tomorrow)


def test_a_correction_says_which_details_it_changed(session):
    unit = owned_unit(session)
    (_, person), = current_ownerships(session, unit.id)
    fixed = owner(person.name, phone="13912345678", id_number=person.id_number)
    change = correct_owner(session, unit_id=unit.id, person_id=person.id, expected_version=unit.version,
                           details=fixed, actor="clerk1", remark="业主来电")
    assert change.remark == f"更正{person.name}的电话；业主来电"


def test_another_clerks_change_is_named_before_any_rule_it_makes_fail(session, engine):
    unit = owned_unit(session)
    seen_version = _changed_by_another_clerk(engine, unit, date(2026, 6, 2))
    session.expire_all()
    later = [owner("后到")]
    with pytest.raises(ConcurrentChange, match="已被他人修改"):  # not "早于现业主的起始日期"
        check_replacement(session, unit_id=unit.id, owners=later, effective_date=date(2026, 6, 1),
                          expected_version=seen_version)
    with pytest.raises(ConcurrentChange, match="已被他人修改"):
        _replace(session, unit, later, when=date(2026, 6, 1), version=seen_version)


def test_the_form_checks_the_date_with_the_rule_the_change_uses():
    check_effective_date(date(2026, 3, 5), today=date(2026, 3, 5))
    with pytest.raises(ChangeRefused, match="晚于今天"):
        check_effective_date(date(2026, 3, 6), today=date(2026, 3, 5))


def test_undo_is_not_a_reason_a_clerk_can_choose():
    assert "撤销导入" not in CHANGE_REASONS and "信息更正" not in CHANGE_REASONS


any_holding = st.builds(Holding, identity=st.sampled_from([("居民身份证", n) for n in TWO_IDS]),
                        role=st.sampled_from([PRIMARY, CO_OWNER]), share_bp=st.sampled_from([10000, 5000]),
                        start_date=st.just(date(2020, 1, 1)))


@given(st.lists(any_holding, max_size=3), st.lists(any_owner, max_size=3))
def test_the_one_owner_shortcut_tells_the_same_owners_as_the_sets_do(current, owners):
    assert same_owners(current, owners) == _same_owner_sets(current, owners)
