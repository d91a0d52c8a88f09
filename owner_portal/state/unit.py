"""One unit: its current owners, ownership history, change records and audit trail."""

import reflex as rx

from owner_portal.db import unit_of_work
from owner_portal.services import auth
from owner_portal.services.dates import format_timestamp
from owner_portal.services.errors import DomainError, UnitNotFound
from owner_portal.services.units import UnitDetail, unit_detail
from owner_portal.state.base import AppState
from owner_portal.state.views import ACTION_LABELS, describe_audit, owner_dict, snapshot_names, unit_row

SOURCE_LABELS = {"form": "表单", "import": "导入", "api": "接口", "undo": "撤销", "demo": "演示", "cli": "命令行"}


def route_unit_id(state: rx.State) -> int | None:
    raw = str(state.router.url.path).rstrip("/").split("/units/")[-1].split("/")[0]
    return int(raw) if raw.isdigit() else None


def require_unit_id(state: rx.State) -> int:
    unit_id = route_unit_id(state)
    if unit_id is None:
        raise UnitNotFound("网址中的房屋编号无效，请从房屋查询进入")
    return unit_id


class UnitState(AppState):
    unit: dict[str, str] = {}
    community: str = ""
    owners: list[dict[str, str]] = []
    history: list[dict[str, str]] = []
    changes: list[dict[str, str]] = []
    audit: list[dict[str, str]] = []
    version: int = 0
    error: str = ""

    @rx.event
    def load(self):
        self.error = ""
        try:
            self._require("unit.view")
            with unit_of_work() as session:
                detail = unit_detail(session, require_unit_id(self), full=auth.can(self.role, "pii.full"))
        except DomainError as exc:
            self.unit, self.owners, self.history, self.changes, self.audit = {}, [], [], [], []
            self.error = exc.message
            return
        self._show(detail)

    def _show(self, detail: UnitDetail) -> None:
        self.unit = unit_row(detail.unit)
        self.community = detail.community
        self.version = detail.version
        self.owners = [owner_dict(o) for o in detail.unit.owners]
        self.history = [owner_dict(o) for o in detail.history]
        self.changes = [{
            "id": str(c.id), "date": c.effective_date.isoformat(), "reason": c.reason,
            "before": snapshot_names(c.owners_before), "after": snapshot_names(c.owners_after),
            "source": SOURCE_LABELS.get(c.source, c.source), "actor": c.actor,
            "at": format_timestamp(c.created_at), "remark": c.remark,
        } for c in detail.changes]
        full = auth.can(self.role, "pii.full")
        if not auth.can(self.role, "audit.view"):
            self.audit = []
            return
        self.audit = [{
            "at": format_timestamp(e.created_at, seconds=True), "actor": e.actor,
            "action": ACTION_LABELS.get(e.action, e.action), "source": SOURCE_LABELS.get(e.source, e.source),
            "detail": describe_audit(e.before, e.after, full=full),
        } for e in detail.audit_entries]
