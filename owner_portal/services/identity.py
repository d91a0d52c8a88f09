"""ID documents: types, GB 11643 check digits, shape checks, masking."""

import operator
import re
from datetime import date

from owner_portal.services.errors import InvalidValue
from owner_portal.services.text import clean_text, remove_spaces

ID_CARD = "居民身份证"
ID_TYPES = (ID_CARD, "港澳台通行证", "护照", "其他")

_CANONICAL_TYPES = {t: t for t in ID_TYPES}
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
# re.ASCII: \d alone would also take Arabic-Indic and other digits, which NFKC leaves as they are.
_ID_CARD_18 = re.compile(r"\d{17}[\dX]", re.ASCII)
_ID_CARD_15 = re.compile(r"\d{15}", re.ASCII)
_CHECK_CHARS = "10X98765432"
_SHAPES = {
    # 港澳居民来往内地通行证 H/M + 8 or 10 digits; 台湾居民来往大陆通行证 8 or 10 digits.
    "港澳台通行证": (re.compile(r"^([HM]\d{8}(\d{2})?|\d{8}(\d{2})?)$", re.ASCII), "应为 H/M 开头加 8 位数字，或 8 位数字"),
    "护照": (re.compile(r"^[A-Z0-9]{5,17}$"), "应为 5–17 位字母或数字"),
    "其他": (re.compile(r"^[A-Z0-9-]{2,30}$"), "应为 2–30 位字母、数字或连字符"),
}


def normalise_id_type(value: object, *, field: str = "id_type") -> str:
    if isinstance(value, str) and value in _CANONICAL_TYPES:
        return _CANONICAL_TYPES[value]  # already clean: every ID number of a sheet checks its type again
    text = clean_text(value) or ID_CARD
    aliases = {"身份证": ID_CARD, "id card": ID_CARD, "passport": "护照", "通行证": "港澳台通行证"}
    text = aliases.get(text.lower(), text)
    if text not in ID_TYPES:
        raise InvalidValue(field, f"证件类型「{text}」无法识别，可选：{'、'.join(ID_TYPES)}")
    return text


def normalise_id_number(value: object, id_type: str = ID_CARD, *, today: date | None = None,
                        field: str = "id_number") -> str:
    """Upper-case, spaces removed, then checked for its type. Raises InvalidValue with the reason."""
    number = remove_spaces(clean_text(value)).upper()
    if not number:
        raise InvalidValue(field, "证件号码不能为空")
    id_type = normalise_id_type(id_type)
    if id_type == ID_CARD:
        _check_id_card(number, today or date.today(), field)
        return number
    pattern, hint = _SHAPES[id_type]
    if not pattern.match(number):
        raise InvalidValue(field, f"{id_type}号码「{number}」格式不对，{hint}")
    return number


def id_check_digit(first17: str) -> str:
    if len(first17) == 17 and first17.isascii() and first17.isdigit():
        # The weights are 2^17 … 2^1 mod 11 and 13 ≡ 2 (mod 11): the digits read in base 13, doubled, give
        # the same sum mod 11, in one C call (an import checks 100,000).
        return _CHECK_CHARS[2 * int(first17, 13) % 11]
    return _weighted_check_digit(first17)


def _weighted_check_digit(first17: str) -> str:
    """GB 11643 as written: each digit times its weight. id_check_digit's shortcut must agree with it."""
    return _CHECK_CHARS[sum(map(operator.mul, map(int, first17), _WEIGHTS)) % 11]


def _check_id_card(number: str, today: date, field: str) -> None:
    if _ID_CARD_18.fullmatch(number):
        _check_birth(number[6:14], today, field)
        expected = id_check_digit(number[:17])
        if number[17] != expected:
            raise InvalidValue(field, f"身份证号校验位错误：最后一位应为 {expected}，实际为 {number[17]}")
    elif _ID_CARD_15.fullmatch(number):
        _check_birth("19" + number[6:12], today, field)
    elif len(number) in (15, 18):
        raise InvalidValue(field, f"身份证号「{number}」只能含数字（18 位的最后一位可为 X）")
    else:
        raise InvalidValue(field, f"身份证号应为 18 位（或旧版 15 位），现为 {len(number)} 位")


def _check_birth(yyyymmdd: str, today: date, field: str) -> None:
    try:
        born = date.fromisoformat(yyyymmdd)  # 8 ASCII digits (the callers' patterns): ISO 8601's YYYYMMDD
    except ValueError:
        raise InvalidValue(field, f"身份证号中的出生日期 {yyyymmdd} 不存在") from None
    if born > today or born.year < 1900:
        raise InvalidValue(field, f"身份证号中的出生日期 {born.isoformat()} 不合理")


def mask_id(number: str | None) -> str:
    """110105199001011234 → 110105********1234; short numbers keep only their ends."""
    if not number:
        return ""
    if len(number) >= 15:
        return number[:6] + "*" * (len(number) - 10) + number[-4:]
    keep = len(number) // 4
    if not keep:
        return "*" * len(number)
    return number[:keep] + "*" * (len(number) - 2 * keep) + number[-keep:]
