"""Correct an owner's details (信息更正)."""

import reflex as rx

from owner_portal import routes
from owner_portal.components.layout import section, template
from owner_portal.components.owner_fields import owner_editor
from owner_portal.state.correct import CorrectState


@template(route=routes.CORRECT, title="更正业主信息", on_load=[CorrectState.load],
          permission="owner.correct")
def correct() -> rx.Component:
    return rx.vstack(
        rx.hstack(rx.link("← ", CorrectState.unit_code, href=routes.unit(CorrectState.unit_id)),
                  rx.heading("更正业主信息", size="6"), align="center", spacing="4"),
        rx.text("用于更正错填的姓名、电话、证件等信息，不产生新的产权记录。电话和证件号码留空表示不修改。",
                color_scheme="gray"),
        rx.cond(CorrectState.done,
                rx.callout(rx.hstack(rx.text("已更正。"), rx.link("返回房屋详情", href=routes.unit(CorrectState.unit_id),
                                                                  id="back-to-unit")),
                           icon="circle-check", color_scheme="green", width="100%"),
                rx.cond(CorrectState.choices.length() > 0, rx.vstack(
                    section("选择业主", rx.select.root(
                        rx.select.trigger(id="pick-owner"),
                        rx.select.content(rx.foreach(CorrectState.choices,
                                                     lambda c: rx.select.item(c["label"], value=c["id"]))),
                        value=CorrectState.person_id, on_change=CorrectState.pick)),
                    rx.foreach(CorrectState.owners, lambda _o, i: owner_editor(
                        CorrectState, i, with_share=False,
                        hints={"phone": "不修改请留空（当前 " + CorrectState.hints["phone"] + "）",
                               "id_number": "不修改请留空（当前 " + CorrectState.hints["id_number"] + "）"})),
                    rx.vstack(rx.text("更正原因或依据", size="2", weight="medium"),
                              rx.input(value=CorrectState.remark, placeholder="选填，如：业主提供身份证复印件",
                                       on_change=CorrectState.set_remark, width="100%", id="correct-remark"),
                              width="100%", spacing="1"),
                    rx.button("保存更正", size="3", on_click=CorrectState.submit, id="save-correction"),
                    spacing="4", width="100%",
                ))),
        rx.cond(CorrectState.error != "",
                rx.callout(CorrectState.error, icon="triangle-alert", color_scheme="red", id="form-error", width="100%")),
        spacing="4", width="100%",
    )
