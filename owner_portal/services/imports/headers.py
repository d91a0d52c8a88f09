"""Finding the header row below title rows, notes and blank rows; reading its texts."""

from owner_portal.services.errors import DomainError
from owner_portal.services.imports.matching import header_score
from owner_portal.services.imports.read import Sheet, is_blank
from owner_portal.services.text import clean_text

SEARCH_ROWS = 20
MIN_FIELDS = 2  # a row naming fewer of our fields is a title or a note, not a header


class HeaderNotFound(DomainError):
    pass


def find_header_row(sheet: Sheet) -> int | None:
    """0-based index of the row naming the most fields within the first 20 rows; ties go to the upper row.
    Each row is read as a header would be (with the group headings above it): the lower row of a
    two-level header names the fields, its upper row only groups them."""
    best, best_score = None, MIN_FIELDS - 1
    for index in range(min(SEARCH_ROWS, len(sheet.rows))):
        score = header_score(header_texts(sheet, index))
        if score > best_score:
            best, best_score = index, score
    return best


def best_sheet(sheets: list[Sheet], *, excel_row: int | None = None) -> Sheet | None:
    """The visible sheet whose headers best match our fields, one holding data before an empty template;
    a hidden one only if no visible one does. With `excel_row`, each sheet is judged by that row."""
    scored = []
    for i, sheet in enumerate(sheets):
        index = excel_row - 1 if excel_row is not None else find_header_row(sheet)
        if index is None or not 0 <= index < len(sheet.rows):
            continue
        score = header_score(header_texts(sheet, index))
        if score >= MIN_FIELDS:
            scored.append((not sheet.hidden, _has_data(sheet, index), score, -i, sheet))
    return max(scored, key=lambda t: t[:4])[4] if scored else None


def other_data_sheets(sheets: list[Sheet], chosen: Sheet) -> list[Sheet]:
    """Other visible sheets that look like owner lists holding data: a workbook of one sheet per building."""
    found = []
    for sheet in sheets:
        index = None if sheet is chosen or sheet.hidden else find_header_row(sheet)
        if index is not None and _has_data(sheet, index):
            found.append(sheet)
    return found


def _has_data(sheet: Sheet, index: int) -> bool:
    return any(not is_blank(row) for row in sheet.rows[index + 1:])


def header_index(sheet: Sheet, *, excel_row: int | None) -> int:
    """The header row chosen by the user (Excel numbering) or found; HeaderNotFound says what to do."""
    if excel_row is not None:
        if not 1 <= excel_row <= len(sheet.rows):
            raise HeaderNotFound(f"表头行应在第 1–{len(sheet.rows)} 行之间，现为第 {excel_row} 行")
        return excel_row - 1
    index = find_header_row(sheet)
    if index is None:
        raise HeaderNotFound(f"在工作表「{sheet.name}」的前 {SEARCH_ROWS} 行中找不到表头（如 楼栋、房号、业主姓名、"
                             "联系电话、身份证号）；请指定表头所在的行")
    return index


def header_texts(sheet: Sheet, index: int) -> list[str]:
    """Texts of the header row, one per column. Two-level headers: an empty cell takes the text above it
    (merged cells were already filled by the reader), and a group heading merged across some columns
    above (原业主 | 新业主) goes before each text under it: 新业主 姓名 is not 原业主 姓名. Line breaks and
    runs of spaces become one space."""
    width = max((len(r) for r in sheet.rows[index:index + 200]), default=0)
    row = sheet.rows[index] + [None] * (width - len(sheet.rows[index]))
    above = sheet.rows[index - 1] if index > 0 else []
    groups = _group_headings(sheet, index, row)
    texts = []
    for c, value in enumerate(row):
        text = _text(value)
        if not text and c < len(above):
            text = _text(above[c])
        elif text and groups.get(c) and groups[c] != text:
            text = f"{groups[c]} {text}"
        texts.append(text)
    return texts


def _group_headings(sheet: Sheet, index: int, row: list) -> dict[int, str]:
    """Column → the heading merged across it in the row above, for merges of two or more columns that
    do not span the whole header (that would be the sheet's title)."""
    filled = [c for c, v in enumerate(row) if _text(v)]
    if index == 0 or not filled:
        return {}
    groups = {}
    for (r0, c0), (r1, c1) in sheet.merged:
        if r0 <= index - 1 <= r1 < index and c1 > c0 and not (c0 <= filled[0] and c1 >= filled[-1]):
            text = _text(sheet.rows[r0][c0] if c0 < len(sheet.rows[r0]) else None)
            groups.update({c: text for c in range(c0, c1 + 1)})
    return groups


def _text(value) -> str:
    return " ".join(clean_text(value).split())
