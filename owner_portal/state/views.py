"""Service results → flat dicts of display strings, the shape Reflex tables iterate over."""

from owner_portal.services.dates import format_date
from owner_portal.services.owners import masked
from owner_portal.services.phones import format_phone
from owner_portal.services.units import OwnerView, UnitRow


def share_text(share_bp: int) -> str:
    return f"{share_bp / 100:g}%"


def owner_line(owner: OwnerView) -> str:
    return f"{owner.name}（{format_phone(owner.phone)}）" if owner.phone else owner.name


def owner_dict(owner: OwnerView) -> dict[str, str]:
    return {
        "person_id": str(owner.person_id), "name": owner.name, "phone": format_phone(owner.phone),
        "id_type": owner.id_type, "id_number": owner.id_number, "role": owner.role,
        "share": share_text(owner.share_bp), "start": format_date(owner.start_date),
        "end": "（导入已撤销）" if owner.undone else format_date(owner.end_date) or "至今", "email": owner.email,
        "emergency": " ".join(filter(None, [owner.emergency_contact, owner.emergency_phone])),
    }


def unit_row(row: UnitRow, **extra: str) -> dict[str, str]:
    return {
        "id": str(row.id), "code": row.code, "building": f"{row.building}栋", "entrance": f"{row.entrance}单元",
        "floor": f"{row.floor}层", "room": row.room, "area": f"{row.area:.2f}" if row.area else "-",
        "use": row.use, "status": row.status, **extra,
    }


def snapshot_names(owners: list[dict]) -> str:
    """A change's before/after list → '张三（50%）、李四（50%）'."""
    if not owners:
        return "（无）"
    return "、".join(f"{o['name']}（{share_text(o['share_bp'])}）" if o["share_bp"] != 10000 else o["name"]
                    for o in owners)


ACTION_LABELS = {
    "change.create": "登记变更", "ownership.open": "产权开始", "ownership.close": "产权结束",
    "person.create": "新增业主档案", "person.update": "修改业主信息", "unit.create": "新增房屋",
    "unit.update": "修改房屋", "building.create": "新增楼栋", "community.create": "新增小区",
    "user.create": "新建用户", "import.apply": "批量导入", "import.undo": "撤销导入",
}
FIELD_LABELS = {
    "name": "姓名", "phone": "电话", "id_type": "证件类型", "id_number": "证件号码", "email": "邮箱",
    "emergency_contact": "紧急联系人", "emergency_phone": "紧急联系电话", "role": "角色", "share_bp": "份额",
    "start_date": "起始日期", "end_date": "结束日期", "status": "状态", "reason": "原因",
    "effective_date": "生效日期", "unit": "房屋", "code": "房号", "area": "面积",
}
_SECRET = {"phone": "phone", "emergency_phone": "phone", "id_number": "id"}


def _shown(key: str, value, *, full: bool) -> str:
    if value is None or value == "":
        return "（空）"
    if key == "share_bp":
        return share_text(int(value))
    if key in _SECRET:
        return masked(str(value), _SECRET[key], full=full)
    return str(value)


def describe_audit(before: dict | None, after: dict | None, *, full: bool) -> str:
    """'电话：138****1111 → 139****2222；邮箱：（空） → a@b.cn' — only fields a person would read."""
    before, after = before or {}, after or {}
    parts = []
    for key, label in FIELD_LABELS.items():
        if key not in after and key not in before:
            continue
        old, new = before.get(key), after.get(key)
        if key in before and old != new:
            parts.append(f"{label}：{_shown(key, old, full=full)} → {_shown(key, new, full=full)}")
        elif key not in before:
            parts.append(f"{label}：{_shown(key, new, full=full)}")
    return "；".join(parts)
