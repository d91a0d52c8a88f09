"""Staff accounts (admin only)."""

import reflex as rx
from sqlmodel import select

from owner_portal.db import unit_of_work
from owner_portal.models import User
from owner_portal.models.user import ROLE_LABELS
from owner_portal.services import auth
from owner_portal.services.errors import DomainError
from owner_portal.state.base import AppState


class UsersState(AppState):
    users: list[dict[str, str]] = []
    error: str = ""

    @rx.var
    def role_options(self) -> list[str]:
        return list(ROLE_LABELS)

    @rx.event
    def load(self):
        if not self._allowed("users.manage"):
            self.users = []
            return
        with unit_of_work() as session:
            users = session.exec(select(User).order_by(User.id)).all()
        self.users = [{"username": u.username, "role": ROLE_LABELS[u.role], "active": "启用" if u.active else "停用",
                       "created": u.created_at.strftime("%Y-%m-%d")} for u in users]

    @rx.event
    def create(self, form: dict):
        try:
            self._require("users.manage")
            with unit_of_work() as session:
                auth.create_user(session, username=form.get("username", ""), password=form.get("password", ""),
                                 role=form.get("role", ""), actor=self.username)
        except DomainError as exc:
            self.error = exc.message
            return
        self.error = ""
        return [UsersState.load, rx.toast.success("用户已创建")]
