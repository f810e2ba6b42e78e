"""Search and status filter for the rows model, which filters and sorts itself (see ordered_rows).

No QSortFilterProxyModel: it re-ran its Python filter on all 10,000 rows after every
re-sort (~10 ms of a header click). Measured with PySide6 6.12 on 10,000 rows: letting
QSortFilterProxyModel sort costs ~0.5 s per full sort (every comparison calls back into
Python) and, while sorted, re-checks the order of every row of every ``dataChanged``
whatever its column (~4 Python ``data()`` calls a row, ~70 ms for a tick); clearing a
narrow search re-inserts each row with a binary search of Python comparisons.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from enum import Enum
from typing import Any

from PySide6.QtCore import QIdentityProxyModel, QObject, Qt

from tpsdesk.domain.models import StatusKind
from tpsdesk.status.store import StatusStore
from tpsdesk.ui.streams.ordered_rows import OrderedRowsModel
from tpsdesk.ui.streams.row import StreamRow
from tpsdesk.ui.streams.row_filter import RowFilter, accepts


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


class StreamFilterProxy(QIdentityProxyModel):
    """The search box and the status filter, passed on to a :class:`StreamRowsModel`.

    The model holds only the rows that pass (see :mod:`.ordered_rows`); this proxy adds
    no mapping of its own, so a re-sort or a change never calls back into Python per row.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._terms: tuple[str, ...] = ()
        self._status_filter = StatusFilter.ALL

    def setSourceModel(self, model: Any) -> None:
        if not isinstance(model, OrderedRowsModel):
            raise TypeError("StreamFilterProxy filters a StreamRowsModel")
        super().setSourceModel(model)
        self._refilter()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        # The view's header clicks land here; the model reorders itself (layoutChanged).
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
            self._refilter()

    def acceptsRow(self, row: StreamRow) -> bool:
        """Whether ``row`` passes the status filter and contains every search word."""
        return accepts(row, self._status_filter.kinds, self._terms)

    def _refilter(self) -> None:
        source = self.sourceModel()
        if not isinstance(source, OrderedRowsModel):
            return
        kinds, terms = self._status_filter.kinds, self._terms
        source.setRowFilter(None if kinds is None and not terms else RowFilter(kinds, terms))


def count_by_filter(source: StatusStore | Iterable[StreamRow]) -> dict[StatusFilter, int]:
    """How many streams each status filter shows, ignoring the search (for the status bar)."""
    if isinstance(source, StatusStore):
        kinds: Counter[StatusKind] = Counter(source.counts())  # kept by the store, not recounted
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
