"""Undo an import batch: its ownerships end, the ones it replaced are current again, all audited.

Refused while any unit of the batch has a later change (a form, a correction, another import): undoing
would overwrite that change. Units the batch created stay (empty); people it added or renamed stay.
"""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import bindparam, update
from sqlmodel import Session, col, or_, select
from sqlalchemy.orm import aliased

from owner_portal.models import ImportBatch, Ownership, OwnerChange, Unit
from owner_portal.models.base import utcnow
from owner_portal.models.community import SOLD, UNSOLD
from owner_portal.models.change import UNDO_IMPORT
from owner_portal.models.import_batch import UNDONE
from owner_portal.services import audit
from owner_portal.services.dates import format_timestamp
from owner_portal.services.errors import ChangeRefused, DomainError
from owner_portal.services.imports.apply import BulkWriter, expire_written
from owner_portal.services.imports.bulk import executemany
from owner_portal.services.imports.pipeline import paused_gc

SOURCE = "undo"  # undo changes carry the batch they undo, beside its own "import" changes
IMPORT = "import"


class BatchNotFound(DomainError):
    pass


class UndoBlocked(ChangeRefused):
    def __init__(self, units: list[str]):
        shown = "、".join(units[:20]) + (f" 等 {len(units)} 套" if len(units) > 20 else "")
        super().__init__(f"无法撤销：以下房屋在本批导入之后又有变更，撤销会覆盖这些变更：{shown}。"
                         "如果是之后的导入批次改动了它们，请先撤销那些较新的批次")
        self.units = units


@dataclass
class UndoResult:
    batch_id: int
    changes_undone: int
    units: list[str]


def undo_batch(session: Session, *, batch_id: int, actor: str) -> UndoResult:
    batch = session.get(ImportBatch, batch_id)
    if batch is None:
        raise BatchNotFound(f"导入批次 #{batch_id} 不存在")
    if batch.status == UNDONE:
        raise ChangeRefused(f"导入批次 #{batch_id} 已于 {format_timestamp(batch.undone_at)} 由 {batch.undone_by} 撤销")
    blocking = _blocking_units(session, batch_id)
    if blocking:
        raise UndoBlocked(blocking)
    changes = session.exec(select(OwnerChange.id, OwnerChange.unit_id, OwnerChange.owners_before,
                                  OwnerChange.owners_after, Unit.code, Unit.version, Unit.status)
                           .join(Unit, Unit.id == OwnerChange.unit_id)
                           .where(OwnerChange.batch_id == batch_id, OwnerChange.source == IMPORT)
                           .order_by(OwnerChange.id)).all()
    with paused_gc():
        _reverse(session, batch_id, changes, actor=actor)
    batch.status, batch.undone_by, batch.undone_at = UNDONE, actor, utcnow()
    session.add(batch)
    audit.record(session, actor=actor, action="import.undo", entity="importbatch", entity_id=batch_id,
                 before={"status": "applied"}, after={"status": UNDONE, "changes": len(changes)}, source=SOURCE)
    session.flush()
    expire_written(session)
    return UndoResult(batch_id=batch_id, changes_undone=len(changes), units=[c.code for c in changes])


def _blocking_units(session: Session, batch_id: int) -> list[str]:
    """Units changed after this batch, by anything but a later batch that was itself undone (its
    changes and their undoing cancel out): batches can be undone newest first."""
    mine, later = aliased(OwnerChange), aliased(OwnerChange)
    undone = select(ImportBatch.id).where(ImportBatch.status == UNDONE)
    query = (select(Unit.code).distinct().join(mine, mine.unit_id == Unit.id)
             .join(later, (later.unit_id == mine.unit_id) & (later.id > mine.id))
             .where(mine.batch_id == batch_id, mine.source == IMPORT,
                    or_(col(later.batch_id).is_(None), col(later.batch_id).not_in(undone))))
    return sorted(session.exec(query).all())


def _reverse(session: Session, batch_id: int, changes, *, actor: str) -> None:
    """One 'undo' change per unit, recorded by the same writer as the import, then the ownerships swapped."""
    conn = session.connection()
    writer = BulkWriter(conn, actor=actor, source=SOURCE)
    today = date.today()
    rows = [{"unit_id": c.unit_id, "reason": UNDO_IMPORT, "effective_date": today, "owners_before": c.owners_after,
             "owners_after": c.owners_before, "source": SOURCE, "batch_id": batch_id, "actor": actor,
             "created_at": writer.now, "remark": f"撤销导入批次 #{batch_id}"} for c in changes]
    undo_ids = writer.insert_returning_ids(OwnerChange, rows)
    pairs = [{"cid": c.id, "undo": u} for c, u in zip(changes, undo_ids)]
    # What the batch opened never happened: it ends on the day it began.
    executemany(conn, _END_OPENED, pairs)
    executemany(conn, _REOPEN_CLOSED, pairs)
    statuses = [SOLD if c.owners_before else UNSOLD for c in changes]
    executemany(conn, _SET_STATUS, [{"uid": c.unit_id, "new_status": s} for c, s in zip(changes, statuses)])
    back = [(c.unit_id, c.status, s) for c, s in zip(changes, statuses) if c.status != s]  # e.g. unsold again
    writer.audit_many("unit.update", "unit", [uid for uid, _, _ in back], [{"status": s} for _, _, s in back],
                      before=[{"status": old} for _, old, _ in back])
    writer.audit_many("change.create", "ownerchange", undo_ids, [
        {"unit": c.code, "reason": UNDO_IMPORT, "undoes_change": c.id, "batch_id": batch_id,
         "owners_before": c.owners_after, "owners_after": c.owners_before} for c in changes])


# Module constants, so that bulk compiles each once (see bulk._compile).
_END_OPENED = (update(Ownership)
               .where(Ownership.opened_by_change_id == bindparam("cid"), col(Ownership.end_date).is_(None))
               .values(end_date=Ownership.start_date, closed_by_change_id=bindparam("undo")))
_REOPEN_CLOSED = (update(Ownership).where(Ownership.closed_by_change_id == bindparam("cid"))
                  .values(end_date=None, closed_by_change_id=None))
_SET_STATUS = update(Unit).where(Unit.id == bindparam("uid")).values(version=Unit.version + 1,
                                                                    status=bindparam("new_status"))
