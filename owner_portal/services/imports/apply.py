"""Write a preview's plan in the caller's transaction: all valid rows or nothing.

Rows were validated by the service rules (diff.py); writing one ORM object at a time would take a
minute for 100,000 rows, so the plan is written with set-based Core statements: people, changes,
closed and opened ownerships, unit versions and audit entries, a chunk at a time.
Audit: one entry per owner change (naming the ownerships closed and opened), per person created or
updated, per unit, building or community created, per mapping saved, and one for the batch.
"""

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import DateTime, Table, bindparam, func, insert, literal, or_, select, text, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError
from sqlalchemy.sql import ColumnElement
from sqlmodel import Session

from owner_portal.db import enlarge_sqlite_cache
from owner_portal.models import AuditEntry, Building, Community, ImportBatch, Ownership, OwnerChange, Person, Unit
from owner_portal.models.base import utcnow
from owner_portal.models.community import SOLD, UNSOLD
from owner_portal.models.import_batch import APPLIED
from owner_portal.models.ownership import PRIMARY
from owner_portal.services import audit
from owner_portal.services.errors import ConcurrentChange, DomainError
from owner_portal.services.imports import mappings
from owner_portal.services.imports.bulk import columns_of, executemany_columns, insert_into
from owner_portal.services.imports.diff import Existing, RowPlan, UnitState
from owner_portal.services.imports.pipeline import Preview, paused_gc
from owner_portal.services.imports.sql_json import json_ids, json_object, json_value
from owner_portal.services.owners import PERSON_FIELDS, OwnerDetails, person_columns

SOURCE = "import"
CHUNK = 2000
Progress = Callable[[int, int], None]


class NotReady(DomainError):
    pass


class InvalidRowsPresent(DomainError):
    pass


class StalePreview(ConcurrentChange):
    pass


class NothingToImport(DomainError):
    """Every row already matches the database (the same file imported again): no batch is recorded."""


def apply_import(session: Session, *, preview: Preview, actor: str, skip_invalid: bool = False,
                 progress: Progress | None = None) -> ImportBatch:
    """Refuses (nothing written) when required columns are unmapped or invalid rows exist without skip_invalid."""
    _check(preview, skip_invalid)
    with paused_gc():
        return _apply(session, preview, actor=actor, skip_invalid=skip_invalid, progress=progress)


def _apply(session: Session, preview: Preview, *, actor: str, skip_invalid: bool,
           progress: Progress | None) -> ImportBatch:
    batch = _start_batch(session, preview, actor=actor, skip_invalid=skip_invalid)
    writer = BulkWriter(session.connection(), actor=actor, source=SOURCE, batch_id=batch.id)
    plans = preview.plan.writes
    changes = [p for p in plans if p.owners]
    try:
        # SQLite's default 2 MB page cache thrashes once 100,000 random ID numbers are being indexed.
        enlarge_sqlite_cache(writer.conn, mebibytes=256)
        writer.create_units(plans, preview.plan.existing)
        for start in range(0, len(changes), CHUNK):
            writer.write_changes(changes[start:start + CHUNK], preview.plan.existing)
            if progress:
                progress(min(start + CHUNK, len(changes)), len(changes))
    except IntegrityError:
        raise StalePreview("预览之后数据已被他人修改（如同时新建了相同的房屋），请重新预览后再导入") from None
    if progress and not changes:
        progress(0, 0)
    mappings.remember(session, headers=preview.headers, mapping=preview.mapping, header_row=preview.header_row,
                      actor=actor)
    audit.record(session, actor=actor, action="import.apply", entity="importbatch", entity_id=batch.id,
                 after={"file": preview.file_name, "sha256": preview.sha256, **batch.counts}, source=SOURCE)
    session.flush()
    expire_written(session)
    return batch


def expire_written(session: Session) -> None:
    """Core statements bypass the ORM: objects this session already holds would show the old owners."""
    for obj in list(session.identity_map.values()):
        if isinstance(obj, (Unit, Ownership, Person, OwnerChange, Building, Community)):
            session.expire(obj)


def _check(preview: Preview, skip_invalid: bool) -> None:
    if not preview.ready:
        raise NotReady(f"还有必需的列没有对应：{'、'.join(preview.missing_fields)}")
    if preview.totals.invalid and not skip_invalid:
        raise InvalidRowsPresent(f"有 {preview.totals.invalid} 行无效，未导入任何数据；请修正后重新上传，"
                                 "或选择“跳过无效行”只导入有效的行")
    if not preview.plan.writes:
        valid = preview.totals.valid
        raise NothingToImport(f"无需导入：{valid} 行有效数据与系统中的完全一致，没有需要写入的变更" if valid
                              else "没有可导入的有效行，未写入任何数据")


def _start_batch(session: Session, preview: Preview, *, actor: str, skip_invalid: bool) -> ImportBatch:
    options = preview.options
    batch = ImportBatch(file_name=preview.file_name[:255], sha256=preview.sha256, sheet=preview.sheet,
                        header_row=preview.header_row, actor=actor, mapping=preview.mapping,
                        options={"create_units": options.create_units, "skip_invalid": skip_invalid,
                                 "community": options.community, "reason": options.reason},
                        counts=preview.totals.as_dict(), status=APPLIED)
    session.add(batch)
    session.flush()
    return batch


@dataclass
class BulkWriter:
    """Set-based writes on one connection; every write also queues its audit entry."""

    conn: Connection
    actor: str
    source: str
    batch_id: int | None = None

    def __post_init__(self):
        self.now = utcnow()
        self.person_ids: dict[tuple[str, str], int] = {}

    # --- units ---------------------------------------------------------------------------------

    def create_units(self, plans: list[RowPlan], existing: Existing) -> None:
        new = {str(p.unit): p for p in plans if p.state is None}
        if not new:
            return
        community_id = existing.community_id or self._create_community(existing)
        buildings = existing.buildings
        missing = sorted({p.unit.building for p in new.values()} - set(buildings))
        if missing:
            ids = self.insert_returning_ids(Building, [{"community_id": community_id, "code": b} for b in missing])
            buildings.update(zip(missing, ids))
            self.audit_many("building.create", "building", ids, [{"code": b} for b in missing])
        rows = [{"building_id": buildings[p.unit.building], "code": code, "entrance": p.unit.entrance,
                 "floor": p.unit.floor, "room": p.unit.room, "area": p.area, "use": "住宅", "status": UNSOLD,
                 "version": 0} for code, p in new.items()]
        ids = self.insert_returning_ids(Unit, rows)
        # In Python, not copied by the database: PostgreSQL's JSON would write an area of 131.0 as 131.
        self.audit_many("unit.create", "unit", ids, [{"code": r["code"], "area": r["area"], "use": "住宅"} for r in rows])
        for (code, _), unit_id in zip(new.items(), ids):
            existing.units[code] = UnitState(id=unit_id, version=0, status=UNSOLD)
        for plan in plans:
            plan.state = plan.state or existing.units[str(plan.unit)]

    def _create_community(self, existing: Existing) -> int:
        (community_id,) = self.insert_returning_ids(Community, [{"name": existing.community}])
        self.audit_many("community.create", "community", [community_id], [{"name": existing.community}])
        existing.community_id = community_id
        return community_id

    # --- owner changes -------------------------------------------------------------------------

    def write_changes(self, plans: list[RowPlan], existing: Existing, *, reason: str | None = None) -> list[int]:
        """Close the current ownerships, open the planned ones, record the changes. Returns change ids."""
        self._claim_units(plans)
        self._people(plans, existing)
        # Column by column (see bulk.executemany_columns): the same values, no dict per row.
        n, unit_ids, dates = len(plans), [p.state.id for p in plans], [p.effective_date for p in plans]
        reasons = [reason or p.reason for p in plans]
        befores = [[o.snapshot() for o in p.state.owners] for p in plans]
        afters = [[self._snapshot(o) for o in p.owners] for p in plans]
        change_ids = self.insert_columns(OwnerChange, {
            "unit_id": unit_ids, "reason": reasons, "effective_date": dates, "owners_before": befores,
            "owners_after": afters, "source": [self.source] * n, "batch_id": [self.batch_id] * n,
            "actor": [self.actor] * n, "created_at": [self.now] * n, "remark": [p.remark[:500] for p in plans]})
        self._close(plans, change_ids)
        opened = [(p, cid, o) for p, cid in zip(plans, change_ids) for o in p.owners]
        m = len(opened)
        self.insert_columns(Ownership, {
            "unit_id": [p.state.id for p, _, _ in opened],
            "person_id": [self.person_ids[o.identity] for _, _, o in opened],
            "role": [o.role for _, _, o in opened], "share_bp": [o.share_bp for _, _, o in opened],
            "start_date": [p.effective_date for p, _, _ in opened], "end_date": [None] * m,
            "opened_by_change_id": [cid for _, cid, _ in opened], "closed_by_change_id": [None] * m})
        self._audit_changes(change_ids)
        return change_ids

    def _audit_changes(self, change_ids: list[int]) -> None:
        """One entry per change, copied from the rows just written; it names every ownership the change
        closed and opened (the form writes an entry per ownership)."""
        change, unit, ownership = OwnerChange.__table__, Unit.__table__, Ownership.__table__
        dialect, c, o = self.conn.dialect, change.c, ownership.c

        def ownerships(link):  # as a unit's owners are listed everywhere: 主产权人 first, then by id
            return json_ids(dialect, o.id, o.unit_id == c.unit_id, link == c.id, outer=change,
                            order_by=(o.role != PRIMARY, o.id))

        self.audit_copied("change.create", change, change_ids, joined=change.join(unit, unit.c.id == c.unit_id),
                          unit=unit.c.code, reason=c.reason, effective_date=c.effective_date,
                          owners_before=json_value(dialect, c.owners_before),
                          owners_after=json_value(dialect, c.owners_after), batch_id=c.batch_id,
                          ownerships_closed=ownerships(o.closed_by_change_id),
                          ownerships_opened=ownerships(o.opened_by_change_id))

    def _claim_units(self, plans: list[RowPlan]) -> None:
        """Compare-and-set on each unit's version, as a form does: a change made since the preview wins."""
        claimed = executemany_columns(self.conn, _CLAIM_UNIT, {"uid": [p.state.id for p in plans],
                                                                "v": [p.state.version for p in plans]})
        if claimed != len(plans):
            raise StalePreview("预览之后有房屋的业主已被他人修改，未导入任何数据；请重新预览后再导入")
        sold = [p.state for p in plans if p.state.status != SOLD]  # first owners: as the form, say so
        self.audit_many("unit.update", "unit", [s.id for s in sold], [{"status": SOLD}] * len(sold),
                        before=[{"status": s.status} for s in sold])

    def _close(self, plans: list[RowPlan], change_ids: list[int]) -> None:
        closed = [(o.ownership_id, p.effective_date, cid) for p, cid in zip(plans, change_ids) for o in p.state.owners]
        if not closed:
            return
        oids, ends, cids = (list(column) for column in zip(*closed))
        if executemany_columns(self.conn, _CLOSE_OWNERSHIP, {"oid": oids, "end": ends, "cid": cids}) != len(closed):
            raise StalePreview("预览之后有业主记录已被他人修改，未导入任何数据；请重新预览后再导入")

    def _people(self, plans: list[RowPlan], existing: Existing) -> None:
        """Add people not yet known by their ID document (the first row naming one decides its phone).
        People already registered are left as they are: the preview said so."""
        new = {}
        for owner in (o for p in plans for o in p.owners):
            known = existing.people.get(owner.identity)
            if known:
                self.person_ids[owner.identity] = known[0]
            elif owner.identity not in self.person_ids:
                new.setdefault(owner.identity, owner)
        if new:
            ids = self.insert_columns(Person, {**person_columns(list(new.values())), "created_at": [self.now] * len(new)})
            self.person_ids.update(zip(new, ids))
            # Its fields (all text), without the derived phone_last4.
            person = Person.__table__.c
            self.audit_copied("person.create", Person.__table__, ids, **{name: person[name] for name in PERSON_FIELDS})

    def _snapshot(self, owner: OwnerDetails) -> dict:
        return {"person_id": self.person_ids[owner.identity], "name": owner.name, "role": owner.role,
                "share_bp": owner.share_bp}

    # --- plumbing ------------------------------------------------------------------------------

    def insert_returning_ids(self, model, rows: list[dict]) -> list[int]:
        return self.insert_columns(model, columns_of(rows)) if rows else []

    def insert_columns(self, model, columns: dict[str, list]) -> list[int]:
        """Ids allocated first, then one plain executemany. (RETURNING in parameter order makes SQLite
        run one statement per row.)"""
        ids = allocate_ids(self.conn, model.__table__, len(next(iter(columns.values()))))
        if ids:
            executemany_columns(self.conn, insert_into(model), {**columns, "id": ids})
        return ids

    def audit_copied(self, action: str, table: Table, ids: list[int], *, joined=None, **after: ColumnElement) -> None:
        """Entries for rows this writer just created in `table`, their `after` built by the database from
        the rows themselves (INSERT … SELECT): no Python object, no JSON text, no parameters per row."""
        entry = (literal(self.actor), literal(action), literal(table.name), table.c.id,
                 json_object(self.conn.dialect, **after), literal(self.source), literal(self.now, DateTime()))
        ranges = id_ranges(ids)
        for start in range(0, len(ranges), 100):  # a bounded WHERE, however scattered the ids
            within = or_(*(table.c.id.between(first, last) for first, last in ranges[start:start + 100]))
            rows = select(*entry).select_from(joined if joined is not None else table).where(within)
            self.conn.execute(insert(AuditEntry).from_select(_AUDIT_COLUMNS, rows.order_by(table.c.id)))

    def audit_many(self, action: str, entity: str, ids: list[int], after: list[dict], *,
                   before: list[dict] | None = None) -> None:
        """Entries for things this writer created (no `before`) or changed."""
        n = len(ids)
        if not n:
            return
        executemany_columns(self.conn, insert_into(AuditEntry), {
            "actor": [self.actor] * n, "action": [action] * n, "entity": [entity] * n, "entity_id": ids,
            "before": before or [None] * n, "after": after, "source": [self.source] * n,
            "created_at": [self.now] * n})


def allocate_ids(conn: Connection, table, count: int) -> list[int]:
    """PostgreSQL: values drawn from the id sequence. SQLite: max(id) + 1 …, safe because this
    transaction already holds SQLite's single write lock (the batch row was written first)."""
    if not count:
        return []
    if conn.dialect.name == "postgresql":
        query = text("SELECT nextval(pg_get_serial_sequence(:t, 'id')) FROM generate_series(1, :n)")
        return list(conn.execute(query, {"t": table.name, "n": count}).scalars())
    start = conn.execute(select(func.coalesce(func.max(table.c.id), 0))).scalar_one() + 1
    return list(range(start, start + count))


def id_ranges(ids: list[int]) -> list[tuple[int, int]]:
    """Allocated ids as runs of consecutive values: the rows with ids in them are exactly ours, since
    no one else is given those ids (SQLite: one range; PostgreSQL: one unless others drew meanwhile)."""
    ranges, start = [], None
    for previous, current in zip([None, *ids], [*ids, None]):
        if start is None:
            start = current
        elif current != previous + 1:
            ranges.append((start, previous))
            start = current
    return ranges


# Module constants, so that bulk compiles each once (see bulk._compile).
_CLAIM_UNIT = (update(Unit).where(Unit.id == bindparam("uid"), Unit.version == bindparam("v"))
               .values(version=Unit.version + 1, status=SOLD))
_CLOSE_OWNERSHIP = (update(Ownership).where(Ownership.id == bindparam("oid"), Ownership.end_date.is_(None))
                    .values(end_date=bindparam("end"), closed_by_change_id=bindparam("cid")))
_AUDIT_COLUMNS = ["actor", "action", "entity", "entity_id", "after", "source", "created_at"]
