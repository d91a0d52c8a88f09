"""Service results → flat dicts of display strings, the shape Reflex tables iterate over."""

from owner_portal.services.dates import format_date
from owner_portal.services.phones import format_phone
from owner_portal.services.units import OwnerView, UnitRow


def share_text(share_bp: int) -> str:
    return f"{share_bp / 100:g}%"


def owner_line(owner: OwnerView) -> str:
    return f"{owner.name}（{owner.phone}）" if owner.phone else owner.name


def owner_dict(owner: OwnerView) -> dict[str, str]:
    return {
        "person_id": str(owner.person_id), "name": owner.name, "phone": format_phone(owner.phone),
        "id_type": owner.id_type, "id_number": owner.id_number, "role": owner.role,
        "share": share_text(owner.share_bp), "start": format_date(owner.start_date),
        "end": format_date(owner.end_date) or "至今", "email": owner.email,
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
