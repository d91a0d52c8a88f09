"""Person names: trimmed, inner characters kept, implausible text refused."""

import re
import unicodedata

from owner_portal.services.errors import InvalidValue
from owner_portal.services.text import clean_text, squeeze_spaces

MAX_NAME_LENGTH = 50
# Chinese names have no spaces: "孙　小美" is 孙小美 typed with a full-width space. Latin names keep theirs.
_CJK_GAP = re.compile(r"(?<=[\u3400-\u9fff])\s+(?=[\u3400-\u9fff])")
# Beside letters: the middle dots of transliterated names, and what Western names carry.
_NAME_PUNCTUATION = set(" ·•・.-'’()")


def normalise_name(value: object, *, field: str = "name") -> str:
    name = clean_text(value)
    if name.isalpha() and len(name) <= MAX_NAME_LENGTH:
        return name  # letters only (nearly every name): no space to squeeze (no letter is a space)
    return _normalise_cleaned(name, field)


def _normalise_cleaned(text: str, field: str) -> str:
    """normalise_name's general path, for cleaned text: the one its shortcut must agree with."""
    name = _CJK_GAP.sub("", squeeze_spaces(text))
    if not name:
        raise InvalidValue(field, "姓名不能为空")
    if len(name) > MAX_NAME_LENGTH:
        raise InvalidValue(field, f"姓名过长（{len(name)} 个字符，最多 {MAX_NAME_LENGTH} 个）")
    if name.isalpha():
        return name  # letters only (str.isalpha is exactly categories L*): nothing to look at one by one
    bad = next((ch for ch in name if not _is_name_char(ch)), None)
    if bad is not None:
        raise InvalidValue(field, f"姓名含有不允许的字符「{bad}」，请只填写姓名本身")
    return name


def _is_name_char(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "LM" or ch in _NAME_PUNCTUATION
