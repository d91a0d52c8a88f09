"""Ownership: a person owns (a share of) a unit from a start date until an end date. Never deleted."""

from datetime import date

from sqlmodel import Field, SQLModel

PRIMARY = "主产权人"
CO_OWNER = "共有人"
OWNER_ROLES = (PRIMARY, CO_OWNER)
WHOLE = 10000  # shares are kept in basis points so that they add up exactly


class Ownership(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    role: str = Field(default=PRIMARY, max_length=10)
    share_bp: int = Field(default=WHOLE)
    start_date: date
    end_date: date | None = None  # "current" = NULL: found through unit_id, too common to index
    opened_by_change_id: int | None = Field(default=None, foreign_key="ownerchange.id")
    closed_by_change_id: int | None = Field(default=None, foreign_key="ownerchange.id")
