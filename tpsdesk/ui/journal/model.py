"""A table model over the journal, newest first, fetched a page at a time.

100,000 entries never load at once: the first page comes when the filter is
set, the next ones as the view scrolls (``canFetchMore``/``fetchMore``), each
read on the journal's worker thread. New entries that match the filter are
inserted at the top as they are written.
"""

from __future__ import annotations

from datetime import tzinfo
from typing import Any, Protocol

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal

from tpsdesk.journal.entries import JournalEntry, JournalFilter, Outcome
from tpsdesk.services.tasks import TaskOwner

PAGE_SIZE = 200
COLUMNS = ("Time", "Action", "Outcome", "Stream", "Organization", "Answer", "Took")
OUTCOME_COLOURS = {Outcome.OK: "#1e7b34", Outcome.REFUSED: "#b35c00", Outcome.UNKNOWN: "#8a6d00",
                   Outcome.FAILED: "#b3261e", Outcome.NOT_SENT: "#6b6b6b"}
EntryRole = Qt.ItemDataRole.UserRole + 1

Index = QModelIndex | QPersistentModelIndex


class JournalSource(Protocol):
    async def page(self, flt: JournalFilter, *, before_id: int | None = None, limit: int = 200
                   ) -> list[JournalEntry]: ...


def answer_text(entry: JournalEntry) -> str:
    if entry.status is not None:
        return str(entry.status)
    return "—" if not entry.method else "no answer"


class JournalTableModel(QAbstractTableModel):
    pageLoaded = Signal(int)  # rows now held
    loadingChanged = Signal(bool)

    def __init__(self, source: JournalSource, *, time_zone: tzinfo | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._source = source
        self._zone = time_zone  # None: this computer's zone
        self._rows: list[JournalEntry] = []
        self._filter = JournalFilter()
        self._more = True
        self._loading = False
        self._generation = 0  # a page asked for under an older filter is dropped
        self._tasks = TaskOwner("journal model")

    # -- Qt model ------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        entry = self._rows[index.row()]
        column = index.column()
        if role == EntryRole:
            return entry
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(entry, column)
        if role == Qt.ItemDataRole.ForegroundRole and column == 2:
            from PySide6.QtGui import QColor

            return QColor(OUTCOME_COLOURS.get(entry.outcome, "#000000"))
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == 3 and entry.stream_id:
                return f"{entry.stream_title or 'untitled'} ({entry.stream_id})"
            if column == 0:
                return entry.time.isoformat()
            return entry.note or None
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (5, 6):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _display(self, entry: JournalEntry, column: int) -> str:
        if column == 0:
            return entry.time.astimezone(self._zone).strftime("%Y-%m-%d %H:%M:%S")
        if column == 1:
            return entry.action.value
        if column == 2:
            return entry.outcome.value
        if column == 3:
            return entry.stream_title or entry.stream_id
        if column == 4:
            return entry.organization
        if column == 5:
            return answer_text(entry)
        return f"{entry.elapsed_ms} ms" if entry.elapsed_ms is not None else ""

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._more and not self._loading

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if self.canFetchMore(parent):
            self._load(reset=False)

    # -- API -----------------------------------------------------------------
    def entryAt(self, row: int) -> JournalEntry | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def currentFilter(self) -> JournalFilter:
        return self._filter

    def isLoading(self) -> bool:
        return self._loading

    def setFilter(self, flt: JournalFilter) -> None:
        """Start over with this filter: the first page is read, the rest as the view scrolls."""
        self._filter = flt
        self._generation += 1
        self.beginResetModel()
        self._rows = []
        self._more = True
        self.endResetModel()
        self._loading = False
        self._load(reset=True)

    def reload(self) -> None:
        self.setFilter(self._filter)

    def addEntry(self, entry: JournalEntry) -> None:
        """A new entry was written: on top, if the filter wants it (and the first page is in)."""
        if not self._filter.matches(entry) or any(e.id == entry.id for e in self._rows[:20]):
            return
        self.beginInsertRows(QModelIndex(), 0, 0)
        self._rows.insert(0, entry)
        self.endInsertRows()

    def _load(self, *, reset: bool) -> None:
        self._set_loading(True)
        generation = self._generation
        before = self._rows[-1].id if self._rows and not reset else None
        self._tasks.spawn(self._fetch(generation, before), name="journal page")

    async def _fetch(self, generation: int, before: int | None) -> None:
        # Cancelled (the window closing): touch no Qt object, it may be gone already.
        try:
            page = await self._source.page(self._filter, before_id=before, limit=PAGE_SIZE)
        except Exception:
            if generation == self._generation:
                self._more = False
                self._set_loading(False)
            raise
        if generation != self._generation:
            return
        self._set_loading(False)
        self._more = len(page) >= PAGE_SIZE
        known = {e.id for e in self._rows}
        page = [e for e in page if e.id not in known]  # an entry added on top meanwhile
        if page:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
            self._rows.extend(page)
            self.endInsertRows()
        self.pageLoaded.emit(len(self._rows))

    def _set_loading(self, loading: bool) -> None:
        if loading != self._loading:
            self._loading = loading
            self.loadingChanged.emit(loading)

    async def aclose(self) -> None:
        await self._tasks.aclose()
