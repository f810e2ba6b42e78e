"""The server's clock as seen from here: skew measured from HTTP ``Date`` headers.

A ``Date`` header has whole-second precision and is written while the answer
is made, before it travels back; each sample is therefore read as the middle
of its second, and the median of the last few samples is the skew, so one
slow answer cannot swing it.
"""

from __future__ import annotations

import statistics
from collections import deque
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

NOTABLE_SKEW_S = 3.0
"""A skew above this is shown to the user (and corrected in epoch trims either way)."""

_SAMPLES = 7


def parse_http_date(value: str | None) -> datetime | None:
    """An RFC 7231 date (``Sun, 06 Nov 1994 08:49:37 GMT``) as aware UTC; None if unreadable."""
    if not value or len(value) > 64:
        return None
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC)


class ServerClock:
    """Server time minus local time, from the answers seen so far."""

    def __init__(self) -> None:
        self._samples: deque[float] = deque(maxlen=_SAMPLES)
        self.last_server_date: datetime | None = None

    def note(self, date_header: str | None, local_now: datetime) -> None:
        """One answer's ``Date`` header and the local time it arrived at (aware)."""
        server = parse_http_date(date_header)
        if server is not None:
            self.note_date(server, local_now)

    def note_date(self, server: datetime, local_now: datetime) -> None:
        """One answer's ``Date`` (aware, whole seconds) and the local time it arrived at."""
        self.last_server_date = server
        self._samples.append((server - local_now).total_seconds() + 0.5)

    @property
    def skew_s(self) -> float | None:
        """Positive when the server is ahead of this machine; None before any answer."""
        if not self._samples:
            return None
        return statistics.median(self._samples)

    @property
    def notable(self) -> bool:
        skew = self.skew_s
        return skew is not None and abs(skew) > NOTABLE_SKEW_S

    def server_now(self, local_now: datetime) -> datetime:
        """``local_now`` on the server's clock (unchanged while the skew is unknown)."""
        return local_now + timedelta(seconds=self.skew_s or 0.0)

    def corrected(self, local: Callable[[], datetime]) -> Callable[[], datetime]:
        """A clock reading ``local`` corrected by the skew measured so far: the server's "now".

        The samples must be measured against ``local`` itself (never against the corrected
        clock, which would measure a skew of zero)."""
        return lambda: self.server_now(local())

    def describe(self) -> str:
        skew = self.skew_s
        if skew is None:
            return "Server clock not measured yet."
        side = "ahead of" if skew > 0 else "behind"
        return (f"The server's clock is {abs(skew):.0f} s {side} this computer's; elapsed times, "
                "the trim's bound and marks use the server's.")
