"""Community (小区) → Building (楼栋) → Unit (房屋)."""

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

UNIT_USES = ("住宅", "商铺", "车位")
SOLD, UNSOLD = "已售", "未售"
UNIT_STATUSES = (SOLD, UNSOLD, "自用")


class Community(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=100, unique=True)


class Building(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("community_id", "code"),)
    id: int | None = Field(default=None, primary_key=True)
    community_id: int = Field(foreign_key="community.id", index=True)
    code: str = Field(max_length=20)  # "3" for 3栋, "A" for A座


class Unit(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("building_id", "entrance", "room"),)
    id: int | None = Field(default=None, primary_key=True)
    building_id: int = Field(foreign_key="building.id", index=True)
    code: str = Field(max_length=40, index=True)  # "3-2-1501", kept with the parts for search
    entrance: str = Field(max_length=10)
    floor: int = Field(index=True)
    room: str = Field(max_length=10, index=True)
    area: float | None = None  # m²
    use: str = Field(default="住宅", max_length=10)
    status: str = Field(default="未售", max_length=10)
    # Bumped by every owner change: a form opened on version N cannot overwrite version N+1.
    version: int = Field(default=0)
