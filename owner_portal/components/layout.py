"""The shared page frame and the decorator every signed-in page uses."""

from collections.abc import Callable

import reflex as rx

from owner_portal import routes
from owner_portal.state.base import AppState

APP_TITLE = "业主门户"


def _nav_link(label: str, href: str, test_id: str) -> rx.Component:
    return rx.link(label, href=href, id=test_id, size="3", weight="medium", color_scheme="gray",
                   high_contrast=True, underline="none")


def navbar() -> rx.Component:
    return rx.hstack(
        rx.hstack(
            rx.icon("building-2", size=22),
            rx.heading(APP_TITLE, size="5"),
            align="center", spacing="2",
        ),
        rx.hstack(
            _nav_link("房屋查询", routes.HOME, "nav-search"),
            _nav_link("变更记录", routes.CHANGES, "nav-changes"),
            rx.cond(AppState.can_import, _nav_link("批量导入", routes.IMPORTS, "nav-imports")),
            rx.cond(AppState.is_admin, _nav_link("用户管理", routes.USERS, "nav-users")),
            spacing="5", align="center", wrap="wrap",
        ),
        rx.spacer(),
        rx.hstack(
            rx.badge(AppState.role_label, variant="soft"),
            rx.text(AppState.username, id="current-user", weight="medium"),
            rx.button("退出", id="logout", variant="outline", size="1", on_click=AppState.logout),
            align="center", spacing="3",
        ),
        padding_x="1.5em", padding_y="0.8em", align="center", spacing="6", width="100%",
        border_bottom="1px solid var(--gray-a5)", background="var(--color-panel-solid)", wrap="wrap",
    )


def signed_out() -> rx.Component:
    """The sign-in ended while the page was open (expired, signed out elsewhere, account stopped)."""
    return rx.center(rx.card(rx.vstack(
        rx.heading("登录已失效", size="5"),
        rx.text("登录已过期或已在别处退出，刚才的操作没有保存。请重新登录后再试。", color_scheme="gray"),
        rx.link(rx.button("重新登录", id="sign-in-again"), href=AppState.sign_in_again),
        spacing="3", align="center"), id="signed-out"), height="100vh")


def frame(content: rx.Component) -> rx.Component:
    """Signed-in pages show nothing of themselves until the sign-in is confirmed."""
    return rx.cond(
        AppState.signed_in,
        rx.box(navbar(), rx.box(content, padding="1.5em", max_width="1200px", margin_x="auto"),
               min_height="100vh", background="var(--gray-2)"),
        rx.cond(AppState.checked, signed_out(), rx.center(rx.spinner(size="3"), height="100vh")),
    )


def template(*, route: str, title: str, on_load: list | None = None, permission: str = "unit.view"):
    """Register a signed-in page: the permission guard first, then the page's own loaders."""
    guard = AppState.guard(permission)

    def decorator(content: Callable[[], rx.Component]):
        @rx.page(route=route, title=f"{title} · {APP_TITLE}", on_load=[guard, *(on_load or [])])
        def page() -> rx.Component:
            return frame(content())

        return page

    return decorator


def section(title: str, *children, **props) -> rx.Component:
    return rx.card(rx.vstack(rx.heading(title, size="4"), *children, spacing="3", width="100%"),
                   width="100%", **props)
