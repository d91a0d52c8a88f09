"""Signing in."""

import reflex as rx

from owner_portal import routes
from owner_portal.db import unit_of_work
from owner_portal.services import auth
from owner_portal.services.errors import AuthFailed
from owner_portal.state.base import AppState


class LoginState(AppState):
    error: str = ""

    @rx.event
    def login(self, form: dict):
        try:
            with unit_of_work() as session:
                user = auth.authenticate(session, username=form.get("username", ""),
                                         password=form.get("password", ""))
                self.token = auth.start_session(session, user=user)
                self.username, self.role = user.username, user.role
        except AuthFailed as exc:
            self.error = exc.message
            return None
        self.error = ""
        return rx.redirect(self._next_page())

    def _next_page(self) -> str:
        target = self.router.url.query_parameters.get("next", "")
        # Only local paths: a crafted ?next=https://evil must not send the user away.
        return target if target.startswith("/") and not target.startswith("//") else routes.HOME

    @rx.event
    def skip_if_signed_in(self):
        if self._current_role():
            return rx.redirect(routes.HOME)
        return None
