"""AppState: who is signed in. Every substate handler asks it before touching data."""

import reflex as rx

from owner_portal import routes
from owner_portal.db import unit_of_work
from owner_portal.models.user import ROLE_LABELS
from owner_portal.services import auth


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class AppState(rx.State):
    token: str = rx.LocalStorage("", name="owner_portal_token", sync=True)
    username: str = ""
    role: str = ""
    checked: bool = False  # this browser tab was shown a page signed in

    @rx.var
    def signed_in(self) -> bool:
        return self.role != ""

    @rx.var
    def sign_in_again(self) -> str:
        """The login page, coming back here afterwards."""
        return f"{routes.LOGIN}?next={self._here()}"

    def _here(self) -> str:
        return str(self.router.url.path).rstrip("/") or "/"

    @rx.var
    def can_view_audit(self) -> bool:
        return auth.can(self.role, "audit.view")

    @rx.var
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role, "")

    @rx.var
    def is_admin(self) -> bool:
        return auth.can(self.role, "users.manage")

    @rx.var
    def can_change(self) -> bool:
        return auth.can(self.role, "owner.change")

    @rx.var
    def can_import(self) -> bool:
        return auth.can(self.role, "import.run")

    def _current_role(self) -> str | None:
        """Re-read the token's user from the database: expiry and deactivation take effect at once."""
        with unit_of_work() as session:
            user = auth.user_for_token(session, token=self.token)
            self.username, self.role = (user.username, user.role) if user else ("", "")
        return user.role if user else None

    def _allowed(self, permission: str) -> bool:
        """For loaders: a visitor without the permission simply gets nothing."""
        return auth.can(self._current_role(), permission)

    def _require(self, permission: str) -> None:
        """Raise auth.PermissionDenied unless the signed-in user may do this. Call first in every handler."""
        auth.require(self._current_role(), permission)

    @rx.event
    def guard(self, permission: str):
        """First on_load of every signed-in page: None if allowed, else where to send the visitor."""
        role = self._current_role()
        # Once a page was shown signed in, losing the sign-in shows "登录已失效" instead of a spinner.
        self.checked = role is not None
        if role is None:
            return rx.redirect(f"{routes.LOGIN}?next={self._here()}")
        if not auth.can(role, permission):
            return [rx.redirect(routes.HOME), rx.toast.error("您没有权限访问该页面")]
        return None

    @rx.event
    def logout(self):
        if self.token:
            with unit_of_work() as session:
                auth.end_session(session, token=self.token)
        self.token, self.username, self.role = "", "", ""
        return rx.redirect(routes.LOGIN)
