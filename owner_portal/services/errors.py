"""Errors named for what went wrong; each carries a message a clerk can read (Chinese)."""


class DomainError(Exception):
    """A refusal the user can act on. `message` is shown as is."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class InvalidValue(DomainError):
    """One input value is wrong. `field` names it so forms can show the message beside it."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


class UnitNotFound(DomainError):
    pass


class PersonNotFound(DomainError):
    pass


class ConcurrentChange(DomainError):
    pass


class ChangeRefused(DomainError):
    """The change itself makes no sense (same owner, date before start, shares wrong…)."""


class NothingToChange(ChangeRefused):
    """The new owners are the current ones: a form refuses, an import counts the row as unchanged."""


class PermissionDenied(DomainError):
    pass


class AuthFailed(DomainError):
    pass
