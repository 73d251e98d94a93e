"""The domain's errors. Channels map each to a status code in one place."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    code = "DOMAIN_ERROR"

    def __init__(self, message: str, details: list[dict[str, Any]] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details or []


class NotFound(DomainError):
    code = "NOT_FOUND"


class Conflict(DomainError):
    code = "CONFLICT"


class Invalid(DomainError):
    """Input that breaks a business rule; details list {field, message}."""

    code = "VALIDATION_ERROR"

    @classmethod
    def field(cls, name: str, message: str) -> Invalid:
        return cls(f"{name}: {message}", [{"field": name, "message": message}])


class AuthFailed(DomainError):
    code = "AUTH_REQUIRED"


class Forbidden(DomainError):
    code = "FORBIDDEN"


class TooLarge(DomainError):
    """More than a limit allows (a lifter's media quota)."""

    code = "PAYLOAD_TOO_LARGE"
