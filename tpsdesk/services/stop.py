"""Stopping a stream: one request per stream, never resent blindly.

A stop is not idempotent and TPStreams has no idempotency key, so when the
answer is lost (time-out after sending, or a 5xx that may have come from a
proxy after the server acted) the outcome is *unknown*: the stream is read
back with backoff for minutes (``FOLLOW_DELAYS_S``), because a server may
apply a stop late. "Not stopped" is said only from a definite answer: a 4xx
refusal, or the stream still live when the whole follow window has passed
(and even then a later Stopped reading wins; see ``stop_tracker``).
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Signal

from tpsdesk.domain.logsafe import printable
from tpsdesk.domain.models import Asset, StatusKind, StopResult, StreamStatus
from tpsdesk.domain.trim import Trim
from tpsdesk.httpapi.client import TPStreamsClient
from tpsdesk.httpapi.errors import ApiError, NetworkError, ServerError, UnexpectedResponse
from tpsdesk.services.errors import ErrorReport, internal_error, report_error
from tpsdesk.services.poller import AdaptivePoller
from tpsdesk.services.tasks import TaskOwner
from tpsdesk.status.book import Source
from tpsdesk.status.store import StatusStore

log = logging.getLogger(__name__)

FOLLOW_DELAYS_S = (0.0, 2.0, 4.0, 8.0, 16.0, 30.0, 60.0, 60.0, 60.0, 60.0)
"""After a lost answer, read the stream back after these waits (5 minutes in all) before
calling a stream that still runs "not stopped"."""


def _current_task() -> asyncio.Task[Any] | None:
    try:
        return asyncio.current_task()
    except RuntimeError:  # called from Qt with no loop running
        return None


@dataclass(frozen=True, slots=True)
class StopOutcome:
    """What reading back found after a stop whose answer was lost."""

    asset_id: str
    stopped: bool  # the stream is no longer running
    asset: Asset | None  # the stream as last read back (None if every read failed)
    message: str
    settled: bool = True  # False: no read-back worked, so the outcome is still unknown
    waited_s: float = 0.0  # how long the stream was followed


@dataclass(frozen=True, slots=True)
class StopCheck:
    """One read-back while the outcome is unknown: the stream still runs, or the read failed."""

    asset_id: str
    asset: Asset | None
    problem: ErrorReport | None
    waited_s: float  # since the answer was lost
    next_in_s: float | None  # None: this was the last check


class StopService(QObject):
    stopStarted = Signal(str)  # asset id
    stopSucceeded = Signal(str, object)  # asset id, StopResult
    stopFailed = Signal(str, object)  # asset id, ErrorReport; nothing happened (refused, or not sent)
    stopUncertain = Signal(str, object)  # asset id, ErrorReport; the answer was lost: following
    stopChecked = Signal(str, object)  # asset id, StopCheck; still unknown
    stopReconciled = Signal(str, object)  # asset id, StopOutcome; the follow is over
    inFlightChanged = Signal(str, bool)

    def __init__(self, client: TPStreamsClient, store: StatusStore, follower: AdaptivePoller,
                 parent: QObject | None = None, *,
                 reconcile_delays: tuple[float, ...] = FOLLOW_DELAYS_S) -> None:
        super().__init__(parent)
        self._client = client
        self._store = store
        self._follower = follower
        self._tasks = TaskOwner("stop")
        self._in_flight: set[str] = set()
        self._following: dict[str, asyncio.Task[Any]] = {}
        self._reconcile_delays = reconcile_delays
        store.streamsChanged.connect(self._on_streams_changed)

    def setFollowDelays(self, delays: tuple[float, ...]) -> None:
        """The read-back schedule after a lost answer (tests scale it down)."""
        self._reconcile_delays = delays

    def in_flight(self, asset_id: str) -> bool:
        return asset_id in self._in_flight

    def following_unknown(self, asset_id: str) -> bool:
        """A stop of this stream lost its answer and is still being followed."""
        return asset_id in self._following

    def stop(self, asset_id: str, trim: Trim | None) -> bool:
        """Start a stop; False (and nothing sent) if one is already running for this stream.

        A stop asked for while an earlier one's outcome is unknown (the user confirmed it
        knowing that) ends the earlier follow: the new answer supersedes it.
        """
        if asset_id in self._in_flight:
            return False
        earlier = self._following.pop(asset_id, None)
        if earlier is not None:
            earlier.cancel()
        self._in_flight.add(asset_id)
        self.inFlightChanged.emit(asset_id, True)
        self.stopStarted.emit(asset_id)
        self._tasks.spawn(self._stop(asset_id, trim), name=f"stop {asset_id}")
        return True

    async def _stop(self, asset_id: str, trim: Trim | None) -> None:
        lost: ErrorReport | None = None
        try:
            try:
                result: StopResult = await self._client.stop_live_stream(asset_id, trim)
            except NetworkError as exc:
                if not exc.maybe_applied:
                    self.stopFailed.emit(asset_id, report_error(exc, headline="Stop not sent"))
                    return
                lost = report_error(exc, headline="Stop answer lost")
            except (ServerError, UnexpectedResponse) as exc:
                # A proxy's 5xx or a garbled 200 may follow a stop that was applied.
                lost = report_error(exc, headline="Stop answer lost")
            except ApiError as exc:  # a 4xx: the server answered, and did not stop it
                self.stopFailed.emit(asset_id, report_error(exc, headline="Stop refused"))
                return
            except Exception as exc:
                # A bug of ours, raised by the call that sends: the request may have left before
                # it struck (e.g. reading the answer), so the outcome is unknown, never "refused".
                log.exception("stopping %s failed inside tpsdesk", printable(asset_id))
                lost = internal_error(exc)
            else:
                self._store.mark_status(asset_id, StreamStatus.of(StatusKind.STOPPED), Source.STOP)
                self.stopSucceeded.emit(asset_id, result)
                self._follower.follow(asset_id)
                return
        finally:
            self._in_flight.discard(asset_id)
            self.inFlightChanged.emit(asset_id, False)
        self.stopUncertain.emit(asset_id, lost)
        task = asyncio.current_task()
        assert task is not None
        self._following[asset_id] = task
        try:
            await self._reconcile(asset_id)
        finally:
            if self._following.get(asset_id) is task:
                del self._following[asset_id]

    def _on_streams_changed(self, ids: list[str]) -> None:
        # A webhook or a poll may bring the truth long before the next read-back is due.
        for asset_id in ids:
            task = self._following.get(asset_id)
            asset = self._store.asset(asset_id)
            if task is None or asset is None or asset.status.can_stop or task is _current_task():
                continue
            del self._following[asset_id]
            task.cancel()
            self._follower.follow(asset_id)
            self.stopReconciled.emit(asset_id, StopOutcome(
                asset_id, True, asset, f"The stop went through: the stream reads “{asset.status.label}”."))

    async def _read_back(self, asset_id: str) -> tuple[Asset | None, ErrorReport | None]:
        stored = self._store.asset(asset_id)
        if stored is not None and not stored.status.can_stop:
            return stored, None  # a webhook or a poll already told us
        try:
            asset = await self._client.get_asset(asset_id)
        except ApiError as exc:
            return None, report_error(exc, headline="Reading the stream back failed")
        except Exception as exc:
            log.exception("reading %s back failed inside tpsdesk", printable(asset_id))
            return None, internal_error(exc)
        self._store.apply(asset, Source.POLL)
        return asset, None

    async def _reconcile(self, asset_id: str) -> None:
        """Read the stream back with backoff: a server may apply a stop late."""
        loop = asyncio.get_running_loop()
        began = loop.time()
        delays = self._reconcile_delays
        last_live: Asset | None = None
        failure: ErrorReport | None = None
        for index, delay in enumerate(delays):
            await asyncio.sleep(delay)
            asset, problem = await self._read_back(asset_id)
            waited = loop.time() - began
            if asset is not None and not asset.status.can_stop:
                self._follower.follow(asset_id)
                self.stopReconciled.emit(asset_id, StopOutcome(
                    asset_id, True, asset,
                    f"The stop went through: the stream reads “{asset.status.label}”.", waited_s=waited))
                return
            if asset is not None:
                last_live = asset
            failure = problem or failure
            next_in = delays[index + 1] if index + 1 < len(delays) else None
            self.stopChecked.emit(asset_id, StopCheck(asset_id, asset, problem, waited, next_in))
        waited = loop.time() - began
        if last_live is None:
            reason = failure.message if failure else "no read-back was attempted"
            self.stopReconciled.emit(asset_id, StopOutcome(
                asset_id, False, None,
                f"Reading the stream back failed for {waited:.0f} s ({reason}). "
                "Check the stream before trying again; the stop was not resent.",
                settled=False, waited_s=waited))
            return
        self.stopReconciled.emit(asset_id, StopOutcome(
            asset_id, False, last_live,
            f"The stop did not go through: the stream still reads “{last_live.status.label}” "
            f"after {waited:.0f} s of checking. Nothing was resent; you can stop it again.", waited_s=waited))

    async def aclose(self) -> None:
        await self._tasks.aclose()
