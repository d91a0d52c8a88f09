"""preview: the sheet and header row chosen, the user's overrides, nothing written."""

import gc

import pytest
from sqlmodel import func, select

from owner_portal.models import AuditEntry, OwnerChange
from owner_portal.services.errors import DomainError
from owner_portal.services.imports import ImportOptions, InvalidMapping, preview
from owner_portal.services.imports.pipeline import paused_gc
from tests.factories import owned_unit
from tests.services.imports.sheets import HEADERS, row, xlsx


def _preview(session, data, **options):
    return preview(session, data=data, filename="a.xlsx", options=ImportOptions(**options))


def test_preview_writes_nothing(session):
    owned_unit(session, "3-2-1501")
    counts = [session.exec(select(func.count()).select_from(m)).one() for m in (OwnerChange, AuditEntry)]
    _preview(session, xlsx([HEADERS, row("3-2-1501")]))
    assert [session.exec(select(func.count()).select_from(m)).one() for m in (OwnerChange, AuditEntry)] == counts


def test_the_matching_sheet_is_chosen_and_every_sheet_listed(session):
    owned_unit(session, "3-2-1501")
    result = _preview(session, xlsx([["说明"]], extra_sheets={"变更": [HEADERS, row("3-2-1501")]}))
    assert result.sheet == "变更" and [(s.name, s.row_count) for s in result.sheets] == [("Sheet1", 1), ("变更", 2)]
    with pytest.raises(DomainError, match="没有名为「其他」的工作表"):
        _preview(session, xlsx([HEADERS]), sheet="其他")


def test_columns_show_samples_and_suggestions_the_user_can_change(session):
    owned_unit(session, "3-2-1501")
    data = xlsx([[*HEADERS, "紧急联系人电话"], [*row("3-2-1501", "李四"), "13700000000"]])
    result = _preview(session, data)
    by_header = {c.header: c for c in result.columns}
    assert by_header["业主姓名"].samples == ["李四"] and by_header["业主姓名"].suggested == "name"
    assert by_header["紧急联系人电话"].field is None
    changed = _preview(session, data, mapping={"联系电话": None, "紧急联系人电话": "phone"})
    assert changed.mapping["紧急联系人电话"] == "phone" and "联系电话" not in changed.mapping
    with pytest.raises(InvalidMapping):
        _preview(session, data, mapping={"不存在的列": "name"})


def test_the_header_row_found_below_a_title_can_be_overridden(session):
    owned_unit(session, "3-2-1501")
    data = xlsx([["2026年业主变更表"], HEADERS, row("3-2-1501")], merged=("A1:G1",))
    assert _preview(session, data).header_row == 2
    assert _preview(session, data, header_row=1).missing_fields


def test_the_json_shape_has_what_the_cli_promises(session):
    owned_unit(session, "3-2-1501")
    shape = _preview(session, xlsx([HEADERS, row("3-2-1501"), row("3-2-1502")])).as_dict()
    assert {"rows", "valid", "invalid", "owner_changes", "new_registrations", "unchanged", "skipped_blank",
            "invalid_rows", "warnings", "header_row", "sheet", "mapping", "batch_id"} <= set(shape)
    assert shape["invalid_rows"][0].keys() == {"row", "column", "value", "reason"}


def _in_generation(obj, generation: int) -> bool:
    return any(o is obj for o in gc.get_objects(generation))


def test_what_a_paused_collector_left_alive_goes_to_the_oldest_generation_unwalked():
    with paused_gc():
        survivor = [[] for _ in range(10)]
        assert not gc.isenabled()
    assert gc.isenabled() and _in_generation(survivor, 2)
    survivor.append(survivor)  # a cycle among them is still found, by a full collection
    del survivor
    assert gc.collect() > 0


def test_objects_someone_else_froze_stay_frozen():
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with paused_gc():
            pass
        assert gc.get_freeze_count() == frozen and gc.isenabled()
    finally:
        gc.unfreeze()


def test_a_collector_that_was_off_stays_off():
    gc.disable()
    try:
        with paused_gc():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
