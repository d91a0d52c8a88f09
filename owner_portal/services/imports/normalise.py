"""One cleaner per kind of value, then a row → its unit, owners, date and problems.

Every rule is the service layer's (names, phones, identity, dates, unit_codes, owners, units): what
lives here is only what a spreadsheet cell adds to it: number cells that lost digits or a leading 0,
formulas without a result, several co-owners in one cell.
"""

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from owner_portal.models.ownership import CO_OWNER, PRIMARY
from owner_portal.services.changes import CHANGE_REASONS
from owner_portal.services.dates import parse_date
from owner_portal.services.errors import InvalidValue
from owner_portal.services.identity import ID_CARD
from owner_portal.services.imports.matching import FIELDS, OWNER_FIELDS, UNIT_PARTS, ColumnMatch
from owner_portal.services.imports.read import NO_RESULT
from owner_portal.services.imports.results import Problem
from owner_portal.services.names import normalise_name
from owner_portal.services.owners import OwnerDetails, clean_owner_field, parse_share, split_evenly
from owner_portal.services.phones import is_mobile, looks_like_landline_without_zero, normalise_phone
from owner_portal.services.text import clean_text
from owner_portal.services.unit_codes import UnitCode, parse_building, parse_entrance, parse_room, parse_unit_code
from owner_portal.services.units import parse_area

_SCIENTIFIC = re.compile(r"^\d(?:\.\d+)?E\+?\d+$", re.IGNORECASE)
_SPACE_OR_HYPHEN = re.compile(r"[\s-]")


class Warned(str):
    """A cleaned text that comes with a warning for the clerk (the row still goes in)."""

    warning: str = ""


def cell_text(value: object) -> str:
    """A cell as the clerk saw it: number cells as whole digits (13812345678, never 1.38E+10 or .0)."""
    if value.__class__ is str:
        return value  # the common case first: what str() would give
    if value is None:
        return ""
    if value is NO_RESULT:
        return "（公式，无计算结果）"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime) and not (value.hour or value.minute or value.second):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


class Cleaner:
    """clean(value) → the value to use (raises InvalidValue); render(value) → text for a sheet."""

    field = ""

    def clean(self, value: object):
        if value is NO_RESULT:
            raise InvalidValue(self.field, "这是一个没有计算结果的公式（文件未经 Excel 保存）；请在 Excel 中打开并保存，"
                                           "或直接填写内容")
        if value.__class__ is str and "'" in value and (text := clean_text(value))[:1] == "'":
            value = text.lstrip("' ")  # '13812345678: the apostrophe people type to keep digits as text
        return self.clean_value(value)

    def clean_value(self, value: object):
        return clean_text(value) or None

    def render(self, value: object) -> str:
        return cell_text(value)


class PhoneCleaner(Cleaner):
    """Number cells become whole digits; a landline whose leading 0 Excel dropped is restored, with a warning."""

    field = "phone"

    def clean_value(self, value: object) -> str:
        text = cell_text(value).strip()
        if is_mobile(text):
            return text  # a mobile as it should be written (nearly every cell): what _repaired gives it
        return self._repaired(text)

    def _repaired(self, text: str) -> str:
        _refuse_masked(text, self.field)
        if _SCIENTIFIC.match(text):
            raise InvalidValue(self.field, f"电话显示为科学计数法「{text}」，数字已丢失；请把该列设为文本格式后重新填写")
        digits = text if text.isdigit() else _SPACE_OR_HYPHEN.sub("", text)
        if digits.isascii() and digits.isdigit() and looks_like_landline_without_zero(digits):
            restored = Warned(normalise_phone("0" + digits))
            restored.warning = f"电话 {digits} 像是丢了开头 0 的固定电话（Excel 数字格式会去掉 0），已按 {restored} 导入，请核对"
            return restored
        return text


class IdNumberCleaner(Cleaner):
    """Excel keeps 15 significant digits: an 18-digit ID typed into a number cell has lost its last ones."""

    field = "id_number"
    TRUSTED_DIGITS = 15

    def clean_value(self, value: object) -> str:
        text = cell_text(value).strip()
        _refuse_masked(text, self.field)
        lost = (isinstance(value, (int, float)) and len(text) > self.TRUSTED_DIGITS) or _SCIENTIFIC.match(text)
        if lost:
            raise InvalidValue(self.field, f"证件号码「{text}」存成了数字，Excel 只保留 15 位有效数字，后几位已丢失；"
                                           "请把该列设为文本格式，重新填写后再导入")
        return text


def _refuse_masked(text: str, field: str) -> None:
    if "*" in text:
        raise InvalidValue(field, f"「{text}」是脱敏后的号码（含 *），无法导入；请填写完整号码"
                                  "（管理员或财务导出的名册含完整号码）")


class DateCleaner(Cleaner):
    field = "effective_date"

    def clean_value(self, value: object) -> date | None:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        return parse_date(value, field=self.field)


class ReasonCleaner(Cleaner):
    field = "reason"

    def clean_value(self, value: object) -> str | None:
        reason = clean_text(value)
        if reason and reason not in CHANGE_REASONS:
            raise InvalidValue(self.field, f"变更原因「{reason}」无法识别，可选：{'、'.join(CHANGE_REASONS)}")
        return reason or None


class ShareCleaner(Cleaner):
    """Text as typed (60%、40%); a number cell formatted as a percentage holds a fraction (0.6 = 60%)."""

    field = "share"

    def clean_value(self, value: object) -> str | None:
        if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 < value <= 1:
            return f"{value * 100:g}"
        return clean_text(cell_text(value)) or None


class AreaCleaner(Cleaner):
    field = "area"

    def clean_value(self, value: object) -> float | None:
        return parse_area(value)


class _PartCleaner(Cleaner):
    """Building, entrance, room or a combined code, read by the one unit-code parser."""

    parse = staticmethod(parse_unit_code)

    def clean_value(self, value: object):
        text = value if isinstance(value, str) else cell_text(value)
        return self.parse(text) if clean_text(text) else None  # empty: the row says 不能为空


class BuildingCleaner(_PartCleaner):
    field, parse = "building", staticmethod(parse_building)


class EntranceCleaner(_PartCleaner):
    field, parse = "entrance", staticmethod(parse_entrance)


class RoomCleaner(_PartCleaner):
    field, parse = "room", staticmethod(parse_room)


class UnitCodeCleaner(_PartCleaner):
    field = "unit_code"


class NameCleaner(Cleaner):
    field = "name"


class IdTypeCleaner(Cleaner):
    field = "id_type"


CLEANERS = {c.field: c() for c in (PhoneCleaner, IdNumberCleaner, DateCleaner, ReasonCleaner, AreaCleaner, ShareCleaner,
                                   BuildingCleaner, EntranceCleaner, RoomCleaner, UnitCodeCleaner, NameCleaner,
                                   IdTypeCleaner, Cleaner)}
CLEANERS["remark"] = CLEANERS[""]
# Co-owners in one cell: 张三、李四 with 138…/139… and their IDs in the same order.
OWNER_SEPARATORS = re.compile(r"\s*[、;；/,，\n]\s*")
_SEPARATOR_CHARS = frozenset("、;；/,，\n")


@dataclass(slots=True)
class CleanRow:
    row: int
    unit: UnitCode | None = None
    owners: list[OwnerDetails] = field(default_factory=list)
    has_owner: bool = False
    effective_date: date | None = None
    reason: str | None = None
    remark: str = ""
    area: float | None = None
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    repeat_of: int | None = None  # an identical earlier row for the same unit


def clean_row(cells: list, *, row: int, columns: dict[str, ColumnMatch]) -> CleanRow:
    """One row on its own; a sheet's rows go through one RowCleaner."""
    return RowCleaner(columns)(cells, row)


# Columns whose values repeat down a sheet (every row of a building says 3栋): cleaned once per spelling.
REPEATING = frozenset({"building", "entrance", "room", "effective_date", "reason", "id_type", "area"})


class RowCleaner:
    """Cleans the rows of one sheet: every mapped cell cleaned, every problem reported with its column
    and original value. Which cleaner reads which column is worked out once, not per row (an import
    cleans 100,000 rows)."""

    def __init__(self, columns: dict[str, ColumnMatch], *, today: date | None = None):
        self.columns = columns
        self.cells = [(name, column.index, column, CLEANERS[name].clean, {} if name in REPEATING else None)
                      for name, column in columns.items()]
        self.unit_parts = ("unit_code",) if "unit_code" in columns else UNIT_PARTS
        self.owner_columns = [columns[f] for f in OWNER_FIELDS if f in columns]
        self.today = today or date.today()

    def __call__(self, cells: list, row: int) -> CleanRow:
        result = CleanRow(row)
        values, width, failed = {}, len(cells), set()
        for name, index, column, clean, memo in self.cells:
            raw = cells[index] if index < width else None
            if memo is None:
                value, error = _clean_cell(clean, raw)
            else:
                key = raw if raw.__class__ is str else (raw.__class__, raw)  # 1, 1.0 and True are equal keys
                cached = memo.get(key)
                if cached is None:
                    cached = memo[key] = _clean_cell(clean, raw)
                value, error = cached
            values[name] = value
            if error is not None:
                failed.add(name)
                _report(result.problems, row, column, raw, error)
            elif value.__class__ is Warned:
                _report(result.warnings, row, column, raw, value.warning)
        result.unit = self._unit(values, failed, result)
        result.area, result.reason = values.get("area"), values.get("reason")
        result.effective_date, result.remark = values.get("effective_date"), values.get("remark") or ""
        result.has_owner = self._has_owner(values, cells)
        if result.has_owner and failed.isdisjoint(OWNER_FIELDS):
            result.owners = self._owners(values, cells, result)
        return result

    def _unit(self, values: dict, failed: set, result: CleanRow) -> UnitCode | None:
        """The combined code if that column is mapped, else building + entrance + room."""
        parts = self.unit_parts
        found = [values.get(part) for part in parts]
        if None not in found:
            return UnitCode(*found) if parts == UNIT_PARTS else found[0]
        for part, value in zip(parts, found):
            if value is None and part not in failed:
                _report(result.problems, result.row, self.columns[part], None, f"{FIELDS[part]}不能为空")
        return None

    def _has_owner(self, values: dict, cells: list) -> bool:
        """A cleaned owner value, or an owner cell that holds anything (even what failed to clean)."""
        for f in OWNER_FIELDS:
            if values.get(f):
                return True
        width = len(cells)
        return any(c.index < width and cell_text(cells[c.index]).strip() for c in self.owner_columns)

    def _owners(self, values: dict, cells: list, result: CleanRow) -> list[OwnerDetails]:
        """One owner per name; phones, IDs and shares listed in the same order. The first is 主产权人."""
        columns = self.columns
        lists = [_split(values.get(f)) for f in OWNER_FIELDS]
        count = len(lists[0])
        if len(lists[1]) != count or len(lists[2]) != count:
            if _report_bad_name(lists[0], columns["name"], cells, result):
                return []  # '=HYPERLINK("a","b")' is a bad name, not two owners
            detail = "，".join(f"{columns[f].header or f} {len(v)} 个" for f, v in zip(OWNER_FIELDS, lists))
            _report(result.problems, result.row, columns["name"], cells[columns["name"].index],
                    f"共有人的姓名、电话、证件号码个数不一致（{detail}）；请用“、”分隔，并一一对应")
            return []
        shares = self._shares(values.get("share"), count, cells, result)
        if shares is None:
            return []
        id_type = values.get("id_type") or ID_CARD
        owners = []
        for i, (name, phone, id_number) in enumerate(zip(*lists)):
            owner, errors = _clean_owner(name, phone, id_type, id_number, role=PRIMARY if i == 0 else CO_OWNER,
                                         share_bp=shares[i], today=self.today)
            if owner is not None:
                owners.append(owner)
                continue
            prefix = f"第 {i + 1} 位业主：" if len(shares) > 1 else ""
            for field_name, message in errors.items():
                column = columns.get(field_name) or columns["name"]
                _report(result.problems, result.row, column, cells[column.index], prefix + message)
        return owners if len(owners) == len(shares) else []

    def _shares(self, text: str | None, count: int, cells: list, result: CleanRow) -> list[int] | None:
        """The 份额 column in owner order (60%、40%), or even shares when it is empty or not mapped."""
        if not text:
            return split_evenly(count)
        column = self.columns["share"]
        parts = _split(text)
        if len(parts) != count:
            _report(result.problems, result.row, column, cells[column.index],
                    f"份额有 {len(parts)} 个，业主有 {count} 位；请用“、”分隔，与姓名一一对应")
            return None
        try:
            return [parse_share(part) for part in parts]
        except InvalidValue as exc:
            _report(result.problems, result.row, column, cells[column.index], exc.message)
            return None



def _clean_cell(clean, raw: object) -> tuple[object, str | None]:
    try:
        return clean(raw), None
    except InvalidValue as exc:
        return None, exc.message


def _clean_owner(name, phone, id_type, id_number, *, role: str, share_bp: int,
                 today: date) -> tuple[OwnerDetails | None, dict]:
    """The owner, or None and each field's error. Nearly every owner is valid: its fields are cleaned
    straight into it, and only a refusal goes the way that collects every field's error."""
    try:
        cleaned_type = clean_owner_field("id_type", id_type)
        return OwnerDetails(clean_owner_field("name", name), clean_owner_field("phone", phone), cleaned_type,
                            clean_owner_field("id_number", id_number, id_type=cleaned_type, today=today),
                            role=role, share_bp=share_bp), {}
    except InvalidValue:
        return None, _clean_owner_fields(name, phone, id_type, id_number, today=today)[1]


def _clean_owner_fields(name, phone, id_type, id_number, *, today: date) -> tuple[dict, dict]:
    """The form's own rule for each owner field a sheet holds (owners.clean_owner_field), all errors at once."""
    cleaned, errors = {}, {}
    for field_name, value in (("name", name), ("phone", phone), ("id_type", id_type), ("id_number", id_number)):
        try:
            cleaned[field_name] = clean_owner_field(field_name, value, id_type=cleaned.get("id_type", ID_CARD),
                                                    today=today)
        except InvalidValue as exc:
            errors[field_name] = exc.message
    return cleaned, errors


def _report_bad_name(names: list[str], column: ColumnMatch, cells: list, result: CleanRow) -> bool:
    for name in names:
        try:
            normalise_name(name)
        except InvalidValue as exc:
            _report(result.problems, result.row, column, cells[column.index], exc.message)
            return True
    return False


def _split(value: object) -> list[str]:
    if value is None:
        return [""]
    if value.__class__ is Warned:
        return [value]  # a repaired landline is one number
    if value.__class__ is not str:
        return [str(value)]
    if _SEPARATOR_CHARS.isdisjoint(value):
        return [value.strip(" ")]  # one owner (nearly every row): what the split below would give
    return OWNER_SEPARATORS.split(value.strip(" 、;；/,，"))


def _report(problems: list[Problem], row: int, column: ColumnMatch, raw: object, reason: str) -> None:
    problems.append(Problem(row=row, column=column.header or column.letter, value=cell_text(raw), reason=reason,
                            field=column.field or "", letter=column.letter))
