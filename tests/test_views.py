"""What the pages show of service results: formatted phones, undone ownerships, masked audit values."""

from datetime import date

from owner_portal.services.units import OwnerView
from owner_portal.state.views import describe_audit, owner_dict, owner_line


def _owner(**changes) -> OwnerView:
    values = dict(person_id=1, name="张三", phone="13812345678", id_type="居民身份证", id_number="110105199001011232",
                  role="主产权人", share_bp=10000, start_date=date(2026, 3, 5))
    return OwnerView(**{**values, **changes})


def test_a_full_phone_is_shown_formatted_in_lists_and_cards():
    assert owner_line(_owner()) == "张三（138 1234 5678）"
    assert owner_dict(_owner())["phone"] == "138 1234 5678"
    assert owner_line(_owner(phone="138****5678")) == "张三（138****5678）"


def test_an_undone_ownership_reads_as_undone_not_as_a_day_of_ownership():
    assert owner_dict(_owner(end_date=date(2026, 3, 5), undone=True))["end"] == "（导入已撤销）"
    assert owner_dict(_owner(end_date=date(2026, 4, 1)))["end"] == "2026-04-01"
    assert owner_dict(_owner())["end"] == "至今"


def test_audit_details_mask_phones_and_ids_unless_full():
    text = describe_audit({"phone": "13812345678"}, {"phone": "13912345678"}, full=False)
    assert text == "电话：138****5678 → 139****5678"
    assert "13912345678" in describe_audit({}, {"phone": "13912345678"}, full=True)
