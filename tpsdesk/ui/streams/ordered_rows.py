"""Ordering and filtering of the stream list's rows (:class:`StreamRow`, see :mod:`.row`).

:class:`OrderedRowsModel` keeps the rows in display order and turns every change into
incremental model signals (inserts, removals, dataChanged; a re-sort is a layoutChanged with
persistent indexes moved), never a reset. It also filters: only the rows its filter accepts
are rows of the model, the others wait aside (a filter change is one layoutChanged,
:mod:`.filter_pick`). A header click on another column sorts many rows a slice per turn
(:mod:`.sliced_sort`). Why no QSortFilterProxyModel: see :mod:`.filter_proxy`.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable
from operator import is_

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
)

from tpsdesk.ui.streams.filter_job import DeferredFilter
from tpsdesk.ui.streams.filter_pick import FilterOutcome, UnfilteredOrder, pick_rows
from tpsdesk.ui.streams.row import Column, SortKey, StreamRow, contiguous_runs, sort_rows
from tpsdesk.ui.streams.row_index import RowIndex
from tpsdesk.ui.streams.sliced_sort import SLICED_FROM, SliceSort, SortJob, brought_up_to_date

_ROOT = QModelIndex()
_COLUMNS = len(Column)
_MANY_INSERT_POINTS = 100  # beyond this, append and re-sort once rather than insert piecemeal
HOLD_AT_MOST = 500  # rows already shown (a first page) below which a sliced listing is held
FILL_CHUNK = 1000  # rows appended per turn while a first listing fills the list (at the end: cheap)


class OrderedRowsModel(QAbstractTableModel):
    """Stream rows kept in display order; subclasses add ``data`` and feed the rows."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._sort_column = Column.STATUS
        self._descending = False
        self._rows: list[StreamRow] = []  # display order; mutated in place, never rebound
        self._index = RowIndex(self._rows)
        self._live_span: tuple[int, int] | None = None  # first and last live row
        self._live_span_stale = False
        # A first listing applied in slices is held back, sorted once, then appended in order a
        # chunk per turn: rows merged into a 10,000-row list slice by slice re-sorted it each time.
        self._holding = False
        self._pending: dict[str, StreamRow] = {}  # held while the listing is still arriving
        self._queue: list[StreamRow] = []  # sorted, waiting to be appended
        self._chunk_timer = QTimer(self)
        self._chunk_timer.setSingleShot(True)
        self._chunk_timer.setInterval(0)
        self._chunk_timer.timeout.connect(self._append_chunk)
        self._sort_frozen = False  # status changes wait to re-sort (the pointer is over the list)
        self._resort_pending = False
        self._sort_job: SortJob | None = None  # a header click's sort, running a slice per turn
        self._accepts: Callable[[StreamRow], bool] | None = None  # None: every row is shown
        self._hidden: dict[str, StreamRow] = {}  # rows the filter does not accept, by asset id
        self._unfiltered: UnfilteredOrder | None = None  # every row in order when filtering began
        self._filter = DeferredFilter(self, self._pick, self._filter_basis, self._apply_filter)

    # -- the filter ----------------------------------------------------------------------------
    def setRowFilter(self, accepts: Callable[[StreamRow], bool] | None) -> None:
        """Show only the rows ``accepts`` (None: all); one layoutChanged, the selection kept if shown.
        On a long list the rows are picked now and shown in the next turn (:mod:`.filter_job`)."""
        self._filter.request(accepts, at_once=len(self._rows) + len(self._hidden) < SLICED_FROM)

    def isFiltering(self) -> bool:  # a filter change shows in the next turn, or at finishFiltering()
        return self._filter.isPending()

    def finishFiltering(self) -> None:  # a waiting filter change, applied now
        self._filter.flush()

    def _pick(self, accepts: Callable[[StreamRow], bool] | None) -> FilterOutcome | None:
        unfiltered = self._unfiltered if self._accepts is not None and not self._resort_pending else None
        return pick_rows(self._rows, self._hidden, accepts, self._sort_column, self._descending, unfiltered)

    def _filter_basis(self) -> object:
        return list(self._rows), list(self._hidden.values()), self._sort_column, self._descending, self._resort_pending

    def _apply_filter(self, accepts: Callable[[StreamRow], bool] | None, outcome: FilterOutcome | None) -> None:
        if self._accepts is None and accepts is not None and not self._resort_pending:
            self._unfiltered = UnfilteredOrder(self._sort_column, self._descending, self._rows)
        elif accepts is None:
            self._unfiltered = None
        self._accepts = accepts
        if outcome is not None:
            outcome.set_aside(self._hidden)
            self._relayout(outcome.shown)

    def allRows(self) -> list[StreamRow]:
        """Every row, shown or filtered out (those in no particular order)."""
        return [*self._rows, *self._hidden.values()]

    def hasAsset(self, asset_id: str) -> bool:
        """Whether the stream has a row, shown or filtered out."""
        return self.rowOfAsset(asset_id) is not None or asset_id in self._hidden

    def _shown(self, rows: Iterable[StreamRow]) -> list[StreamRow]:
        """The rows the filter accepts; the others are set aside."""
        if self._accepts is None:
            return rows if isinstance(rows, list) else list(rows)
        shown: list[StreamRow] = []
        for row in rows:
            if self._accepts(row):
                shown.append(row)
            else:
                self._hidden[row.asset_id] = row
        return shown

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
        """The rows shown, in display order (read-only)."""
        return self._rows

    def rowOfAsset(self, asset_id: str) -> int | None:
        return self._index.row(asset_id)

    def isFilling(self) -> bool:
        """True while rows the store already holds are still waiting to be inserted."""
        return self._holding or bool(self._pending or self._queue)

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
        return 0 if parent.isValid() else _COLUMNS

    # No flags(): QAbstractTableModel's own (enabled, selectable, no children) is the same, in C++.

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Every change keeps the rows in order (unless re-sorting is frozen), so the same order
        again costs nothing (the view asks twice per sortByColumn) and the other direction is a
        reversal (keys are a total order). Another column, on many rows, is sorted a slice per
        turn and shown at once when done (a later sort supersedes it)."""
        if not 0 <= column < len(Column):
            return
        descending = order == Qt.SortOrder.DescendingOrder
        self._sort_job = SortJob.cancelled(self._sort_job)  # superseded by this one, if any
        in_order = not self._resort_pending  # frozen re-sorts waiting: the rows are not all in order
        if in_order and column == self._sort_column and descending == self._descending:
            return
        flipped = in_order and column == self._sort_column
        if not flipped and len(self._rows) >= SLICED_FROM:
            sorter = SliceSort(list(self._rows), lambda r: r.keys[column], descending)
            self._sort_job = SortJob(sorter, lambda rows: self._sorted(Column(column), descending, rows), self)
            return
        self._sort_column, self._descending = Column(column), descending
        self._resort_pending = False
        if flipped:
            self._reverse()
        else:
            self._resort()
        if self._queue:
            self._queue.sort(key=self._key, reverse=self._descending)

    def isSorting(self) -> bool:
        """A sort runs in slices; the rows keep their previous order until it is done."""
        return self._sort_job is not None

    def _sorted(self, column: Column, descending: bool, ordered: list[StreamRow]) -> None:
        """A sliced sort is done: show its order, with what changed meanwhile put in its place."""
        job, self._sort_job = self._sort_job, None
        self._sort_column, self._descending, self._resort_pending = column, descending, False
        self._queue.sort(key=self._key, reverse=descending)  # the first fill's rows still waiting, if any
        as_is = job is not None and job.sorter.sorted_as_is(self._rows)
        self._relayout(ordered if as_is else brought_up_to_date(ordered, self._rows, self._key, descending))

    # -- a first listing arriving in slices --------------------------------------------------
    def _start_holding(self) -> None:
        # Empty, or holding only the first page shown before the rest came (services/streams.py).
        if len(self._rows) <= HOLD_AT_MOST and not self._queue:
            self._holding = True

    def _hold(self, rows: Iterable[StreamRow]) -> None:
        for row in rows:
            self._pending[row.asset_id] = row

    def _release(self) -> None:
        """The listing is complete: sort what was held and append the first chunk now."""
        if not self._holding:
            return
        self._holding = False
        self._queue.extend(self._pending.values())
        self._pending.clear()
        if self._rows and self._queue:  # a first page is shown: the rest joins it in one layout change
            rest, self._queue = self._shown(self._queue), []
            self._relayout(sort_rows(self._rows + rest, self._sort_column, self._descending))
            return
        self._queue = sort_rows(self._queue, self._sort_column, self._descending)
        self._append_chunk()

    def _append_chunk(self) -> None:
        chunk, self._queue = self._queue[:FILL_CHUNK], self._queue[FILL_CHUNK:]
        chunk = self._shown(chunk)
        if chunk:
            last = self._key(self._rows[-1]) if self._rows else None
            first = self._key(chunk[0])
            if last is None or (last >= first if self._descending else last <= first):
                self._insert_block(len(self._rows), chunk)  # in order: the usual case
            else:
                self._insert_rows(chunk)  # a row came in meanwhile through the usual path
        if self._queue:
            self._chunk_timer.start()

    def _waiting(self, asset_id: str) -> bool:
        return asset_id in self._pending or any(r.asset_id == asset_id for r in self._queue)

    def _replace_waiting(self, rows: Iterable[StreamRow]) -> list[StreamRow]:
        """New readings of held or queued rows replace them there; returns the others."""
        others: list[StreamRow] = []
        queued = {r.asset_id: i for i, r in enumerate(self._queue)} if self._queue else {}
        requeue = False
        for row in rows:
            if row.asset_id in self._pending:
                self._pending[row.asset_id] = row
            elif row.asset_id in queued:
                self._queue[queued[row.asset_id]] = row
                requeue = True
            else:
                others.append(row)
        if requeue:
            self._queue.sort(key=self._key, reverse=self._descending)
        return others

    def _drop_waiting(self, asset_ids: Iterable[str]) -> None:
        doomed = set(asset_ids)
        for asset_id in doomed:
            self._pending.pop(asset_id, None)
        if self._queue and doomed:
            self._queue = [r for r in self._queue if r.asset_id not in doomed]

    # -- changes, each announced with the matching signals ---------------------------------
    def _set_initial_rows(self, rows: Iterable[StreamRow]) -> None:
        """Only before anything is attached: no signals."""
        self._rows.extend(sorted(self._shown(rows), key=self._key, reverse=self._descending))
        self._structure_changed()

    def _insert_rows(self, fresh: list[StreamRow]) -> None:
        fresh = self._shown(fresh)
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
        asset_ids = list(asset_ids)
        if self.isFilling():
            self._drop_waiting(asset_ids)
        for asset_id in asset_ids:
            self._hidden.pop(asset_id, None)
        doomed = sorted({r for r in map(self.rowOfAsset, asset_ids) if r is not None}, reverse=True)
        for first, last in contiguous_runs(doomed):  # highest run first, so lower row numbers stay valid
            self.beginRemoveRows(_ROOT, first, last)
            del self._rows[first:last + 1]
            self._structure_changed()
            self.endRemoveRows()

    def _replace_rows(self, fresh: Iterable[StreamRow]) -> None:
        """New readings of known streams: move them if their order changed, then dataChanged."""
        touched: list[int] = []
        key_moved = False
        if self.isFilling():
            fresh = self._replace_waiting(fresh)
        accepts, appear, vanish = self._accepts, [], []  # rows the change brings in or takes out
        for row in fresh:
            at = self.rowOfAsset(row.asset_id)
            if at is None:
                if row.asset_id in self._hidden:
                    self._hidden[row.asset_id] = row
                    if accepts is None or accepts(row):
                        appear.append(self._hidden.pop(row.asset_id))
                continue
            if accepts is not None and not accepts(row):
                self._hidden[row.asset_id] = row
                vanish.append(row.asset_id)
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
        for first, last in contiguous_runs(sorted(touched)):
            self.dataChanged.emit(self.index(first, 0), self.index(last, last_column))
        if vanish:
            doomed = sorted({r for r in map(self.rowOfAsset, vanish) if r is not None}, reverse=True)
            for first, last in contiguous_runs(doomed):
                self.beginRemoveRows(_ROOT, first, last)
                del self._rows[first:last + 1]
                self._structure_changed()
                self.endRemoveRows()
        if appear:
            self._insert_rows(appear)

    def _key(self, row: StreamRow) -> SortKey:
        return row.keys[self._sort_column]

    def _structure_changed(self) -> None:
        self._index.invalidate()
        self._live_span_stale = True

    def _insert_block(self, point: int, block: list[StreamRow]) -> None:
        self.beginInsertRows(_ROOT, point, point + len(block) - 1)
        self._rows[point:point] = block
        self._structure_changed()
        self.endInsertRows()

    def _reverse(self) -> None:
        if len(self._rows) < 2:
            return
        self.layoutAboutToBeChanged.emit()
        self._rows.reverse()
        self._structure_changed()
        last = len(self._rows) - 1
        persistent = self.persistentIndexList()
        if persistent:
            self.changePersistentIndexList(
                persistent, [self.index(last - index.row(), index.column()) for index in persistent])
        self.layoutChanged.emit()

    def _resort(self) -> bool:
        """Put rows in order with a layoutChanged (selection survives); False if already in order."""
        ordered = sorted(self._rows, key=self._key, reverse=self._descending)
        if all(map(is_, ordered, self._rows)):  # same length: a sort of the same rows
            return False
        self._relayout(ordered)
        return True

    def _relayout(self, rows: list[StreamRow]) -> None:
        """Show ``rows`` (reordered, some gone or new) in one layoutChanged; persistent indexes follow."""
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        old_ids = [self.assetIdAt(index.row()) for index in persistent]
        self._rows[:] = rows
        self._structure_changed()
        if persistent:
            # A row's cells each have theirs (the selection, the current one): one lookup per row.
            new_row = {asset_id: self.rowOfAsset(asset_id) for asset_id in set(old_ids) if asset_id is not None}
            moved = []
            for index, asset_id in zip(persistent, old_ids, strict=True):
                row = new_row.get(asset_id) if asset_id is not None else None
                moved.append(self.index(row, index.column()) if row is not None else QModelIndex())
            self.changePersistentIndexList(persistent, moved)
        self.layoutChanged.emit()
