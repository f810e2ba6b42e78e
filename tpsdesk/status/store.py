"""The Qt face of the status book: one store, signals for every change."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime

from PySide6.QtCore import QObject, Signal

from tpsdesk.domain.clock import utc_now
from tpsdesk.domain.models import Asset, StreamStatus
from tpsdesk.status.book import BookChange, Source, StatusBook, StreamEntry


class StatusStore(QObject):
    """Every source writes here; the table, panel and post-stop view read here."""

    streamsAdded = Signal(list)  # list[str] of asset ids, in arrival order
    streamsChanged = Signal(list)
    streamsRemoved = Signal(list)

    def __init__(self, parent: QObject | None = None, *, clock: Callable[[], datetime] = utc_now):
        super().__init__(parent)
        self._book = StatusBook()
        self._clock = clock

    def __len__(self) -> int:
        return len(self._book)

    def entry(self, asset_id: str) -> StreamEntry | None:
        return self._book.get(asset_id)

    def asset(self, asset_id: str) -> Asset | None:
        entry = self._book.get(asset_id)
        return entry.asset if entry else None

    def ids(self) -> list[str]:
        return self._book.ids()

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

    def forget(self, asset_id: str) -> None:
        self._emit(self._book.forget(asset_id))

    def mark_status(self, asset_id: str, status: StreamStatus, source: Source) -> None:
        self._emit(self._book.mark_status(asset_id, status, source, self._clock()))
