"""Editing a list of owners with per-field checks as the user types. Shared by replace and correct."""

import reflex as rx

from owner_portal.models.ownership import CO_OWNER, PRIMARY
from owner_portal.services.errors import InvalidValue
from owner_portal.services.identity import ID_CARD
from owner_portal.services.owners import (
    InvalidOwner, OwnerDetails, OwnerInput, clean_owner, clean_owner_field, split_evenly,
)

FIX_FIRST = "请先修正标红的内容"
FIELDS = ("name", "phone", "id_type", "id_number", "email", "emergency_contact", "emergency_phone", "role",
          "share")


def blank_owner(role: str = PRIMARY, share: str = "100") -> dict[str, str]:
    return {**dict.fromkeys(FIELDS, ""), "id_type": ID_CARD, "role": role, "share": share}


def _even_shares(count: int) -> list[str]:
    return [f"{share / 100:g}" for share in split_evenly(count)]


def no_errors() -> dict[str, str]:
    """Every field present (empty = fine): the page reads errors[i][field] without a missing key."""
    return dict.fromkeys(FIELDS, "")


class OwnerFormState(rx.State, mixin=True):
    """A mixin: each page's state gets its own copy of these vars and handlers, so an override such as
    CorrectState._complete is the one the handlers call (inherited handlers would run on the parent)."""

    owners: list[dict[str, str]] = [blank_owner()]
    errors: list[dict[str, str]] = [no_errors()]

    @rx.event
    def set_owner_field(self, index: int, field: str, value: str):
        """Store the value; re-check only a field already marked wrong, so typing is not nagged."""
        self.owners[index][field] = value
        if self.errors[index].get(field) or field == "id_type":
            self._check(index, "id_number" if field == "id_type" else field)

    @rx.event
    def check_owner_field(self, index: int, field: str):
        self._check(index, field)

    def _complete(self, owner: dict[str, str]) -> dict[str, str]:
        """The owner as it will be saved; a form may fill in what was left blank on purpose."""
        return owner

    def _check(self, index: int, field: str) -> None:
        owner = self._complete(self.owners[index])
        errors = {**no_errors(), **self.errors[index], field: ""}
        if owner[field] or field in ("name", "phone", "id_number"):
            try:
                clean_owner_field(field, owner[field], id_type=owner["id_type"] or ID_CARD)
            except InvalidValue as exc:
                errors[field] = exc.message
        self.errors[index] = errors
        self._clear_stale_error()

    def _clear_stale_error(self) -> None:
        """The form-wide "fix the red fields" goes once nothing is red any more."""
        marked = any(any(e.values()) for e in self.errors) or getattr(self, "date_error", "")
        if getattr(self, "error", "") == FIX_FIRST and not marked:
            self.error = ""

    @rx.event
    def add_owner(self):
        evenly_split = self._shares_are_even()  # shares the user typed are theirs: never overwrite them
        self.owners.append(blank_owner(CO_OWNER, ""))
        self.errors.append(no_errors())
        if evenly_split:
            self._split_shares()

    @rx.event
    def remove_owner(self, index: int):
        if len(self.owners) <= 1:
            return
        evenly_split = self._shares_are_even()
        removed = self.owners.pop(index)
        self.errors.pop(index)
        if removed["role"] == PRIMARY:
            self.owners[0]["role"] = PRIMARY  # a unit always keeps one 主产权人
        if evenly_split:
            self._split_shares()

    def _shares_are_even(self) -> bool:
        return [o["share"] for o in self.owners] == _even_shares(len(self.owners))

    @rx.event
    def split_shares(self):
        self._split_shares()

    def _split_shares(self) -> None:
        for owner, share in zip(self.owners, _even_shares(len(self.owners))):
            owner["share"] = share

    def _clean_all(self) -> list[OwnerDetails] | None:
        """All owners cleaned, or None with every problem marked beside its field."""
        cleaned, errors = [], []
        for owner in self.owners:
            try:
                cleaned.append(clean_owner(OwnerInput(**self._complete(owner))))
                errors.append(no_errors())
            except InvalidOwner as exc:
                errors.append({**no_errors(), **exc.errors})
        self.errors = errors
        return cleaned if not any(any(e.values()) for e in errors) else None

    def _reset_owners(self) -> None:
        self.owners, self.errors = [blank_owner()], [no_errors()]
