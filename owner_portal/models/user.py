"""Staff accounts and their sign-in sessions."""

from datetime import datetime

from sqlmodel import Field, SQLModel

from owner_portal.models.base import utcnow

ADMIN, CLERK, MANAGER, FINANCE = "admin", "clerk", "manager", "finance"
ROLE_LABELS = {ADMIN: "管理员", CLERK: "客服", MANAGER: "经理", FINANCE: "财务"}


class User(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=50, unique=True)
    password_hash: str = Field(max_length=200)
    role: str = Field(max_length=10)
    active: bool = Field(default=True)
    created_at: datetime = Field(default_factory=utcnow)


class UserSession(SQLModel, table=True):
    # Only a hash of the token is stored: a leaked table does not sign anyone in.
    token_hash: str = Field(primary_key=True, max_length=64)
    user_id: int = Field(foreign_key="user.id", index=True)
    expires_at: datetime
