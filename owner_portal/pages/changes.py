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
                    ("变更后", "after"), ("来源", "source"), ("操作人", "actor"), ("记录时间", "at")],
                   row_id="change-row", link=lambda row: "/units/" + row["unit_id"], empty="暂无变更"),
        spacing="4", width="100%",
    )
