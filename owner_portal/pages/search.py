"""Home: find a unit by building, entrance, floor, room, code, owner name or phone tail."""

import reflex as rx

from owner_portal import routes
from owner_portal.components.layout import template
from owner_portal.components.table import data_table
from owner_portal.state.search import SearchState

SORT_LABELS = {"code": "按房号", "-code": "按房号（倒序）", "area": "按面积", "-area": "按面积（倒序）",
               "floor": "按楼层", "-floor": "按楼层（倒序）"}


def _field(name: str, label: str, placeholder: str, width: str = "7em") -> rx.Component:
    return rx.vstack(rx.text(label, size="1", color_scheme="gray"),
                     _input(name, placeholder, id=f"f-{name}", width=width), spacing="1")


def _input(name: str, placeholder: str, **props) -> rx.Component:
    """Controlled by the state, so 清空 empties the boxes as well as the results."""
    return rx.input(value=getattr(SearchState, name), placeholder=placeholder, name=name,
                    on_change=lambda value: SearchState.set_field(name, value), **props)


def filters() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.hstack(
                _input("text", "房号（如 3-2-1501 或 3栋2单元1501）、业主姓名或手机尾号", id="search-text", size="3",
                       width="100%"),
                rx.button(rx.icon("search"), "查询", type="submit", size="3", id="search-submit"),
                width="100%",
            ),
            rx.hstack(
                _field("building", "楼栋", "如 3"), _field("entrance", "单元", "如 2"),
                _field("floor", "楼层", "如 15"), _field("room", "房号", "如 1501"),
                _field("owner_name", "业主姓名", "可部分匹配", "9em"),
                _field("phone_last4", "手机尾号", "后 4 位", "7em"),
                rx.button("清空", type="button", variant="soft", color_scheme="gray", on_click=SearchState.clear,
                          align_self="end"),
                spacing="3", wrap="wrap", align="end",
            ),
            spacing="3", width="100%",
        ),
        on_submit=SearchState.search, reset_on_submit=False, width="100%",
    )


def pager() -> rx.Component:
    return rx.hstack(
        rx.text("共 ", SearchState.total, " 套", id="result-count"),
        rx.spacer(),
        rx.select.root(
            rx.select.trigger(),
            rx.select.content(*[rx.select.item(label, value=key) for key, label in SORT_LABELS.items()]),
            value=SearchState.sort, on_change=SearchState.set_sort,
        ),
        rx.button("上一页", variant="soft", on_click=SearchState.go_page(-1), disabled=SearchState.page <= 1),
        rx.text(SearchState.page, " / ", SearchState.total_pages),
        rx.button("下一页", variant="soft", on_click=SearchState.go_page(1),
                  disabled=SearchState.page >= SearchState.total_pages),
        width="100%", align="center",
    )


@template(route=routes.HOME, title="房屋查询", on_load=[SearchState.load])
def search() -> rx.Component:
    return rx.vstack(
        rx.hstack(rx.heading("房屋查询", size="6"), rx.spacer(),
                  rx.button(rx.icon("sheet"), "导出业主名册", variant="soft", on_click=SearchState.export_roster,
                            id="export-roster"), width="100%", align="center"),
        filters(),
        rx.cond(SearchState.message != "", rx.text(SearchState.message, color_scheme="orange")),
        pager(),
        data_table(
            SearchState.rows,
            [("房号", "code"), ("楼栋", "building"), ("单元", "entrance"), ("楼层", "floor"), ("室", "room"),
             ("面积 m²", "area"), ("用途", "use"), ("状态", "status"), ("现业主", "owners")],
            row_id="unit-row", link=lambda row: "/units/" + row["id"], empty="没有找到符合条件的房屋",
        ),
        spacing="4", width="100%",
    )
