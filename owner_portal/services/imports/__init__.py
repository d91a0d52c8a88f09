"""Bulk import of owner rosters and change sheets (issue 3): read → match → validate → diff → apply.

Callers own the transaction (`with unit_of_work() as session:`); nothing here commits.
All user-facing messages are Chinese; row numbers are the ones a clerk sees in Excel.

Public functions
    check_upload_size(*, size) -> None                 raises FileTooLarge (settings.max_upload_mb)
    read_workbook(*, data, filename) -> Workbook       raises UnreadableFile; judged by bytes, not name
    preview(session, *, data, filename, options=ImportOptions()) -> Preview
                                                       nothing written; Preview.totals always add up
    apply_import(session, *, preview, actor, skip_invalid=False, progress=None) -> ImportBatch
                                                       one transaction (the caller's); progress(done, total)
                                                       raises InvalidRowsPresent, NotReady, StalePreview,
                                                       NothingToImport (nothing to write: no batch)
    undo_batch(session, *, batch_id, actor) -> UndoResult
                                                       raises UndoBlocked(.units = blocking unit codes)
    list_batches(session, *, limit=50, offset=0) -> list[ImportBatch]
    error_report_xlsx(*, preview) -> bytes             invalid rows + 错误原因 column, problem cells red
    template_xlsx() -> bytes                           our headers, ID/phone columns as text, 填写说明 sheet
    export_roster_xlsx(session, *, full=False, community=None) -> bytes
                                                       masked ID/phone unless full; = + - @ stay text

Data classes (plain, no ORM)
    ImportOptions(sheet=None, header_row=None (Excel number), mapping=None ({header or column letter:
                  field or None to ignore}), create_units=False, community=None, reason="买卖")
    Workbook(filename, kind "xlsx"|"xls"|"ods"|"csv", encoding, sha256, size, sheets: list[Sheet])
    Sheet(name, hidden, rows: list[list[cell]], merged) .row_count
    ColumnMatch(index, letter, header, samples, suggested, field, how)   how: exact|synonym|keyword|shape|remembered|user
    Problem(row, column, value, reason, field, letter)                     one invalid cell or warning
    RowOutcome(row, kind "change"|"new"|"unchanged"|"invalid", unit, diff, problems, warnings, creates_unit)
    Totals(rows, valid, invalid, owner_changes, new_registrations, unchanged, skipped_blank, units_created)
        .adds_up, .summary (e.g. "数据 14 行 = 有效 14 + 无效 0；有效 14 = 变更 12 + 新登记 1 + 无变化 1")
    Preview(file_name, sha256, kind, encoding, sheets, sheet, header_row, columns, mapping,
            missing_fields, outcomes, totals, remembered, notes, options)
        .ready (required fields mapped), .can_apply, .needs_skip_invalid, .invalid_rows, .warnings,
        .diffs (list of "3-2-1501: 张三 → 李四")
    UndoResult(batch_id, changes_undone, units)

Tables (owner_portal.models.import_batch): ImportBatch (file, sha256, actor, when, mapping, counts,
status applied|undone), ImportMapping (remembered per header layout). OwnerChange.batch_id links changes.

Other entry points: preview_workbook(session, *, workbook, options) re-previews a Workbook already read
(the UI changing sheet, header row or mapping); Preview.as_dict(batch_id=None) is the CLI's --json shape.
Errors (all DomainError, Chinese .message): UnreadableFile, FileTooLarge, HeaderNotFound, InvalidMapping,
NotReady, InvalidRowsPresent, StalePreview (a unit changed since the preview: nothing written),
UndoBlocked (.units), BatchNotFound.

Rules worth knowing
    - A row whose owners equal the current ones is unchanged, whatever its date says.
    - A change or registration without a date is dated today, with a warning on the row.
    - A row without name/phone/ID is an unsold unit in a roster: it creates the unit (create_units) and is
      counted unchanged; it never removes current owners (that row is invalid).
    - The same unit twice: rows differing in owners, date or reason (or one of them invalid) are all
      invalid; identical repeats: later ones unchanged with a warning. One ID number under two names in a
      file: those rows invalid; under two phones: the first row's phone, a warning on the later rows.
    - People already registered are never edited by an import (a differing phone is a warning); new
      people are added. Areas of existing units are never changed (a differing area is a warning).
    - Blank rows: no value, only invisible marks, or only a pre-filled 证件类型/变更原因; counted apart.
    - Co-owners in one cell (、 ; / , separated, same order in name/phone/ID): first is 主产权人, shares even.
    - Totals.units_created counts valid rows creating a unit; they are also in valid (usually as new).
    - Nothing to write (every row unchanged): apply raises NothingToImport and records no batch.
    - apply writes with Core executemany (not ORM); it expires the session's Unit/Ownership/Person/
      OwnerChange objects afterwards. Audit: one entry per change (naming the ownerships it closed and
      opened), per person created, per unit/building/community created, per mapping saved, one per batch.
    - Undo leaves units it created (empty) and people it added; it needs no later change on its units
      other than by batches undone since (so batches undo newest first). Its changes carry the batch id,
      source "undo" and the reason 撤销导入.

Field names for mappings: see matching.FIELDS (unit_code, building, entrance, room, area, name, phone,
id_type, id_number, effective_date, reason, remark).
"""

from owner_portal.services.imports.apply import (
    InvalidRowsPresent, NothingToImport, NotReady, StalePreview, apply_import,
)
from owner_portal.services.imports.batches import list_batches
from owner_portal.services.imports.headers import HeaderNotFound
from owner_portal.services.imports.matching import FIELDS, ColumnMatch
from owner_portal.services.imports.pipeline import ImportOptions, InvalidMapping, Preview, SheetInfo, preview, preview_workbook
from owner_portal.services.imports.read import FileTooLarge, Sheet, UnreadableFile, Workbook, check_upload_size, read_workbook
from owner_portal.services.imports.reports import error_report_xlsx, export_roster_xlsx, template_xlsx
from owner_portal.services.imports.results import Problem, RowOutcome, Totals
from owner_portal.services.imports.undo import BatchNotFound, UndoBlocked, UndoResult, undo_batch

__all__ = [
    "FIELDS", "BatchNotFound", "ColumnMatch", "FileTooLarge", "HeaderNotFound", "ImportOptions", "InvalidMapping",
    "InvalidRowsPresent", "NothingToImport", "NotReady", "Preview", "Problem", "RowOutcome", "Sheet", "SheetInfo", "StalePreview",
    "Totals", "UndoBlocked", "UndoResult", "UnreadableFile", "Workbook", "apply_import", "check_upload_size",
    "error_report_xlsx", "export_roster_xlsx", "list_batches", "preview", "preview_workbook", "read_workbook",
    "template_xlsx", "undo_batch",
]
