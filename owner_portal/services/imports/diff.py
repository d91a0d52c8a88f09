"""Rows vs the database → a plan: change / new / unchanged / invalid. Preview and apply share it.

Existing units, owners and people are looked up with a few set-based queries (everything of the
community at once; people by ID number in chunks), never one query per row.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from sqlmodel import Session, col, select

from owner_portal.models import Building, Community, Ownership, Person, Unit
from owner_portal.services.changes import Holding, changes_owners, check_new_owners
from owner_portal.services.errors import DomainError, InvalidValue
from owner_portal.services.imports.bulk import fetch_all
from owner_portal.services.imports.matching import ColumnMatch
from owner_portal.services.imports.normalise import CleanRow
from owner_portal.services.imports.results import CHANGE, INVALID, NEW, UNCHANGED, Problem, RowOutcome
from owner_portal.services.owners import OwnerDetails, masked
from owner_portal.services.unit_codes import UnitCode

DEFAULT_COMMUNITY = "本小区"
DEFAULT_REASON = "买卖"
CHUNK = 5000  # bound parameters per IN (...): well below SQLite's and PostgreSQL's limits


class CurrentOwner(NamedTuple):
    """Immutable; a tuple because 100,000 of them are made from query rows at each preview."""

    ownership_id: int
    person_id: int
    name: str
    phone: str | None
    id_type: str
    id_number: str
    role: str
    share_bp: int
    start_date: date

    @property
    def holding(self) -> Holding:
        return Holding((self.id_type, self.id_number), self.role, self.share_bp, self.start_date)

    def snapshot(self) -> dict:
        return {"person_id": self.person_id, "name": self.name, "role": self.role, "share_bp": self.share_bp}


@dataclass(slots=True)
class UnitState:
    id: int
    version: int
    status: str
    area: float | None = None
    owners: list[CurrentOwner] = field(default_factory=list)


@dataclass
class Existing:
    """What the database holds for this file: the CachedInstanceLoader of django-import-export."""

    community_id: int | None
    community: str
    buildings: dict[str, int]
    units: dict[str, UnitState]
    people: dict[tuple[str, str], tuple[int, str, str | None]]  # identity → (id, name, phone)


@dataclass
class RowPlan:
    """A valid row that writes: its unit (None = to be created), owners, date and reason."""

    row: int
    kind: str
    unit: UnitCode
    state: UnitState | None
    owners: list[OwnerDetails]
    effective_date: date
    reason: str
    remark: str = ""
    area: float | None = None


@dataclass
class Plan:
    outcomes: list[RowOutcome]
    writes: list[RowPlan]  # changes, new registrations and units to create, in row order
    existing: Existing


def plan_rows(session: Session, *, rows: list[CleanRow], columns: dict[str, ColumnMatch], create_units: bool,
              community: str | None, default_reason: str = DEFAULT_REASON, today: date | None = None) -> Plan:
    existing = load_existing(session, community=community, create_units=create_units,
                             identities={o.identity for r in rows for o in r.owners})
    anchor = _anchors(columns)
    codes = [str(row.unit) if row.unit else "" for row in rows]
    _flag_duplicate_units(rows, codes, anchor)
    _flag_identity_clashes(rows, anchor)
    outcomes, writes, today = [], [], today or date.today()
    for row, code in zip(rows, codes):
        outcome, plan = _classify(row, code, existing, anchor, create_units=create_units,
                                  reason=row.reason or default_reason, today=today)
        outcomes.append(outcome)
        if plan is not None:
            writes.append(plan)
    return Plan(outcomes=outcomes, writes=writes, existing=existing)


def load_existing(session: Session, *, community: str | None, create_units: bool,
                  identities: set[tuple[str, str]]) -> Existing:
    community_id, name = _community(session, community, create_units)
    units, buildings, people = {}, {}, {}
    if community_id is not None:
        buildings = dict(session.exec(select(Building.code, Building.id)
                                      .where(Building.community_id == community_id)).all())
        query = (select(Unit.code, Unit.id, Unit.version, Unit.status, Unit.area).join(Building)
                 .where(Building.community_id == community_id))
        units = {code: UnitState(uid, version, status, area)
                 for code, uid, version, status, area in fetch_all(session.connection(), query)}
        people = _attach_owners(session, units, community_id, identities)
    if len(people) < len(identities):  # not all current owners (a sheet imported again names no one else)
        _add_people(session, people, identities)
    return Existing(community_id=community_id, community=name, buildings=buildings, units=units, people=people)


def _community(session: Session, name: str | None, create_units: bool) -> tuple[int | None, str]:
    rows = session.exec(select(Community.id, Community.name).order_by(Community.id)).all()
    if name:
        found = next((cid for cid, n in rows if n == name), None)
        if found is None and not create_units:
            raise DomainError(f"小区「{name}」不存在")
        return found, name
    if len(rows) > 1:
        raise DomainError(f"系统中有 {len(rows)} 个小区，请选择要导入到哪个小区：{'、'.join(n for _, n in rows)}")
    return (rows[0][0], rows[0][1]) if rows else (None, DEFAULT_COMMUNITY)


def _attach_owners(session: Session, units: dict[str, UnitState], community_id: int,
                   identities: set[tuple[str, str]]) -> dict:
    """Each unit's current owners, 主产权人 first. Returns those of them the sheet names, as Existing.people
    holds them: a sheet imported again names no one else, so no other query is needed for them."""
    by_id = {u.id: u for u in units.values()}
    people = {}
    query = (select(Ownership.unit_id, Ownership.id, Person.id, Person.name, Person.phone, Person.id_type,
                    Person.id_number, Ownership.role, Ownership.share_bp, Ownership.start_date)
             .join(Person, Person.id == Ownership.person_id).join(Unit, Unit.id == Ownership.unit_id)
             .join(Building).where(Building.community_id == community_id, col(Ownership.end_date).is_(None))
             .order_by(Ownership.unit_id, Ownership.role != "主产权人", Ownership.id))
    make = CurrentOwner._make
    for row in fetch_all(session.connection(), query):
        by_id[row[0]].owners.append(make(row[1:]))
        if (identity := (row[5], row[6])) in identities:
            people[identity] = row[2:5]  # (person id, name, phone)
    return people


def _add_people(session: Session, people: dict, identities: set[tuple[str, str]]) -> None:
    """The other people registered under these ID documents, looked up by number (people: identity →
    (id, name, phone), the current owners among them already there)."""
    numbers = sorted({identity[1] for identity in identities if identity not in people})
    for start in range(0, len(numbers), CHUNK):
        query = select(Person.id_type, Person.id_number, Person.id, Person.name, Person.phone).where(
            col(Person.id_number).in_(numbers[start:start + CHUNK]))
        for id_type, number, *rest in fetch_all(session.connection(), query):
            people[(id_type, number)] = tuple(rest)


def _anchors(columns: dict[str, ColumnMatch]) -> dict[str, ColumnMatch]:
    """Which column a row-level problem points at: the unit's, the owner's, the date's."""
    unit = columns.get("unit_code") or columns.get("room") or next(iter(columns.values()))
    owner = columns.get("name") or unit
    return {"unit": unit, "owner": owner, "date": columns.get("effective_date") or owner,
            "phone": columns.get("phone") or owner, "area": columns.get("area") or unit}


def _flag_duplicate_units(rows: list[CleanRow], codes: list[str], anchor: dict) -> None:
    """The same unit twice: identical rows are one (later ones repeat the first); rows that differ in
    owners, date or reason, or of which one is invalid, are all invalid (no silent 'last one wins')."""
    first, groups = {}, {}  # a group only for a unit seen twice: nearly every unit is seen once
    for row, code in zip(rows, codes):
        if row.unit is not None and (earlier := first.setdefault(code, row)) is not row:
            groups.setdefault(code, [earlier]).append(row)
    for code, group in groups.items():
        numbers = "、".join(str(r.row) for r in group)
        why = _why_rows_differ(group)
        if why:
            for row in group:
                _problem(row.problems, row, anchor["unit"], code,
                         f"房屋 {code} 在第 {numbers} 行重复出现且{why}；请核对后只保留一行")
        else:
            for row in group[1:]:
                row.repeat_of = group[0].row  # the first row decides; this one repeats it
                _problem(row.warnings, row, anchor["unit"], code, f"与第 {group[0].row} 行重复，已按第 {group[0].row} 行处理")


def _why_rows_differ(group: list[CleanRow]) -> str:
    if len({_owner_key(r) for r in group}) > 1:
        return "业主不同"
    if len({(r.effective_date, r.reason) for r in group}) > 1:
        return "生效日期或变更原因不同"
    invalid = [str(r.row) for r in group if r.problems]
    return f"第 {'、'.join(invalid)} 行另有错误" if invalid else ""


def _owner_key(row: CleanRow) -> frozenset:
    return frozenset((o.identity, o.role, o.share_bp) for o in row.owners)


def _flag_identity_clashes(rows: list[CleanRow], anchor: dict) -> None:
    """One ID number under two different names in the same file: both rows are wrong, we cannot tell which.
    Under two phones: a person keeps one, the first row's, and the later rows say so."""
    first, odd = {}, set()  # identity → its first (row, name, phone); identities named or phoned otherwise later
    for row in rows:
        for owner in row.owners:
            seen = first.setdefault(owner.identity, (row.row, owner.name, owner.phone))
            if seen[1] != owner.name or seen[2] != owner.phone:
                odd.add(owner.identity)
    if not odd:
        return  # nearly every sheet: a second pass over its rows would find nothing
    names = {}
    for row in rows:
        for owner in row.owners:
            if owner.identity in odd:
                names.setdefault(owner.identity, set()).add(owner.name)
    clashing = {identity for identity, n in names.items() if len(n) > 1}
    for row in rows:
        for owner in row.owners:
            if owner.identity not in odd:
                continue
            if owner.identity in clashing:
                _problem(row.problems, row, anchor["owner"], owner.name,
                         f"证件号码 {masked(owner.id_number, 'id', full=False)} 在本表中对应了不同的姓名："
                         f"{'、'.join(sorted(names[owner.identity]))}")
            elif first[owner.identity][2] != owner.phone:
                line, _name, phone = first[owner.identity]
                _problem(row.warnings, row, anchor["phone"], owner.phone,
                         f"{owner.name} 在第 {line} 行的电话为 {phone}，本行为 {owner.phone}；一人只登记一个电话，"
                         f"按第 {line} 行导入")


def _classify(row: CleanRow, code: str, existing: Existing, anchor: dict, *, create_units: bool, reason: str,
              today: date) -> tuple[RowOutcome, RowPlan | None]:
    outcome = RowOutcome(row.row, INVALID, code, problems=row.problems, warnings=row.warnings)
    if row.problems:
        return outcome, None
    if row.repeat_of:
        outcome.kind, outcome.diff = UNCHANGED, f"{code}: 同第 {row.repeat_of} 行"
        return outcome, None
    state = existing.units.get(code)
    if state is None and not create_units:
        return _invalid(outcome, row, anchor["unit"], code,
                        f"房屋 {code} 不存在；首次导入房屋清单时请选择“允许新建房屋”"), None
    outcome.creates_unit = state is None
    current = state.owners if state else []
    if state and row.area is not None and state.area is not None and abs(state.area - row.area) >= 0.01:
        _problem(row.warnings, row, anchor["area"], row.area,
                 f"建筑面积 {row.area:g} 与系统登记的 {state.area:g} 不同，导入不会修改面积")
    if not row.has_owner:
        return _ownerless(outcome, row, anchor, current, code)
    effective = row.effective_date or today
    people, holdings = existing.people, [o.holding for o in current]
    registered = [(owner, people.get(owner.identity)) for owner in row.owners]
    try:  # check_change's rules, the same owners told apart without an exception (most rows of a re-import)
        changes = changes_owners(holdings, row.owners)
        if changes:
            check_new_owners(holdings, row.owners, effective, today=today,
                             known_names={owner.identity: person[1] for owner, person in registered if person})
    except InvalidValue as exc:  # the owners: shares, roles, an ID under another name
        return _invalid(outcome, row, anchor["owner"], _names(row.owners), exc.message), None
    except DomainError as exc:  # the date: in the future, before the current owners' start
        return _invalid(outcome, row, anchor["date"], row.effective_date or "", exc.message), None
    _note_known_people(row, registered, anchor)
    if not changes:
        outcome.kind, outcome.diff = UNCHANGED, f"{code}: {_names(current)}（无变化）"
        return outcome, None
    if row.effective_date is None:
        _problem(row.warnings, row, anchor["date"], "", f"未填写生效日期，按今天（{effective.isoformat()}）登记")
    outcome.kind = CHANGE if current else NEW
    outcome.diff = f"{code}: {_names(current) or '（无业主）'} → {_names(row.owners)}"
    plan = RowPlan(row=row.row, kind=outcome.kind, unit=row.unit, state=state, owners=row.owners,
                   effective_date=effective, reason=reason, remark=row.remark, area=row.area)
    return outcome, plan


def _ownerless(outcome: RowOutcome, row: CleanRow, anchor: dict, current: list[CurrentOwner],
               code: str) -> tuple[RowOutcome, RowPlan | None]:
    """A row without owner columns: an unsold unit in a roster. It never removes owners."""
    if current:
        return _invalid(outcome, row, anchor["owner"], "",
                        f"此行没有业主信息，但房屋 {code} 现有业主 {_names(current)}；导入不会删除业主"), None
    outcome.kind, outcome.diff = UNCHANGED, f"{code}: {_names(current) or '（无业主）'}（无变化）"
    return outcome, _unit_only(row, code) if outcome.creates_unit else None


def _unit_only(row: CleanRow, code: str) -> RowPlan:
    return RowPlan(row=row.row, kind=UNCHANGED, unit=row.unit, state=None, owners=[],
                   effective_date=row.effective_date or date.today(), reason="", area=row.area)


def _note_known_people(row: CleanRow, registered: list[tuple[OwnerDetails, tuple | None]], anchor: dict) -> None:
    """An import never edits people already registered (their details change through 信息更正): a phone
    that differs from the registered one is said, not written. `registered`: each owner, its person or None."""
    for owner, known in registered:
        if known and known[2] != owner.phone:
            _problem(row.warnings, row, anchor["phone"], owner.phone,
                     f"{owner.name} 的电话与系统登记的 {masked(known[2], 'phone', full=False)} 不同，导入不会修改；"
                     "如需修改请使用“更正信息”")


def _names(owners) -> str:
    return owners[0].name if len(owners) == 1 else "、".join([o.name for o in owners])


def _invalid(outcome: RowOutcome, row: CleanRow, column: ColumnMatch, value, reason: str) -> RowOutcome:
    _problem(row.problems, row, column, value, reason)
    outcome.kind = INVALID
    return outcome


def _problem(problems: list[Problem], row: CleanRow, column: ColumnMatch, value, reason: str) -> None:
    problems.append(Problem(row=row.row, column=column.header or column.letter, value=str(value), reason=reason,
                            field=column.field or "", letter=column.letter))
