"""Sign-in page: the only page an anonymous visitor sees."""

import reflex as rx

from owner_portal import routes
from owner_portal.components.layout import APP_TITLE
from owner_portal.state.login import LoginState


@rx.page(route=routes.LOGIN, title=f"登录 · {APP_TITLE}", on_load=LoginState.skip_if_signed_in)
def login() -> rx.Component:
    return rx.center(
        rx.card(
            rx.form(
                rx.vstack(
                    rx.hstack(rx.icon("building-2", size=28), rx.heading(APP_TITLE, size="6"), align="center"),
                    rx.text("物业业主信息变更管理", color_scheme="gray"),
                    rx.text("用户名", size="2", weight="medium"),
                    rx.input(name="username", id="username", placeholder="用户名", auto_complete="username",
                             width="100%", size="3", required=True),
                    rx.text("密码", size="2", weight="medium"),
                    rx.input(name="password", id="password", type="password", placeholder="密码",
                             auto_complete="current-password", width="100%", size="3", required=True),
                    rx.cond(LoginState.error != "",
                            rx.callout(LoginState.error, icon="triangle-alert", color_scheme="red",
                                       id="login-error", width="100%")),
                    rx.button("登录", type="submit", id="login-submit", width="100%", size="3"),
                    spacing="3", width="100%",
                ),
                on_submit=LoginState.login,
            ),
            width="min(92vw, 380px)", size="4",
        ),
        height="100vh", background="var(--gray-2)",
    )
