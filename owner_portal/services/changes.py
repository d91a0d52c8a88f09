"""Replacing a unit's owners and correcting their details. History is closed, never overwritten."""

from datetime import date
from typing import NamedTuple

from sqlalchemy import update
from sqlmodel import Session, col, select

from owner_portal.models import Ownership, OwnerChange, Person, Unit
from owner_portal.models.change import CORRECTION, REASONS, UNDO_IMPORT
from owner_portal.models.community import SOLD
from owner_portal.services import audit
from owner_portal.services.errors import (
    ChangeRefused, ConcurrentChange, InvalidValue, NothingToChange, PersonNotFound,
)
from owner_portal.services.owners import (
    OwnerDetails, check_identity, check_owner_set, find_or_add_person, person_fields, update_person,
)
from owner_portal.services.units import current_ownerships, get_unit

CHANGE_REASONS = tuple(r for r in REASONS if r not in (CORRECTION, UNDO_IMPORT))


def replace_owners(session: Session, *, unit_id: int, expected_version: int | None, reason: str,
                   effective_date: date, owners: list[OwnerDetails], actor: str, source: str = "form",
                   remark: str = "", batch_id: int | None = None) -> OwnerChange:
    """Close the current ownerships at `effective_date`, open the new ones, record the change.

    `expected_version` is the unit version the user saw; None skips the check (imports lock
    by other means). Nothing is committed here: the caller's unit of work does that.
    """
    if reason not in CHANGE_REASONS:
        raise InvalidValue("reason", f"变更原因应为：{'、'.join(CHANGE_REASONS)}")
    unit = get_unit(session, unit_id)
    _refuse_stale(unit, expected_version)  # before the rules: they would judge owners the clerk never saw
    current = current_ownerships(session, unit.id)
    check_change(current=[holding(o, p) for o, p in current], owners=owners, effective=effective_date,
                 known_names=known_names(session, owners))
    _claim_version(session, unit, expected_version)
    change = OwnerChange(unit_id=unit.id, reason=reason, effective_date=effective_date,
                         owners_before=[_snapshot(o, p) for o, p in current],
                         source=source, batch_id=batch_id, actor=actor, remark=remark.strip())
    session.add(change)
    session.flush()
    for ownership, _person in current:
        close_ownership(session, ownership, end=effective_date, change=change, actor=actor, source=source)
    after = []
    for details in owners:
        person = find_or_add_person(session, details, actor=actor, source=source)
        ownership = open_ownership(session, unit=unit, person=person, details=details,
                                   start=effective_date, change=change, actor=actor, source=source)
        after.append(_snapshot(ownership, person))
    change.owners_after = after  # a new list: JSON columns do not track in-place appends
    _mark_sold(session, unit, actor=actor, source=source)
    audit.record(session, actor=actor, action="change.create", entity="ownerchange", entity_id=change.id,
                 after={"unit": unit.code, "reason": reason, "effective_date": effective_date.isoformat(),
                        "owners_before": change.owners_before, "owners_after": change.owners_after},
                 source=source)
    return change


def check_replacement(session: Session, *, unit_id: int, owners: list[OwnerDetails], effective_date: date,
                      expected_version: int | None = None) -> None:
    """Everything replace_owners would refuse, checked without writing: for a confirmation step."""
    unit = get_unit(session, unit_id)
    _refuse_stale(unit, expected_version)
    current = current_ownerships(session, unit.id)
    check_change(current=[holding(o, p) for o, p in current], owners=owners, effective=effective_date,
                 known_names=known_names(session, owners))


def known_names(session: Session, owners: list[OwnerDetails]) -> dict[tuple[str, str], str]:
    """The names already registered under these owners' ID documents."""
    numbers = [o.id_number for o in owners]
    found = session.exec(select(Person).where(col(Person.id_number).in_(numbers))).all()
    return {(p.id_type, p.id_number): p.name for p in found}


class Holding(NamedTuple):
    """What the change rules need to know of one current ownership; forms and imports both build it
    (an import, 100,000 at a time: a tuple is much cheaper to make than a frozen dataclass)."""

    identity: tuple[str, str]
    role: str
    share_bp: int
    start_date: date


def holding(ownership: Ownership, person: Person) -> Holding:
    return Holding((person.id_type, person.id_number), ownership.role, ownership.share_bp, ownership.start_date)


def same_owners(current: list[Holding], owners: list[OwnerDetails]) -> bool:
    if len(current) == 1 == len(owners):  # one owner before and after (nearly every unit): no sets to build
        held, owner = current[0], owners[0]
        return held.identity == owner.identity and held.role == owner.role and held.share_bp == owner.share_bp
    return _same_owner_sets(current, owners)


def _same_owner_sets(current: list[Holding], owners: list[OwnerDetails]) -> bool:
    """same_owners for any number of owners: the one its shortcut must agree with."""
    return {(h.identity, h.role, h.share_bp) for h in current} == {(d.identity, d.role, d.share_bp) for d in owners}


def check_change(*, current: list[Holding], owners: list[OwnerDetails], effective: date,
                 known_names: dict[tuple[str, str], str] | None = None, today: date | None = None) -> None:
    """The rules of a replacement, pure: a valid owner set, each ID under its registered name, not the
    same owners, dated neither before the current owners' start nor in the future."""
    if not changes_owners(current, owners):
        raise NothingToChange("新业主与现业主完全相同，无需变更；如需修改联系方式，请使用“更正信息”")
    check_new_owners(current, owners, effective, known_names=known_names, today=today)


def changes_owners(current: list[Holding], owners: list[OwnerDetails]) -> bool:
    """check_change's first rules: a valid owner set (else InvalidValue), and whether it differs from the
    current owners. A function of its own for imports, which count the same owners as unchanged rows
    rather than catching a refusal for each."""
    check_owner_set(owners)
    return not same_owners(current, owners)


def check_new_owners(current: list[Holding], owners: list[OwnerDetails], effective: date, *,
                     known_names: dict[tuple[str, str], str] | None = None, today: date | None = None) -> None:
    """check_change's other rules, for owners that changes_owners found to differ."""
    for owner in owners:
        check_identity(owner, (known_names or {}).get(owner.identity))
    check_effective_date(effective, today=today)
    latest_start = max((h.start_date for h in current), default=None)
    if latest_start and effective < latest_start:
        raise ChangeRefused(f"生效日期 {effective.isoformat()} 早于现业主的起始日期 {latest_start.isoformat()}")


def check_effective_date(effective: date, *, today: date | None = None) -> None:
    """A change is registered once it has happened, never ahead of time."""
    if effective > (today or date.today()):
        raise ChangeRefused(f"生效日期 {effective.isoformat()} 晚于今天：请在变更生效后再登记")


def _refuse_stale(unit: Unit, expected: int | None) -> None:
    if expected is not None and unit.version != expected:
        raise ConcurrentChange(f"房屋 {unit.code} 在您打开表单后已被他人修改，请刷新页面查看最新业主后再操作")


def _claim_version(session: Session, unit: Unit, expected: int | None) -> None:
    """Compare-and-set on unit.version: two clerks cannot both change the same owners."""
    guard = Unit.version == (unit.version if expected is None else expected)
    result = session.exec(update(Unit).where(Unit.id == unit.id, guard)
                          .values(version=Unit.version + 1))
    if result.rowcount != 1:
        session.refresh(unit)
        raise ConcurrentChange(f"房屋 {unit.code} 在您打开表单后已被他人修改，请刷新页面查看最新业主后再操作")
    session.refresh(unit)


def close_ownership(session: Session, ownership: Ownership, *, end: date, change: OwnerChange,
                    actor: str, source: str) -> None:
    ownership.end_date = end
    ownership.closed_by_change_id = change.id
    session.add(ownership)
    audit.record(session, actor=actor, action="ownership.close", entity="ownership",
                 entity_id=ownership.id, before={"end_date": None},
                 after={"end_date": end.isoformat(), "change_id": change.id}, source=source)


def open_ownership(session: Session, *, unit: Unit, person: Person, details: OwnerDetails, start: date,
                   change: OwnerChange | None, actor: str, source: str) -> Ownership:
    ownership = Ownership(unit_id=unit.id, person_id=person.id, role=details.role,
                          share_bp=details.share_bp, start_date=start,
                          opened_by_change_id=change.id if change else None)
    session.add(ownership)
    session.flush()
    audit.record(session, actor=actor, action="ownership.open", entity="ownership", entity_id=ownership.id,
                 after={"unit": unit.code, "person_id": person.id, "role": details.role,
                        "share_bp": details.share_bp, "start_date": start.isoformat()}, source=source)
    return ownership


def _mark_sold(session: Session, unit: Unit, *, actor: str, source: str) -> None:
    if unit.status == SOLD:
        return
    audit.record(session, actor=actor, action="unit.update", entity="unit", entity_id=unit.id,
                 before={"status": unit.status}, after={"status": SOLD}, source=source)
    unit.status = SOLD
    session.add(unit)


def correct_owner(session: Session, *, unit_id: int, person_id: int, expected_version: int | None,
                  details: OwnerDetails, actor: str, source: str = "form", remark: str = "") -> OwnerChange:
    """信息更正: fix a current owner's details in place. No ownership starts or ends."""
    unit = get_unit(session, unit_id)
    _refuse_stale(unit, expected_version)
    current = current_ownerships(session, unit.id)
    person = next((p for _o, p in current if p.id == person_id), None)
    if person is None:
        raise PersonNotFound("此人不是该房屋的现业主，无法更正")
    before = [_snapshot(o, p) for o, p in current]
    _refuse_taken_identity(session, person, details)
    _claim_version(session, unit, expected_version)
    changed = update_person(session, person, person_fields(details), actor=actor, source=source)
    if not changed:
        raise NothingToChange("信息没有变化，无需更正")
    # Both snapshots list the same people: the remark says what the correction was about.
    note = f"更正{person.name}的{'、'.join(changed)}" + (f"；{remark.strip()}" if remark.strip() else "")
    change = OwnerChange(unit_id=unit.id, reason=CORRECTION, effective_date=date.today(),
                         owners_before=before, owners_after=[_snapshot(o, p) for o, p in current],
                         source=source, actor=actor, remark=note[:500])
    session.add(change)
    session.flush()
    audit.record(session, actor=actor, action="change.create", entity="ownerchange", entity_id=change.id,
                 after={"unit": unit.code, "reason": CORRECTION, "person_id": person.id}, source=source)
    return change


def _refuse_taken_identity(session: Session, person: Person, details: OwnerDetails) -> None:
    other = session.exec(select(Person).where(
        Person.id_type == details.id_type, Person.id_number == details.id_number,
        Person.id != person.id)).first()
    if other is not None:
        raise InvalidValue("id_number", "该证件号码已属于系统中的另一位业主，请核对")


def _snapshot(ownership: Ownership, person: Person) -> dict:
    return {"person_id": person.id, "name": person.name, "role": ownership.role,
            "share_bp": ownership.share_bp}
