"""The application's one error type: services raise it, views show its message, the API renders it."""


class ApplicationError(Exception):
    """A refusal a person can act on: a rule was broken, access was denied, or someone saved first.

    ``code`` is stable for machines (``forbidden``, ``conflict``, ``invalid``); ``status`` is the HTTP
    status the API answers with.
    """

    def __init__(self, message: str, *, code: str = "invalid", status: int = 400, extra: dict | None = None):
        super().__init__(message)
        self.message = message
        self.code = code
        self.status = status
        self.extra = extra or {}


class Forbidden(ApplicationError):
    def __init__(self, message: str = "You may not do this."):
        super().__init__(message, code="forbidden", status=403)


class Conflict(ApplicationError):
    def __init__(self, message: str):
        super().__init__(message, code="conflict", status=409)


def clean(obj) -> None:
    """``obj.full_clean()``, a ``ValidationError`` turned into an ``ApplicationError`` naming the fields."""
    from django.core.exceptions import ValidationError

    try:
        obj.full_clean()
    except ValidationError as error:
        fields = error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
        message = "; ".join(
            f"{k}: {' '.join(v)}" if k != "__all__" else " ".join(v) for k, v in fields.items()
        )
        raise ApplicationError(message, extra={"fields": fields}) from error
