"""Stopping a stream: one request per stream, never resent blindly.

A stop is not idempotent and TPStreams has no idempotency key, so when the
answer is lost (time-out after sending, or a 5xx that may have come from a
proxy after the server acted) the stream is read back and the truth shown.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from tpsdesk.domain.models import Asset, StatusKind, StopResult, StreamStatus
from tpsdesk.domain.trim import Trim
from tpsdesk.httpapi.client import TPStreamsClient
from tpsdesk.httpapi.errors import NetworkError, ServerError, UnexpectedResponse
from tpsdesk.services.errors import ErrorReport, report_error
from tpsdesk.services.poller import AdaptivePoller
from tpsdesk.services.tasks import TaskOwner
from tpsdesk.status.book import Source
from tpsdesk.status.store import StatusStore

log = logging.getLogger(__name__)

RECONCILE_DELAYS_S = (0.0, 2.0, 4.0)
"""When a stop's answer is lost: read back at once, then twice more before saying "not stopped"."""


@dataclass(frozen=True, slots=True)
class StopOutcome:
    """What happened to a stop whose answer was lost, after reading back."""

    asset_id: str
    stopped: bool  # the stream is no longer running
    asset: Asset | None  # the stream as read back (None if that failed too)
    message: str


class StopService(QObject):
    stopStarted = Signal(str)  # asset id
    stopSucceeded = Signal(str, object)  # asset id, StopResult
    stopFailed = Signal(str, object)  # asset id, ErrorReport; the stream is still live
    stopUncertain = Signal(str, object)  # asset id, ErrorReport; reading the stream back
    stopReconciled = Signal(str, object)  # asset id, StopOutcome
    inFlightChanged = Signal(str, bool)

    def __init__(self, client: TPStreamsClient, store: StatusStore, follower: AdaptivePoller,
                 parent: QObject | None = None, *,
                 reconcile_delays: tuple[float, ...] = RECONCILE_DELAYS_S) -> None:
        super().__init__(parent)
        self._client = client
        self._store = store
        self._follower = follower
        self._tasks = TaskOwner("stop")
        self._in_flight: set[str] = set()
        self._reconcile_delays = reconcile_delays

    def in_flight(self, asset_id: str) -> bool:
        return asset_id in self._in_flight

    def stop(self, asset_id: str, trim: Trim | None) -> bool:
        """Start a stop; False (and nothing sent) if one is already running for this stream."""
        if asset_id in self._in_flight:
            return False
        self._in_flight.add(asset_id)
        self.inFlightChanged.emit(asset_id, True)
        self.stopStarted.emit(asset_id)
        self._tasks.spawn(self._stop(asset_id, trim), name=f"stop {asset_id}")
        return True

    async def _stop(self, asset_id: str, trim: Trim | None) -> None:
        try:
            try:
                result: StopResult = await self._client.stop_live_stream(asset_id, trim)
            except NetworkError as exc:
                if not exc.maybe_applied:
                    self.stopFailed.emit(asset_id, report_error(exc, headline="Stop not sent"))
                    return
                lost: Exception = exc
            except (ServerError, UnexpectedResponse) as exc:
                lost = exc  # a proxy's 5xx or a garbled 200 may follow a stop that was applied
            except Exception as exc:
                self.stopFailed.emit(asset_id, report_error(exc, headline="Stop refused"))
                return
            else:
                self._store.mark_status(asset_id, StreamStatus.of(StatusKind.STOPPED), Source.STOP)
                self.stopSucceeded.emit(asset_id, result)
                self._follower.follow(asset_id)
                return
            self.stopUncertain.emit(asset_id, report_error(lost, headline="Stop answer lost"))
            await self._reconcile(asset_id)
        finally:
            # Only now: the Stop button stays disabled while the truth is being read back.
            self._in_flight.discard(asset_id)
            self.inFlightChanged.emit(asset_id, False)

    async def _reconcile(self, asset_id: str) -> None:
        """Read the stream back a few times: a server may apply a stop a moment late."""
        asset: Asset | None = None
        failure: ErrorReport | None = None
        for delay in self._reconcile_delays:
            await asyncio.sleep(delay)
            try:
                asset = await self._client.get_asset(asset_id)
            except Exception as exc:
                failure = report_error(exc)
                continue
            self._store.apply(asset, Source.POLL)
            if not asset.status.can_stop:
                break
        if asset is None:
            reason = failure.message if failure else "no read-back was attempted"
            self.stopReconciled.emit(asset_id, StopOutcome(
                asset_id, False, None,
                "The stop's answer was lost and reading the stream back failed too "
                f"({reason}). Check the stream before trying again; it was not resent."))
            return
        stopped = not asset.status.can_stop
        if stopped:
            message = (f"The stop went through: the stream now reads “{asset.status.label}”. "
                       "Whether a trim was scheduled is unknown (the answer was lost).")
            self._follower.follow(asset_id)
        else:
            waited = sum(self._reconcile_delays)
            message = (f"The stop did not go through: the stream still reads “{asset.status.label}” "
                       f"after {waited:.0f} s of checking. Nothing was resent; you can stop it again.")
        self.stopReconciled.emit(asset_id, StopOutcome(asset_id, stopped, asset, message))

    async def aclose(self) -> None:
        await self._tasks.aclose()
