"""The session's one :class:`ServerClock`, fed by every answer the client gets.

Everything that needs the server's "now" (elapsed times, the trim's live edge, marks, the
zone check) uses the clock :meth:`ServerClock.corrected` builds from it; nothing measures
the skew a second way.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from tpsdesk.domain.server_clock import ServerClock
from tpsdesk.httpapi.client import TPStreamsClient
from tpsdesk.httpapi.exchange import Exchange


def follow_server_clock(client: TPStreamsClient, clock: Callable[[], datetime]) -> ServerClock:
    """A :class:`ServerClock` fed by every answer's ``Date`` header, measured against ``clock``
    (this computer's own, never an already corrected one)."""
    server_clock = ServerClock()

    def note(exchange: Exchange) -> None:
        if exchange.server_date is not None:
            server_clock.note_date(exchange.server_date, clock())

    client.add_exchange_listener(note)
    return server_clock
