"""Replace a unit's owners: fill in → confirm before → after → done."""

from datetime import date

import reflex as rx

from owner_portal.db import unit_of_work
from owner_portal.services import auth
from owner_portal.services.changes import CHANGE_REASONS, check_effective_date, check_replacement, replace_owners
from owner_portal.services.dates import parse_date
from owner_portal.services.errors import DomainError, InvalidValue
from owner_portal.services.owners import OwnerDetails, masked, parse_share
from owner_portal.services.phones import format_phone
from owner_portal.services.units import unit_detail
from owner_portal.state.base import AppState
from owner_portal.state.owner_form import FIX_FIRST, OwnerFormState
from owner_portal.state.unit import require_unit_id
from owner_portal.state.views import owner_dict, share_text


class ReplaceState(OwnerFormState, AppState):
    step: str = "form"  # form → confirm → done
    unit_id: int = 0
    unit_code: str = ""
    version: int = 0  # the unit as the clerk saw it; a later change by someone else is refused
    before: list[dict[str, str]] = []
    after: list[dict[str, str]] = []  # the cleaned new owners, as they will be saved
    reason: str = CHANGE_REASONS[0]
    effective_date: str = ""
    date_error: str = ""
    remark: str = ""
    error: str = ""
    change_id: int = 0

    @rx.var
    def reasons(self) -> list[str]:
        return list(CHANGE_REASONS)

    @rx.var
    def share_total(self) -> str:
        try:
            return share_text(sum(parse_share(o["share"]) for o in self.owners))
        except InvalidValue:
            return "（有份额填写不正确）"

    @rx.event
    def load(self):
        self.step, self.error, self.date_error, self.remark = "form", "", "", ""
        self.reason, self.effective_date = CHANGE_REASONS[0], date.today().isoformat()
        self._reset_owners()
        try:
            self._require("owner.change")
            with unit_of_work() as session:
                detail = unit_detail(session, require_unit_id(self), full=auth.can(self.role, "pii.full"))
        except DomainError as exc:
            self.error, self.unit_id = exc.message, 0
            return
        self.unit_id, self.unit_code, self.version = detail.unit.id, detail.unit.code, detail.version
        self.before = [owner_dict(o) for o in detail.unit.owners]

    @rx.event
    def set_reason(self, value: str):
        self.reason = value

    @rx.event
    def set_remark(self, value: str):
        self.remark = value

    @rx.event
    def set_effective_date(self, value: str):
        self.effective_date = value
        if self.date_error:
            self._check_date()

    @rx.event
    def check_date(self):
        self._check_date()

    def _check_date(self) -> None:
        """Accept what people type (2026.3.5, 2026年3月5日…) and show it back as YYYY-MM-DD."""
        try:
            effective = parse_date(self.effective_date, field="effective_date")
            self.effective_date = effective.isoformat()
            check_effective_date(effective)
            self.date_error = ""
        except DomainError as exc:
            self.date_error = exc.message
        self._clear_stale_error()

    @rx.event
    def review(self):
        self.error = ""
        self._check_date()
        owners = self._clean_all()
        if owners is None or self.date_error:
            self.error = FIX_FIRST
            return
        try:
            self._require("owner.change")
            with unit_of_work() as session:
                check_replacement(session, unit_id=self.unit_id, owners=owners,
                                  effective_date=date.fromisoformat(self.effective_date),
                                  expected_version=self.version)
        except DomainError as exc:
            self.error = exc.message
            return
        self.after = [_after_dict(o, full=auth.can(self.role, "pii.full")) for o in owners]
        self.step = "confirm"

    @rx.event
    def back(self):
        self.step, self.error = "form", ""

    @rx.event
    def submit(self):
        if self.step != "confirm":  # a second click after success must not try again
            return
        owners = self._clean_all()
        if owners is None:
            self.step, self.error = "form", FIX_FIRST
            return
        try:
            self._require("owner.change")
            with unit_of_work() as session:
                change = replace_owners(
                    session, unit_id=self.unit_id, expected_version=self.version, reason=self.reason,
                    effective_date=date.fromisoformat(self.effective_date), owners=owners,
                    actor=self.username, source="form", remark=self.remark)
        except DomainError as exc:
            self.error = exc.message
            return
        self.change_id, self.step = change.id, "done"
        return rx.toast.success(f"{self.unit_code} 业主已更换")


def _after_dict(owner: OwnerDetails, *, full: bool) -> dict[str, str]:
    """The new owners as the confirmation shows them: phone and ID masked alike unless the role sees both."""
    return {"name": owner.name, "role": owner.role, "share": share_text(owner.share_bp),
            "phone": format_phone(masked(owner.phone, "phone", full=full)),
            "id_number": masked(owner.id_number, "id", full=full)}
