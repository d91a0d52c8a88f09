"""Staff accounts (admin only): create, change role, deactivate or reactivate, reset a password."""

import reflex as rx
from sqlmodel import select

from owner_portal.db import unit_of_work
from owner_portal.models import User
from owner_portal.models.user import ROLE_LABELS
from owner_portal.services import auth
from owner_portal.services.dates import format_timestamp
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
        self.users = [{"username": u.username, "role": u.role, "role_label": ROLE_LABELS[u.role],
                       "active": "启用" if u.active else "停用", "created": format_timestamp(u.created_at)[:10]}
                      for u in users]

    @rx.event
    def create(self, form: dict):
        return self._write("用户已创建", auth.create_user, username=form.get("username", ""),
                           password=form.get("password", ""), role=form.get("role", ""))

    @rx.event
    def set_role(self, username: str, role: str):
        return self._write(f"{username} 的角色已改为{ROLE_LABELS.get(role, role)}", auth.update_user,
                           username=username, role=role)

    @rx.event
    def set_active(self, username: str, active: bool):
        return self._write(f"{username} 已{'启用' if active else '停用'}", auth.update_user, username=username,
                           active=active)

    @rx.event
    def reset_password(self, form: dict):
        username = form.get("username", "")
        return self._write(f"{username} 的密码已重置，其已登录的会话已退出", auth.update_user, username=username,
                           password=form.get("password", ""))

    def _write(self, done: str, service, **values):
        try:
            self._require("users.manage")
            with unit_of_work() as session:
                service(session, actor=self.username, **values)
        except DomainError as exc:
            self.error = exc.message
            return [UsersState.load, rx.toast.error(exc.message)]
        self.error = ""
        return [UsersState.load, rx.toast.success(done)]
