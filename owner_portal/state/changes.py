"""The latest owner changes across the community."""

import reflex as rx

from owner_portal.db import unit_of_work
from owner_portal.services.errors import PermissionDenied
from owner_portal.services.units import recent_changes
from owner_portal.state.base import AppState
from owner_portal.state.unit import SOURCE_LABELS
from owner_portal.state.views import snapshot_names


class ChangesState(AppState):
    rows: list[dict[str, str]] = []

    @rx.event
    def load(self):
        try:
            self._require("change.view")
        except PermissionDenied:
            self.rows = []
            return
        with unit_of_work() as session:
            found = recent_changes(session, limit=100)
        self.rows = [{
            "unit_id": str(c.unit_id), "unit": code, "date": c.effective_date.isoformat(), "reason": c.reason,
            "before": snapshot_names(c.owners_before), "after": snapshot_names(c.owners_after),
            "source": SOURCE_LABELS.get(c.source, c.source), "actor": c.actor,
            "at": c.created_at.strftime("%Y-%m-%d %H:%M"),
        } for c, code in found]
