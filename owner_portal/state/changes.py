"""The latest owner changes across the community, a page at a time."""

import reflex as rx

from owner_portal.db import unit_of_work
from owner_portal.services.dates import format_timestamp
from owner_portal.services.units import recent_changes
from owner_portal.state.base import AppState
from owner_portal.state.unit import SOURCE_LABELS
from owner_portal.state.views import snapshot_names

PAGE_SIZE = 50


class ChangesState(AppState):
    rows: list[dict[str, str]] = []
    page: int = 1
    has_more: bool = False

    @rx.event
    def load(self):
        self.page = 1
        return ChangesState.fetch

    @rx.event
    def go_page(self, delta: int):
        self.page = max(1, self.page + delta)
        return ChangesState.fetch

    @rx.event
    def fetch(self):
        if not self._allowed("change.view"):
            self.rows = []
            return
        with unit_of_work() as session:
            # One row more than shown tells whether a next page exists without counting the table.
            found = recent_changes(session, limit=PAGE_SIZE + 1, offset=(self.page - 1) * PAGE_SIZE)
        self.has_more = len(found) > PAGE_SIZE
        self.rows = [{
            "unit_id": str(c.unit_id), "unit": code, "date": c.effective_date.isoformat(), "reason": c.reason,
            "before": snapshot_names(c.owners_before), "after": snapshot_names(c.owners_after),
            "source": SOURCE_LABELS.get(c.source, c.source), "actor": c.actor, "remark": c.remark,
            "at": format_timestamp(c.created_at),
        } for c, code in found[:PAGE_SIZE]]
