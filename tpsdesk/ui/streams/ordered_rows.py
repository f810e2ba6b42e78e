"""Ordering and filtering of the stream list.

:class:`StreamRow` is what the list keeps about one stream: display text, a
case-folded search haystack and one sort key per column, all computed once
when the stream is added or changed, so that filtering and sorting 10,000
rows never touch an :class:`Asset` again.

:class:`OrderedRowsModel` keeps the rows in display order and turns every
change into incremental model signals (inserts, removals, dataChanged; a
re-sort is a layoutChanged with persistent indexes moved), never a reset.
:class:`StreamFilterProxy` forwards ``sort`` to it and only filters.
Measured with PySide6 6.12 on 10,000 rows: letting QSortFilterProxyModel
sort costs ~0.5 s per full sort (every comparison calls back into Python)
and, while sorted, re-checks the order of every row of every ``dataChanged``
whatever its column (~4 Python ``data()`` calls a row, ~70 ms for a tick);
clearing a narrow search re-inserts each row with a binary search of Python
comparisons. Unsorted, the proxy costs one cheap Python call per row.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Iterator

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from tpsdesk.ui.streams.row import Column, SortKey, StreamRow

_ROOT = QModelIndex()
_MANY_INSERT_POINTS = 100  # beyond this, append and re-sort once rather than insert piecemeal


def _runs(rows: Iterable[int]) -> Iterator[tuple[int, int]]:
    """Contiguous (first, last) runs of sorted row numbers, in the order given."""
    first = last = None
    for row in rows:
        if last is not None and abs(row - last) == 1:
            last = row
            continue
        if first is not None and last is not None:
            yield min(first, last), max(first, last)
        first = last = row
    if first is not None and last is not None:
        yield min(first, last), max(first, last)


class OrderedRowsModel(QAbstractTableModel):
    """Stream rows kept in display order; subclasses add ``data`` and feed the rows."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._sort_column = Column.STATUS
        self._descending = False
        self._rows: list[StreamRow] = []  # display order; mutated in place, never rebound
        self._row_of: dict[str, int] | None = {}  # None: stale, rebuilt on demand
        self._live_span: tuple[int, int] | None = None  # first and last live row
        self._live_span_stale = False
        self._sort_frozen = False  # status changes wait to re-sort (the pointer is over the list)
        self._resort_pending = False

    def setSortFrozen(self, frozen: bool) -> None:
        """Hold re-sorting caused by changed readings; unfreezing applies what waited."""
        self._sort_frozen = frozen
        if not frozen and self._resort_pending:
            self._resort_pending = False
            self._resort()

    def isSortFrozen(self) -> bool:
        return self._sort_frozen

    @property
    def rows(self) -> list[StreamRow]:
        """The rows in display order (read-only: the filter proxy reads it directly)."""
        return self._rows

    def rowOfAsset(self, asset_id: str) -> int | None:
        if self._row_of is None:
            self._row_of = {row.asset_id: i for i, row in enumerate(self._rows)}
        return self._row_of.get(asset_id)

    def assetIdAt(self, row: int) -> str | None:
        return self._rows[row].asset_id if 0 <= row < len(self._rows) else None

    def sortColumn(self) -> Column:
        return self._sort_column

    def sortOrder(self) -> Qt.SortOrder:
        return Qt.SortOrder.DescendingOrder if self._descending else Qt.SortOrder.AscendingOrder

    def liveRowSpan(self) -> tuple[int, int] | None:
        """First and last row of a live stream (contiguous under the default sort)."""
        if self._live_span_stale:
            live = [i for i, r in enumerate(self._rows) if r.is_live]
            self._live_span = (live[0], live[-1]) if live else None
            self._live_span_stale = False
        return self._live_span

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(Column)

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if 0 <= column < len(Column):
            self._sort_column = Column(column)
            self._descending = order == Qt.SortOrder.DescendingOrder
            self._resort()

    # -- changes, each announced with the matching signals ---------------------------------
    def _set_initial_rows(self, rows: Iterable[StreamRow]) -> None:
        """Only before anything is attached: no signals."""
        self._rows.extend(sorted(rows, key=self._key, reverse=self._descending))
        self._structure_changed()

    def _insert_rows(self, fresh: list[StreamRow]) -> None:
        if not fresh:
            return
        fresh.sort(key=self._key, reverse=self._descending)
        keys = [self._key(r) for r in self._rows]
        count = len(keys)
        if self._descending:  # bisect an ascending copy, then mirror the position
            mirrored = keys[::-1]
            points = [count - bisect_left(mirrored, self._key(r)) for r in fresh]
        else:
            points = [bisect_left(keys, self._key(r)) for r in fresh]
        groups: list[tuple[int, list[StreamRow]]] = []
        for point, row in zip(points, fresh, strict=True):
            if groups and groups[-1][0] == point:
                groups[-1][1].append(row)
            else:
                groups.append((point, [row]))
        if len(groups) > _MANY_INSERT_POINTS:
            self._insert_block(count, fresh)
            self._resort()
            return
        for point, block in reversed(groups):  # from the bottom, so earlier points stay valid
            self._insert_block(point, block)

    def _remove_ids(self, asset_ids: Iterable[str]) -> None:
        doomed = sorted({r for r in map(self.rowOfAsset, asset_ids) if r is not None}, reverse=True)
        for first, last in _runs(doomed):  # highest run first, so lower row numbers stay valid
            self.beginRemoveRows(_ROOT, first, last)
            del self._rows[first:last + 1]
            self._structure_changed()
            self.endRemoveRows()

    def _replace_rows(self, fresh: Iterable[StreamRow]) -> None:
        """New readings of known streams: move them if their order changed, then dataChanged."""
        touched: list[int] = []
        key_moved = False
        for row in fresh:
            at = self.rowOfAsset(row.asset_id)
            if at is None:
                continue
            key_moved |= self._key(row) != self._key(self._rows[at])
            self._rows[at] = row
            touched.append(at)
        self._live_span_stale = True
        if key_moved and self._sort_frozen:
            self._resort_pending = True
        elif key_moved:
            ids = [self._rows[r].asset_id for r in touched]
            if self._resort():
                touched = [r for r in map(self.rowOfAsset, ids) if r is not None]
        last_column = len(Column) - 1
        for first, last in _runs(sorted(touched)):
            self.dataChanged.emit(self.index(first, 0), self.index(last, last_column))

    def _key(self, row: StreamRow) -> SortKey:
        return row.keys[self._sort_column]

    def _structure_changed(self) -> None:
        self._row_of = None
        self._live_span_stale = True

    def _insert_block(self, point: int, block: list[StreamRow]) -> None:
        self.beginInsertRows(_ROOT, point, point + len(block) - 1)
        self._rows[point:point] = block
        self._structure_changed()
        self.endInsertRows()

    def _resort(self) -> bool:
        """Put rows in order with a layoutChanged (selection survives); False if already in order."""
        ordered = sorted(self._rows, key=self._key, reverse=self._descending)
        if all(a is b for a, b in zip(ordered, self._rows, strict=True)):
            return False
        self.layoutAboutToBeChanged.emit()
        old_ids = [r.asset_id for r in self._rows]
        self._rows[:] = ordered
        self._structure_changed()
        persistent = self.persistentIndexList()
        if persistent:
            moved = []
            for index in persistent:
                new_row = self.rowOfAsset(old_ids[index.row()])
                moved.append(self.index(new_row, index.column()) if new_row is not None else QModelIndex())
            self.changePersistentIndexList(persistent, moved)
        self.layoutChanged.emit()
        return True


