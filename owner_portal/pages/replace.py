"""Guided owner replacement: fill in, confirm before → after, done."""

import reflex as rx

from owner_portal import routes
from owner_portal.components.badges import role_badge
from owner_portal.components.layout import section, template
from owner_portal.components.owner_fields import owner_editor
from owner_portal.state.replace import ReplaceState


def steps() -> rx.Component:
    def step(number: str, label: str, name: str):
        active = ReplaceState.step == name
        return rx.hstack(rx.badge(number, variant=rx.cond(active, "solid", "soft"), radius="full"),
                         rx.text(label, weight=rx.cond(active, "bold", "regular")), align="center")
    return rx.hstack(step("1", "填写新业主", "form"), rx.text("›"), step("2", "确认", "confirm"), rx.text("›"),
                     step("3", "完成", "done"), spacing="3", align="center")


def owners_summary(owners) -> rx.Component:
    return rx.vstack(rx.foreach(owners, lambda o: rx.hstack(
        rx.text(o["name"], weight="medium"), role_badge(o["role"]), rx.text(o["share"], color_scheme="gray"),
        rx.text(o["phone"], size="2", color_scheme="gray"), rx.text(o["id_number"], size="2", color_scheme="gray"),
        align="center", wrap="wrap")), spacing="2")


def error_box() -> rx.Component:
    return rx.cond(ReplaceState.error != "",
                   rx.callout(ReplaceState.error, icon="triangle-alert", color_scheme="red", id="form-error",
                              width="100%"))


def change_fields() -> rx.Component:
    return rx.grid(
        rx.vstack(rx.text("变更原因 *", size="2", weight="medium"),
                  rx.select(ReplaceState.reasons, value=ReplaceState.reason, on_change=ReplaceState.set_reason,
                            id="reason", width="100%"), spacing="1"),
        rx.vstack(rx.text("生效日期 *", size="2", weight="medium"),
                  rx.input(value=ReplaceState.effective_date, id="effective-date", placeholder="YYYY-MM-DD",
                           on_change=ReplaceState.set_effective_date, on_blur=ReplaceState.check_date),
                  rx.cond(ReplaceState.date_error != "",
                          rx.text(ReplaceState.date_error, size="1", color_scheme="red", class_name="field-error")),
                  spacing="1"),
        rx.vstack(rx.text("备注", size="2", weight="medium"),
                  rx.input(value=ReplaceState.remark, id="remark", placeholder="如：合同编号",
                           on_change=ReplaceState.set_remark), spacing="1"),
        columns=rx.breakpoints(initial="1", sm="3"), spacing="3", width="100%",
    )


def form_step() -> rx.Component:
    return rx.vstack(
        section("现业主", rx.cond(ReplaceState.before.length() > 0, owners_summary(ReplaceState.before),
                                  rx.text("暂无业主（未售）", color_scheme="gray"))),
        section("变更信息", change_fields()),
        rx.foreach(ReplaceState.owners, lambda _owner, i: owner_editor(ReplaceState, i)),
        rx.hstack(
            rx.button(rx.icon("user-plus"), "添加共有人", variant="soft", on_click=ReplaceState.add_owner,
                      id="add-owner"),
            rx.button("平均分配份额", variant="ghost", on_click=ReplaceState.split_shares),
            rx.text("份额合计：", ReplaceState.share_total, id="share-total", color_scheme="gray"),
            rx.spacer(),
            rx.button("下一步：确认", size="3", on_click=ReplaceState.review, id="review"),
            width="100%", align="center", wrap="wrap",
        ),
        error_box(),
        spacing="4", width="100%",
    )


def confirm_step() -> rx.Component:
    return rx.vstack(
        section("请确认变更", rx.grid(
            rx.vstack(rx.text("变更前", weight="bold"), owners_summary(ReplaceState.before)),
            rx.vstack(rx.text("变更后", weight="bold"), owners_summary(ReplaceState.after)),
            columns="2", spacing="6", width="100%", id="confirm-diff",
        ), rx.text("原因：", ReplaceState.reason, "　生效日期：", ReplaceState.effective_date)),
        error_box(),
        rx.hstack(rx.button("返回修改", variant="soft", on_click=ReplaceState.back),
                  rx.button("确认更换", size="3", on_click=ReplaceState.submit, id="confirm"), spacing="3"),
        spacing="4", width="100%",
    )


def done_step() -> rx.Component:
    return rx.callout(
        rx.vstack(
            rx.text(ReplaceState.unit_code, " 的业主已更换，变更记录 #", ReplaceState.change_id, "。", id="done-message"),
            rx.link("返回房屋详情", href=routes.unit(ReplaceState.unit_id), id="back-to-unit"),
        ),
        icon="circle-check", color_scheme="green", width="100%",
    )


@template(route=routes.REPLACE, title="更换业主", on_load=[ReplaceState.load],
          permission="owner.change")
def replace() -> rx.Component:
    return rx.vstack(
        rx.hstack(rx.link("← ", ReplaceState.unit_code, href=routes.unit(ReplaceState.unit_id)),
                  rx.heading("更换业主", size="6"), align="center", spacing="4"),
        rx.cond(ReplaceState.unit_id == 0, error_box(), rx.fragment(
            steps(),
            rx.match(ReplaceState.step, ("form", form_step()), ("confirm", confirm_step()), done_step()),
        )),
        spacing="4", width="100%",
    )
