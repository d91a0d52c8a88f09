"""Every URL of the app, named once. Patterns for pages, builders for links."""

LOGIN = "/login"
HOME = "/"
UNIT = "/units/[unit_id]"
REPLACE = "/units/[unit_id]/replace"
CORRECT = "/units/[unit_id]/correct"
CHANGES = "/changes"
USERS = "/admin/users"
IMPORTS = "/imports"


def unit(unit_id) -> str:
    return f"/units/{unit_id}"


def replace(unit_id) -> str:
    return f"/units/{unit_id}/replace"


def correct(unit_id) -> str:
    return f"/units/{unit_id}/correct"
