"""A simple data table over list[dict[str, str]] state vars."""

import reflex as rx

# Columns of running text; the short ones (dates, codes, names, sources) stay on one line.
WRAPPING = {"detail", "reason", "before", "after", "remark", "value", "owners", "counts"}


def data_table(rows, columns: list[tuple[str, str]], *, row_id: str = "", link=None,
               empty: str = "没有记录") -> rx.Component:
    """columns: (header, key). `link(row)` makes the first cell a link."""
    def cell(row, index, key):
        value = row[key]
        if index == 0 and link is not None:
            return rx.table.cell(rx.link(value, href=link(row), weight="medium"), white_space="nowrap")
        return rx.table.cell(value, white_space="normal" if key in WRAPPING else "nowrap")

    return rx.cond(
        rows.length() > 0,
        rx.table.root(
            rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h, _ in columns])),
            rx.table.body(rx.foreach(rows, lambda row: rx.table.row(
                *[cell(row, i, key) for i, (_, key) in enumerate(columns)],
                class_name=row_id,
            ))),
            width="100%", variant="surface", size="2",
        ),
        rx.callout(empty, icon="info", color_scheme="gray", width="100%"),
    )
