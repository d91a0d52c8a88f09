"""ImportBatch (导入批次): one applied file; ImportMapping: the column mapping remembered per header layout."""

from datetime import datetime

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from owner_portal.models.base import utcnow

APPLIED, UNDONE = "applied", "undone"


class ImportBatch(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    file_name: str = Field(max_length=255)
    sha256: str = Field(max_length=64, index=True)
    sheet: str = Field(default="", max_length=100)
    header_row: int = Field(default=1)
    actor: str = Field(max_length=50)
    created_at: datetime = Field(default_factory=utcnow, index=True)
    # {header: field}; options such as create_units and skip_invalid; the preview's totals.
    mapping: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    options: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    counts: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    status: str = Field(default=APPLIED, max_length=10)
    undone_by: str | None = Field(default=None, max_length=50)
    undone_at: datetime | None = None


class ImportMapping(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    # sha256 of the normalised header texts in order: the same layout next month finds its mapping.
    layout_key: str = Field(max_length=64, unique=True)
    headers: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    mapping: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    header_row: int = Field(default=1)
    updated_by: str = Field(max_length=50)
    updated_at: datetime = Field(default_factory=utcnow)
