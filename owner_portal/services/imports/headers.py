"""Finding the header row below title rows, notes and blank rows; reading its texts."""

from owner_portal.services.errors import DomainError
from owner_portal.services.imports.matching import header_score
from owner_portal.services.imports.read import Sheet
from owner_portal.services.text import clean_text

SEARCH_ROWS = 20
MIN_FIELDS = 2  # a row naming fewer of our fields is a title or a note, not a header


class HeaderNotFound(DomainError):
    pass


def find_header_row(sheet: Sheet) -> int | None:
    """0-based index of the row naming the most fields within the first 20 rows; ties go to the upper row."""
    best, best_score = None, MIN_FIELDS - 1
    for index, row in enumerate(sheet.rows[:SEARCH_ROWS]):
        score = header_score(row)
        if score > best_score:
            best, best_score = index, score
    return best


def best_sheet(sheets: list[Sheet]) -> Sheet | None:
    """The visible sheet whose headers best match our fields; a hidden one only if no visible one does."""
    scored = [(not s.hidden, _score(s), -i, s) for i, s in enumerate(sheets)]
    scored = [t for t in scored if t[1] >= MIN_FIELDS]
    return max(scored, key=lambda t: t[:3])[3] if scored else None


def _score(sheet: Sheet) -> int:
    index = find_header_row(sheet)
    return header_score(sheet.rows[index]) if index is not None else 0


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
    (merged cells were already filled by the reader); line breaks and runs of spaces become one space."""
    width = max((len(r) for r in sheet.rows[index:index + 200]), default=0)
    row = sheet.rows[index] + [None] * (width - len(sheet.rows[index]))
    above = sheet.rows[index - 1] if index > 0 else []
    texts = []
    for c, value in enumerate(row):
        if _empty(value) and c < len(above) and not _empty(above[c]):
            value = above[c]
        texts.append(" ".join(clean_text(value).split()))
    return texts


def _empty(value) -> bool:
    return value is None or not clean_text(value)
