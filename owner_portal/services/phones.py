"""Phone numbers: one normal form for mobiles and landlines, formatting and masking."""

import re

from owner_portal.services.errors import InvalidValue
from owner_portal.services.text import clean_text

# re.ASCII: \d alone would also take Arabic-Indic and other digits, which NFKC leaves as they are.
_MOBILE = re.compile(r"^1[3-9]\d{9}$", re.ASCII)
# Area code 010/02x (3 digits) or 0xxx (4 digits); local number 7–8 digits.
_LANDLINE = re.compile(r"^(0(?:10|2\d|[3-9]\d{2}))(\d{7,8})$", re.ASCII)
_EXTENSION = re.compile(r"(?:转|分机|ext\.?|x|#)\s*(\d{1,6})$", re.IGNORECASE | re.ASCII)
# Our own normal form, 010-65597993-12: the last hyphen there stands for 转.
_NORMAL_EXTENSION = re.compile(r"^(0\d{2,3}-\d{7,8})-(\d{1,6})$", re.ASCII)
_COUNTRY_PREFIX = re.compile(r"^(?:\+|00)?86(?=\d{9,})", re.ASCII)
_SEPARATORS = re.compile(r"[\s\-()（）.]")


def normalise_phone(value: object, *, field: str = "phone") -> str:
    """'+86 138-1234-5678' → '13812345678'; '010 6559 7993 转 12' → '010-65597993-12'."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a number cell: 13812345678.0
    text = clean_text(value)
    if not text:
        raise InvalidValue(field, "电话不能为空")
    if is_mobile(text):
        return text  # already normal (nearly every row of a sheet): no extension, country code or separators
    text, extension = _split_extension(text)
    digits, international = _strip_country_code(_SEPARATORS.sub("", text))
    if international and looks_like_landline_without_zero(digits):
        digits = "0" + digits  # +86 10 6559 7993: the trunk 0 is dropped after a country code
    if not (digits.isascii() and digits.isdigit()):
        raise InvalidValue(field, f"电话「{clean_text(value)}」含有非数字字符")
    if is_mobile(digits):
        if extension:
            raise InvalidValue(field, f"手机号 {digits} 不能带分机号，请去掉“转{extension}”")
        return digits
    landline = _LANDLINE.match(digits)
    if landline:
        number = f"{landline.group(1)}-{landline.group(2)}"
        return f"{number}-{extension}" if extension else number
    raise InvalidValue(field, _explain(digits))


def _strip_country_code(digits: str) -> tuple[str, bool]:
    stripped = _COUNTRY_PREFIX.sub("", digits)
    return stripped, stripped != digits


def _split_extension(text: str) -> tuple[str, str]:
    match = _NORMAL_EXTENSION.match(text)
    if match:
        return match.group(1), match.group(2)
    match = _EXTENSION.search(text)
    if not match:
        return text, ""
    return text[: match.start()], match.group(1)


def _explain(digits: str) -> str:
    if digits[:3] in ("400", "800") and len(digits) == 10:
        return f"{digits[:3]} 开头的是企业客服号码，请填写业主本人的手机或固定电话"
    if looks_like_landline_without_zero(digits):
        return f"电话 {digits} 像是丢了开头 0 的固定电话（Excel 数字格式会去掉 0），请补上区号前的 0"
    if digits.startswith("1") and len(digits) != 11:
        return f"手机号应为 11 位，现为 {len(digits)} 位（{digits}）"
    return f"电话号码 {digits} 既不是手机号（1 开头 11 位），也不是带区号的固定电话"


def is_mobile(text: str) -> bool:
    """A mobile number in its normal form: 11 ASCII digits, 13… to 19…"""
    return _MOBILE.fullmatch(text) is not None


def looks_like_landline_without_zero(digits: str) -> bool:
    """Excel drops the leading 0 of a landline typed into a number cell: 1065597993."""
    return not is_mobile(digits) and bool(_LANDLINE.match("0" + digits))  # mobiles (most) fail first


def format_phone(phone: str | None) -> str:
    if phone and _MOBILE.match(phone):
        return f"{phone[:3]} {phone[3:7]} {phone[7:]}"
    return phone or ""


def mask_phone(phone: str | None) -> str:
    """13812345678 → 138****5678; 010-65597993 → 010-****7993."""
    if not phone:
        return ""
    if _MOBILE.match(phone):
        return phone[:3] + "****" + phone[7:]
    if "-" not in phone:  # not our normal form: the last four digits at most
        return "*" * (len(phone) - 4) + phone[-4:] if len(phone) > 4 else "*" * len(phone)
    area, _, rest = phone.partition("-")
    local = rest.split("-")[0]
    return f"{area}-{'*' * (len(local) - 4)}{local[-4:]}"


def last_four_digits(phone: str | None) -> str | None:
    """What people quote to be found by: 5678 of 13812345678, 7993 of 010-65597993-12 (not the extension)."""
    if not phone:
        return None
    parts = phone.split("-")
    return (parts[1] if len(parts) > 1 else parts[0])[-4:]
