"""Staff accounts: admin only."""

import reflex as rx

from owner_portal import routes
from owner_portal.components.layout import section, template
from owner_portal.models.user import ROLE_LABELS
from owner_portal.state.users import UsersState


def _role_select(user) -> rx.Component:
    return rx.select.root(
        rx.select.trigger(id="role-" + user["username"]),
        rx.select.content(*[rx.select.item(label, value=key) for key, label in ROLE_LABELS.items()]),
        value=user["role"], on_change=lambda role: UsersState.set_role(user["username"], role), size="1")


def _reset_password(user) -> rx.Component:
    return rx.popover.root(
        rx.popover.trigger(rx.button("重置密码", size="1", variant="soft", class_name="reset-password")),
        rx.popover.content(rx.form(rx.vstack(
            rx.input(type="hidden", name="username", value=user["username"]),
            rx.input(name="password", type="password", placeholder="新密码（至少 8 位）", required=True,
                     class_name="new-password"),
            rx.popover.close(rx.button("确定", type="submit", size="1", class_name="confirm-reset")),
        ), on_submit=UsersState.reset_password, reset_on_submit=True)),
    )


def _user_row(user) -> rx.Component:
    active = user["active"] == "启用"
    return rx.table.row(
        rx.table.cell(user["username"]), rx.table.cell(_role_select(user)),
        rx.table.cell(rx.badge(user["active"], color_scheme=rx.cond(active, "green", "gray"))),
        rx.table.cell(user["created"]),
        rx.table.cell(rx.hstack(
            rx.button(rx.cond(active, "停用", "启用"), size="1", variant="soft",
                      color_scheme=rx.cond(active, "red", "green"), class_name="toggle-active",
                      on_click=UsersState.set_active(user["username"], ~active)),
            _reset_password(user), spacing="2")),
        class_name="user-row",
    )


@template(route=routes.USERS, title="用户管理", on_load=[UsersState.load], permission="users.manage")
def users() -> rx.Component:
    return rx.vstack(
        rx.heading("用户管理", size="6", id="users-heading"),
        rx.table.root(
            rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in
                                           ("用户名", "角色", "状态", "创建日期", "")])),
            rx.table.body(rx.foreach(UsersState.users, _user_row)), width="100%", variant="surface", size="1"),
        rx.text("停用账号或重置密码后，该账号已登录的会话立即失效。", size="2", color_scheme="gray"),
        section("新建用户", rx.form(rx.hstack(
            rx.input(name="username", placeholder="用户名", required=True),
            rx.input(name="password", type="password", placeholder="密码（至少 8 位）", required=True),
            rx.select.root(rx.select.trigger(placeholder="角色"),
                           rx.select.content(*[rx.select.item(label, value=key) for key, label in ROLE_LABELS.items()]),
                           name="role", default_value="clerk"),
            rx.button("创建", type="submit"), wrap="wrap"), on_submit=UsersState.create, reset_on_submit=True),
            rx.cond(UsersState.error != "", rx.text(UsersState.error, color_scheme="red", id="users-error"))),
        spacing="4", width="100%",
    )
