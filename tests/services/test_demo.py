"""The demo community: deterministic, realistic (co-owners, unsold units, past changes), audited, with logins."""

from collections import Counter

import pytest
from sqlmodel import Session, SQLModel, func, select

from owner_portal.db import make_engine
from owner_portal.models import AuditEntry, Building, Ownership, OwnerChange, Person, Unit, User
from owner_portal.models.ownership import PRIMARY, WHOLE
from owner_portal.services import auth, demo
from owner_portal.services.identity import normalise_id_number
from owner_portal.services.names import normalise_name
from owner_portal.services.phones import normalise_phone
from tests.factories import CHEAP_HASHER

SMALL = {"buildings": 2, "entrances": 1, "floors": 5, "rooms": 2}
pytestmark = pytest.mark.usefixtures("cheap_password_hashes")


@pytest.fixture(scope="module")
def demo_engine(module_engine):
    """The full default demo, built once per backend (with cheap password hashes)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(auth, "_hasher", CHEAP_HASHER)
        with Session(module_engine) as session:
            counts = demo.create_demo(session)
            session.commit()
    module_engine.counts = counts
    return module_engine


@pytest.fixture
def demo_db(demo_engine):
    with Session(demo_engine) as session:
        yield session


def count(session, model, *where):
    return session.exec(select(func.count()).select_from(model).where(*where)).one()


def snapshot(session):
    """Everything the demo decides: units, their areas and status, who owned them when, and why."""
    ownerships = session.exec(select(Unit.code, Person.name, Person.id_number, Person.phone, Ownership.role,
                                     Ownership.share_bp, Ownership.start_date, Ownership.end_date)
                              .join(Ownership, Ownership.unit_id == Unit.id).join(Person)
                              .order_by(Unit.code, Ownership.start_date, Ownership.role)).all()
    units = session.exec(select(Unit.code, Unit.area, Unit.status).order_by(Unit.code)).all()
    changes = session.exec(select(Unit.code, OwnerChange.reason, OwnerChange.effective_date)
                           .join(Unit).order_by(Unit.code, OwnerChange.effective_date)).all()
    return [tuple(r) for r in units], [tuple(r) for r in ownerships], [tuple(r) for r in changes]


def small_demo(engine, seed=2026):
    with Session(engine) as session:
        demo.create_demo(session, seed=seed, **SMALL)
        session.commit()
        return snapshot(session)


def test_two_runs_give_the_same_units_owners_and_changes(engine, tmp_path):
    other = make_engine(f"sqlite:///{tmp_path / 'second.db'}")
    SQLModel.metadata.create_all(other)
    first, second = small_demo(engine), small_demo(other)
    assert first == second
    assert len(first[0]) == 20 and first[1]


def test_another_seed_gives_other_owners(engine, tmp_path):
    other = make_engine(f"sqlite:///{tmp_path / 'second.db'}")
    SQLModel.metadata.create_all(other)
    assert small_demo(engine)[1] != small_demo(other, seed=7)[1]


def test_the_counts_it_reports_are_what_it_wrote(demo_db, demo_engine):
    counts = demo_engine.counts
    assert counts["units"] == count(demo_db, Unit) == 4 * 2 * 18 * 2
    assert counts["owned"] == count(demo_db, Unit, Unit.status == "已售")
    assert counts["changes"] == count(demo_db, OwnerChange)
    assert demo.has_data(demo_db)


def test_some_units_are_unsold_and_have_no_owner(demo_db):
    unsold = demo_db.exec(select(Unit).where(Unit.status == "未售")).all()
    assert unsold
    assert count(demo_db, Ownership, Ownership.unit_id.in_([u.id for u in unsold])) == 0


def test_some_units_are_co_owned_half_and_half_with_one_primary(demo_db):
    current = demo_db.exec(select(Ownership).where(Ownership.end_date.is_(None))).all()
    by_unit = {}
    for o in current:
        by_unit.setdefault(o.unit_id, []).append(o)
    co_owned = [owners for owners in by_unit.values() if len(owners) > 1]
    assert co_owned
    assert all(sorted(o.share_bp for o in owners) == [5000, 5000] for owners in co_owned)
    assert all(sum(o.share_bp for o in owners) == WHOLE and [o.role for o in owners].count(PRIMARY) == 1
               for owners in by_unit.values())


def test_some_units_changed_hands_since_the_developer_handed_them_over(demo_db):
    per_unit = Counter(demo_db.exec(select(OwnerChange.unit_id)).all())
    resold = [unit_id for unit_id, n in per_unit.items() if n == 2]
    assert resold and max(per_unit.values()) == 2
    closed = count(demo_db, Ownership, Ownership.end_date.is_not(None))
    assert closed >= len(resold)
    reasons = set(demo_db.exec(select(OwnerChange.reason)).all())
    assert "买卖" in reasons and reasons <= {"买卖", "继承", "赠与"}


def test_every_demo_person_passes_the_rules_real_owners_must_pass(demo_db):
    for person in demo_db.exec(select(Person)).all():
        assert normalise_name(person.name) == person.name
        assert normalise_phone(person.phone) == person.phone
        assert normalise_id_number(person.id_number) == person.id_number


def test_every_write_of_the_demo_is_audited(demo_db):
    actions = Counter(demo_db.exec(select(AuditEntry.action)).all())
    assert actions == {
        "community.create": 1,
        "building.create": count(demo_db, Building),
        "unit.create": count(demo_db, Unit),
        "unit.update": count(demo_db, Unit, Unit.status == "已售"),
        "person.create": count(demo_db, Person),
        "ownership.open": count(demo_db, Ownership),
        "ownership.close": count(demo_db, Ownership, Ownership.end_date.is_not(None)),
        "change.create": count(demo_db, OwnerChange),
        "user.create": count(demo_db, User),
    }
    assert set(demo_db.exec(select(AuditEntry.actor, AuditEntry.source)).all()) == {("demo", "demo")}


@pytest.mark.parametrize("role, password", demo.DEMO_LOGINS.items())
def test_each_demo_login_signs_in_with_its_role(demo_db, role, password):
    assert auth.authenticate(demo_db, username=role, password=password).role == role
