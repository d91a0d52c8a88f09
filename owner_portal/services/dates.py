"""One date parser for what people type and what sheets hold."""

import re
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo

from owner_portal.config import settings

from owner_portal.services.errors import InvalidValue
from owner_portal.services.text import clean_text

_EXCEL_EPOCH = date(1899, 12, 30)  # serial 1 = 1900-01-01, counting Excel's phantom 1900-02-29
_SERIAL_RANGE = (1, 2958465)  # Excel's own limits: 1900-01-01 … 9999-12-31
_YMD = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")


def parse_date(value: object, *, field: str = "date") -> date:
    """2026-03-05, 2026-3-5, 2026/3/5, 2026.3.5, 2026年3月5日, 20260305, date cells, Excel serials."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if _COMPACT.match(f"{value:.0f}") and float(value).is_integer() and value > _SERIAL_RANGE[1]:
            return parse_date(f"{value:.0f}", field=field)  # 20260305 typed into a number cell
        return _from_serial(value, field)
    text = clean_text(value)
    if not text:
        raise InvalidValue(field, "日期不能为空")
    match = _YMD.match(text) or _COMPACT.match(text)
    if match:
        return _make_date(*(int(part) for part in match.groups()), text=text, field=field)
    # Bare numbers typed as text ("3.5", "2026") are not read as Excel serials: only number cells are.
    raise InvalidValue(field, f"「{text}」不是日期，请写成 2026-03-05 这样的格式")


def _make_date(year: int, month: int, day: int, *, text: str, field: str) -> date:
    if not 1 <= month <= 12:
        raise InvalidValue(field, f"日期「{text}」不存在：月份应为 1–12")
    try:
        return date(year, month, day)
    except ValueError:
        raise InvalidValue(field, f"日期「{text}」不存在：{year} 年 {month} 月没有 {day} 日") from None


def _from_serial(serial: float, field: str) -> date:
    if not _SERIAL_RANGE[0] <= serial <= _SERIAL_RANGE[1]:
        raise InvalidValue(field, f"「{serial:g}」不是日期")
    return _EXCEL_EPOCH + timedelta(days=int(serial))


def format_date(value: date | None) -> str:
    return value.isoformat() if value else ""


@lru_cache
def _local_zone() -> ZoneInfo:
    return ZoneInfo(settings.owner_portal_timezone)


def format_timestamp(value: datetime | None, *, seconds: bool = False) -> str:
    """A stored UTC timestamp in local time (SQLite hands them back without a zone: they are UTC)."""
    if value is None:
        return ""
    aware = value if value.tzinfo else value.replace(tzinfo=timezone.utc)
    return aware.astimezone(_local_zone()).strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")
