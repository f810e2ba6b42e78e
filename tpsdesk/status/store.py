"""The Qt face of the status book: one store, signals for every change."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime

from PySide6.QtCore import QObject, Signal

from tpsdesk.domain.clock import utc_now
from tpsdesk.domain.models import Asset, StatusKind, StreamStatus
from tpsdesk.status.book import BookChange, Source, StatusBook, StreamEntry


class StatusStore(QObject):
    """Every source writes here; the table, panel and post-stop view read here."""

    streamsAdded = Signal(list)  # list[str] of asset ids, in arrival order
    streamsChanged = Signal(list)
    streamsRemoved = Signal(list)
    # A listing applied in slices between frames (the first 10,000 streams): True when it
    # starts, False once it is complete. Views may hold the rows back and insert them in order.
    listingSliced = Signal(bool)

    def __init__(self, parent: QObject | None = None, *, clock: Callable[[], datetime] = utc_now):
        super().__init__(parent)
        self._book = StatusBook()
        self._clock = clock
        self._slicing = False

    def __len__(self) -> int:
        return len(self._book)

    def entry(self, asset_id: str) -> StreamEntry | None:
        return self._book.get(asset_id)

    def asset(self, asset_id: str) -> Asset | None:
        entry = self._book.get(asset_id)
        return entry.asset if entry else None

    def ids(self) -> list[str]:
        return self._book.ids()

    def counts(self) -> dict[StatusKind, int]:
        """Streams per status kind, kept up to date with every change (no recount)."""
        return self._book.counts()

    def _emit(self, change: BookChange) -> None:
        if change.removed:
            self.streamsRemoved.emit(list(change.removed))
        if change.added:
            self.streamsAdded.emit(list(change.added))
        if change.changed:
            self.streamsChanged.emit(list(change.changed))

    def apply(self, asset: Asset, source: Source) -> None:
        self._emit(self._book.apply(asset, source, self._clock()))

    def apply_listing(self, assets: Iterable[Asset], *, keep: Iterable[str] = ()) -> None:
        self._emit(self._book.apply_listing(assets, self._clock(), keep=keep))

    @property
    def slicing(self) -> bool:
        """A listing is being applied in slices (``begin_listing`` … ``end_listing``)."""
        return self._slicing

    def begin_listing(self) -> None:
        self._slicing = True
        self.listingSliced.emit(True)

    def apply_batch(self, assets: Iterable[Asset], source: Source) -> None:
        """Part of a listing applied between frames: additions and changes, nothing removed."""
        self._emit(self._book.apply_batch(assets, source, self._clock()))

    def end_listing(self, listed: Iterable[str] | None) -> None:
        """The listing is in: forget what the server no longer lists (None: it was cut short, keep all)."""
        if listed is not None:
            self._emit(self._book.retain(set(listed)))
        self._slicing = False
        self.listingSliced.emit(False)

    def forget(self, asset_id: str) -> None:
        self._emit(self._book.forget(asset_id))

    def mark_status(self, asset_id: str, status: StreamStatus, source: Source) -> None:
        self._emit(self._book.mark_status(asset_id, status, source, self._clock()))
