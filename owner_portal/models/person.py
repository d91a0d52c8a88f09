"""Person (业主/产权人)."""

from datetime import datetime

from sqlmodel import Field, SQLModel

from owner_portal.models.base import utcnow


class Person(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    # Indexed only what is looked up by equality: names are searched by part (LIKE '%…%', no index helps).
    name: str = Field(max_length=50)
    phone: str | None = Field(default=None, max_length=30)
    phone_last4: str | None = Field(default=None, max_length=4, index=True)
    id_type: str = Field(default="居民身份证", max_length=20)
    id_number: str | None = Field(default=None, max_length=40, index=True)
    email: str | None = Field(default=None, max_length=120)
    emergency_contact: str | None = Field(default=None, max_length=50)
    emergency_phone: str | None = Field(default=None, max_length=30)
    created_at: datetime = Field(default_factory=utcnow)
