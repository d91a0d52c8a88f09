"""Columns → fields: normalised exact header, then synonyms, then keywords in longer headers, then the
shape of the values. No edit distance: 电话 and 单价 are one character apart and mean nothing alike."""

import hashlib
import json
import re
from collections import Counter
from dataclasses import dataclass, field

from owner_portal.services.errors import InvalidValue
from owner_portal.services.identity import id_check_digit
from owner_portal.services.imports.read import column_letter
from owner_portal.services.text import clean_text
from owner_portal.services.unit_codes import parse_unit_code

FIELDS = {
    "unit_code": "房屋编号", "building": "楼栋", "entrance": "单元", "room": "房号", "area": "建筑面积",
    "name": "业主姓名", "phone": "联系电话", "id_type": "证件类型", "id_number": "证件号码",
    "effective_date": "生效日期", "reason": "变更原因", "remark": "备注", "share": "份额",
}
UNIT_PARTS = ("building", "entrance", "room")
OWNER_FIELDS = ("name", "phone", "id_number")
IGNORE = None

# Normalised spellings (see normalise_header): lower case, no spaces, brackets or marks.
SYNONYMS = {
    "unit_code": ("房屋编号", "房号全称", "房屋代码", "房产编号", "完整房号", "房屋号", "房屋", "unitcode", "unitno", "unit"),
    "building": ("楼栋", "楼号", "栋", "栋号", "幢", "幢号", "楼宇", "楼栋号", "楼", "座", "building", "bldg", "block",
                 "tower"),
    "entrance": ("单元", "单元号", "门", "entrance", "stair"),
    "room": ("房号", "室号", "房间号", "门牌号", "户号", "房间", "室", "room", "roomno", "roomnumber", "flat", "flatno"),
    "area": ("建筑面积", "面积", "产权面积", "area", "grossarea", "floorarea"),
    "name": ("姓名", "业主姓名", "业主", "产权人", "户主", "业主名称", "产权人姓名", "购房人", "新业主", "新业主姓名",
             "owner", "ownername", "name", "fullname"),
    "phone": ("手机", "手机号", "手机号码", "联系电话", "电话", "电话号码", "联系方式", "mobile", "phone", "tel",
              "telephone", "mobilephone", "contact"),
    "id_type": ("证件类型", "证件种类", "idtype", "documenttype"),
    "id_number": ("身份证", "身份证号", "身份证号码", "证件号", "证件号码", "idnumber", "idno", "idcard", "id"),
    "effective_date": ("入住日期", "交房日期", "过户日期", "生效日期", "变更日期", "交付日期", "日期", "transferdate",
                       "date", "effectivedate", "moveindate"),
    "reason": ("变更原因", "原因", "reason"),
    "remark": ("备注", "说明", "remark", "remarks", "note", "notes"),
    "share": ("份额", "产权份额", "占有份额", "共有份额", "产权比例", "share", "shares"),
}
_BY_SYNONYM = {name: f for f, names in SYNONYMS.items() for name in names}
# Inside longer headers (业主身份证号码, 新业主联系电话): a keyword decides, unless a word says it is
# somebody else's (紧急联系人电话) or not the value itself.
KEYWORDS = (("身份证", "id_number"), ("证件号", "id_number"), ("证件类型", "id_type"), ("手机", "phone"),
            ("电话", "phone"), ("房屋编号", "unit_code"), ("房号全称", "unit_code"), ("姓名", "name"),
            ("产权人", "name"), ("面积", "area"), ("日期", "effective_date"), ("楼栋", "building"),
            ("单元", "entrance"), ("房号", "room"), ("原因", "reason"), ("备注", "remark"), ("份额", "share"))
NOT_THE_OWNER = ("紧急", "联系人", "原业主", "旧业主", "前业主", "代理", "经办", "备用")
_HINTS = re.compile(r"\([^)]*\)|\[[^\]]*\]|【[^】]*】|<[^>]*>|〔[^〕]*〕")
_MARKS = re.compile(r"[^0-9a-z\u4e00-\u9fff]")


@dataclass
class ColumnMatch:
    index: int
    letter: str
    header: str
    samples: list[str] = field(default_factory=list)
    suggested: str | None = None  # what we would choose on our own
    field: str | None = None  # what will be used (suggested, remembered or chosen by the user)
    how: str = ""  # exact | synonym | keyword | shape | remembered | user


def normalise_header(text: object) -> str:
    """'手机号（必填）' → '手机号'; '身份证号\\n(18位)*' → '身份证号'; 'Room No.' → 'roomno'."""
    cleaned = _HINTS.sub("", clean_text(text).lower())
    return _MARKS.sub("", cleaned)


def field_for_header(header: object) -> tuple[str | None, str]:
    """The field a header names on its own, and how we know ('' when it names none)."""
    key = normalise_header(header)
    if not key:
        return None, ""
    if key in _BY_SYNONYM:
        return _BY_SYNONYM[key], "exact" if key == normalise_header(FIELDS[_BY_SYNONYM[key]]) else "synonym"
    if len(key) >= 3 and not any(word in key for word in NOT_THE_OWNER):
        for word, field_name in KEYWORDS:
            if word in key:
                return field_name, "keyword"
    return None, ""


def header_score(row: list) -> int:
    """How many distinct fields a row's cells name: the header row is the row that names the most."""
    return len({f for f, _ in map(field_for_header, (v for v in row if isinstance(v, str))) if f})


def match_columns(headers: list[str], samples: list[list[str]]) -> list[ColumnMatch]:
    """Suggest a field for every column; each field goes to one column at most (the surest, then leftmost)."""
    columns = [ColumnMatch(index=i, letter=column_letter(i), header=h, samples=samples[i][:3])
               for i, h in enumerate(headers)]
    rank = {"exact": 0, "synonym": 1, "keyword": 2}
    found = sorted(((rank[how], c.index, f, how) for c in columns
                    for f, how in [field_for_header(c.header)] if f), key=lambda t: t[:2])
    for _rank, index, field_name, how in found:
        _claim(columns[index], field_name, how, columns)
    for column in columns:
        if column.field is None:
            _claim(column, _field_by_shape(samples[column.index]), "shape", columns)
    for column in columns:
        column.suggested = column.field
    return columns


def _claim(column: ColumnMatch, field_name: str | None, how: str, columns: list[ColumnMatch]) -> None:
    if field_name and column.field is None and all(c.field != field_name for c in columns):
        column.field, column.how = field_name, how


def _field_by_shape(values: list[str]) -> str | None:
    """Unnamed columns: 18-character IDs with a right check digit, 11-digit mobiles, 3-2-1501 codes."""
    values = [clean_text(v) for v in values if clean_text(v)]
    if not values:
        return None
    for field_name, test in (("id_number", _looks_like_id), ("phone", _looks_like_mobile),
                             ("unit_code", _looks_like_unit_code)):
        if sum(map(test, values)) >= max(1, 0.8 * len(values)):
            return field_name
    return None


def _looks_like_id(value: str) -> bool:
    return bool(re.fullmatch(r"\d{17}[\dXx]", value)) and id_check_digit(value[:17]) == value[17].upper()


def _looks_like_mobile(value: str) -> bool:
    return bool(re.fullmatch(r"1[3-9]\d{9}", value))


def _looks_like_unit_code(value: str) -> bool:
    try:
        parse_unit_code(value)
    except InvalidValue:
        return False
    return True


def apply_mapping(columns: list[ColumnMatch], mapping: dict[str, str | None], *, how: str) -> list[str]:
    """Override fields by header text or column letter. Returns messages for keys or fields we do not know."""
    problems = []
    for key, field_name in mapping.items():
        column = _find_column(columns, key)
        field_name = field_name or None
        twins = [c.letter for c in columns if c.header and normalise_header(c.header) == normalise_header(key)]
        if len(twins) > 1 and column.letter != key.strip().upper():
            problems.append(f"表中有 {len(twins)} 列名为「{key}」（{'、'.join(twins)} 列），请用列字母指定，如 {twins[-1]}")
        elif column is None:
            problems.append(f"表中没有名为「{key}」的列，现有列：{'、'.join(c.header for c in columns if c.header)}")
        elif field_name not in (*FIELDS, None, "ignore"):
            problems.append(f"「{field_name}」不是可导入的字段，可选：{'、'.join(FIELDS)}")
        else:
            field_name = None if field_name == "ignore" else field_name
            for other in columns:
                if field_name and other.field == field_name:
                    other.field, other.how = None, ""
            column.field, column.how = field_name, how
    return problems


def _find_column(columns: list[ColumnMatch], key: str) -> ColumnMatch | None:
    wanted = normalise_header(key)
    by_header = [c for c in columns if c.header == key or (wanted and normalise_header(c.header) == wanted)]
    if len(by_header) == 1:
        return by_header[0]
    return next((c for c in columns if c.letter == key.strip().upper()), by_header[0] if by_header else None)


def missing_fields(columns: list[ColumnMatch]) -> list[str]:
    """Required fields nobody mapped, as labels: the unit (code, or building + entrance + room) and the owner."""
    mapped = {c.field for c in columns}
    missing = [FIELDS[f] for f in OWNER_FIELDS if f not in mapped]
    if "unit_code" not in mapped:
        missing = [FIELDS[f] for f in UNIT_PARTS if f not in mapped] + missing
    return missing


def mapping_of(columns: list[ColumnMatch]) -> dict[str, str]:
    """{header: field} for what is used; keyed by the column letter where the header is empty or shared
    by several columns (two 姓名 columns: which one was meant must survive being remembered)."""
    counts = Counter(normalise_header(c.header) for c in columns)
    return {(c.header if c.header and counts[normalise_header(c.header)] == 1 else c.letter): c.field
            for c in columns if c.field}


def layout_key(headers: list[str]) -> str:
    """The same header layout, however the cells were spelt, gives the same key."""
    normalised = [normalise_header(h) for h in headers]
    return hashlib.sha256(json.dumps(normalised, ensure_ascii=False).encode()).hexdigest()
