"""Per-stream status, fed by every source (pure, no Qt).

The book holds the winning reading of each stream, where it came from and
when, and the history of status changes (the recording's journey).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum

from tpsdesk.domain.models import Asset, StreamStatus
from tpsdesk.status.precedence import supersedes


class Source(Enum):
    LIST = "list refresh"
    POLL = "polling"
    STOP = "stop answer"
    WEBHOOK = "webhook"


@dataclass(frozen=True, slots=True)
class StatusStep:
    status: StreamStatus
    at: datetime
    source: Source


@dataclass(slots=True)
class StreamEntry:
    asset: Asset
    source: Source
    updated_at: datetime
    history: list[StatusStep] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class BookChange:
    added: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.added or self.changed or self.removed)


class StatusBook:
    def __init__(self) -> None:
        self._entries: dict[str, StreamEntry] = {}

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, asset_id: object) -> bool:
        return asset_id in self._entries

    def get(self, asset_id: str) -> StreamEntry | None:
        return self._entries.get(asset_id)

    def ids(self) -> list[str]:
        return list(self._entries)

    def _apply(self, asset: Asset, source: Source, now: datetime) -> str | None:
        """Returns "added", "changed" or None (stale or identical)."""
        entry = self._entries.get(asset.id)
        if entry is None:
            self._entries[asset.id] = StreamEntry(asset, source, now, [StatusStep(asset.status, now, source)])
            return "added"
        if not supersedes(asset, entry.asset):
            return None
        status_moved = asset.status != entry.asset.status
        entry.source, entry.updated_at = source, now
        if status_moved:
            entry.history.append(StatusStep(asset.status, now, source))
        if asset == entry.asset:
            return "changed" if status_moved else None
        entry.asset = asset
        return "changed"

    def apply(self, asset: Asset, source: Source, now: datetime) -> BookChange:
        outcome = self._apply(asset, source, now)
        if outcome == "added":
            return BookChange(added=(asset.id,))
        if outcome == "changed":
            return BookChange(changed=(asset.id,))
        return BookChange()

    def apply_listing(self, assets: Iterable[Asset], now: datetime, *, keep: Iterable[str] = ()) -> BookChange:
        """A full list read: also forgets streams the server no longer lists.

        ``keep``: ids the server did list but in a shape that could not be read;
        they are kept as they were rather than dropped from view.
        """
        added: list[str] = []
        changed: list[str] = []
        listed: set[str] = set()
        for asset in assets:
            listed.add(asset.id)
            outcome = self._apply(asset, Source.LIST, now)
            if outcome == "added":
                added.append(asset.id)
            elif outcome == "changed":
                changed.append(asset.id)
        listed.update(keep)
        removed = [asset_id for asset_id in self._entries if asset_id not in listed]
        for asset_id in removed:
            del self._entries[asset_id]
        return BookChange(tuple(added), tuple(changed), tuple(removed))

    def forget(self, asset_id: str) -> BookChange:
        """The server says the stream no longer exists (404)."""
        if self._entries.pop(asset_id, None) is None:
            return BookChange()
        return BookChange(removed=(asset_id,))

    def mark_status(self, asset_id: str, status: StreamStatus, source: Source, now: datetime) -> BookChange:
        """A status known without a full asset (e.g. a successful stop)."""
        entry = self._entries.get(asset_id)
        if entry is None or entry.asset.live_stream is None:
            return BookChange()
        live = dataclasses.replace(entry.asset.live_stream, status=status)
        return self.apply(dataclasses.replace(entry.asset, live_stream=live), source, now)
