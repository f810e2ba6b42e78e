"""Whether the server answers: ONLINE, or UNREACHABLE since a given time (issue 9, item 4).

Fed by every HTTP exchange of the session's client (list refreshes, polls,
stops, webhook registration): any HTTP answer, whatever its status, means the
server is there; a request that got no answer at all (refused, reset, timed
out) means it is not. ``since`` is the moment of the last answer, so the
window can say "no answer since 14:02:10" and show live values as last known
at that moment. While unreachable, ``probeDue`` fires now and then so that
something asks again and the window learns soon when the server is back.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from enum import Enum

from PySide6.QtCore import QObject, QTimer, Signal

from tpsdesk.domain.clock import utc_now
from tpsdesk.httpapi.exchange import Exchange

DEFAULT_PROBE_S = 10.0


class Reach(Enum):
    ONLINE = "online"
    UNREACHABLE = "unreachable"


class Connectivity(QObject):
    changed = Signal(object)  # Reach
    probeDue = Signal()
    cameBack = Signal()  # answered again after a silence: time to reload what may have changed

    def __init__(self, *, clock: Callable[[], datetime] = utc_now, probe_s: float = DEFAULT_PROBE_S,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._clock = clock
        self._state = Reach.ONLINE
        self._last_answer: datetime | None = None
        self._first_failure: datetime | None = None
        self._probe = QTimer(self)
        self._probe.setInterval(max(1, int(probe_s * 1000)))
        self._probe.timeout.connect(self.probeDue)

    @property
    def state(self) -> Reach:
        return self._state

    @property
    def last_answer(self) -> datetime | None:
        return self._last_answer

    @property
    def since(self) -> datetime | None:
        """Unreachable: the last answer (or the first failure if none ever came); online: None."""
        if self._state is Reach.ONLINE:
            return None
        return self._last_answer or self._first_failure

    def note(self, exchange: Exchange) -> None:
        """One exchange of the client (``TPStreamsClient.add_exchange_listener``)."""
        if exchange.answered:
            self.note_answer()
        else:
            self.note_silence()

    def note_answer(self) -> None:
        self._last_answer = self._clock()
        self._first_failure = None
        self._set(Reach.ONLINE)

    def note_silence(self) -> None:
        if self._first_failure is None:
            self._first_failure = self._clock()
        self._set(Reach.UNREACHABLE)

    def _set(self, state: Reach) -> None:
        if state is self._state:
            return
        self._state = state
        if state is Reach.UNREACHABLE:
            self._probe.start()
        else:
            self._probe.stop()
        self.changed.emit(state)
        if state is Reach.ONLINE:
            self.cameBack.emit()

    def close(self) -> None:
        self._probe.stop()
