"""Recent changes."""

import reflex as rx

from owner_portal import routes
from owner_portal.components.layout import template
from owner_portal.components.table import data_table
from owner_portal.state.changes import ChangesState


@template(route=routes.CHANGES, title="变更记录", on_load=[ChangesState.load])
def changes() -> rx.Component:
    return rx.vstack(
        rx.heading("最近变更", size="6"),
        data_table(ChangesState.rows,
                   [("房号", "unit"), ("生效日期", "date"), ("原因", "reason"), ("变更前", "before"),
                    ("变更后", "after"), ("来源", "source"), ("操作人", "actor"), ("记录时间", "at"),
                    ("备注", "remark")],
                   row_id="change-row", link=lambda row: "/units/" + row["unit_id"], empty="暂无变更"),
        rx.hstack(
            rx.button("上一页", variant="soft", on_click=ChangesState.go_page(-1), disabled=ChangesState.page <= 1),
            rx.text("第 ", ChangesState.page, " 页"),
            rx.button("下一页", variant="soft", on_click=ChangesState.go_page(1), disabled=~ChangesState.has_more,
                      id="changes-next"),
            align="center",
        ),
        spacing="4", width="100%",
    )
