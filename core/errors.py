"""Domain errors: a business rule said no. They carry no HTTP; `core.api` maps each class to a status code.

Each app keeps one base class (e.g. a ledger error) subclassing `DomainError`, and raises the kind of refusal
(`Conflict`, `Forbidden`, `NotFound`, `Unavailable`) by subclassing that too when it needs another answer than 400.
"""


class DomainError(Exception):
    """A business rule said no; `field` names the input at fault (`detail` when it is no one field)."""

    default_field = "detail"

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field or self.default_field

    def as_dict(self) -> dict[str, list[str]]:
        return {self.field: [self.message]}


class Conflict(DomainError):
    """The request contradicts what is already recorded (e.g. an idempotency key reused with another body)."""


class Forbidden(DomainError):
    """The actor may not do this to this object."""


class NotFound(DomainError):
    """The object named does not exist, or the actor may not know it does."""


class Unavailable(DomainError):
    """A service the request needs (the task queue's broker) is not answering; trying again later may work."""


__all__ = ["Conflict", "DomainError", "Forbidden", "NotFound", "Unavailable"]
