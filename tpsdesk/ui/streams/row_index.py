"""Which row shows a stream: an id → row map, kept lazily for a list that is re-ordered often."""

from __future__ import annotations

from operator import attrgetter

from tpsdesk.ui.streams.row import StreamRow

_ASSET_ID = attrgetter("asset_id")
SCANS_BEFORE_MAP = 4  # lookups answered by scanning the ids (~0.3 ms each at 10,000) before the map is built


class RowIndex:
    """Row numbers of asset ids in ``rows`` (the list itself, mutated in place by its owner).

    After a re-sort or a filter change only a few rows are looked up in the same turn (the
    selection, the scroll anchor): those scan the ids, in C, instead of waiting for a map of
    10,000 built in Python (~3 ms). Past a few lookups the map is built from the same ids.
    """

    def __init__(self, rows: list[StreamRow]) -> None:
        self._rows = rows
        self._row_of: dict[str, int] | None = None  # None: stale, rebuilt on demand
        self._ids: list[str] | None = None  # the rows' ids while the map is stale
        self._scans = 0

    def invalidate(self) -> None:
        """Rows were inserted, removed or re-ordered (a row replaced by its new reading is not that)."""
        self._row_of = None
        self._ids = None

    def row(self, asset_id: str) -> int | None:
        if self._row_of is not None:
            return self._row_of.get(asset_id)
        if self._ids is None:
            self._ids, self._scans = list(map(_ASSET_ID, self._rows)), 0
        self._scans += 1
        if self._scans <= SCANS_BEFORE_MAP:
            try:
                return self._ids.index(asset_id)
            except ValueError:
                return None
        self._row_of = dict(zip(self._ids, range(len(self._ids)), strict=True))
        return self._row_of.get(asset_id)
