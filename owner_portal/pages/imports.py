"""Bulk import page: upload, match columns, preview with totals that add up, apply, undo."""

import reflex as rx

from owner_portal import routes
from owner_portal.components.layout import section, template
from owner_portal.components.table import data_table
from owner_portal.state.imports import ImportState

UPLOAD_ID = "import-upload"
ACCEPT = {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": [".xlsx"],
    "application/vnd.ms-excel": [".xls"],
    "text/csv": [".csv"],
}


def upload_card() -> rx.Component:
    return section(
        "1. 上传文件",
        rx.upload(
            rx.vstack(rx.icon("file-spreadsheet", size=32), rx.text("把 Excel（.xlsx / .xls）或 CSV 文件拖到这里，或点击选择"),
                      rx.foreach(rx.selected_files(UPLOAD_ID), lambda name: rx.badge(name, id="selected-file")),
                      align="center", spacing="2"),
            id=UPLOAD_ID, accept=ACCEPT, max_files=1, multiple=False, border="1px dashed var(--gray-8)",
            padding="1.5em", width="100%", border_radius="8px", cursor="pointer",
        ),
        rx.hstack(
            rx.button(rx.icon("upload"), "上传并预览", id="upload-preview",
                      on_click=ImportState.upload(rx.upload_files(upload_id=UPLOAD_ID))),
            rx.button(rx.icon("download"), "下载导入模板", variant="soft", on_click=ImportState.download_template,
                      id="download-template"),
            wrap="wrap",
        ),
    )


def sheet_and_header() -> rx.Component:
    return rx.hstack(
        rx.vstack(rx.text("文件", size="1", color_scheme="gray"),
                  rx.text(ImportState.file_name, " · ", ImportState.file_info, id="file-info"), spacing="1"),
        rx.vstack(rx.text("工作表", size="1", color_scheme="gray"),
                  rx.select.root(rx.select.trigger(id="sheet-select"),
                                 rx.select.content(rx.foreach(ImportState.sheets,
                                                              lambda s: rx.select.item(s["label"], value=s["name"]))),
                                 value=ImportState.sheet, on_change=ImportState.choose_sheet), spacing="1"),
        rx.vstack(rx.text("表头所在行", size="1", color_scheme="gray"),
                  rx.input(value=ImportState.header_row, on_change=ImportState.set_header_row, width="6em",
                           id="header-row", debounce_timeout=500), spacing="1"),
        rx.checkbox("允许新建房屋（首次导入整个小区时使用）", checked=ImportState.create_units,
                    on_change=ImportState.set_create_units, id="create-units"),
        spacing="5", wrap="wrap", align="end",
    )


def column_row(column) -> rx.Component:
    return rx.table.row(
        rx.table.cell(column["letter"]),
        rx.table.cell(rx.text(column["header"], weight="medium")),
        rx.table.cell(rx.text(column["samples"], size="1", color_scheme="gray")),
        rx.table.cell(rx.select.root(
            rx.select.trigger(id="map-" + column["letter"]),
            rx.select.content(rx.foreach(ImportState.field_options,
                                         lambda opt: rx.select.item(opt[1], value=opt[0]))),
            value=column["field"], on_change=lambda value: ImportState.map_column(column["letter"], value),
        )),
        rx.table.cell(rx.cond(column["how"] != "", rx.badge(column["how"], variant="soft"))),
        class_name="column-row",
    )


def mapping_card() -> rx.Component:
    return section(
        "2. 核对列与字段的对应",
        sheet_and_header(),
        rx.table.root(
            rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in
                                           ("列", "表头", "示例值", "对应字段", "识别方式")])),
            rx.table.body(rx.foreach(ImportState.columns, column_row)),
            width="100%", variant="surface", size="1",
        ),
        rx.cond(ImportState.missing.length() > 0,
                rx.callout("还缺少必填字段：" + ImportState.missing.join("、") + "。请在上表中为它们选择对应的列。",
                           icon="triangle-alert", color_scheme="orange", id="missing-fields")),
    )


def _count(label: str, key: str, color: str = "gray") -> rx.Component:
    return rx.card(rx.vstack(rx.text(label, size="1", color_scheme="gray"),
                             rx.heading(ImportState.totals[key].to(str), size="6", color_scheme=color,
                                        id=f"count-{key}"), spacing="1"), min_width="110px")


def preview_card() -> rx.Component:
    return section(
        "3. 预览",
        rx.cond(ImportState.ready, rx.vstack(  # counts only once rows were validated: never a false 0
            rx.flex(_count("数据行", "rows"), _count("有效", "valid", "green"), _count("无效", "invalid", "red"),
                    _count("业主变更", "owner_changes", "blue"), _count("新登记", "new_registrations", "blue"),
                    _count("无变化", "unchanged"), _count("跳过空行", "skipped_blank"), gap="3", wrap="wrap"),
            rx.text(ImportState.summary, id="totals-summary", color_scheme="gray"), width="100%")),
        rx.foreach(ImportState.notes, lambda n: rx.callout(n, icon="info", color_scheme="orange", size="1")),
        rx.cond(ImportState.diffs.length() > 0, rx.scroll_area(
            rx.vstack(rx.foreach(ImportState.diffs, lambda d: rx.text(d, size="2", class_name="diff-line")),
                      spacing="1"), max_height="220px", type="auto")),
        rx.cond(ImportState.has_invalid, rx.vstack(
            rx.hstack(rx.heading("无效行", size="3", color_scheme="red"), rx.spacer(),
                      rx.button(rx.icon("download"), "下载错误报告", variant="soft", color_scheme="red",
                                on_click=ImportState.download_errors, id="download-errors"), width="100%"),
            rx.scroll_area(data_table(ImportState.invalid_rows, [("行号", "row"), ("列", "column"), ("原值", "value"),
                                                             ("原因", "reason")], row_id="invalid-row"),
                           max_height="420px", type="auto"),
            width="100%")),
        rx.cond(ImportState.warnings.length() > 0, rx.vstack(
            rx.heading("提醒（不影响导入）", size="3", color_scheme="orange"),
            rx.scroll_area(data_table(ImportState.warnings, [("行号", "row"), ("列", "column"), ("原值", "value"),
                                                         ("说明", "reason")], row_id="warning-row"),
                           max_height="320px", type="auto"),
            width="100%")),
    )


def apply_card() -> rx.Component:
    return section(
        "4. 导入",
        rx.cond(ImportState.may_skip_invalid,
                rx.checkbox("跳过无效行，只导入有效行", checked=ImportState.skip_invalid,
                            on_change=ImportState.set_skip_invalid, id="skip-invalid")),
        rx.hstack(
            rx.button(rx.icon("check"), "确认导入", size="3", on_click=ImportState.apply,
                      disabled=~ImportState.can_apply, loading=ImportState.running, id="apply"),
            rx.text("全部有效行在一个事务中写入：要么全部成功，要么一行也不写。", size="2", color_scheme="gray"),
            align="center", wrap="wrap",
        ),
        rx.cond(ImportState.nothing_to_write,
                rx.callout(rx.cond(ImportState.totals["rows"].to(int) > 0,
                                   "所有有效行都与系统中的信息一致，没有需要写入的变更。",
                                   "表中没有数据行：请在表头下方填写后再上传。"),
                           icon="info", id="nothing-to-write")),
    )


def progress_block() -> rx.Component:
    """Stays after the run, so the clerk sees that every row was written and how long it took."""
    return rx.cond(ImportState.progress_total > 0, rx.card(rx.vstack(
        rx.text(rx.cond(ImportState.running, "正在导入…", "导入完成"), weight="medium"),
        rx.progress(value=ImportState.progress_percent, width="100%", id="apply-progress"),
        rx.text("已写入 ", ImportState.progress_done, " / ", ImportState.progress_total, " 行变更，已用 ", ImportState.elapsed,
                size="2", id="progress-text"),
        width="100%"), width="100%"))


def batches_card() -> rx.Component:
    def row(batch):
        return rx.table.row(
            rx.table.cell("#", batch["id"]), rx.table.cell(batch["file"]), rx.table.cell(batch["actor"]),
            rx.table.cell(batch["at"]), rx.table.cell(batch["counts"]), rx.table.cell(batch["status"]),
            rx.table.cell(rx.cond(batch["status"] == "已导入", rx.alert_dialog.root(
                rx.alert_dialog.trigger(rx.button("撤销", size="1", variant="soft", color_scheme="red",
                                                  class_name="undo-batch")),
                rx.alert_dialog.content(
                    rx.alert_dialog.title("撤销批次 #", batch["id"], "？"),
                    rx.alert_dialog.description("将恢复此批次更换前的业主。若这些房屋之后又有变更，则无法撤销。"),
                    rx.hstack(rx.alert_dialog.cancel(rx.button("取消", variant="soft", color_scheme="gray")),
                              rx.alert_dialog.action(rx.button("确认撤销", color_scheme="red", id="confirm-undo",
                                                               on_click=ImportState.undo(batch["id"]))),
                              justify="end", spacing="3"),
                ),
            ))),
            class_name="batch-row",
        )
    return section("导入批次", rx.cond(
        ImportState.batches.length() > 0,
        rx.table.root(
            rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in
                                           ("批次", "文件", "操作人", "时间", "结果", "状态", "")])),
            rx.table.body(rx.foreach(ImportState.batches, row)), width="100%", variant="surface", size="1"),
        rx.text("暂无导入批次", color_scheme="gray")))


@template(route=routes.IMPORTS, title="批量导入", on_load=[ImportState.load], permission="import.run")
def imports() -> rx.Component:
    return rx.vstack(
        rx.heading("批量导入业主", size="6"),
        rx.text("上传物业现有的业主表格：系统自动识别表头和列，预览无误后一次性写入，可整批撤销。", color_scheme="gray"),
        upload_card(),
        progress_block(),
        rx.cond(ImportState.error != "", rx.callout(ImportState.error, icon="triangle-alert", color_scheme="red",
                                                    id="import-error", width="100%")),
        rx.cond(ImportState.result != "", rx.callout(ImportState.result, icon="circle-check", color_scheme="green",
                                                     id="import-result", width="100%")),
        rx.cond(ImportState.columns.length() > 0, rx.vstack(mapping_card(), preview_card(), apply_card(),
                                                            spacing="4", width="100%")),
        batches_card(),
        spacing="4", width="100%",
    )
