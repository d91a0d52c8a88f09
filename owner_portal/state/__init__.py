"""Reflex state: thin callers of owner_portal.services. No rule is decided here."""
