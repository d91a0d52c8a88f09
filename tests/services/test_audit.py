"""The audit trail: entries recorded by every write, read back per entity, newest first."""

from datetime import timedelta

from sqlmodel import Session

from owner_portal.models import AuditEntry
from owner_portal.models.base import utcnow
from owner_portal.services import audit


def record(session, entity="unit", entity_id=1, action="unit.update", **kwargs):
    return audit.record(session, actor="clerk1", action=action, entity=entity, entity_id=entity_id, **kwargs)


def test_an_entry_keeps_who_did_what_to_which_entity_before_and_after(session, engine):
    entry = record(session, before={"status": "未售"}, after={"status": "已售", "业主": ["张三", "李四"]},
                   source="import")
    session.commit()
    with Session(engine) as fresh:
        stored = fresh.get(AuditEntry, entry.id)
        assert (stored.actor, stored.action, stored.entity, stored.entity_id, stored.source) == (
            "clerk1", "unit.update", "unit", 1, "import")
        assert stored.before == {"status": "未售"}
        assert stored.after == {"status": "已售", "业主": ["张三", "李四"]}
        assert abs(stored.created_at - utcnow()) < timedelta(minutes=1)


def test_an_entry_comes_from_a_form_unless_told_otherwise(session):
    entry = record(session)
    session.commit()
    assert (entry.source, entry.before, entry.after) == ("form", None, None)


def test_recording_does_not_commit_so_a_rolled_back_change_leaves_no_entry(session):
    record(session)
    session.rollback()
    assert audit.entries_for(session, targets={"unit": [1]}) == []


def test_entries_for_finds_only_the_given_entities_newest_first(session):
    unit_1 = record(session, "unit", 1)
    record(session, "unit", 2)
    person_1 = record(session, "person", 1, action="person.update")
    unit_1_again = record(session, "unit", 1, action="unit.create")
    session.commit()
    found = audit.entries_for(session, targets={"unit": [1], "person": [1]})
    assert [e.id for e in found] == [unit_1_again.id, person_1.id, unit_1.id]


def test_entries_for_respects_its_limit(session):
    entries = [record(session) for _ in range(5)]
    session.commit()
    newest_two = sorted(e.id for e in entries)[:-3:-1]
    assert [e.id for e in audit.entries_for(session, targets={"unit": [1]}, limit=2)] == newest_two


def test_entries_for_nothing_is_nothing(session):
    record(session)
    session.commit()
    assert audit.entries_for(session, targets={}) == []
    assert audit.entries_for(session, targets={"unit": []}) == []
