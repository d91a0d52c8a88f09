"""OwnerChange (变更记录): who changed which unit's owners, when, why, from what to what."""

from datetime import date, datetime

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from owner_portal.models.base import utcnow

REASONS = ("买卖", "继承", "赠与", "离婚析产", "法院判决", "信息更正", "撤销导入")
CORRECTION = "信息更正"
UNDO_IMPORT = "撤销导入"  # recorded by undoing an import batch, never chosen on a form
SOURCES = ("form", "import", "api", "undo")


class OwnerChange(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    reason: str = Field(max_length=10)
    effective_date: date
    # Lists of {person_id, name, role, share_bp}: a snapshot, readable even if people change later.
    owners_before: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    owners_after: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    source: str = Field(default="form", max_length=10)
    batch_id: int | None = Field(default=None, foreign_key="importbatch.id", index=True)
    actor: str = Field(max_length=50)
    created_at: datetime = Field(default_factory=utcnow)  # lists sort by id, which follows time
    remark: str = Field(default="", max_length=500)
