"""Finding units and reading what is known about them."""

import re
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func
from sqlmodel import Session, and_, col, exists, or_, select

from owner_portal.models import Building, Community, Ownership, OwnerChange, Person, Unit
from owner_portal.models.community import UNSOLD
from owner_portal.services import audit
from owner_portal.services.errors import InvalidValue, UnitNotFound
from owner_portal.services.owners import masked
from owner_portal.services.text import clean_text
from owner_portal.services.unit_codes import UnitCode, parse_building, parse_entrance, parse_room, parse_unit_code

_BUILDING_ONLY = re.compile(r"^\s*[0-9A-Za-z]{1,6}\s*(号楼|栋|幢|座|#)\s*$")
_MASKED_PHONE = re.compile(r"^[0-9-]*\*{3,}(\d{4})$")
_BUILDING_ENTRANCE = re.compile(r"^\s*([0-9A-Za-z]{1,6}\s*(?:号楼|栋|幢|座|#))\s*([0-9A-Za-z一二三四五六七八九十]{1,4}\s*(?:单元|门))\s*$")
SORTS = ("code", "-code", "area", "-area", "floor", "-floor")
MAX_PAGE_SIZE = 100


@dataclass
class UnitQuery:
    """Search filters; empty ones are ignored. `text` is the one box: a code, a name, 4 digits."""

    text: str = ""
    building: str = ""
    entrance: str = ""
    floor: int | None = None
    room: str = ""
    owner_name: str = ""
    phone_last4: str = ""


@dataclass
class OwnerView:
    person_id: int
    name: str
    phone: str
    id_type: str
    id_number: str
    role: str
    share_bp: int
    start_date: date
    end_date: date | None = None
    undone: bool = False  # opened by an import that was undone: it never really happened
    email: str = ""
    emergency_contact: str = ""
    emergency_phone: str = ""


@dataclass
class UnitRow:
    id: int
    code: str
    building: str
    entrance: str
    floor: int
    room: str
    area: float | None
    use: str
    status: str
    owners: list[OwnerView] = field(default_factory=list)


@dataclass
class UnitPage:
    rows: list[UnitRow]
    total: int
    page: int
    page_size: int


@dataclass
class UnitDetail:
    unit: UnitRow
    community: str
    version: int
    history: list[OwnerView]
    changes: list[OwnerChange]
    audit_entries: list


def find_unit(session: Session, code: UnitCode | str) -> Unit | None:
    if isinstance(code, str):
        code = parse_unit_code(code)
    return session.exec(select(Unit).where(Unit.code == str(code))).first()


def get_unit(session: Session, unit_id: int) -> Unit:
    unit = session.get(Unit, unit_id)
    if unit is None:
        raise UnitNotFound(f"房屋 #{unit_id} 不存在")
    return unit


def search_units(session: Session, *, query: UnitQuery, page: int = 1, page_size: int = 20,
                 sort: str = "code", full: bool = False) -> UnitPage:
    """Filters, paging and sorting all in SQL; owners fetched for the page only."""
    page, page_size = max(page, 1), min(max(page_size, 1), MAX_PAGE_SIZE)
    conditions = _conditions(query)
    total = session.exec(select(func.count()).select_from(Unit).join(Building).where(*conditions)).one()
    stmt = select(Unit, Building.code).join(Building).where(*conditions)
    stmt = stmt.order_by(*_ordering(sort)).offset((page - 1) * page_size).limit(page_size)
    rows = [_row(unit, building) for unit, building in session.exec(stmt)]
    _attach_current_owners(session, rows, full=full)
    return UnitPage(rows=rows, total=total, page=page, page_size=page_size)


def _conditions(query: UnitQuery) -> list:
    conditions = []
    text = clean_text(query.text)
    if text:
        conditions.append(_text_condition(text))
    if clean_text(query.building):
        conditions.append(Building.code == _read_part(parse_building, query.building))
    if clean_text(query.entrance):
        conditions.append(Unit.entrance == _read_part(parse_entrance, query.entrance))
    if query.floor is not None:
        conditions.append(Unit.floor == query.floor)
    if clean_text(query.room):
        conditions.append(col(Unit.room).contains(_read_part(parse_room, query.room), autoescape=True))
    if clean_text(query.owner_name):
        conditions.append(_owned_by(col(Person.name).contains(clean_text(query.owner_name), autoescape=True)))
    if clean_text(query.phone_last4):
        conditions.append(_owned_by(Person.phone_last4 == clean_text(query.phone_last4)))
    return conditions


def _read_part(parse, value: str) -> str:
    """'3栋' → '3' as the unit-code parser reads it; what it cannot read is looked for as typed."""
    try:
        return parse(value)
    except InvalidValue:
        return clean_text(value).upper()


def _text_condition(text: str):
    """One search box: a full unit code, else a room or phone tail, else part of a name or code."""
    try:
        return Unit.code == str(parse_unit_code(text))
    except InvalidValue:
        pass
    if _BUILDING_ONLY.match(text):  # "3栋", "3号楼": every unit of that building
        return Building.code == parse_building(text)
    if match := _BUILDING_ENTRANCE.match(text):  # "3栋2单元": every unit of that entrance
        return and_(Building.code == parse_building(match.group(1)), Unit.entrance == parse_entrance(match.group(2)))
    if text.isdigit() and len(text) == 4:
        return or_(Unit.room == text, _owned_by(Person.phone_last4 == text))
    if masked := _MASKED_PHONE.match(text):  # 138****5678 copied from a list: its last four digits
        return _owned_by(Person.phone_last4 == masked.group(1))
    return or_(col(Unit.code).contains(text, autoescape=True), col(Unit.room) == text,
               _owned_by(col(Person.name).contains(text, autoescape=True)))


def _owned_by(person_condition):
    """EXISTS a current ownership of this unit by a person matching the condition."""
    return exists().where(
        Ownership.unit_id == Unit.id, col(Ownership.end_date).is_(None),
        Ownership.person_id == Person.id, person_condition,
    )


def _ordering(sort: str) -> list:
    descending = sort.startswith("-")
    key = sort.lstrip("-") if sort in SORTS else "code"
    columns = {
        "code": [func.length(Building.code), Building.code, func.length(Unit.entrance), Unit.entrance,
                 Unit.floor, Unit.room],
        "area": [Unit.area, Unit.id],
        "floor": [Unit.floor, Unit.id],
    }[key]
    # NULLS LAST: SQLite and PostgreSQL would otherwise put units of unknown area at opposite ends.
    return [(c.desc() if descending else c.asc()).nulls_last() for c in columns]


def _row(unit: Unit, building_code: str) -> UnitRow:
    return UnitRow(id=unit.id, code=unit.code, building=building_code, entrance=unit.entrance,
                   floor=unit.floor, room=unit.room, area=unit.area, use=unit.use, status=unit.status)


def _attach_current_owners(session: Session, rows: list[UnitRow], *, full: bool) -> None:
    by_id = {row.id: row for row in rows}
    for ownership, person in _ownerships(session, list(by_id), current_only=True):
        by_id[ownership.unit_id].owners.append(_owner_view(ownership, person, full=full))


def _ownerships(session: Session, unit_ids: list[int], *, current_only: bool):
    if not unit_ids:
        return []
    stmt = select(Ownership, Person).join(Person).where(col(Ownership.unit_id).in_(unit_ids))
    if current_only:
        stmt = stmt.where(col(Ownership.end_date).is_(None))
    # 主产权人 first, then by share, so lists read the same everywhere.
    return session.exec(stmt.order_by(col(Ownership.start_date).desc(), Ownership.role != "主产权人",
                                      col(Ownership.share_bp).desc(), Ownership.id))


def _owner_view(ownership: Ownership, person: Person, *, full: bool) -> OwnerView:
    return OwnerView(
        person_id=person.id, name=person.name, phone=masked(person.phone, "phone", full=full),
        id_type=person.id_type, id_number=masked(person.id_number, "id", full=full),
        role=ownership.role, share_bp=ownership.share_bp, start_date=ownership.start_date,
        end_date=ownership.end_date, email=person.email or "",
        emergency_contact=person.emergency_contact or "",
        emergency_phone=masked(person.emergency_phone, "phone", full=full),
    )


def unit_detail(session: Session, unit_id: int, *, full: bool = False) -> UnitDetail:
    unit = get_unit(session, unit_id)
    building = session.get(Building, unit.building_id)
    community = session.get(Community, building.community_id)
    row = _row(unit, building.code)
    changes = list(session.exec(select(OwnerChange).where(OwnerChange.unit_id == unit.id)
                                .order_by(col(OwnerChange.id).desc())))
    undoings = {c.id for c in changes if c.source == "undo"}
    history = []
    ownership_ids = []
    for ownership, person in _ownerships(session, [unit.id], current_only=False):
        view = _owner_view(ownership, person, full=full)
        view.undone = ownership.closed_by_change_id in undoings and ownership.end_date == ownership.start_date
        ownership_ids.append(ownership.id)
        history.append(view)
        if ownership.end_date is None:
            row.owners.append(view)
    entries = audit.entries_for(session, targets={
        "unit": [unit.id], "ownerchange": [c.id for c in changes], "ownership": ownership_ids,
        "person": sorted({h.person_id for h in history})})  # corrections are made on the person
    return UnitDetail(unit=row, community=community.name, version=unit.version, history=history,
                      changes=changes, audit_entries=entries)


def current_ownerships(session: Session, unit_id: int) -> list[tuple[Ownership, Person]]:
    return list(_ownerships(session, [unit_id], current_only=True))


def recent_changes(session: Session, *, limit: int = 50, offset: int = 0) -> list[tuple[OwnerChange, str]]:
    stmt = (select(OwnerChange, Unit.code).join(Unit, and_(Unit.id == OwnerChange.unit_id))
            .order_by(col(OwnerChange.id).desc()).offset(offset).limit(limit))
    return list(session.exec(stmt))


def get_or_add_community(session: Session, *, name: str, actor: str, source: str) -> Community:
    community = session.exec(select(Community).where(Community.name == name)).first()
    if community is None:
        community = Community(name=name)
        session.add(community)
        session.flush()
        audit.record(session, actor=actor, action="community.create", entity="community",
                     entity_id=community.id, after={"name": name}, source=source)
    return community


def get_or_add_building(session: Session, *, community: Community, code: str, actor: str,
                        source: str) -> Building:
    building = session.exec(select(Building).where(
        Building.community_id == community.id, Building.code == code)).first()
    if building is None:
        building = Building(community_id=community.id, code=code)
        session.add(building)
        session.flush()
        audit.record(session, actor=actor, action="building.create", entity="building",
                     entity_id=building.id, after={"code": code}, source=source)
    return building


def add_unit(session: Session, *, building: Building, code: UnitCode, area: float | None = None,
             use: str = "住宅", actor: str, source: str) -> Unit:
    unit = Unit(building_id=building.id, code=str(code), entrance=code.entrance, floor=code.floor,
                room=code.room, area=area, use=use, status=UNSOLD)
    session.add(unit)
    session.flush()
    audit.record(session, actor=actor, action="unit.create", entity="unit", entity_id=unit.id,
                 after={"code": unit.code, "area": area, "use": use}, source=source)
    return unit


_AREA = re.compile(r"^(\d+(?:\.\d+)?)\s*(?:㎡|m²|m2|平方米|平米|平)?$", re.IGNORECASE)


def parse_area(value: object, *, field: str = "area") -> float | None:
    """89.6, '89.6', '89.6㎡', '89.6 平方米' → 89.6; empty → None. An area is positive and below 100000 m²."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        area = float(value)
    else:
        text = clean_text(value)
        if not text:
            return None
        match = _AREA.match(text)
        if not match:
            raise InvalidValue(field, f"面积「{text}」不是数字")
        area = float(match.group(1))
    area = round(area, 2)  # stored to the hundredth: judged as stored (99999.999 would be 100000.0)
    if not 0 < area < 100000:
        raise InvalidValue(field, f"面积 {area:g} 不合理，应大于 0 且小于 100000 平方米")
    return area
