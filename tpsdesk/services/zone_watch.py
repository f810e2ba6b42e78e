"""Watching for a server that writes its times in another zone than the configured one (issue 9, item 6).

Every reading of a stream (list, poll, webhook, stop answer) lands in the
status store; each one bounds the server's real UTC offset (see
``domain/zone_evidence.py``), measured against the server's own clock: the
session's clock, which is this computer's corrected by the skew the session's
one ``ServerClock`` measures from HTTP ``Date`` headers (``services/server_time.py``).
The verdict (agrees, or which offset the server seems to use) is emitted when it changes.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, tzinfo
from heapq import nlargest

from PySide6.QtCore import QObject, Signal

from tpsdesk.domain.clock import utc_now
from tpsdesk.domain.models import Asset, StatusKind
from tpsdesk.domain.zone_evidence import Bounds, Sighting, ZoneVerdict, gather, judge, sighting_bounds
from tpsdesk.status.store import StatusStore

_MAY_START = (StatusKind.NOT_STARTED, StatusKind.DISCONNECTED)  # seen so, a new "On Publish" is fresh


def _publishes(asset: Asset) -> list[datetime]:
    live = asset.live_stream
    if live is None or not live.activities:
        return []
    return [a.timestamp for a in live.activities
            if a.timestamp is not None and a.status.strip().upper().replace(" ", "_") == "ON_PUBLISH"]


def _latest_activity(asset: Asset) -> datetime | None:
    live = asset.live_stream
    stamps = [a.timestamp for a in (live.activities or ()) if a.timestamp is not None] if live else []
    return max(stamps) if stamps else None


class ZoneWatch(QObject):
    verdictChanged = Signal(object)  # ZoneVerdict

    def __init__(self, store: StatusStore, zone: tzinfo, *, clock: Callable[[], datetime] = utc_now,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._zone = zone
        self._clock = clock  # the server's "now" (ServerClock.corrected)
        # Activities are events that happened; a ``start`` may be a schedule a class ran ahead of,
        # so starts count only when two streams agree, and never against the activities.
        self._events = Bounds()
        self._start_lows: dict[str, timedelta] = {}  # per stream: the offset its start implies at least
        self._quiet: dict[str, tuple[datetime, int]] = {}  # seen not publishing: when, On Publish count
        self._verdict = judge(self._events, zone, clock())
        store.streamsAdded.connect(self._read)
        store.streamsChanged.connect(self._read)
        store.streamsRemoved.connect(self._forget)

    @property
    def verdict(self) -> ZoneVerdict:
        return self._verdict

    def set_zone(self, zone: tzinfo) -> None:
        self._zone = zone
        self._judge()

    def server_now(self) -> datetime:
        return self._clock()

    def _read(self, ids: list[str]) -> None:
        now = self.server_now()
        events: list[Sighting] = []
        for asset in map(self._store.asset, ids):
            if asset is None or asset.live_stream is None:
                continue
            kind = asset.status.kind
            publishes = _publishes(asset)
            quiet = self._quiet.pop(asset.id, None)
            if kind in _MAY_START:
                self._quiet[asset.id] = (now, len(publishes))
            start = asset.live_stream.start if asset.status.is_live else None  # a schedule may lie ahead
            if start is not None:
                low = sighting_bounds(Sighting(now, start=start)).low
                self._start_lows[asset.id] = max(low, self._start_lows.get(asset.id, low))
            if kind is StatusKind.STREAMING and quiet is not None and len(publishes) > quiet[1]:
                # Seen not publishing, now publishing with a new "On Publish": it happened in between.
                events.append(Sighting(now, published=publishes[-1], not_publishing_at=quiet[0]))
            else:
                events.append(Sighting(now, published=_latest_activity(asset)))
        self._events = gather(events, start=self._events)
        self._judge()

    def _bounds(self) -> Bounds:
        if len(self._start_lows) < 2:
            return self._events
        second = nlargest(2, self._start_lows.values())[-1]  # judged at every change: no full sort
        both = self._events.add(low=second)  # one class that went live early proves nothing
        return self._events if both.conflicting else both

    def _forget(self, ids: list[str]) -> None:
        for asset_id in ids:
            self._quiet.pop(asset_id, None)
            self._start_lows.pop(asset_id, None)
        self._judge()

    def _judge(self) -> None:
        verdict = judge(self._bounds(), self._zone, self._clock())
        changed = (verdict.agrees, verdict.suggested, verdict.message) != (
            self._verdict.agrees, self._verdict.suggested, self._verdict.message)
        self._verdict = verdict
        if changed:
            self.verdictChanged.emit(verdict)
