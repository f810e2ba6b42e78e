"""What each request told about the server, for listeners that must not see httpx.

``answered`` is False when no HTTP answer came at all (refused, reset, timed
out): the server (or the way to it) is gone. Any status code is an answer.
``server_date`` is the answer's ``Date`` header, which HTTP defines as UTC:
the server's own clock, whatever zone it writes its naive times in.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from tpsdesk.domain.server_clock import parse_http_date

__all__ = ["Exchange", "ExchangeListener", "parse_http_date"]  # one parser of Date headers: the domain's


@dataclass(frozen=True, slots=True)
class Exchange:
    answered: bool
    server_date: datetime | None = None  # aware, UTC; None when absent or unreadable


ExchangeListener = Callable[[Exchange], None]
