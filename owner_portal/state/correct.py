"""信息更正: fix a current owner's details without starting a new ownership."""

import reflex as rx

from owner_portal.db import unit_of_work
from owner_portal.services import auth
from owner_portal.services.changes import correct_owner
from owner_portal.services.errors import DomainError
from owner_portal.services.owners import masked
from owner_portal.services.units import current_ownerships, get_unit
from owner_portal.state.base import AppState
from owner_portal.state.owner_form import FIX_FIRST, OwnerFormState, no_errors
from owner_portal.state.unit import require_unit_id

KEEP_IF_BLANK = ("phone", "id_number")  # masked for some roles: blank means "unchanged"


class CorrectState(OwnerFormState, AppState):
    unit_id: int = 0
    unit_code: str = ""
    version: int = 0
    choices: list[dict[str, str]] = []
    person_id: str = ""
    hints: dict[str, str] = {}
    remark: str = ""
    error: str = ""
    done: bool = False
    _current: dict[str, dict[str, str]] = {}  # full values, server side only

    @rx.event
    def load(self):
        self.error, self.done, self.remark = "", False, ""
        try:
            self._require("owner.correct")
            with unit_of_work() as session:
                unit = get_unit(session, require_unit_id(self))
                people = [p for _o, p in current_ownerships(session, unit.id)]
        except DomainError as exc:
            self.error, self.unit_id = exc.message, 0
            return
        self.unit_id, self.unit_code, self.version = unit.id, unit.code, unit.version
        self._current = {str(p.id): _person_form(p) for p in people}
        self.choices = [{"id": str(p.id), "label": p.name} for p in people]
        if not people:
            self.error = "该房屋暂无业主，无可更正的信息"
            return
        self._pick(str(people[0].id))

    @rx.event
    def pick(self, person_id: str):
        if person_id in self._current:
            self._pick(person_id)

    def _pick(self, person_id: str) -> None:
        self.person_id = person_id
        current = self._current[person_id]
        full = auth.can(self.role, "pii.full")
        self.owners = [{**current, **({} if full else dict.fromkeys(KEEP_IF_BLANK, ""))}]
        self.errors = [no_errors()]
        self.hints = {f: masked(current[f], "phone" if f == "phone" else "id", full=False) for f in KEEP_IF_BLANK}

    def _complete(self, owner: dict[str, str]) -> dict[str, str]:
        current = self._current.get(self.person_id, {})
        return {**owner, **{f: current.get(f, "") for f in KEEP_IF_BLANK if not owner[f]}}

    @rx.event
    def set_remark(self, value: str):
        self.remark = value

    @rx.event
    def submit(self):
        self.error = ""
        owners = self._clean_all()
        if owners is None:
            self.error = FIX_FIRST
            return
        try:
            self._require("owner.correct")
            with unit_of_work() as session:
                correct_owner(session, unit_id=self.unit_id, person_id=int(self.person_id),
                              expected_version=self.version, details=owners[0], actor=self.username,
                              remark=self.remark)
        except DomainError as exc:
            self.error = exc.message
            return
        self.done = True
        return rx.toast.success("信息已更正")


def _person_form(person) -> dict[str, str]:
    return {"name": person.name, "phone": person.phone or "", "id_type": person.id_type,
            "id_number": person.id_number or "", "email": person.email or "",
            "emergency_contact": person.emergency_contact or "", "emergency_phone": person.emergency_phone or "",
            "role": "主产权人", "share": "100"}
