"""A deterministic demo community and one demo login per role. Development only."""

import random
from datetime import date, timedelta

from sqlmodel import Session, func, select

from owner_portal.models import Unit, User
from owner_portal.models.ownership import CO_OWNER, PRIMARY
from owner_portal.models.user import ADMIN, CLERK, FINANCE, MANAGER
from owner_portal.services import auth
from owner_portal.services.changes import replace_owners
from owner_portal.services.identity import id_check_digit
from owner_portal.services.owners import OwnerDetails
from owner_portal.services.unit_codes import UnitCode
from owner_portal.services.units import add_unit, get_or_add_building, get_or_add_community

COMMUNITY = "阳光花园"
DEMO_LOGINS = {ADMIN: "admin-demo-2026", CLERK: "clerk-demo-2026", MANAGER: "manager-demo-2026",
               FINANCE: "finance-demo-2026"}
ACTOR = "demo"
_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉建国欣怡子涵浩宇思雨晨轩"
_AREAS = ("110101", "310104", "440305", "320102", "330106", "420106", "510107", "500103")


def has_data(session: Session) -> bool:
    return session.exec(select(func.count()).select_from(Unit)).one() > 0


def create_demo(session: Session, *, buildings: int = 4, entrances: int = 2, floors: int = 18,
                rooms: int = 2, seed: int = 2026) -> dict:
    """Units, owners (some co-owned), a few unsold units and past changes; users for each role."""
    rng = random.Random(seed)
    community = get_or_add_community(session, name=COMMUNITY, actor=ACTOR, source="demo")
    counts = {"units": 0, "owned": 0, "changes": 0}
    for b in range(1, buildings + 1):
        building = get_or_add_building(session, community=community, code=str(b), actor=ACTOR, source="demo")
        for e in range(1, entrances + 1):
            for f in range(1, floors + 1):
                for r in range(1, rooms + 1):
                    code = UnitCode(str(b), str(e), f"{f}{r:02d}")
                    unit = add_unit(session, building=building, code=code, area=round(rng.uniform(70, 145), 2),
                                    actor=ACTOR, source="demo")
                    counts["units"] += 1
                    if rng.random() < 0.08:
                        continue  # unsold
                    counts["owned"] += 1
                    counts["changes"] += _give_owners(session, rng, unit)
    _add_demo_users(session)
    return counts


def _give_owners(session: Session, rng: random.Random, unit: Unit) -> int:
    """First owners from the developer's hand-over; one unit in six was sold on since."""
    start = date(2016, 1, 1) + timedelta(days=rng.randrange(0, 4 * 365))  # all history ends before 2025
    replace_owners(session, unit_id=unit.id, expected_version=None, reason="买卖", effective_date=start,
                   owners=_owners(rng), actor=ACTOR, source="demo", remark="开发商交房")
    if rng.random() < 1 / 6:
        later = start + timedelta(days=rng.randrange(200, 1800))
        replace_owners(session, unit_id=unit.id, expected_version=None,
                       reason=rng.choice(("买卖", "继承", "赠与")), effective_date=later,
                       owners=_owners(rng), actor=ACTOR, source="demo")
        return 2
    return 1


def _owners(rng: random.Random) -> list[OwnerDetails]:
    if rng.random() < 0.15:  # a couple owning half each
        return [_person(rng, PRIMARY, 5000), _person(rng, CO_OWNER, 5000)]
    return [_person(rng, PRIMARY, 10000)]


def _person(rng: random.Random, role: str, share_bp: int) -> OwnerDetails:
    name = rng.choice(_SURNAMES) + "".join(rng.choice(_GIVEN) for _ in range(rng.choice((1, 2))))
    born = date(1950, 1, 1) + timedelta(days=rng.randrange(0, 50 * 365))
    first17 = f"{rng.choice(_AREAS)}{born:%Y%m%d}{rng.randrange(0, 1000):03d}"
    phone = f"1{rng.choice('3589')}{rng.randrange(0, 10**9):09d}"
    return OwnerDetails(name=name, phone=phone, id_type="居民身份证", id_number=first17 + id_check_digit(first17),
                        role=role, share_bp=share_bp)


def _add_demo_users(session: Session) -> None:
    for role, password in DEMO_LOGINS.items():
        if not session.exec(select(User).where(User.username == role)).first():
            auth.create_user(session, username=role, password=password, role=role, actor=ACTOR, source="demo")
