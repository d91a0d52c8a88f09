"""AuditEntry: one row per write. The application inserts these and never updates or deletes them."""

from datetime import datetime

from sqlalchemy import JSON, Column, Index
from sqlmodel import Field, SQLModel

from owner_portal.models.base import utcnow


class AuditEntry(SQLModel, table=True):
    # Read back by (entity, ids) and in id order; each extra index costs every import 100,000 inserts.
    __table_args__ = (Index("ix_auditentry_entity_entity_id", "entity", "entity_id"),)
    id: int | None = Field(default=None, primary_key=True)
    actor: str = Field(max_length=50)
    action: str = Field(max_length=40)
    entity: str = Field(max_length=30)
    entity_id: int | None = Field(default=None)
    before: dict | None = Field(default=None, sa_column=Column(JSON))
    after: dict | None = Field(default=None, sa_column=Column(JSON))
    source: str = Field(default="form", max_length=10)
    created_at: datetime = Field(default_factory=utcnow)
