"""preview: read → choose sheet and header row → match columns → clean rows → diff. Writes nothing."""

import gc
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlmodel import Session

from owner_portal.services.errors import DomainError
from owner_portal.services.imports import mappings
from owner_portal.services.imports.diff import DEFAULT_REASON, Plan, plan_rows
from owner_portal.services.imports.headers import (
    HeaderNotFound, best_sheet, header_index, header_texts, other_data_sheets,
)
from owner_portal.services.imports.matching import (
    FIELDS, ColumnMatch, apply_mapping, mapping_of, match_columns, missing_fields,
)
from owner_portal.services.imports.normalise import RowCleaner, cell_text
from owner_portal.services.imports.read import Sheet, Workbook, is_blank, read_workbook
from owner_portal.services.imports.results import CHANGE, NEW, Problem, RowOutcome, Totals

SAMPLE_ROWS = 20
DEFAULT_FILLED = ("id_type", "reason")


class InvalidMapping(DomainError):
    pass


@dataclass
class ImportOptions:
    sheet: str | None = None
    header_row: int | None = None  # as numbered in Excel; None: found automatically
    mapping: dict[str, str | None] | None = None  # {header or column letter: field, or None to ignore}
    create_units: bool = False  # the first roster import: unknown units are created, not errors
    community: str | None = None  # None: the only community there is
    reason: str = DEFAULT_REASON  # for rows without a 变更原因 column or value


@dataclass
class SheetInfo:
    name: str
    row_count: int
    hidden: bool


@dataclass
class Preview:
    file_name: str
    sha256: str
    kind: str
    encoding: str | None
    sheets: list[SheetInfo]
    sheet: str
    header_row: int  # Excel row number
    columns: list[ColumnMatch]
    mapping: dict[str, str]
    missing_fields: list[str]  # labels of required fields no column is mapped to
    options: ImportOptions
    outcomes: list[RowOutcome] = field(default_factory=list)
    totals: Totals = field(default_factory=Totals)
    remembered: bool = False  # the mapping came from an earlier import of the same layout
    notes: list[str] = field(default_factory=list)  # about the whole file, not a row
    headers: list[str] = field(default_factory=list, repr=False)
    rows: list[list] = field(default_factory=list, repr=False)  # the sheet's cells, row i = Excel row i + 1
    plan: Plan | None = field(default=None, repr=False)

    @property
    def ready(self) -> bool:
        return not self.missing_fields

    @property
    def needs_skip_invalid(self) -> bool:
        return self.totals.invalid > 0

    @property
    def can_apply(self) -> bool:
        return self.ready and bool(self.plan and self.plan.writes)

    @property
    def invalid_rows(self) -> list[Problem]:
        return [p for o in self.outcomes for p in o.problems]

    @property
    def warnings(self) -> list[Problem]:
        return [w for o in self.outcomes for w in o.warnings]

    @property
    def diffs(self) -> list[str]:
        return [o.diff for o in self.outcomes if o.kind in (CHANGE, NEW)]

    def as_dict(self, *, batch_id: int | None = None) -> dict:
        """What the CLI prints with --json (and an API could return)."""
        return {"file": self.file_name, "sha256": self.sha256, "kind": self.kind, "encoding": self.encoding,
                "sheet": self.sheet, "header_row": self.header_row, "mapping": self.mapping,
                "missing_fields": self.missing_fields, **self.totals.as_dict(),
                "invalid_rows": [p.as_dict() for p in self.invalid_rows],
                "warnings": [w.as_dict() for w in self.warnings], "changes": self.diffs, "notes": self.notes,
                "summary": self.totals.summary, "batch_id": batch_id}


@contextmanager
def paused_gc():
    """A 100,000-row sheet makes millions of small objects that all stay alive until the end; the cyclic
    collector would walk them again and again (3–4× the run time). Nothing here makes cycles."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            _to_oldest_generation()
            gc.enable()


def _to_oldest_generation() -> None:
    """What the pause left alive goes straight to the oldest generation, as surviving two collections
    would take it, without those collections walking every one of its objects (cycles among them are
    still found, by the next full collection). Not when something else froze objects: unfreeze would
    thaw those too."""
    if gc.get_freeze_count() == 0:
        gc.freeze()
        gc.unfreeze()


def preview(session: Session, *, data: bytes, filename: str, options: ImportOptions | None = None) -> Preview:
    with paused_gc():
        return preview_workbook(session, workbook=read_workbook(data=data, filename=filename),
                                options=options or ImportOptions())


def preview_workbook(session: Session, *, workbook: Workbook, options: ImportOptions) -> Preview:
    """The UI may call this again with other options without reading the file again."""
    with paused_gc():
        return _preview(session, workbook, options)


def _preview(session: Session, workbook: Workbook, options: ImportOptions) -> Preview:
    sheet = _choose_sheet(workbook, options.sheet, options.header_row)
    index = header_index(sheet, excel_row=options.header_row)
    headers = header_texts(sheet, index)
    columns = match_columns(headers, _samples(sheet.rows[index + 1:], len(headers)))
    result = Preview(file_name=workbook.filename, sha256=workbook.sha256, kind=workbook.kind,
                     encoding=workbook.encoding, sheet=sheet.name, header_row=index + 1, columns=columns,
                     sheets=[SheetInfo(s.name, s.row_count, s.hidden) for s in workbook.sheets],
                     mapping={}, missing_fields=[], options=options, headers=headers, rows=sheet.rows)
    if not options.sheet and (note := _other_sheets_note(workbook, sheet)):
        result.notes.append(note)
    _map(session, result, options)
    if workbook.encoding:
        result.notes.append(f"文件编码：{workbook.encoding}")
    if result.ready:
        _validate(session, result, first=index + 1)
    else:
        rows = sum(1 for row in sheet.rows[index + 1:] if not is_blank(row))
        result.notes.append(f"表中有 {rows} 行数据：为必填字段选好对应的列后，才能逐行校验和预览")
    return result


def _choose_sheet(workbook: Workbook, name: str | None, header_row: int | None) -> Sheet:
    if name:
        found = next((s for s in workbook.sheets if s.name == name), None)
        if found is None:
            raise DomainError(f"没有名为「{name}」的工作表，现有：{'、'.join(s.name for s in workbook.sheets)}")
        return found
    if len(workbook.sheets) == 1:
        return workbook.sheets[0]
    found = best_sheet(workbook.sheets, excel_row=header_row)
    if found is None:
        where = f"第 {header_row} 行" if header_row else "前 20 行"
        raise HeaderNotFound(f"在 {'、'.join(s.name for s in workbook.sheets)} 的{where}中都找不到表头（如 楼栋、房号、"
                             "业主姓名、联系电话、身份证号）；请确认文件内容，或指定工作表和表头行")
    return found


def _other_sheets_note(workbook: Workbook, sheet: Sheet) -> str | None:
    others = other_data_sheets(workbook.sheets, sheet)
    if not others:
        return None
    names = "、".join(f"「{s.name}」（{s.row_count} 行）" for s in others)
    return f"本次只导入工作表「{sheet.name}」；工作簿中还有{names}也像是业主表，请分别选择这些工作表再导入"


def _samples(rows: list[list], width: int) -> list[list[str]]:
    samples = [[] for _ in range(width)]
    for row in rows[:SAMPLE_ROWS * 5]:
        for c, value in enumerate(row[:width]):
            text = cell_text(value).strip()
            if text and len(samples[c]) < SAMPLE_ROWS:
                samples[c].append(text)
    return samples


def _map(session: Session, result: Preview, options: ImportOptions) -> None:
    """Our suggestions, then the mapping remembered for this header layout, then the user's choices: each
    column says which of them decided it."""
    stored = mappings.recall(session, headers=result.headers)
    if stored is not None:
        apply_mapping(result.columns, stored.mapping, how="remembered")
        result.remembered = True
        result.notes.append("已套用上次导入相同格式表格时的列对应关系")
    if options.mapping is not None:
        problems = apply_mapping(result.columns, options.mapping, how="user")
        if problems:
            raise InvalidMapping("；".join(problems))
    result.mapping = mapping_of(result.columns)
    result.missing_fields = missing_fields(result.columns)
    if "effective_date" not in result.mapping.values():
        result.notes.append(f"表中没有日期列：变更按今天的日期登记（可指定“{FIELDS['effective_date']}”列）")


def _validate(session: Session, result: Preview, *, first: int) -> None:
    by_field = {c.field: c for c in result.columns if c.field}
    # Pre-filled defaults (证件类型 居民身份证 down an empty template) do not make a row.
    indexes = [c.index for f, c in by_field.items() if f not in DEFAULT_FILLED]
    cleaned, blank, clean = [], 0, RowCleaner(by_field)
    for offset, cells in enumerate(result.rows[first:]):
        if is_blank([cells[i] for i in indexes if i < len(cells)]):
            blank += 1
            continue
        cleaned.append(clean(cells, first + offset + 1))
    options = result.options
    result.plan = plan_rows(session, rows=cleaned, columns=by_field, create_units=options.create_units,
                            community=options.community, default_reason=options.reason)
    result.outcomes = result.plan.outcomes
    result.totals = Totals.count(result.outcomes, skipped_blank=blank)
