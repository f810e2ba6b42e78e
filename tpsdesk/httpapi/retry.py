"""Retrying a list page: a GET is safe to repeat (no Qt).

A 429 is waited out (``Retry-After``, capped) a few times; a transient
failure (a 5xx, a dropped connection, a time-out) is tried again with
backoff and jitter, a bounded number of times, and ``on_retry`` hears of
each new attempt so the window can say "Loading… retrying page 3 (attempt 2
of 3)". A request refused on this machine (``RequestNotSent``) or any other
answer is not transient: it is raised at once.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

from tpsdesk.httpapi.errors import ApiError, NetworkError, RateLimitedError, RequestNotSent, ServerError

T = TypeVar("T")
PAGE_RATE_LIMIT_RETRIES = 3
MAX_PAGE_WAIT_S = 10.0
DEFAULT_PAGE_WAIT_S = 1.0  # a 429 without Retry-After
PAGE_ATTEMPTS = 3  # a list page that failed transiently is tried this often in all
PAGE_BACKOFF_S = (0.5, 1.0, 2.0)  # before the 2nd, 3rd… attempt, times a jitter of ±25 %
MAX_PAGE_BACKOFF_S = 4.0
TRANSIENT_STATUSES = (500, 502, 503, 504)


@dataclass(frozen=True, slots=True)
class RetryNotice:
    """A list page is being tried again."""

    page: int  # 1-based
    attempt: int  # the attempt about to start
    attempts: int
    wait_s: float
    reason: str  # the error's class name

    @property
    def text(self) -> str:
        return f"Loading… retrying page {self.page} (attempt {self.attempt} of {self.attempts})"


RetryCallback = Callable[[RetryNotice], None]


def is_transient(error: Exception) -> bool:
    """Worth trying a safe GET again: a 5xx, a timeout, a dropped connection (not a local refusal)."""
    if isinstance(error, ServerError):
        return error.status in TRANSIENT_STATUSES
    return isinstance(error, NetworkError) and not isinstance(error, RequestNotSent)


async def fetch_page_with_retries(fetch: Callable[[], Awaitable[T]], *, page: int, on_retry: RetryCallback | None,
                                  backoff_s: tuple[float, ...] = PAGE_BACKOFF_S) -> T:
    limited = 0
    attempt = 1
    while True:
        try:
            return await fetch()
        except RateLimitedError as exc:
            limited += 1
            if limited > PAGE_RATE_LIMIT_RETRIES:
                raise
            await asyncio.sleep(min(exc.retry_after or DEFAULT_PAGE_WAIT_S, MAX_PAGE_WAIT_S))
        except ApiError as exc:
            if not is_transient(exc) or attempt >= PAGE_ATTEMPTS:
                raise
            base = backoff_s[min(attempt, len(backoff_s)) - 1]
            wait = min(base * random.uniform(0.75, 1.25), MAX_PAGE_BACKOFF_S)
            attempt += 1
            if on_retry is not None:
                on_retry(RetryNotice(page, attempt, PAGE_ATTEMPTS, wait, type(exc).__name__))
            await asyncio.sleep(wait)
