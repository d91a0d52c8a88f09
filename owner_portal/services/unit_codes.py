"""Unit codes: what clerks type and what sheets hold → building / entrance / room. One parser."""

import re
from dataclasses import dataclass

from owner_portal.services.errors import InvalidValue
from owner_portal.services.text import clean_text, remove_spaces

_CN_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_BUILDING_MARK = r"(?:号楼|栋|幢|座|楼|号|#)"
# All of them: 第NO.3 left as NO3 would read as building NO3 once, then as 3.
_PREFIX = re.compile(r"^(?:(?:bldg\.?|building|block|blk\.?|no\.?|第)\s*)+", re.IGNORECASE)
_BUILDING = re.compile(rf"^([A-Z0-9]{{1,6}}?)\s*{_BUILDING_MARK}?$")
_ENTRANCE = re.compile(r"^([A-Z0-9]{1,4}?)\s*(?:单元|门|unit|entrance)?$", re.IGNORECASE)
_ROOM = re.compile(r"^([A-Z]?\d{3,5})\s*(?:室|号|房)?$", re.ASCII)  # ASCII: no Arabic-Indic digits
# 3栋2单元1501室 / 3号楼2单元1501 / 3#2单元1501 / 3幢2-1501
_WORDY = re.compile(rf"^([A-Z0-9]{{1,6}}?){_BUILDING_MARK}-?([A-Z0-9]{{1,4}}?)(?:单元|-)-?([A-Z]?\d{{3,5}})(?:室|号|房)?$",
                    re.ASCII)
_DASHED = re.compile(r"^([A-Z0-9]{1,6})-([A-Z0-9]{1,4})-([A-Z]?\d{3,5})(?:室|号|房)?$", re.ASCII)
_CN_TENS = re.compile(r"([一二两三四五六七八九]?)十([一二三四五六七八九]?)")


# "3 2 1501" and "3—2—1501" are how people type 3-2-1501 when the hyphen key is not at hand.
_SPACED = re.compile(r"^\s*[0-9A-Za-z]{1,6}(?:\s+[0-9A-Za-z]{1,5}){2}\s*$")
_DASHES = re.compile(r"\s*[‐‑‒–—―_/\\]+\s*")


@dataclass(frozen=True, order=True)
class UnitCode:
    building: str
    entrance: str
    room: str

    @property
    def floor(self) -> int:
        return floor_of(self.room)

    def __str__(self) -> str:
        return f"{self.building}-{self.entrance}-{self.room}"


def parse_unit_code(value: object, *, field: str = "unit_code") -> UnitCode:
    """'3-2-1501', '3栋2单元1501室', '3号楼2单元1501', '3#2单元1501' → UnitCode('3', '2', '1501')."""
    text = clean_text(value)
    text = "-".join(text.split()) if _SPACED.match(text) else text
    text = _to_digits(_DASHES.sub("-", text).upper())
    text = _PREFIX.sub("", remove_spaces(text))
    match = _DASHED.match(text) or _WORDY.match(text)
    if not match:
        raise InvalidValue(field, f"房号「{clean_text(value)}」无法识别，请写成 楼栋-单元-房号，如 3-2-1501 或 3栋2单元1501室")
    building, entrance, room = match.groups()
    return UnitCode(_strip_zeros(building), _strip_zeros(entrance), _room(room))


def parse_building(value: object, *, field: str = "building") -> str:
    return _part(value, _BUILDING, field, "楼栋", "3、3栋、3号楼、3#")


def parse_entrance(value: object, *, field: str = "entrance") -> str:
    return _part(value, _ENTRANCE, field, "单元", "2、2单元、二单元")


def parse_room(value: object, *, field: str = "room") -> str:
    text = _to_digits(remove_spaces(clean_text(_whole_number(value))).upper())
    match = _ROOM.match(text)
    if not match:
        raise InvalidValue(field, f"房号「{clean_text(value)}」无法识别，应为 3–5 位数字，如 1501")
    return _room(match.group(1))


def floor_of(room: str) -> int:
    """1501 → 15, 302 → 3: the last two digits number the flat on its floor."""
    digits = re.sub(r"\D", "", room)
    return int(digits[:-2] or 0)


def _part(value: object, pattern: re.Pattern, field: str, label: str, example: str) -> str:
    text = _PREFIX.sub("", _to_digits(remove_spaces(clean_text(_whole_number(value))).upper()))
    match = pattern.match(text)
    if not match or not match.group(1):
        raise InvalidValue(field, f"{label}「{clean_text(value)}」无法识别，可写成 {example}")
    return _strip_zeros(match.group(1))


def _whole_number(value: object) -> object:
    """A number cell holding 2.0 means '2'."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _to_digits(text: str) -> str:
    """Chinese numerals for small numbers (二单元, 十二栋) → digits."""
    def convert(match: re.Match) -> str:
        word = match.group(0)
        if "十" not in word:
            return "".join(str(_CN_DIGITS[ch]) for ch in word)
        tens = _CN_TENS.fullmatch(word)
        if not tens:
            return word  # 十十, 三三十: no number; left as it is for the parser to refuse
        return str(_CN_DIGITS.get(tens.group(1), 1) * 10 + _CN_DIGITS.get(tens.group(2), 0))
    return re.sub(r"[一二两三四五六七八九十]+", convert, text)


def _room(room: str) -> str:
    """0302 is room 302 (floor 3): zeros that pad a room number are dropped while 3 digits remain."""
    short = room.lstrip("0")
    return short if len(short) >= 3 and short.isdigit() else room


def _strip_zeros(part: str) -> str:
    return part.lstrip("0") or "0" if part.isdigit() else part
