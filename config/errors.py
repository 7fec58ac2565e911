"""The base of every domain error, so one handler can turn any of them into the API's error shape."""


class DomainError(Exception):
    """A business rule said no. `field` names the input at fault; `status_code` is the HTTP answer."""

    status_code = 400
    default_field = "detail"

    def __init__(self, message: str, *, field: str | None = None, status_code: int | None = None):
        super().__init__(message)
        self.message = message
        self.field = field or self.default_field
        if status_code is not None:
            self.status_code = status_code

    def as_dict(self) -> dict[str, list[str]]:
        return {self.field: [self.message]}


class Conflict(DomainError):
    """The request contradicts what is already recorded (e.g. an idempotency key reused with another body)."""

    status_code = 409
