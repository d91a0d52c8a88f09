"""The shared fixture sheets: each applied on top of base_roster.xlsx gives what its .expected.json says."""

import json
from pathlib import Path

import pytest
from sqlmodel import func, select

from owner_portal.models import Ownership, Unit
from owner_portal.services.imports import ImportOptions, NothingToImport, UnreadableFile, apply_import, preview

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "import"
CASES = sorted(p for p in FIXTURES.iterdir() if p.name[:2].isdigit() and not p.name.endswith(".json"))
COUNTS = ("rows", "valid", "invalid", "owner_changes", "new_registrations", "unchanged", "header_row", "sheet")


def _expected(path: Path) -> dict:
    return json.loads((path.parent / (path.name.rsplit(".", 1)[0] + ".expected.json")).read_text())


def _import(session, path: Path, **options):
    result = preview(session, data=path.read_bytes(), filename=path.name, options=ImportOptions(**options))
    return result


@pytest.fixture
def roster(session):
    result = _import(session, FIXTURES / "base_roster.xlsx", create_units=True)
    apply_import(session, preview=result, actor="test")
    session.commit()
    return result


def test_the_base_roster_creates_every_unit_and_registers_every_owner(session):
    expected = _expected(FIXTURES / "base_roster.xlsx")
    result = _import(session, FIXTURES / "base_roster.xlsx", create_units=True)
    assert (result.totals.rows, result.totals.valid, result.totals.invalid, result.totals.new_registrations) == (
        expected["rows"], expected["valid"], expected["invalid"], expected["new_registrations"])
    apply_import(session, preview=result, actor="test")
    session.commit()
    assert session.exec(select(func.count()).select_from(Unit)).one() == expected["units"]
    owned = select(func.count(func.distinct(Ownership.unit_id))).where(Ownership.end_date.is_(None))
    assert session.exec(owned).one() == expected["owned"]


@pytest.mark.parametrize("path", CASES, ids=[p.name for p in CASES])
def test_each_fixture_on_top_of_the_base_roster_gives_what_it_expects(session, roster, path):
    expected = _expected(path)
    if expected.get("error"):
        with pytest.raises(UnreadableFile, match="无法"):
            _import(session, path)
        return
    result = _import(session, path)
    assert result.totals.adds_up
    got = {"header_row": result.header_row, "sheet": result.sheet, **result.totals.as_dict()}
    assert {k: got[k] for k in COUNTS if k in expected} == {k: expected[k] for k in COUNTS if k in expected}
    if "invalid_rows" in expected:
        assert sorted({p.row for p in result.invalid_rows}) == expected["invalid_rows"]
        assert result.totals.invalid == len(expected["invalid_rows"])
    if "all_dates" in expected:
        assert {p.effective_date.isoformat() for p in result.plan.writes} == {expected["all_dates"]}
    if "new_owner_count" in expected:
        assert [len(p.owners) for p in result.plan.writes] == [expected["new_owner_count"]]
    if not result.plan.writes:
        with pytest.raises(NothingToImport):
            apply_import(session, preview=result, actor="test", skip_invalid=True)
        return
    batch = apply_import(session, preview=result, actor="test", skip_invalid=True)
    assert batch.counts["owner_changes"] == result.totals.owner_changes


def test_every_invalid_row_of_the_error_sheet_says_why_in_chinese(session, roster):
    result = _import(session, FIXTURES / "08_row_errors.xlsx")
    reasons = {p.row: p.reason for p in result.invalid_rows}
    assert "不存在" in reasons[3] and "校验位" in reasons[4] and "11 位" in reasons[5]
    assert "姓名不能为空" in reasons[6] and "不存在" in reasons[7]
    assert "重复" in reasons[8] and "重复" in reasons[9]
