"""Per-stream status, fed by every source (pure, no Qt).

The book holds the winning reading of each stream, where it came from and
when, and the history of status changes (the recording's journey).
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum

from tpsdesk.domain.models import Asset, StatusKind, StreamStatus
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
        # Streams per status kind, kept with every change: a recount of 10,000 entries on each
        # webhook delivery stalled the window (issue 11).
        self._kinds: Counter[StatusKind] = Counter()

    def counts(self) -> dict[StatusKind, int]:
        """How many streams hold each status kind (kinds with none are left out)."""
        return {kind: n for kind, n in self._kinds.items() if n}

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
            self._kinds[asset.status.kind] += 1
            return "added"
        if not supersedes(asset, entry.asset):
            return None
        status_moved = asset.status != entry.asset.status
        entry.source, entry.updated_at = source, now
        if status_moved:
            entry.history.append(StatusStep(asset.status, now, source))
            self._kinds[entry.asset.status.kind] -= 1
            self._kinds[asset.status.kind] += 1
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
        assets = list(assets)
        applied = self.apply_batch(assets, Source.LIST, now)
        removed = self.retain({asset.id for asset in assets}.union(keep))
        return BookChange(applied.added, applied.changed, removed.removed)

    def apply_batch(self, assets: Iterable[Asset], source: Source, now: datetime) -> BookChange:
        """Several readings at once (a slice of a listing): one change for them all."""
        added: list[str] = []
        changed: list[str] = []
        for asset in assets:
            outcome = self._apply(asset, source, now)
            if outcome == "added":
                added.append(asset.id)
            elif outcome == "changed":
                changed.append(asset.id)
        return BookChange(tuple(added), tuple(changed))

    def retain(self, listed: set[str]) -> BookChange:
        """Forget every stream not in ``listed`` (the end of a full list read)."""
        removed = [asset_id for asset_id in self._entries if asset_id not in listed]
        for asset_id in removed:
            self._drop(asset_id)
        return BookChange(removed=tuple(removed))

    def _drop(self, asset_id: str) -> bool:
        entry = self._entries.pop(asset_id, None)
        if entry is None:
            return False
        self._kinds[entry.asset.status.kind] -= 1
        return True

    def forget(self, asset_id: str) -> BookChange:
        """The server says the stream no longer exists (404)."""
        if not self._drop(asset_id):
            return BookChange()
        return BookChange(removed=(asset_id,))

    def mark_status(self, asset_id: str, status: StreamStatus, source: Source, now: datetime) -> BookChange:
        """A status known without a full asset (e.g. a successful stop)."""
        entry = self._entries.get(asset_id)
        if entry is None or entry.asset.live_stream is None:
            return BookChange()
        live = dataclasses.replace(entry.asset.live_stream, status=status)
        return self.apply(dataclasses.replace(entry.asset, live_stream=live), source, now)
