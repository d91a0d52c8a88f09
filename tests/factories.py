"""Builders for test data: valid owners, a small community."""

import itertools
from datetime import date

from argon2 import PasswordHasher
from sqlmodel import Session

from owner_portal.models import Unit
from owner_portal.models.ownership import PRIMARY, WHOLE
from owner_portal.services.changes import replace_owners
from owner_portal.services.identity import id_check_digit
from owner_portal.services.owners import OwnerDetails
from owner_portal.services.unit_codes import parse_unit_code
from owner_portal.services.units import add_unit, get_or_add_building, get_or_add_community

_serial = itertools.count(1)
# Argon2 at a test's cost: the same rules, a hundredth of the time.
CHEAP_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


def valid_id(birth: str = "19900101", area: str = "110105") -> str:
    first17 = f"{area}{birth}{next(_serial) % 1000:03d}"
    return first17 + id_check_digit(first17)


def owner(name: str = "张三", *, role: str = PRIMARY, share_bp: int = WHOLE, phone: str | None = None,
          id_number: str | None = None) -> OwnerDetails:
    n = next(_serial)
    return OwnerDetails(name=name, phone=phone or f"1380000{n:04d}", id_type="居民身份证",
                        id_number=id_number or valid_id(), role=role, share_bp=share_bp)


def make_unit(session: Session, code: str = "3-2-1501", *, community: str = "测试小区") -> Unit:
    c = get_or_add_community(session, name=community, actor="test", source="test")
    unit_code = parse_unit_code(code)
    b = get_or_add_building(session, community=c, code=unit_code.building, actor="test", source="test")
    return add_unit(session, building=b, code=unit_code, area=100.0, actor="test", source="test")


def owned_unit(session: Session, code: str = "3-2-1501", *, since: date = date(2020, 1, 1),
               owners: list[OwnerDetails] | None = None) -> Unit:
    unit = make_unit(session, code)
    replace_owners(session, unit_id=unit.id, expected_version=None, reason="买卖", effective_date=since,
                   owners=owners or [owner("原业主")], actor="test")
    session.commit()
    return unit
