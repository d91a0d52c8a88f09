"""Unit detail: who owns it now, who owned it before, what changed and who changed it."""

import reflex as rx

from owner_portal import routes
from owner_portal.components.badges import role_badge, status_badge
from owner_portal.components.layout import section, template
from owner_portal.components.table import data_table
from owner_portal.state.unit import UnitState


def header() -> rx.Component:
    unit = UnitState.unit
    return rx.hstack(
        rx.vstack(
            rx.hstack(rx.heading(unit["code"], size="7", id="unit-code"), status_badge(unit["status"]),
                      align="center"),
            rx.text(UnitState.community, " · ", unit["building"], unit["entrance"], " · ", unit["floor"],
                    " · ", unit["area"], " m² · ", unit["use"], color_scheme="gray"),
            spacing="1",
        ),
        rx.spacer(),
        rx.cond(UnitState.can_change, rx.hstack(
            rx.link(rx.button(rx.icon("user-round-pen"), "更换业主", id="replace-owner", size="3"),
                    href=routes.replace(unit["id"])),
            rx.link(rx.button("更正信息", variant="soft", size="3", id="correct-owner"),
                    href=routes.correct(unit["id"])),
        )),
        width="100%", align="center",
    )


def owner_card(owner) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(rx.text(owner["name"], size="5", weight="bold"), role_badge(owner["role"]),
                      rx.badge("份额 ", owner["share"], variant="outline"), align="center"),
            rx.text("电话：", owner["phone"], size="2"),
            rx.text(owner["id_type"], "：", owner["id_number"], size="2"),
            rx.text("自 ", owner["start"], " 起", size="2", color_scheme="gray"),
            spacing="1",
        ),
        class_name="current-owner", min_width="260px",
    )


def timeline_item(item) -> rx.Component:
    return rx.hstack(
        rx.box(width="10px", height="10px", border_radius="50%", margin_top="6px",
               background=rx.cond(item["end"] == "至今", "var(--accent-9)", "var(--gray-8)")),
        rx.vstack(
            rx.text(item["start"], " → ", item["end"], size="2", color_scheme="gray"),
            rx.hstack(rx.text(item["name"], weight="medium"), role_badge(item["role"]),
                      rx.text(item["share"], size="2", color_scheme="gray"), align="center"),
            spacing="0",
        ),
        class_name="history-item", align="start",
    )


@template(route=routes.UNIT, title="房屋详情", on_load=[UnitState.load])
def unit() -> rx.Component:
    return rx.cond(
        UnitState.error != "",
        rx.callout(UnitState.error, icon="triangle-alert", color_scheme="red", id="unit-error"),
        rx.vstack(
            header(),
            section("现业主", rx.cond(
                UnitState.owners.length() > 0,
                rx.flex(rx.foreach(UnitState.owners, owner_card), gap="4", wrap="wrap"),
                rx.text("暂无业主（未售）", color_scheme="gray"),
            )),
            section("产权历史", rx.vstack(rx.foreach(UnitState.history, timeline_item), spacing="3"),
                    id="history"),
            section("变更记录", data_table(
                UnitState.changes,
                [("生效日期", "date"), ("原因", "reason"), ("变更前", "before"), ("变更后", "after"),
                 ("来源", "source"), ("操作人", "actor"), ("记录时间", "at"), ("备注", "remark")],
                row_id="change-row", empty="暂无变更记录")),
            rx.cond(UnitState.can_view_audit, section("操作日志", data_table(
                UnitState.audit,
                [("时间", "at"), ("操作人", "actor"), ("操作", "action"), ("来源", "source"), ("内容", "detail")],
                row_id="audit-row", empty="暂无日志"), id="audit-log")),
            spacing="4", width="100%",
        ),
    )
