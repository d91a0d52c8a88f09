"""Reading import batches back: the history page lists them, undo takes one."""

from sqlmodel import Session, col, select

from owner_portal.models import ImportBatch


def list_batches(session: Session, *, limit: int = 50, offset: int = 0) -> list[ImportBatch]:
    query = select(ImportBatch).order_by(col(ImportBatch.id).desc()).offset(offset).limit(limit)
    return list(session.exec(query))
