"""A typed error hierarchy built from any error answer.

Each error carries ``message``: plain words a user can act on, with the
server's own text where it gave one. Bodies may be DRF JSON (``detail``,
field lists, ``non_field_errors``) or anything else, such as a proxy's HTML
502 page; none of them may leak a token (requests are never echoed).
"""

from __future__ import annotations

import html
import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

from tpsdesk.domain.checks import token_problem

MAX_RETRY_AFTER_S = 300.0
_BODY_EXCERPT = 300


class ApiError(Exception):
    """Base of every error the client raises."""

    def __init__(self, message: str, *, status: int | None = None, server_text: str | None = None):
        super().__init__(message)
        self.message = message
        self.status = status
        self.server_text = server_text  # the server's own words, when it gave some


class NetworkError(ApiError):
    """No answer from the server. ``maybe_applied`` is True when the request
    had been sent before the connection failed, so a non-idempotent call such
    as a stop must be reconciled by reading state back, never resent."""

    def __init__(self, message: str, *, maybe_applied: bool = False):
        super().__init__(message)
        self.maybe_applied = maybe_applied


class RequestNotSent(NetworkError):
    """Refused on this machine before anything left it (a malformed token or header, a URL
    httpx cannot build): certainly not applied, so never reconciled by reading back."""

    def __init__(self, message: str) -> None:
        super().__init__(message, maybe_applied=False)

    @classmethod
    def for_token(cls, token: str, action: str) -> RequestNotSent | None:
        """The refusal for a token that cannot go into a header (None: it can); never quotes it."""
        problem = token_problem(token)
        return None if problem is None else cls(
            f"{action} was not sent: {problem}. Sign in again or paste the token anew.")

    @classmethod
    def built_badly(cls, action: str, error: Exception) -> RequestNotSent:
        return cls(f"{action} was not sent: tpsdesk could not build a valid request ({type(error).__name__}).")


class RequestTimeout(NetworkError):
    """No answer in time (see ``maybe_applied``)."""


class AuthError(ApiError):
    """401/403: the token is missing, wrong, revoked or not allowed."""


class NotFoundError(ApiError):
    """404: no such asset (or organization)."""


class ValidationError(ApiError):
    """400/422 with the server's reasons, per field and overall."""

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        server_text: str | None = None,
        field_errors: Mapping[str, list[str]] | None = None,
        non_field_errors: list[str] | None = None,
    ):
        super().__init__(message, status=status, server_text=server_text)
        self.field_errors: dict[str, list[str]] = dict(field_errors or {})
        self.non_field_errors: list[str] = list(non_field_errors or [])


class RateLimitedError(ApiError):
    """429: too many requests; ``retry_after`` seconds, capped, when known."""

    def __init__(self, message: str, *, status: int | None = 429, server_text: str | None = None,
                 retry_after: float | None = None):
        super().__init__(message, status=status, server_text=server_text)
        self.retry_after = retry_after


class ServerError(ApiError):
    """5xx, or a proxy's error page."""


class UnexpectedResponse(ApiError):
    """A success status whose body is not what the contract describes."""


@dataclass(frozen=True, slots=True)
class ErrorBody:
    """What could be read out of an error body."""

    detail: str | None = None
    field_errors: dict[str, list[str]] = field(default_factory=dict)
    non_field_errors: list[str] = field(default_factory=list)
    page_title: str | None = None  # from an HTML page
    excerpt: str | None = None  # plain text of a body that was neither

    def summary(self) -> str | None:
        parts: list[str] = []
        if self.detail:
            parts.append(self.detail)
        parts.extend(self.non_field_errors)
        for name, messages in self.field_errors.items():
            parts.append(f"{_field_label(name)}: {' '.join(messages)}")
        if not parts and self.page_title:
            parts.append(self.page_title)
        if not parts and self.excerpt:
            parts.append(self.excerpt)
        return " ".join(parts) if parts else None


def _field_label(name: str) -> str:
    return name.replace("_", " ")


def _as_messages(value: object) -> list[str]:
    if isinstance(value, list):
        out: list[str] = []
        for item in value:
            out.extend(_as_messages(item))
        return out
    if isinstance(value, Mapping):
        return [f"{k}: {' '.join(_as_messages(v))}" for k, v in value.items()]
    if value is None:
        return []
    return [str(value)]


_TAG_RE = re.compile(r"<[^>]+>")
_TITLE_RE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
_SCRIPT_RE = re.compile(r"<(script|style)[^>]*>.*?</\1>", re.IGNORECASE | re.DOTALL)


def read_error_body(body: bytes, content_type: str = "") -> ErrorBody:
    text = body.decode("utf-8", errors="replace").strip()
    if not text:
        return ErrorBody()
    try:
        data = json.loads(text)
    except ValueError:
        data = None
    if isinstance(data, Mapping):
        detail = data.get("detail")
        non_field = _as_messages(data.get("non_field_errors"))
        fields = {
            str(k): _as_messages(v)
            for k, v in data.items()
            if k not in ("detail", "non_field_errors")
        }
        if detail is None and not non_field and not fields:
            return ErrorBody(excerpt=_shorten(text))
        return ErrorBody(
            detail=" ".join(_as_messages(detail)) or None,
            field_errors={k: v for k, v in fields.items() if v},
            non_field_errors=non_field,
        )
    if isinstance(data, list):
        return ErrorBody(non_field_errors=_as_messages(data))
    if isinstance(data, str):
        return ErrorBody(detail=data)
    if "html" in content_type.lower() or text.lstrip().startswith("<"):
        title_match = _TITLE_RE.search(text)
        title = _squash(html.unescape(_TAG_RE.sub(" ", title_match.group(1)))) if title_match else None
        plain = _squash(html.unescape(_TAG_RE.sub(" ", _SCRIPT_RE.sub(" ", text))))
        return ErrorBody(page_title=title or None, excerpt=_shorten(plain) or None)
    return ErrorBody(excerpt=_shorten(text))


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _shorten(text: str) -> str:
    text = _squash(text)
    return text if len(text) <= _BODY_EXCERPT else text[: _BODY_EXCERPT - 1] + "…"


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds or an HTTP date; capped so a hostile value cannot stall us."""
    if not value:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=timezone.utc)
        seconds = (when - (now or datetime.now(timezone.utc))).total_seconds()
    if math.isnan(seconds):
        return None
    return min(max(seconds, 0.0), MAX_RETRY_AFTER_S)


def error_from_response(
    status: int, body: bytes, *, content_type: str = "", retry_after: str | None = None,
    action: str = "The request",
) -> ApiError:
    """Map any error answer to the hierarchy, with a message in plain words."""
    parsed = read_error_body(body, content_type)
    said = parsed.summary()
    server = f" The server said: “{said}”" if said else ""
    if status == 401:
        return AuthError(
            f"The server did not accept the API token (401). Check the token or sign in again.{server}",
            status=status, server_text=said)
    if status == 403:
        return AuthError(
            f"This token is not allowed to do that (403); check the organization.{server}",
            status=status, server_text=said)
    if status == 404:
        return NotFoundError(
            f"Not found (404): the stream or organization does not exist, or was deleted.{server}",
            status=status, server_text=said)
    if status in (400, 409, 422):
        return ValidationError(
            f"{action} was refused ({status}).{server}",
            status=status, server_text=said,
            field_errors=parsed.field_errors, non_field_errors=parsed.non_field_errors)
    if status == 429:
        wait = parse_retry_after(retry_after)
        when = f" Try again in {round(wait)} s." if wait is not None else " Try again shortly."
        return RateLimitedError(f"Too many requests (429).{when}{server}", status=status,
                                server_text=said, retry_after=wait)
    if status >= 500:
        kind = "an error page" if parsed.page_title or (parsed.excerpt and not parsed.detail) else "an error"
        return ServerError(f"The server had a problem ({status}) and answered with {kind}.{server}",
                           status=status, server_text=said)
    return ApiError(f"Unexpected answer ({status}).{server}", status=status, server_text=said)
