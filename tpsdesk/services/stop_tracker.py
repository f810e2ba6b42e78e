"""The stop's state machine, per stream: undo countdown, request, answer, follow, truth.

States and what moves them (nothing here reads a message's wording)::

    COUNTDOWN --undo--> CANCELLED (or back to the record before it)
    COUNTDOWN --time up / send now--> SENDING
    SENDING --200--> STOPPED --recording final--> DONE
    SENDING --4xx--> REFUSED            (definite: the server said no)
    SENDING --nothing left the machine--> NOT_SENT
    SENDING --answer lost--> UNKNOWN --read back stopped--> CONFIRMED_STOPPED --final--> DONE
                             UNKNOWN --still live after the follow window--> NOT_STOPPED
    UNKNOWN / NOT_STOPPED --the stream is seen stopped (any source)--> CONFIRMED_STOPPED
    COUNTDOWN --the stream ends some other way--> CANCELLED (nothing left to send)

The countdown is the undo window: nothing goes on the wire until it ends. Time comes
from an injectable monotonic clock; a QTimer only calls :meth:`poll` while a countdown
runs, so tests drive it by hand.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import Enum

from PySide6.QtCore import QObject, QTimer, Signal

from tpsdesk.domain.models import StopResult
from tpsdesk.domain.trim import Trim
from tpsdesk.services.errors import ErrorReport
from tpsdesk.services.stop import StopCheck, StopOutcome, StopService
from tpsdesk.status.store import StatusStore

log = logging.getLogger(__name__)

DEFAULT_UNDO_S = 5
MAX_UNDO_S = 15


class StopState(Enum):
    COUNTDOWN = "countdown"
    SENDING = "sending"
    STOPPED = "stopped"  # the server answered: stopped; following the recording
    DONE = "done"  # the recording reached a final status
    REFUSED = "refused"
    NOT_SENT = "not sent"
    UNKNOWN = "unknown"  # the answer was lost: following the stream
    CONFIRMED_STOPPED = "confirmed stopped"  # seen stopped after a lost answer
    NOT_STOPPED = "not stopped"  # still live when the follow window ended
    CANCELLED = "cancelled"


class StopGuard(Enum):
    """What pressing Stop means for a stream right now."""

    FREE = "free"
    CONFIRM_AGAIN = "confirm again"  # an earlier stop's outcome is unknown: it may have gone through
    BUSY = "busy"  # a countdown or a request is running


FOLLOWING = frozenset({StopState.STOPPED, StopState.CONFIRMED_STOPPED})
ENDED = frozenset({StopState.STOPPED, StopState.CONFIRMED_STOPPED, StopState.DONE})


@dataclass(frozen=True, slots=True)
class StopRecord:
    """Everything known about the latest stop of one stream; replaced on every transition."""

    asset_id: str
    title: str
    trim: Trim | None
    trim_text: str  # what was asked, e.g. "00:00:30 – 00:02:00" or "no trim"
    state: StopState
    deadline: float | None = None  # monotonic time the countdown ends
    answer: StopResult | None = None  # the server's answer, when it was seen
    report: ErrorReport | None = None  # why it failed, or how the answer was lost
    check: StopCheck | None = None  # the latest read-back while unknown
    outcome: StopOutcome | None = None  # how the follow after a lost answer ended
    final_status: str = ""  # the recording's final status label (DONE)
    following: bool = False  # a read-back follow is running (UNKNOWN)
    previous: StopRecord | None = None  # what an undone countdown goes back to
    ended_elsewhere: bool = False  # CANCELLED because the stream ended during the countdown
    after_unknown: bool = False  # sent while an earlier stop's outcome was unknown (the user agreed)

    @property
    def answer_seen(self) -> bool:
        return self.answer is not None


class StopTracker(QObject):
    changed = Signal(str)  # asset id whose record (or countdown second) changed
    undoSecondsChanged = Signal(int)

    def __init__(self, stops: StopService, store: StatusStore, *, undo_s: int = DEFAULT_UNDO_S,
                 monotonic: Callable[[], float] = time.monotonic, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._stops = stops
        self._store = store
        self._now = monotonic
        self._undo_s = DEFAULT_UNDO_S
        self.setUndoSeconds(undo_s)
        self._records: dict[str, StopRecord] = {}
        self._shown_second: dict[str, int] = {}
        self._held_at: float | None = None  # countdowns paused (a question is on screen)
        self._closed = False  # the session is closing: nothing more is sent
        self._timer = QTimer(self)
        self._timer.setInterval(100)
        self._timer.timeout.connect(self.poll)
        stops.stopStarted.connect(self._on_started)
        stops.stopSucceeded.connect(self._on_succeeded)
        stops.stopFailed.connect(self._on_failed)
        stops.stopUncertain.connect(self._on_uncertain)
        stops.stopChecked.connect(self._on_checked)
        stops.stopReconciled.connect(self._on_reconciled)
        store.streamsChanged.connect(self._on_streams_changed)
        store.streamsRemoved.connect(self._on_streams_removed)

    # -- settings ----------------------------------------------------------------
    def undoSeconds(self) -> int:
        return self._undo_s

    def setUndoSeconds(self, seconds: int) -> None:
        seconds = max(0, min(MAX_UNDO_S, int(seconds)))
        if seconds != self._undo_s:
            self._undo_s = seconds
            self.undoSecondsChanged.emit(seconds)

    # -- reading -------------------------------------------------------------------
    def record(self, asset_id: str | None) -> StopRecord | None:
        return self._records.get(asset_id) if asset_id else None

    def state(self, asset_id: str) -> StopState | None:
        record = self._records.get(asset_id)
        return record.state if record else None

    def guard(self, asset_id: str) -> StopGuard:
        record = self._records.get(asset_id)
        if record is None:
            return StopGuard.FREE
        if record.state in (StopState.COUNTDOWN, StopState.SENDING) or self._stops.in_flight(asset_id):
            return StopGuard.BUSY
        if record.state is StopState.UNKNOWN:
            return StopGuard.CONFIRM_AGAIN
        return StopGuard.FREE

    def remaining(self, asset_id: str) -> float:
        """Seconds left in the stream's countdown (0 when none runs)."""
        record = self._records.get(asset_id)
        if record is None or record.state is not StopState.COUNTDOWN or record.deadline is None:
            return 0.0
        now = self._held_at if self._held_at is not None else self._now()
        return max(0.0, record.deadline - now)

    def holdCountdowns(self, held: bool) -> None:
        """Pause every countdown (while the app asks whether to quit), or resume them."""
        if held and self._held_at is None:
            self._held_at = self._now()
        elif not held and self._held_at is not None:
            paused_for = self._now() - self._held_at
            self._held_at = None
            for asset_id in self.countdowns():
                record = self._records[asset_id]
                self._records[asset_id] = replace(record, deadline=(record.deadline or 0.0) + paused_for)
            self.poll()

    def countdowns(self) -> list[str]:
        """Streams in their undo window, the one ending first first."""
        running = [r for r in self._records.values() if r.state is StopState.COUNTDOWN]
        return [r.asset_id for r in sorted(running, key=lambda r: r.deadline or 0.0)]

    def sending(self) -> list[str]:
        return [r.asset_id for r in self._records.values() if r.state is StopState.SENDING]

    # -- asking --------------------------------------------------------------------
    def request(self, asset_id: str, trim: Trim | None, *, title: str, trim_text: str) -> bool:
        """The user confirmed a stop: start the undo window (or send at once with 0 s).

        False when a countdown or a request already runs for the stream: nothing changes.
        """
        if self._closed or self.guard(asset_id) is StopGuard.BUSY:
            return False
        previous = self._records.get(asset_id)
        record = StopRecord(asset_id, title, trim, trim_text, StopState.COUNTDOWN, previous=previous)
        if self._undo_s <= 0:
            self._set(record)
            return self._send(asset_id)
        self._set(replace(record, deadline=self._now() + self._undo_s))
        self._timer.start()
        return True

    def undo(self, asset_id: str) -> bool:
        """End the countdown; nothing was sent. False if there was none to undo."""
        record = self._records.get(asset_id)
        if record is None or record.state is not StopState.COUNTDOWN:
            return False
        if record.previous is not None:
            self._set(record.previous)
        else:
            self._set(replace(record, state=StopState.CANCELLED, deadline=None))
        self._idle_timer()
        return True

    def sendNow(self, asset_id: str) -> bool:
        record = self._records.get(asset_id)
        if record is None or record.state is not StopState.COUNTDOWN:
            return False
        return self._send(asset_id)

    def undoAll(self) -> None:
        for asset_id in self.countdowns():
            self.undo(asset_id)

    def sendAllNow(self) -> None:
        for asset_id in self.countdowns():
            self.sendNow(asset_id)

    def close(self) -> None:
        """The session is closing (quit, sign out, switch): end every countdown, send nothing more.

        A safety net: leaving asks first (ui/stop/quit_guard.py); a countdown still running
        here would otherwise fire into a closed StopService."""
        self._held_at = None
        pending = self.countdowns()
        self.undoAll()
        self._closed = True
        self._timer.stop()
        if pending:
            log.info("the session closed: %d stop countdown(s) cancelled, nothing sent", len(pending))

    def poll(self) -> None:
        """Send the countdowns that are due; tell the view when a shown second changes."""
        if self._held_at is not None or self._closed:
            return
        now = self._now()
        for asset_id in self.countdowns():
            record = self._records[asset_id]
            left = (record.deadline or now) - now
            if left <= 0:
                self._send(asset_id)
                continue
            second = math.ceil(left)
            if self._shown_second.get(asset_id) != second:
                self._shown_second[asset_id] = second
                self.changed.emit(asset_id)
        self._idle_timer()

    def _idle_timer(self) -> None:
        if not self.countdowns():
            self._timer.stop()

    def _send(self, asset_id: str) -> bool:
        if self._closed:
            return False
        record = self._records[asset_id]
        self._shown_second.pop(asset_id, None)
        asset = self._store.asset(asset_id)
        if asset is not None and not asset.status.can_stop:
            self._set(self._ended_during_countdown(record))
            self._idle_timer()
            return False
        earlier = record.previous
        self._set(replace(record, state=StopState.SENDING, deadline=None, previous=None,
                          after_unknown=earlier is not None and earlier.state is StopState.UNKNOWN))
        self._idle_timer()
        return self._stops.stop(asset_id, record.trim)

    def _ended_during_countdown(self, record: StopRecord) -> StopRecord:
        """The stream ended some other way during the countdown: there is nothing left to send.

        If an earlier stop's outcome was unknown, this is its answer: it went through."""
        earlier = record.previous
        if earlier is not None and earlier.state in (StopState.UNKNOWN, StopState.NOT_STOPPED):
            return self._finished_if_final(replace(earlier, state=StopState.CONFIRMED_STOPPED, following=False))
        return replace(record, state=StopState.CANCELLED, deadline=None, previous=None, ended_elsewhere=True)

    # -- the service's answers -----------------------------------------------------
    def _current(self, asset_id: str) -> StopRecord:
        record = self._records.get(asset_id)
        if record is None:  # a stop started elsewhere (a script, the self-test)
            asset = self._store.asset(asset_id)
            record = StopRecord(asset_id, asset.title if asset else asset_id, None, "unknown", StopState.SENDING)
        return record

    def _on_started(self, asset_id: str) -> None:
        self._set(replace(self._current(asset_id), state=StopState.SENDING, deadline=None))

    def _on_succeeded(self, asset_id: str, result: StopResult) -> None:
        record = replace(self._current(asset_id), state=StopState.STOPPED, answer=result, report=None)
        self._set(self._finished_if_final(record))

    def _on_failed(self, asset_id: str, report: ErrorReport) -> None:
        state = StopState.REFUSED if report.status is not None else StopState.NOT_SENT
        self._set(replace(self._current(asset_id), state=state, report=report))

    def _on_uncertain(self, asset_id: str, report: ErrorReport) -> None:
        self._set(replace(self._current(asset_id), state=StopState.UNKNOWN, report=report, following=True))

    def _on_checked(self, asset_id: str, check: StopCheck) -> None:
        record = self._current(asset_id)
        if record.state is StopState.UNKNOWN:
            self._set(replace(record, check=check))

    def _on_reconciled(self, asset_id: str, outcome: StopOutcome) -> None:
        record = self._current(asset_id)
        if record.state is not StopState.UNKNOWN:
            return  # the truth already arrived some other way
        if outcome.stopped:
            state = StopState.CONFIRMED_STOPPED
        elif outcome.settled:
            state = StopState.NOT_STOPPED
        else:
            state = StopState.UNKNOWN  # no read-back worked: still unknown, no longer followed
        self._set(self._finished_if_final(replace(record, state=state, outcome=outcome, following=False)))

    # -- what the store learns from any source ---------------------------------------
    def _finished_if_final(self, record: StopRecord) -> StopRecord:
        asset = self._store.asset(record.asset_id)
        if record.state in FOLLOWING and asset is not None and asset.status.is_final:
            return replace(record, state=StopState.DONE, final_status=asset.status.label)
        return record

    def _on_streams_changed(self, ids: list[str]) -> None:
        for asset_id in ids:
            record = self._records.get(asset_id)
            asset = self._store.asset(asset_id)
            if record is None or asset is None:
                continue
            if record.state in (StopState.UNKNOWN, StopState.NOT_STOPPED) and not asset.status.can_stop:
                # The server's truth, whoever brought it (webhook, poll, read-back).
                record = replace(record, state=StopState.CONFIRMED_STOPPED, following=False)
            elif record.state is StopState.COUNTDOWN and not asset.status.can_stop:
                record = self._ended_during_countdown(record)
            new = self._finished_if_final(record)
            if new is not self._records[asset_id]:
                self._set(new)
        self._idle_timer()

    def _on_streams_removed(self, ids: list[str]) -> None:
        for asset_id in ids:
            if self._records.pop(asset_id, None) is not None:
                self._shown_second.pop(asset_id, None)
                self.changed.emit(asset_id)
        self._idle_timer()

    def _set(self, record: StopRecord) -> None:
        self._records[record.asset_id] = record
        self.changed.emit(record.asset_id)
