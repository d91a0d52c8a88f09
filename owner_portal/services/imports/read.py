"""Bytes → sheets of cell rows. The file's bytes decide what it is, never its name.

Cells come back as str, int, float, bool, date/datetime, None (empty) or NO_RESULT (a formula
whose result was never computed). Row i of `Sheet.rows` is Excel row i + 1.
"""

import csv
import hashlib
import io
import re
import zipfile
from dataclasses import dataclass, field

from python_calamine import CalamineError, CalamineWorkbook, PasswordError, SheetVisibleEnum

from owner_portal.config import settings
from owner_portal.services.errors import DomainError
from owner_portal.services.text import clean_text


class UnreadableFile(DomainError):
    """The file is not a spreadsheet we can read; the message names what it is."""


class FileTooLarge(DomainError):
    pass


class _NoResult:
    """A formula cell saved without its computed value (files written by programs, not by Excel)."""

    def __repr__(self) -> str:
        return "NO_RESULT"


NO_RESULT = _NoResult()


@dataclass
class Sheet:
    name: str
    hidden: bool
    rows: list[list]
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)

    @property
    def row_count(self) -> int:
        """Rows holding at least one value (blank and formatted-empty rows are not rows)."""
        return sum(1 for row in self.rows if not is_blank(row))


@dataclass
class Workbook:
    filename: str
    kind: str  # "xlsx" | "xls" | "ods" | "csv"
    encoding: str | None  # CSV only: "UTF-8", "UTF-8（带 BOM）", "GBK", "GB18030", "UTF-16"
    sha256: str
    size: int
    sheets: list[Sheet]


_MAGIC = (  # what a file that is not a spreadsheet usually turns out to be
    (b"%PDF", "PDF 文档"), (b"\x89PNG", "PNG 图片"), (b"\xff\xd8\xff", "JPEG 图片"), (b"GIF8", "GIF 图片"),
    (b"Rar!", "RAR 压缩包"), (b"7z\xbc\xaf", "7z 压缩包"), (b"\x1f\x8b", "gzip 压缩包"),
)
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HTML = re.compile(rb"<\s*(!doctype\s+html|html|table|head|body|meta)\b", re.IGNORECASE)
_SAVE_AS = "请在 Excel 中打开后“另存为” .xlsx 再上传"


def check_upload_size(*, size: int) -> None:
    """The server's own limit: the browser upload has none."""
    limit = settings.max_upload_mb * 1024 * 1024
    if size > limit:
        raise FileTooLarge(f"文件大小 {size / 1024 / 1024:.1f} MB，超过上限 {settings.max_upload_mb:g} MB；"
                           "请拆分成几个文件分别导入")


def read_workbook(*, data: bytes, filename: str = "") -> Workbook:
    check_upload_size(size=len(data))
    if not data.strip():
        raise UnreadableFile(f"文件「{filename}」是空的")
    kind = _sniff(data, filename)
    encoding = None
    if kind == "csv":
        sheets, encoding = _read_csv(data, filename)
    else:
        sheets = _read_calamine(data, kind, filename)
    return Workbook(filename=filename, kind=kind, encoding=encoding,
                    sha256=hashlib.sha256(data).hexdigest(), size=len(data), sheets=sheets)


def is_blank(row: list) -> bool:
    """No value at all: empty cells, spaces, or only invisible marks (a zero-width space, a BOM)."""
    for value in row:
        if value is None or (value.__class__ is str and (not value.strip() or not clean_text(value))):
            continue
        return False
    return True


def _sniff(data: bytes, filename: str) -> str:
    head = data[:2048]
    if head.startswith(b"PK"):
        return _zip_kind(data, filename)
    if head.startswith(_OLE):
        return "xls"
    for magic, what in _MAGIC:
        if head.startswith(magic):
            raise UnreadableFile(f"文件「{filename}」是{what}，不是表格；请上传 .xlsx、.xls 或 .csv 文件")
    if _HTML.search(head):
        raise UnreadableFile(f"文件「{filename}」其实是网页（HTML）表格，只是扩展名为 .xls；{_SAVE_AS}")
    if b"urn:schemas-microsoft-com:office:spreadsheet" in head:
        raise UnreadableFile(f"文件「{filename}」是 Excel 2003 XML 表格，无法直接读取；{_SAVE_AS}")
    return "csv"


def _zip_kind(data: bytes, filename: str) -> str:
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except zipfile.BadZipFile:
        raise UnreadableFile(f"文件「{filename}」已损坏：开头像 xlsx（zip 压缩包），但内容不完整，无法打开；"
                             f"{_SAVE_AS}") from None
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "content.xml" in names and "mimetype" in names:
        return "ods"
    what = "Word 文档" if "word/document.xml" in names else (
        "PowerPoint 演示文稿" if "ppt/presentation.xml" in names else "zip 压缩包")
    raise UnreadableFile(f"文件「{filename}」是{what}，不是表格；请上传 .xlsx、.xls 或 .csv 文件")


def _read_calamine(data: bytes, kind: str, filename: str) -> list[Sheet]:
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        no_result = _formulas_without_result(data) if kind == "xlsx" else {}
        return [_calamine_sheet(book, meta, no_result.get(meta.name, ())) for meta in book.sheets_metadata]
    except PasswordError:
        raise UnreadableFile(f"文件「{filename}」设置了打开密码；请去掉密码后再上传") from None
    except (CalamineError, ValueError, zipfile.BadZipFile) as exc:
        what = "旧版 Office 文件，但不是 Excel 工作簿（可能是 Word .doc）" if kind == "xls" else "已损坏的表格文件"
        raise UnreadableFile(f"文件「{filename}」是{what}，无法读取（{type(exc).__name__}）；{_SAVE_AS}") from None


def _calamine_sheet(book, meta, no_result) -> Sheet:
    sheet = book.get_sheet_by_name(meta.name)
    # Calamine gives "" for an empty cell; most rows of a full sheet have none, and `in` looks in C.
    rows = [[None if v == "" else v for v in row] if "" in row else row
            for row in sheet.to_python(skip_empty_area=False)]
    for r, c in no_result:
        if r < len(rows) and c < len(rows[r]) and rows[r][c] is None:
            rows[r][c] = NO_RESULT
    merged = list(sheet.merged_cell_ranges or [])
    _fill_merged(rows, merged)
    return Sheet(name=meta.name, hidden=meta.visible != SheetVisibleEnum.Visible, rows=_trim(rows),
                 merged=merged)


def _fill_merged(rows: list[list], merged) -> None:
    """A value merged across cells (a building name down several rows) belongs to every cell it spans,
    except rows that are otherwise blank: a gap inside a merged block is still a blank row."""
    blank = {r for (r0, _), (r1, _) in merged for r in range(r0 + 1, min(r1, len(rows) - 1) + 1)
             if is_blank(rows[r])}
    for (r0, c0), (r1, c1) in merged:
        if r0 >= len(rows) or c0 >= len(rows[r0]):
            continue
        value = rows[r0][c0]
        for r in range(r0, min(r1, len(rows) - 1) + 1):
            if r in blank:
                continue
            row = rows[r]
            row.extend([None] * (c1 + 1 - len(row)))
            for c in range(c0, c1 + 1):
                row[c] = value


def _trim(rows: list[list]) -> list[list]:
    """Drop trailing blank rows: formatted but empty rows at the end are not rows."""
    end = len(rows)
    while end and is_blank(rows[end - 1]):
        end -= 1
    return rows[:end]


# Formula cells: <c r="E3"><f>…</f><v/></c>. Excel always stores a result; other writers may not.
_FORMULA_CELL = re.compile(rb'<c r="([A-Z]+)(\d+)"[^>]*(?<!/)>(?:(?!</c>|<c ).)*?<f[ >/](?:(?!</c>|<c ).)*?</c>', re.S)
_VALUE = re.compile(rb"<v>[^<]*</v>")  # <v></v> is a computed empty string; <v/> or none is no result
_SHEET_ENTRY = re.compile(rb'<sheet [^>]*?name="([^"]+)"[^>]*?r:id="([^"]+)"')
_REL = re.compile(rb'<Relationship [^>]*?Id="([^"]+)"[^>]*?Target="([^"]+)"|'
                  rb'<Relationship [^>]*?Target="([^"]+)"[^>]*?Id="([^"]+)"')


def _formulas_without_result(data: bytes) -> dict[str, list[tuple[int, int]]]:
    """Sheet name → (row, column) of formula cells with no stored value. Cheap unless formulas exist."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    found = {}
    for name, path in _sheet_paths(archive).items():
        xml = archive.read(path) if path in archive.namelist() else b""
        if b"<f" not in xml:
            continue
        found[name] = [(int(m.group(2)) - 1, column_index(m.group(1).decode()))
                       for m in _FORMULA_CELL.finditer(xml) if not _VALUE.search(m.group(0))]
    return found


def _sheet_paths(archive: zipfile.ZipFile) -> dict[str, str]:
    rels = {}
    for m in _REL.finditer(archive.read("xl/_rels/workbook.xml.rels")):
        rid, target = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
        target = target.decode()
        rels[rid] = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    workbook = archive.read("xl/workbook.xml")
    return {_unescape(name): rels.get(rid, "") for name, rid in _SHEET_ENTRY.findall(workbook)}


def _unescape(raw: bytes) -> str:
    text = raw.decode()
    for entity, char in (("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&apos;", "'"), ("&amp;", "&")):
        text = text.replace(entity, char)
    return text


def column_index(letters: str) -> int:
    index = 0
    for ch in letters:
        index = index * 26 + ord(ch) - 64
    return index - 1


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


# --- CSV ---------------------------------------------------------------------------------------

def _read_csv(data: bytes, filename: str) -> tuple[list[Sheet], str]:
    text, encoding = _decode(data, filename)
    delimiter = _delimiter(text[:4096])
    rows = [[cell if cell.strip() else None for cell in row]
            for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    name = filename.rsplit(".", 1)[0] or "CSV"
    return [Sheet(name=name, hidden=False, rows=_trim(rows))], encoding


def _decode(data: bytes, filename: str) -> tuple[str, str]:
    """UTF-8 (with or without BOM), UTF-16 with BOM (Excel's 'Unicode text'), else GBK/GB18030."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "UTF-8（带 BOM）"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "UTF-16"
    if b"\x00" in data[:4096]:
        raise UnreadableFile(f"文件「{filename}」是无法识别的二进制文件，不是表格；请上传 .xlsx、.xls 或 .csv 文件")
    for codec, label in (("utf-8", "UTF-8"), ("gbk", "GBK"), ("gb18030", "GB18030")):
        try:
            return data.decode(codec), label
        except UnicodeDecodeError:
            continue
    raise UnreadableFile(f"文件「{filename}」的文字编码无法识别（既不是 UTF-8 也不是 GBK）；{_SAVE_AS}")


def _delimiter(sample: str) -> str:
    """The separator found on the most lines (a title line above the header has none), then the most often."""
    lines = [line for line in sample.splitlines()[:30] if line.strip()] or [""]
    return max((",", "\t", ";"), key=lambda d: (sum(d in line for line in lines), sample.count(d)))
