"""What each request told about the server, for listeners that must not see httpx.

``answered`` is False when no HTTP answer came at all (refused, reset, timed
out): the server (or the way to it) is gone. Any status code is an answer.
``server_date`` is the answer's ``Date`` header, which HTTP defines as UTC:
the server's own clock, whatever zone it writes its naive times in.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime


@dataclass(frozen=True, slots=True)
class Exchange:
    answered: bool
    server_date: datetime | None = None  # aware, UTC; None when absent or unreadable


ExchangeListener = Callable[[Exchange], None]


def parse_http_date(value: str | None) -> datetime | None:
    """``Mon, 30 Nov 2026 01:22:03 GMT`` → an aware UTC datetime; None for anything else."""
    if not value:
        return None
    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if parsed.tzinfo is None:  # "-0000": the zone is not known; RFC 9110 says GMT anyway
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)
