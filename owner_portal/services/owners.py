"""Owner identity: cleaning what a form or a sheet says about a person, finding or adding them."""

import re
from dataclasses import dataclass, fields
from datetime import date
from functools import cached_property
from operator import attrgetter

from sqlmodel import Session, select

from owner_portal.models import Person
from owner_portal.models.ownership import CO_OWNER, OWNER_ROLES, PRIMARY, WHOLE
from owner_portal.services import audit
from owner_portal.services.errors import InvalidValue
from owner_portal.services.identity import ID_CARD, mask_id, normalise_id_number, normalise_id_type
from owner_portal.services.names import normalise_name
from owner_portal.services.phones import last_four_digits, mask_phone, normalise_phone
from owner_portal.services.text import clean_text

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass
class OwnerInput:
    """What was typed or read, uncleaned. `share` is a percentage (50, "50%", "33.33")."""

    name: object = ""
    phone: object = ""
    id_number: object = ""
    id_type: object = ID_CARD
    email: object = ""
    emergency_contact: object = ""
    emergency_phone: object = ""
    role: object = PRIMARY
    share: object = 100


@dataclass(frozen=True)
class OwnerDetails:
    """A cleaned, valid owner: safe to compare and to store."""

    name: str
    phone: str
    id_type: str
    id_number: str
    email: str | None = None
    emergency_contact: str | None = None
    emergency_phone: str | None = None
    role: str = PRIMARY
    share_bp: int = WHOLE

    @cached_property  # an import asks each owner's identity a dozen times; frozen, so it never goes stale
    def identity(self) -> tuple[str, str]:
        return (self.id_type, self.id_number)


class InvalidOwner(InvalidValue):
    """Several fields of one owner are wrong; `errors` maps field → message."""

    def __init__(self, errors: dict[str, str]):
        super().__init__(next(iter(errors)), "；".join(errors.values()))
        self.errors = errors


def clean_owner(raw: OwnerInput) -> OwnerDetails:
    """Every field checked; all problems reported at once (InvalidOwner)."""
    errors: dict[str, str] = {}
    values: dict[str, object] = {}
    id_type = ID_CARD
    for field in OWNER_FIELDS:
        try:
            values[field] = clean_owner_field(field, getattr(raw, field), id_type=id_type)
        except InvalidValue as exc:
            errors[field] = exc.message
        if field == "id_type":
            id_type = values.get("id_type") or ID_CARD
    if errors:
        raise InvalidOwner(errors)
    return OwnerDetails(**{("share_bp" if k == "share" else k): v for k, v in values.items()})


def clean_owner_field(field: str, value: object, *, id_type: str = ID_CARD, today: date | None = None):
    """One field's rule, for forms that check as the user types. Raises InvalidValue."""
    if field == "id_number":
        return normalise_id_number(value, id_type, today=today)
    return _FIELD_RULES[field](value)


def _clean_email(value: object) -> str | None:
    email = clean_text(value)
    if email and not _EMAIL.match(email):
        raise InvalidValue("email", f"邮箱「{email}」格式不对")
    return email.lower() or None


def _optional_phone(value: object) -> str | None:
    return normalise_phone(value, field="emergency_phone") if clean_text(value) else None


def _clean_role(value: object) -> str:
    role = clean_text(value) or PRIMARY
    if role not in OWNER_ROLES:
        raise InvalidValue("role", f"产权角色应为 {PRIMARY} 或 {CO_OWNER}")
    return role


def _optional_text(value: object) -> str | None:
    return clean_text(value) or None


def parse_share(value: object) -> int:
    """'50', '50%', 33.33 → basis points (5000, 5000, 3333)."""
    text = clean_text(value).rstrip("%").strip() or "100"
    try:
        share = round(float(text) * 100)
    except (ValueError, OverflowError):  # OverflowError: "inf", "1e400"
        raise InvalidValue("share", f"份额「{clean_text(value)}」不是数字") from None
    if not 0 < share <= WHOLE:
        raise InvalidValue("share", "份额应大于 0% 且不超过 100%")
    return share


def check_owner_set(owners: list[OwnerDetails]) -> None:
    """A unit's owners: at least one, exactly one 主产权人, no one twice, shares adding up to 100%."""
    if len(owners) == 1 and owners[0].role == PRIMARY and owners[0].share_bp == WHOLE:
        return  # one owner holding it all (nearly every unit): what the checks below would find
    _check_owners(owners)


def _check_owners(owners: list[OwnerDetails]) -> None:
    """check_owner_set for any owners: the one its shortcut must agree with."""
    if not owners:
        raise InvalidValue("owners", "至少需要一位业主")
    primaries = sum(1 for o in owners if o.role == PRIMARY)
    if primaries != 1:
        raise InvalidValue("owners", f"应有且仅有一位{PRIMARY}，现有 {primaries} 位")
    if len({o.identity for o in owners}) != len(owners):
        raise InvalidValue("owners", "同一证件号码出现了两次")
    total = sum(o.share_bp for o in owners)
    if total != WHOLE:
        raise InvalidValue("owners", f"各业主份额合计应为 100%，现为 {total / 100:g}%")


def split_evenly(count: int) -> list[int]:
    """Shares for co-owners nobody gave shares to: 3 → [3334, 3333, 3333]."""
    if count == 1:
        return [WHOLE]  # one owner (nearly every row of a sheet)
    base, rest = divmod(WHOLE, count)
    return [base + (1 if i < rest else 0) for i in range(count)]


def check_identity(details: OwnerDetails, registered_name: str | None) -> None:
    """An ID document names one person: a different name under it is a typo or a rename, never silent."""
    if registered_name is not None and registered_name != details.name:
        raise InvalidValue("id_number", f"证件号码 {mask_id(details.id_number)} 已登记为「{registered_name}」，"
                                        f"与填写的姓名「{details.name}」不一致。请核对；如确系改名，请先用“更正信息”修改")


def find_or_add_person(session: Session, details: OwnerDetails, *, actor: str, source: str) -> Person:
    """The person with this ID document, contact details refreshed; or a new person."""
    person = session.exec(select(Person).where(
        Person.id_type == details.id_type, Person.id_number == details.id_number)).first()
    check_identity(details, person.name if person else None)
    if person is None:
        person = Person(**person_fields(details))
        session.add(person)
        session.flush()
        audit.record(session, actor=actor, action="person.create", entity="person", entity_id=person.id,
                     after=person_snapshot(person), source=source)
        return person
    update_person(session, person, person_fields(details), actor=actor, source=source)
    return person


PERSON_FIELD_LABELS = {"name": "姓名", "phone": "电话", "id_type": "证件类型", "id_number": "证件号码",
                       "email": "邮箱", "emergency_contact": "紧急联系人", "emergency_phone": "紧急联系电话"}


def update_person(session: Session, person: Person, fields: dict, *, actor: str, source: str) -> list[str]:
    """Apply changed fields only; audit before → after. Returns the labels of what changed."""
    changed = {k: v for k, v in fields.items() if getattr(person, k) != v and k in PERSON_FIELD_LABELS}
    if not changed:
        return []
    before = person_snapshot(person)
    for key, value in changed.items():
        setattr(person, key, value)
    person.phone_last4 = last_four_digits(person.phone)
    session.add(person)
    audit.record(session, actor=actor, action="person.update", entity="person", entity_id=person.id,
                 before=before, after=person_snapshot(person), source=source)
    return [PERSON_FIELD_LABELS[k] for k in changed]


# What a Person row takes from an owner (role and share belong to the ownership), plus phone_last4.
PERSON_FIELDS = tuple(f.name for f in fields(OwnerDetails) if f.name not in ("role", "share_bp"))


def person_fields(details: OwnerDetails) -> dict:
    return {**{name: getattr(details, name) for name in PERSON_FIELDS}, "phone_last4": last_four_digits(details.phone)}


def person_columns(owners: list[OwnerDetails]) -> dict[str, list]:
    """person_fields of many owners, column by column (an import adds 100,000 people at once)."""
    columns = {name: list(map(attrgetter(name), owners)) for name in PERSON_FIELDS}
    return {**columns, "phone_last4": list(map(last_four_digits, columns["phone"]))}


def person_snapshot(person: Person) -> dict:
    return {"id": person.id, "name": person.name, "phone": person.phone, "id_type": person.id_type,
            "id_number": person.id_number, "email": person.email,
            "emergency_contact": person.emergency_contact, "emergency_phone": person.emergency_phone}


def masked(value: str | None, kind: str, *, full: bool) -> str:
    """The value as this viewer may see it. kind is 'phone' or 'id'."""
    if full or not value:
        return value or ""
    return mask_phone(value) if kind == "phone" else mask_id(value)


_FIELD_RULES = {
    "name": normalise_name,
    "phone": normalise_phone,
    "id_type": normalise_id_type,
    "email": _clean_email,
    "emergency_contact": _optional_text,
    "emergency_phone": _optional_phone,
    "role": _clean_role,
    "share": parse_share,
}
# id_type before id_number: the number's rule depends on the type.
OWNER_FIELDS = ("name", "phone", "id_type", "id_number", "email", "emergency_contact", "emergency_phone",
                "role", "share")
