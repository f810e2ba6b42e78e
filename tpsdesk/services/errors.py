"""Errors turned into what a view shows: typed, in plain words, no httpx."""

from __future__ import annotations

from dataclasses import dataclass, field

from tpsdesk.httpapi.errors import (
    ApiError,
    AuthError,
    NetworkError,
    NotFoundError,
    RateLimitedError,
    RequestNotSent,
    RequestTimeout,
    ServerError,
    ValidationError,
)


@dataclass(frozen=True, slots=True)
class ErrorReport:
    title: str  # a short headline, e.g. "Stop refused"
    message: str  # plain words, with the server's own text
    server_text: str | None = None
    field_errors: dict[str, list[str]] = field(default_factory=dict)
    status: int | None = None
    is_auth: bool = False
    internal: bool = False  # a bug in tpsdesk, not anything the server or the network did


def _headline(error: Exception) -> str:
    if isinstance(error, AuthError):
        return "Not signed in"
    if isinstance(error, NotFoundError):
        return "Not found"
    if isinstance(error, ValidationError):
        return "Refused by the server"
    if isinstance(error, RateLimitedError):
        return "Too many requests"
    if isinstance(error, RequestNotSent):
        return "Request not sent"
    if isinstance(error, RequestTimeout):
        return "No answer in time"
    if isinstance(error, NetworkError):
        return "Server unreachable"
    if isinstance(error, ServerError):
        return "Server error"
    return "Unexpected problem"


def report_error(error: Exception, *, headline: str | None = None) -> ErrorReport:
    if isinstance(error, ApiError):
        return ErrorReport(
            title=headline or _headline(error),
            message=error.message,
            server_text=error.server_text,
            field_errors=dict(error.field_errors) if isinstance(error, ValidationError) else {},
            status=error.status,
            is_auth=isinstance(error, AuthError),
        )
    return internal_error(error)


def internal_error(error: BaseException) -> ErrorReport:
    """A bug in tpsdesk: said as such, whatever headline the caller had in mind (never "Stop refused").

    The caller that swallows the error logs it once with its traceback (``log.exception``);
    the report names only its kind, since an exception's text could quote a request.
    """
    return ErrorReport(title="Internal error",
                       message=f"Something went wrong inside tpsdesk ({type(error).__name__}); the server "
                       "refused nothing. The details are in the log.", internal=True)
