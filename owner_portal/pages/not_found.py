"""An explicit page for unknown URLs (Reflex would otherwise show a blank 200)."""

import reflex as rx

from owner_portal import routes
from owner_portal.components.layout import APP_TITLE


@rx.page(route="404", title=f"页面不存在 · {APP_TITLE}")
def not_found() -> rx.Component:
    return rx.center(rx.vstack(
        rx.heading("404", size="9", color_scheme="gray"),
        rx.text("页面不存在", size="5", id="not-found"),
        rx.link("返回首页", href=routes.HOME),
        align="center",
    ), height="100vh")
