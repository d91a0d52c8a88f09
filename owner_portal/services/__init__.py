"""Every business rule lives here: plain functions over a SQLModel Session. No Reflex, no web."""
