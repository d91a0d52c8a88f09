"""Column mappings remembered per header layout: next month's sheet from the same clerk maps itself."""

from sqlmodel import Session, select

from owner_portal.models import ImportMapping
from owner_portal.models.base import utcnow
from owner_portal.services import audit
from owner_portal.services.imports.matching import layout_key


def recall(session: Session, *, headers: list[str]) -> ImportMapping | None:
    return session.exec(select(ImportMapping).where(ImportMapping.layout_key == layout_key(headers))).first()


def remember(session: Session, *, headers: list[str], mapping: dict[str, str], header_row: int,
             actor: str) -> ImportMapping:
    stored = recall(session, headers=headers)
    if stored is None:
        stored = ImportMapping(layout_key=layout_key(headers), headers=headers, updated_by=actor)
    elif stored.mapping == mapping and stored.header_row == header_row:
        return stored
    stored.mapping, stored.header_row, stored.updated_by, stored.updated_at = dict(mapping), header_row, actor, utcnow()
    session.add(stored)
    session.flush()
    audit.record(session, actor=actor, action="mapping.save", entity="importmapping", entity_id=stored.id,
                 after={"mapping": stored.mapping, "header_row": header_row}, source="import")
    return stored
