"""The audit trail: every service that writes calls `record`. Entries are only ever inserted."""

from sqlmodel import Session, col, or_, select

from owner_portal.models import AuditEntry


def record(session: Session, *, actor: str, action: str, entity: str, entity_id: int | None,
           before: dict | None = None, after: dict | None = None, source: str = "form") -> AuditEntry:
    entry = AuditEntry(actor=actor, action=action, entity=entity, entity_id=entity_id,
                       before=before, after=after, source=source)
    session.add(entry)
    return entry


def entries_for(session: Session, *, targets: dict[str, list[int]], limit: int = 200) -> list[AuditEntry]:
    """Entries about any of the given entities, newest first. `targets` maps entity → ids."""
    conditions = [
        (col(AuditEntry.entity) == entity) & col(AuditEntry.entity_id).in_(ids)
        for entity, ids in targets.items() if ids
    ]
    if not conditions:
        return []
    query = select(AuditEntry).where(or_(*conditions))
    return list(session.exec(query.order_by(col(AuditEntry.id).desc()).limit(limit)))
