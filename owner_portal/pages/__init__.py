"""One module per page; importing this package registers them all."""

from owner_portal.pages import changes, correct, imports, login, not_found, replace, search, unit, users

__all__ = ["changes", "correct", "imports", "login", "not_found", "replace", "search", "unit", "users"]
