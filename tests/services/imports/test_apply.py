"""Applying: one transaction, explicit skip of invalid rows, history and audit, repeatable."""

import pytest
from sqlmodel import Session, func, select

from owner_portal.models import AuditEntry, ImportBatch, ImportMapping, OwnerChange, Unit
from owner_portal.services.changes import replace_owners
from owner_portal.services.imports import (
    ImportOptions, InvalidRowsPresent, NotReady, StalePreview, apply_import, preview,
)
from owner_portal.services.units import current_ownerships
from tests.factories import owned_unit, owner
from tests.services.imports.sheets import HEADERS, row, sheet, xlsx


def _preview(session, data, **options):
    return preview(session, data=data, filename="变更.xlsx", options=ImportOptions(**options))


def _count(session, model):
    return session.exec(select(func.count()).select_from(model)).one()


def test_each_change_is_an_import_owner_change_of_the_batch_and_audited(session):
    unit = owned_unit(session, "3-2-1501")
    batch = apply_import(session, preview=_preview(session, sheet(row("3-2-1501", "李四"))), actor="clerk1")
    session.commit()
    change = session.exec(select(OwnerChange).where(OwnerChange.batch_id == batch.id)).one()
    assert (change.source, change.actor, change.owners_before[0]["name"], change.owners_after[0]["name"]) == (
        "import", "clerk1", "原业主", "李四")
    assert [p.name for _, p in current_ownerships(session, unit.id)] == ["李四"]
    actions = set(session.exec(select(AuditEntry.action).where(AuditEntry.actor == "clerk1")).all())
    assert {"change.create", "person.create", "import.apply", "mapping.save"} <= actions
    stored = session.get(ImportBatch, batch.id)
    assert (stored.file_name, len(stored.sha256), stored.counts["owner_changes"]) == ("变更.xlsx", 64, 1)
    assert session.get(Unit, unit.id).version == 2  # the form's compare-and-set sees the import


def test_invalid_rows_require_an_explicit_skip_and_nothing_is_written_without_it(session):
    owned_unit(session, "3-2-1501")
    result = _preview(session, sheet(row("3-2-1501", "李四"), row("9-9-999", "王五")))
    before = _count(session, OwnerChange)
    with pytest.raises(InvalidRowsPresent, match="跳过无效行"):
        apply_import(session, preview=result, actor="x")
    assert _count(session, OwnerChange) == before
    apply_import(session, preview=result, actor="x", skip_invalid=True)
    assert _count(session, OwnerChange) == before + 1


def test_a_preview_with_unmapped_required_columns_cannot_be_applied(session):
    result = _preview(session, xlsx([["房号", "姓名"], ["1501", "张三"]]))
    assert result.missing_fields and not result.ready
    with pytest.raises(NotReady, match="楼栋"):
        apply_import(session, preview=result, actor="x")


def test_importing_the_same_file_twice_changes_nothing_the_second_time(session):
    owned_unit(session, "3-2-1501")
    owned_unit(session, "3-2-1502")
    data = sheet(row("3-2-1501", "李四"), row("3-2-1502", "王五、赵六", phone="13812345678、13912345678",
                                                id_number=f"{owner().id_number}、{owner().id_number}"))
    apply_import(session, preview=_preview(session, data), actor="x")
    session.commit()
    again = _preview(session, data)
    assert (again.totals.unchanged, again.totals.valid, again.can_apply) == (2, 2, False)


def test_progress_is_reported_as_rows_done_of_total(session):
    owned_unit(session, "3-2-1501")
    seen = []
    apply_import(session, preview=_preview(session, sheet(row("3-2-1501"))), actor="x",
                 progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (1, 1)


def test_a_change_made_after_the_preview_wins_and_the_import_writes_nothing(session, engine):
    unit = owned_unit(session, "3-2-1501")
    result = _preview(session, sheet(row("3-2-1501", "李四")))
    with Session(engine) as other:
        replace_owners(other, unit_id=unit.id, expected_version=None, reason="买卖",
                       effective_date=unit_date(), owners=[owner("先到")], actor="clerk2")
        other.commit()
    with pytest.raises(StalePreview, match="重新预览"):
        apply_import(session, preview=result, actor="x")
    session.rollback()
    assert [p.name for _, p in current_ownerships(session, unit.id)] == ["先到"]


def unit_date():
    from datetime import date
    return date(2025, 1, 1)


def test_the_mapping_is_remembered_for_the_same_header_layout(session):
    owned_unit(session, "3-2-1501")
    data = xlsx([["栋", "单元", "房号", "客户", "电话", "证件", "日期"], row("3-2-1501")])
    mapping = {"客户": "name", "证件": "id_number"}
    apply_import(session, preview=_preview(session, data, mapping=mapping), actor="x")
    session.commit()
    assert _count(session, ImportMapping) == 1
    again = _preview(session, data)
    assert again.remembered and again.mapping["客户"] == "name" and again.mapping["证件"] == "id_number"
    # One more choice on top: the remembered columns stay remembered, only the chosen one is the user's.
    chosen = _preview(session, data, mapping={"日期": None})
    how = {c.header: c.how for c in chosen.columns}
    assert chosen.remembered and chosen.mapping["客户"] == "name" and "日期" not in chosen.mapping
    assert (how["客户"], how["证件"], how["日期"]) == ("remembered", "remembered", "user")


def test_units_created_by_a_roster_import_get_the_area_and_are_audited(session):
    data = xlsx([[*HEADERS, "建筑面积"], [*row("5-1-101"), "89.5㎡"]])
    apply_import(session, preview=_preview(session, data, create_units=True), actor="x")
    unit = session.exec(select(Unit)).one()
    assert (unit.code, unit.area, unit.status) == ("5-1-101", 89.5, "已售")
    assert _count(session, AuditEntry) >= 4  # community, building, unit, person, change, batch…


def test_the_larger_sqlite_cache_of_an_import_ends_with_its_transaction(tmp_path):
    from sqlmodel import SQLModel

    from owner_portal.db import SQLITE_CACHE_KIB, make_engine

    engine = make_engine(f"sqlite:///{tmp_path / 'cache.db'}")  # SQLite only: PostgreSQL has no such cache
    SQLModel.metadata.create_all(engine)
    with Session(engine, expire_on_commit=False) as session:
        owned_unit(session, "3-2-1501")
        apply_import(session, preview=_preview(session, sheet(row("3-2-1501", "李四"))), actor="clerk1")
        assert session.connection().exec_driver_sql("PRAGMA cache_size").scalar() == -256 * 1024
        session.commit()
    with engine.connect() as conn:  # the same pooled connection, back at SQLite's default
        assert conn.exec_driver_sql("PRAGMA cache_size").scalar() == -SQLITE_CACHE_KIB


def test_each_change_audit_entry_names_the_ownerships_it_closed_and_opened(session):
    from owner_portal.models import Ownership

    unit = owned_unit(session, "3-2-1501")
    (old,) = session.exec(select(Ownership.id).where(Ownership.unit_id == unit.id)).all()
    data = sheet(row("3-2-1501", "甲、乙", phone="13912345678、13912345679",
                     id_number=f"{owner().id_number}、{owner().id_number}"))
    batch = apply_import(session, preview=_preview(session, data), actor="clerk1")
    session.commit()
    change = session.exec(select(OwnerChange).where(OwnerChange.batch_id == batch.id)).one()
    entry = session.exec(select(AuditEntry).where(AuditEntry.entity == "ownerchange",
                                                  AuditEntry.entity_id == change.id)).one()
    opened = session.exec(select(Ownership.id).where(Ownership.opened_by_change_id == change.id)).all()
    assert entry.after["ownerships_closed"] == [old] and sorted(entry.after["ownerships_opened"]) == sorted(opened)
    assert len(opened) == 2


def test_audit_entries_copied_by_the_database_say_what_the_rows_hold(session):
    """The entries of people, units and changes are built in SQL (INSERT … SELECT), on each backend."""
    from owner_portal.models import Ownership, Person

    data = sheet(row("5-1-101", "张三", phone="13812345678"), row("5-1-102", "李四、王五",
                 phone="13912345678、010-65597993", id_number=f"{owner().id_number}、{owner().id_number}"))
    batch = apply_import(session, preview=_preview(session, data, create_units=True), actor="clerk1")
    session.commit()

    def entries(action):
        return session.exec(select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)).all()

    people = {p.id: p for p in session.exec(select(Person)).all()}
    assert [(e.entity, e.entity_id, e.actor, e.source, e.before) for e in entries("person.create")] == [
        ("person", pid, "clerk1", "import", None) for pid in sorted(people)]
    for entry in entries("person.create"):
        p = people[entry.entity_id]
        assert entry.after == {"name": p.name, "phone": p.phone, "id_type": p.id_type, "id_number": p.id_number,
                               "email": None, "emergency_contact": None, "emergency_phone": None}
    assert [(e.entity, e.after) for e in entries("unit.create")] == [
        ("unit", {"code": "5-1-101", "area": None, "use": "住宅"}), ("unit", {"code": "5-1-102", "area": None, "use": "住宅"})]
    changes = session.exec(select(OwnerChange).where(OwnerChange.batch_id == batch.id).order_by(OwnerChange.id)).all()
    audited = entries("change.create")
    assert [e.entity_id for e in audited] == [c.id for c in changes]
    for entry, change in zip(audited, changes):
        opened = session.exec(select(Ownership.id).where(Ownership.opened_by_change_id == change.id)
                              .order_by(Ownership.id)).all()
        assert entry.after == {"unit": session.get(Unit, change.unit_id).code, "reason": change.reason,
                               "effective_date": change.effective_date.isoformat(), "owners_before": [],
                               "owners_after": change.owners_after, "batch_id": batch.id,
                               "ownerships_closed": [], "ownerships_opened": opened}
        assert entry.created_at == change.created_at
    assert [len(e.after["ownerships_opened"]) for e in audited] == [1, 2]


def test_id_ranges_are_the_runs_of_consecutive_ids():
    from owner_portal.services.imports.apply import id_ranges

    assert id_ranges([]) == []
    assert id_ranges([7]) == [(7, 7)]
    assert id_ranges([3, 4, 5, 9, 10, 12]) == [(3, 5), (9, 10), (12, 12)]


def test_a_change_entry_lists_the_closed_ownerships_as_owners_are_listed_primary_first(session):
    """The co-owner was entered first (lower ownership id): the entry still names the 主产权人's first."""
    from owner_portal.models import Ownership
    from owner_portal.models.ownership import CO_OWNER

    unit = owned_unit(session, "3-2-1501", owners=[owner("乙", role=CO_OWNER, share_bp=4000),
                                                    owner("甲", share_bp=6000)])
    held = session.exec(select(Ownership.id, Ownership.role).where(Ownership.unit_id == unit.id)
                        .order_by(Ownership.id)).all()
    assert [role for _, role in held] == [CO_OWNER, "主产权人"]
    batch = apply_import(session, preview=_preview(session, sheet(row("3-2-1501", "丙"))), actor="clerk1")
    session.commit()
    change = session.exec(select(OwnerChange).where(OwnerChange.batch_id == batch.id)).one()
    entry = session.exec(select(AuditEntry).where(AuditEntry.entity == "ownerchange",
                                                  AuditEntry.entity_id == change.id)).one()
    assert entry.after["ownerships_closed"] == [held[1][0], held[0][0]]
    assert [o["name"] for o in entry.after["owners_before"]] == ["甲", "乙"]


def test_a_created_unit_entry_keeps_a_whole_area_a_decimal_on_each_backend(session):
    data = xlsx([["楼栋", "单元", "房号", "建筑面积", "业主姓名", "联系电话", "身份证号"],
                 ["6栋", "1单元", "101", 131, "张三", "13812345678", owner().id_number],
                 ["6栋", "1单元", "102", 88.5, "李四", "13912345678", owner().id_number]])
    apply_import(session, preview=_preview(session, data, create_units=True), actor="clerk1")
    session.commit()
    entries = session.exec(select(AuditEntry).where(AuditEntry.action == "unit.create").order_by(AuditEntry.id)).all()
    assert [e.after for e in entries] == [{"code": "6-1-101", "area": 131.0, "use": "住宅"},
                                          {"code": "6-1-102", "area": 88.5, "use": "住宅"}]
    assert isinstance(entries[0].after["area"], float)  # 131 == 131.0: the type tells them apart
    stored = session.connection().exec_driver_sql(
        "SELECT \"after\" FROM auditentry WHERE action = 'unit.create' ORDER BY id").scalars().first()
    assert '131.0' in str(stored)


def test_a_unit_given_its_first_owners_is_audited_as_sold_and_undo_audits_it_unsold_again(session):
    from owner_portal.services.imports import undo_batch
    from tests.factories import make_unit

    unsold, resold = make_unit(session, "3-2-1501"), owned_unit(session, "3-2-1502")
    session.commit()
    data = sheet(row("3-2-1501", "李四"), row("3-2-1502", "王五"))
    batch = apply_import(session, preview=_preview(session, data), actor="clerk1")
    session.commit()

    def status_entries():
        return [(e.entity_id, e.before, e.after, e.actor) for e in session.exec(
            select(AuditEntry).where(AuditEntry.action == "unit.update").order_by(AuditEntry.id)).all()]

    sold = [(unsold.id, {"status": "未售"}, {"status": "已售"}, "clerk1")]
    assert status_entries()[-1:] == sold and resold.id not in [e[0] for e in status_entries()[-1:]]
    assert session.get(Unit, unsold.id).status == "已售"
    undo_batch(session, batch_id=batch.id, actor="manager1")
    session.commit()
    assert status_entries()[-2:] == [*sold, (unsold.id, {"status": "已售"}, {"status": "未售"}, "manager1")]
