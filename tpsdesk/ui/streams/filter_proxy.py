"""Search and status filter over the rows model; sorting stays in the model (see ordered_rows)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from enum import Enum
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from tpsdesk.domain.models import StatusKind
from tpsdesk.status.store import StatusStore
from tpsdesk.ui.streams.ordered_rows import OrderedRowsModel
from tpsdesk.ui.streams.row import StreamRow


class StatusFilter(Enum):
    ALL = "All streams"
    LIVE = "Live"
    UPCOMING = "Upcoming"
    PROCESSING = "Processing"
    DONE = "Done"
    ERRORS = "Errors"

    @property
    def kinds(self) -> frozenset[StatusKind] | None:
        """The statuses this filter shows; None shows everything."""
        return _FILTER_KINDS[self]

    def accepts(self, kind: StatusKind) -> bool:
        kinds = _FILTER_KINDS[self]
        return kinds is None or kind in kinds


_FILTER_KINDS: dict[StatusFilter, frozenset[StatusKind] | None] = {
    StatusFilter.ALL: None,
    StatusFilter.LIVE: frozenset({StatusKind.STREAMING, StatusKind.DISCONNECTED}),
    StatusFilter.UPCOMING: frozenset({StatusKind.NOT_STARTED}),
    StatusFilter.PROCESSING: frozenset({StatusKind.STOPPED, StatusKind.RECORDING}),
    StatusFilter.DONE: frozenset({StatusKind.COMPLETED}),
    StatusFilter.ERRORS: frozenset({StatusKind.ERROR, StatusKind.UNKNOWN}),
}


class StreamFilterProxy(QSortFilterProxyModel):
    """Search and status filter over a :class:`StreamRowsModel`; sorting is the model's."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setRecursiveFilteringEnabled(False)
        self.setDynamicSortFilter(True)
        self._rows: list[StreamRow] = []
        self._terms: tuple[str, ...] = ()
        self._status_filter = StatusFilter.ALL
        self._kinds: frozenset[StatusKind] | None = None

    def setSourceModel(self, model: Any) -> None:
        if not isinstance(model, OrderedRowsModel):
            raise TypeError("StreamFilterProxy filters a StreamRowsModel")
        super().setSourceModel(model)
        # The model mutates this list in place and never rebinds it.
        self._rows = model.rows

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        # The view's header clicks land here; the source reorders itself (layoutChanged),
        # which keeps this proxy unsorted and cheap. See the module docstring.
        source = self.sourceModel()
        if source is not None:
            source.sort(column, order)

    def searchText(self) -> str:
        return " ".join(self._terms)

    def setSearchText(self, text: str) -> None:
        """Rows whose title or id contains every word of ``text``, ignoring case."""
        terms = tuple(text.casefold().split())
        if terms != self._terms:
            self._terms = terms
            self._refilter()

    def statusFilter(self) -> StatusFilter:
        return self._status_filter

    def setStatusFilter(self, status_filter: StatusFilter) -> None:
        if status_filter is not self._status_filter:
            self._status_filter = status_filter
            self._kinds = status_filter.kinds
            self._refilter()

    def _refilter(self) -> None:
        # One layoutChanged rather than begin/endFilterChange: that one emits a remove or insert
        # per scattered run of rows (1,000+ for a first letter over 10,000 rows), 12-48 ms
        # against a flat ~18 ms here. Persistent indexes (the selection) are kept either way.
        self.invalidate()

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        # Hot path: called once per row on every filter change and for every changed row.
        row = self._rows[source_row]
        if self._kinds is not None and row.kind not in self._kinds:
            return False
        haystack = row.haystack
        return all(term in haystack for term in self._terms)


def count_by_filter(source: StatusStore | Iterable[StreamRow]) -> dict[StatusFilter, int]:
    """How many streams each status filter shows, ignoring the search (for the status bar)."""
    if isinstance(source, StatusStore):
        kinds: Counter[StatusKind] = Counter()
        for asset_id in source.ids():
            asset = source.asset(asset_id)
            if asset is not None:
                kinds[asset.status.kind] += 1
    else:
        kinds = Counter(row.kind for row in source)
    total = sum(kinds.values())
    counts = {f: sum(n for kind, n in kinds.items() if f.accepts(kind)) for f in StatusFilter}
    counts[StatusFilter.ALL] = total
    return counts


def format_counts(counts: dict[StatusFilter, int]) -> str:
    """``12 live · 3 upcoming · 240 total``."""
    return (
        f"{counts[StatusFilter.LIVE]} live · {counts[StatusFilter.UPCOMING]} upcoming · "
        f"{counts[StatusFilter.ALL]} total"
    )
