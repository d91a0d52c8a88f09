"""Undo a batch: owners restored, audited; refused while later changes touched its units."""

from datetime import date

import pytest
from sqlmodel import select

from owner_portal.models import AuditEntry, ImportBatch, OwnerChange
from owner_portal.services.changes import replace_owners
from owner_portal.services.errors import ChangeRefused
from owner_portal.services.imports import ImportOptions, UndoBlocked, apply_import, preview, undo_batch
from owner_portal.services.units import current_ownerships
from tests.factories import make_unit, owned_unit, owner
from tests.services.imports.sheets import row, sheet


def _apply(session, *rows):
    result = preview(session, data=sheet(*rows), filename="a.xlsx", options=ImportOptions())
    batch = apply_import(session, preview=result, actor="clerk1")
    session.commit()
    return batch


def _owners(session, unit):
    return [p.name for _, p in current_ownerships(session, unit.id)]


def test_undo_restores_the_replaced_owners_and_empties_new_registrations(session):
    sold, empty = owned_unit(session, "3-2-1501"), make_unit(session, "3-2-1502")
    session.commit()
    batch = _apply(session, row("3-2-1501", "李四"), row("3-2-1502", "王五"))
    result = undo_batch(session, batch_id=batch.id, actor="manager1")
    session.commit()
    assert (result.changes_undone, sorted(result.units)) == (2, ["3-2-1501", "3-2-1502"])
    assert _owners(session, sold) == ["原业主"] and _owners(session, empty) == []
    assert session.get(ImportBatch, batch.id).status == "undone"
    undo_changes = session.exec(select(OwnerChange).where(OwnerChange.source == "undo")).all()
    assert len(undo_changes) == 2 and all(c.actor == "manager1" for c in undo_changes)
    actions = session.exec(select(AuditEntry.action).where(AuditEntry.actor == "manager1")).all()
    assert "import.undo" in actions and actions.count("change.create") == 2


def test_undo_is_refused_with_the_units_a_later_change_touched(session):
    unit = owned_unit(session, "3-2-1501")
    owned_unit(session, "3-2-1502")
    batch = _apply(session, row("3-2-1501", "李四"), row("3-2-1502", "王五"))
    replace_owners(session, unit_id=unit.id, expected_version=None, reason="买卖", effective_date=date(2026, 6, 1),
                   owners=[owner("后来者")], actor="clerk2")
    session.commit()
    with pytest.raises(UndoBlocked, match="3-2-1501") as refused:
        undo_batch(session, batch_id=batch.id, actor="manager1")
    assert refused.value.units == ["3-2-1501"]
    session.rollback()
    assert _owners(session, unit) == ["后来者"]


def test_a_batch_is_undone_only_once(session):
    owned_unit(session, "3-2-1501")
    batch = _apply(session, row("3-2-1501", "李四"))
    undo_batch(session, batch_id=batch.id, actor="m")
    session.commit()
    with pytest.raises(ChangeRefused, match="已于"):
        undo_batch(session, batch_id=batch.id, actor="m")


def test_an_undone_ownership_reads_as_undone_and_the_undo_names_itself(session):
    from owner_portal.services.units import unit_detail

    unit = owned_unit(session, "3-2-1501")
    batch = _apply(session, row("3-2-1501", "李四"))
    undo_batch(session, batch_id=batch.id, actor="manager1")
    session.commit()
    detail = unit_detail(session, unit.id)
    assert [(h.name, h.undone) for h in detail.history] == [("李四", True), ("原业主", False)]
    assert detail.changes[0].reason == "撤销导入" and detail.changes[0].batch_id == batch.id
