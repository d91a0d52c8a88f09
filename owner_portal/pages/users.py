"""Staff accounts: admin only."""

import reflex as rx

from owner_portal import routes
from owner_portal.components.layout import section, template
from owner_portal.components.table import data_table
from owner_portal.models.user import ROLE_LABELS
from owner_portal.state.users import UsersState


@template(route=routes.USERS, title="用户管理", on_load=[UsersState.load], permission="users.manage")
def users() -> rx.Component:
    return rx.vstack(
        rx.heading("用户管理", size="6", id="users-heading"),
        data_table(UsersState.users, [("用户名", "username"), ("角色", "role"), ("状态", "active"),
                                      ("创建日期", "created")], row_id="user-row"),
        section("新建用户", rx.form(rx.hstack(
            rx.input(name="username", placeholder="用户名", required=True),
            rx.input(name="password", type="password", placeholder="密码（至少 8 位）", required=True),
            rx.select.root(rx.select.trigger(placeholder="角色"),
                           rx.select.content(*[rx.select.item(label, value=key) for key, label in ROLE_LABELS.items()]),
                           name="role", default_value="clerk"),
            rx.button("创建", type="submit"), wrap="wrap"), on_submit=UsersState.create, reset_on_submit=True),
            rx.cond(UsersState.error != "", rx.text(UsersState.error, color_scheme="red"))),
        spacing="4", width="100%",
    )
