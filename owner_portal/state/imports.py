"""Bulk import: upload → choose sheet, header row and columns → preview → apply (background) → undo."""

import asyncio
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

import reflex as rx

from owner_portal.config import settings
from owner_portal.db import unit_of_work
from owner_portal.services.dates import format_timestamp
from owner_portal.services.errors import DomainError
from owner_portal.services.imports import (
    ImportOptions,
    Preview,
    UnreadableFile,
    apply_import,
    check_upload_size,
    error_report_xlsx,
    list_batches,
    preview,
    template_xlsx,
    undo_batch,
)
from owner_portal.services.imports.matching import FIELDS
from owner_portal.state.base import XLSX, AppState

IGNORE = "ignore"
MAX_SHOWN = 200
HOW_LABELS = {"exact": "表头一致", "synonym": "同义词", "keyword": "关键词", "shape": "按内容推断",
              "remembered": "上次的对应", "user": "手动指定"}  # rows of diffs and problems sent to the page; the error report has them all


@dataclass
class _Progress:
    done: int = 0
    total: int = 0

    def __call__(self, done: int, total: int) -> None:
        self.done, self.total = done, total


UPLOAD_HOURS = 12  # a previewed file nobody applied is personal data nobody needs: gone after a working day


def _upload_path(key: str) -> Path:
    folder = settings.private_dir / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{key}.bin"


def _sweep_uploads() -> None:
    cutoff = time.time() - UPLOAD_HOURS * 3600
    for path in (settings.private_dir / "uploads").glob("*.bin"):
        if path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)


class ImportState(AppState):
    file_name: str = ""
    file_info: str = ""
    sheet: str = ""
    sheets: list[dict[str, str]] = []
    header_row: str = ""
    create_units: bool = False
    skip_invalid: bool = False
    columns: list[dict[str, str]] = []
    missing: list[str] = []
    totals: dict[str, int] = {}
    summary: str = ""
    diffs: list[str] = []
    notes: list[str] = []
    invalid_rows: list[dict[str, str]] = []
    warnings: list[dict[str, str]] = []
    ready: bool = False
    error: str = ""
    running: bool = False
    progress_done: int = 0
    progress_total: int = 0
    elapsed: str = ""
    result: str = ""
    batches: list[dict[str, str]] = []
    _key: str = ""  # the uploaded file's name in the private folder
    _mapping: dict[str, str] = {}

    @rx.var
    def field_options(self) -> list[list[str]]:
        return [[IGNORE, "（忽略此列）"], *[[key, label] for key, label in FIELDS.items()]]

    @rx.var
    def progress_percent(self) -> int:
        return int(100 * self.progress_done / self.progress_total) if self.progress_total else 0

    @rx.var
    def has_invalid(self) -> bool:
        return self.totals.get("invalid", 0) > 0

    @rx.var
    def may_skip_invalid(self) -> bool:
        return self.has_invalid and self.totals.get("writes", 0) > 0

    @rx.var
    def nothing_to_write(self) -> bool:
        """Every valid row matches the database already (the same file again)."""
        return self.ready and not self.totals.get("writes", 0)

    @rx.var
    def can_apply(self) -> bool:
        writes = self.totals.get("writes", 0) > 0
        return self.ready and writes and not self.running and (self.skip_invalid or not self.has_invalid)

    @rx.event
    def load(self):
        try:
            self._require("import.run")
        except DomainError as exc:
            self.error = exc.message
            return
        self._load_batches()

    def _load_batches(self) -> None:
        with unit_of_work() as session:
            found = list_batches(session, limit=20)
        self.batches = [{
            "id": str(b.id), "file": b.file_name, "actor": b.actor, "at": format_timestamp(b.created_at),
            "counts": f"变更 {b.counts.get('owner_changes', 0)}，新登记 {b.counts.get('new_registrations', 0)}，"
                      f"无变化 {b.counts.get('unchanged', 0)}，跳过无效 {b.counts.get('invalid', 0)}",
            "status": "已撤销" if b.status == "undone" else "已导入",
        } for b in found]

    @rx.event
    async def upload(self, files: list[rx.UploadFile]):
        """Keep the file privately, then preview it with automatic choices."""
        self.error, self.result = "", ""
        try:
            self._require("import.run")
            if not files:
                raise DomainError("请先选择一个文件")
            if files[0].size is not None:
                check_upload_size(size=files[0].size)  # before reading it into memory
            data = await files[0].read()
            check_upload_size(size=len(data))
        except DomainError as exc:
            self.error = exc.message
            return
        self._forget_file()
        _sweep_uploads()
        self._key = secrets.token_hex(16)
        _upload_path(self._key).write_bytes(data)
        self.file_name = Path(files[0].name or "upload").name
        self.sheet, self.header_row, self._mapping, self.skip_invalid = "", "", {}, False
        self.progress_done, self.progress_total, self.elapsed = 0, 0, ""
        self._preview()

    def _forget_file(self) -> None:
        if self._key:
            _upload_path(self._key).unlink(missing_ok=True)
            self._key = ""

    def _options(self) -> ImportOptions:
        return ImportOptions(sheet=self.sheet or None,
                             header_row=int(self.header_row) if self.header_row.isdigit() else None,
                             mapping={k: (None if v == IGNORE else v) for k, v in self._mapping.items()} or None,
                             create_units=self.create_units)

    def _preview(self) -> None:
        if not self._key:
            return
        try:
            self._require("import.run")
            data = _upload_path(self._key).read_bytes()
            with unit_of_work() as session:
                result = preview(session, data=data, filename=self.file_name, options=self._options())
        except UnreadableFile as exc:  # the file itself: nothing to keep
            self._clear_preview()
            self.error = exc.message
            self._forget_file()
            return
        except DomainError as exc:  # a choice (sheet, header row, mapping): keep the file and the page
            self._choice_refused(exc.message)
            return
        self._show(result)

    def _choice_refused(self, message: str) -> None:
        """The columns and choices stay to be corrected; results of rows no longer validated go."""
        self.error, self.ready, self.totals, self.summary = message, False, {}, ""
        self.diffs, self.invalid_rows, self.warnings, self.notes = [], [], [], []

    def _clear_preview(self) -> None:
        self.columns, self.missing, self.totals, self.summary, self.diffs, self.notes = [], [], {}, "", [], []
        self.invalid_rows, self.warnings, self.ready, self.sheets, self.file_info = [], [], False, [], ""

    def _show(self, result: Preview) -> None:
        self.error = ""
        self.file_info = f"{result.kind.upper()}" + (f"，编码 {result.encoding}" if result.encoding else "")
        self.sheets = [{"name": s.name, "label": f"{s.name}（{s.row_count} 行{'，隐藏' if s.hidden else ''}）"}
                       for s in result.sheets]
        self.sheet, self.header_row = result.sheet, str(result.header_row or "")
        self.columns = [{"letter": c.letter, "header": c.header, "samples": "、".join(c.samples[:3]),
                         "field": c.field or IGNORE, "how": HOW_LABELS.get(c.how or "", c.how or "")} for c in result.columns]
        self.missing = list(result.missing_fields)
        self.totals = {**result.totals.as_dict(), "writes": len(result.plan.writes) if result.plan else 0}
        self.summary = result.totals.summary
        self.diffs = list(result.diffs[:MAX_SHOWN])
        self.notes = [*result.notes, *_cut_notes(result)]
        self.invalid_rows = [_problem(p) for p in result.invalid_rows[:MAX_SHOWN]]
        self.warnings = [_problem(p) for p in result.warnings[:MAX_SHOWN]]
        self.ready = result.ready

    @rx.event
    def choose_sheet(self, name: str):
        self.sheet, self.header_row, self._mapping = name, "", {}
        self._preview()

    @rx.event
    def set_header_row(self, value: str):
        self.header_row = value.strip()
        if self.header_row.isdigit() or not self.header_row:
            self._mapping = {}
            self._preview()
        else:
            self._choice_refused(f"表头行应为 Excel 中的行号（数字），现为「{self.header_row}」")

    @rx.event
    def map_column(self, letter: str, field: str):
        before = {c["letter"]: c for c in self.columns}
        self._mapping = {**self._mapping, letter: field}  # only the clerk's choices: the others keep their how
        self._preview()
        moved = [c for c in self.columns if c["letter"] != letter and c["field"] == IGNORE
                 and before.get(c["letter"], {}).get("field") == field != IGNORE]
        if moved:  # a field goes to one column: the one that had it lets go, and the clerk is told
            return rx.toast.info(f"{moved[0]['header'] or moved[0]['letter']}（{moved[0]['letter']} 列）"
                                 f"不再对应“{FIELDS[field]}”，已改为忽略")
        return None

    @rx.event
    def set_create_units(self, value: bool):
        self.create_units = value
        self._preview()

    @rx.event
    def set_skip_invalid(self, value: bool):
        self.skip_invalid = value

    @rx.event(background=True)
    async def apply(self):
        """Runs in a worker thread; the page keeps working and sees rows done / total as they go."""
        async with self:
            if self.running or not self.can_apply:
                return
            try:
                self._require("import.run")
            except DomainError as exc:
                self.error = exc.message
                return
            self.running, self.result, self.error = True, "", ""
            # Rows to write: changes and new registrations (unchanged and skipped rows write nothing).
            self.progress_done = 0
            self.progress_total = self.totals.get("owner_changes", 0) + self.totals.get("new_registrations", 0)
            job = (self._key, self.file_name, self._options(), self.skip_invalid, self.username)
        progress, started = _Progress(), time.monotonic()
        task = asyncio.get_running_loop().run_in_executor(None, _apply_job, *job, progress)
        while not task.done():
            await asyncio.sleep(0.3)
            async with self:
                self.progress_done, self.progress_total = progress.done, progress.total or self.progress_total
                self.elapsed = f"{time.monotonic() - started:.1f} 秒"
        async with self:
            self.running = False
            self.elapsed = f"{time.monotonic() - started:.1f} 秒"
            try:
                batch_id, counts = task.result()
            except DomainError as exc:
                self.error = exc.message
                return
            self.progress_done = self.progress_total
            self.result = (f"批次 #{batch_id} 已导入：变更 {counts.get('owner_changes', 0)}，"
                           f"新登记 {counts.get('new_registrations', 0)}，无变化 {counts.get('unchanged', 0)}")
            self._forget_file()
            self._clear_preview()
            self._load_batches()

    @rx.event
    def undo(self, batch_id: str):
        try:
            self._require("import.run")
            with unit_of_work() as session:
                undone = undo_batch(session, batch_id=int(batch_id), actor=self.username)
        except DomainError as exc:
            self.error, self.result = exc.message, ""
            return
        self.error = ""
        self.result = f"批次 #{batch_id} 已撤销：恢复了 {undone.changes_undone} 套房屋的原业主"
        self._load_batches()

    @rx.event
    def download_errors(self):
        if not self._key:
            return
        try:
            self._require("import.run")
            data = _upload_path(self._key).read_bytes()
            with unit_of_work() as session:
                result = preview(session, data=data, filename=self.file_name, options=self._options())
        except DomainError as exc:
            self.error = exc.message
            return
        return rx.download(data=error_report_xlsx(preview=result), filename="导入错误报告.xlsx", mime_type=XLSX)

    @rx.event
    def download_template(self):
        if not self._allowed("import.run"):
            return None
        return rx.download(data=template_xlsx(), filename="业主导入模板.xlsx", mime_type=XLSX)


def _apply_job(key: str, file_name: str, options: ImportOptions, skip_invalid: bool, actor: str,
               progress: _Progress) -> tuple[int, dict]:
    """Preview again inside the transaction, so what is written is what the database holds now."""
    data = _upload_path(key).read_bytes()
    with unit_of_work() as session:
        result = preview(session, data=data, filename=file_name, options=options)
        batch = apply_import(session, preview=result, actor=actor, skip_invalid=skip_invalid, progress=progress)
        return batch.id, dict(batch.counts)


def _cut_notes(result: Preview) -> list[str]:
    """The page lists the first rows of each kind; the error report has them all."""
    return [f"{label}共 {n} 条，页面只列出前 {MAX_SHOWN} 条" + ("，完整列表请下载错误报告" if label == "无效行问题" else "")
            for label, n in (("变更明细", len(result.diffs)), ("无效行问题", len(result.invalid_rows)),
                             ("提醒", len(result.warnings))) if n > MAX_SHOWN]


def _problem(problem) -> dict[str, str]:
    return {"row": str(problem.row), "column": problem.column or "", "value": str(problem.value or ""),
            "reason": problem.reason}
