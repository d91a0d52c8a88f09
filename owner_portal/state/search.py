"""Unit search: filters in, one page of rows out. Paging and sorting happen in SQL."""

import reflex as rx

from owner_portal.db import unit_of_work
from owner_portal.services import auth
from owner_portal.services.errors import DomainError
from owner_portal.services.imports import export_roster_xlsx
from owner_portal.services.units import UnitQuery, search_units
from owner_portal.state.base import XLSX, AppState
from owner_portal.state.views import owner_line, unit_row

PAGE_SIZE = 20
FILTERS = ("text", "building", "entrance", "floor", "room", "owner_name", "phone_last4")


class SearchState(AppState):
    text: str = ""
    building: str = ""
    entrance: str = ""
    floor: str = ""
    room: str = ""
    owner_name: str = ""
    phone_last4: str = ""
    sort: str = "code"
    page: int = 1
    total: int = 0
    rows: list[dict[str, str]] = []
    message: str = ""

    @rx.var
    def total_pages(self) -> int:
        return max(1, -(-self.total // PAGE_SIZE))

    @rx.event
    def set_field(self, key: str, value: str):
        if key in FILTERS:
            setattr(self, key, value)

    @rx.event
    def search(self, _form: dict | None = None):
        for key in FILTERS:
            setattr(self, key, getattr(self, key).strip())
        self.page = 1
        return SearchState.load

    @rx.event
    def clear(self):
        for key in FILTERS:
            setattr(self, key, "")
        self.page = 1
        return SearchState.load

    @rx.event
    def set_sort(self, value: str):
        self.sort, self.page = value, 1
        return SearchState.load

    @rx.event
    def go_page(self, delta: int):
        self.page = min(max(1, self.page + delta), self.total_pages)
        return SearchState.load

    @rx.event
    def export_roster(self):
        """Every unit and its current owners; phones and ID numbers in full only for roles allowed them."""
        try:
            self._require("unit.view")
            with unit_of_work() as session:
                data = export_roster_xlsx(session, full=auth.can(self.role, "pii.full"))
        except DomainError as exc:
            return rx.toast.error(exc.message)
        return rx.download(data=data, filename="业主名册.xlsx", mime_type=XLSX)

    @rx.event
    def load(self):
        if not self._allowed("unit.view"):
            self.rows, self.total = [], 0
            return None
        floor = int(self.floor) if self.floor.isdigit() else None
        self.message = _filter_hint(self.floor, self.phone_last4)
        query = UnitQuery(text=self.text, building=self.building, entrance=self.entrance, floor=floor,
                          room=self.room, owner_name=self.owner_name, phone_last4=self.phone_last4)
        with unit_of_work() as session:
            result = search_units(session, query=query, page=self.page, page_size=PAGE_SIZE, sort=self.sort,
                                  full=auth.can(self.role, "pii.full"))
        self.total = result.total
        self.rows = [unit_row(row, owners="；".join(owner_line(o) for o in row.owners))
                     for row in result.rows]
        return None


def _filter_hint(floor: str, phone_last4: str) -> str:
    hints = []
    if floor and not floor.isdigit():
        hints.append("楼层应为数字，已忽略")
    if phone_last4 and not (phone_last4.isdigit() and len(phone_last4) == 4):
        hints.append("手机尾号请填写 4 位数字")
    return "；".join(hints)
