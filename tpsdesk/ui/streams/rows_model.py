"""The stream list: a table model over the :class:`StatusStore`, its badge delegate and view.

Wiring::

    model = StreamRowsModel(store, parent)
    proxy = StreamFilterProxy(parent)      # search + status filter
    proxy.setSourceModel(model)
    view = StreamTableView(parent)
    view.setModel(proxy)

The model follows the store incrementally (inserts, removals, dataChanged; a
re-sort is a layoutChanged) and never resets, so the view's selection and
scroll position survive refreshes. It keeps its rows in display order; see
:mod:`.ordered_rows` for why sorting lives here rather than in the proxy.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, tzinfo
from typing import Any, Final

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QFont, QFontDatabase, QIcon, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QStyle,
)

from tpsdesk.domain.clock import utc_now
from tpsdesk.domain.models import StatusKind
from tpsdesk.domain.timefmt import format_hms
from tpsdesk.domain.trim import ElapsedReading, read_elapsed
from tpsdesk.status.store import StatusStore
from tpsdesk.ui.plain import plain_tooltip
from tpsdesk.ui.streams.ordered_rows import OrderedRowsModel
from tpsdesk.ui.streams.row import Column, StreamRow, format_start, sort_rows
from tpsdesk.ui.streams.sliced_sort import SLICED_FROM, SliceSort, SortJob, brought_up_to_date

AssetIdRole: Final = int(Qt.ItemDataRole.UserRole) + 1  # str
StatusKindRole: Final = AssetIdRole + 1  # StatusKind
SortRole: Final = AssetIdRole + 2  # the column's sort key: a tuple, total order (ends with the id)

_DISPLAY: Final = int(Qt.ItemDataRole.DisplayRole)
_TOOLTIP: Final = int(Qt.ItemDataRole.ToolTipRole)
_DECORATION: Final = int(Qt.ItemDataRole.DecorationRole)
_ALIGNMENT: Final = int(Qt.ItemDataRole.TextAlignmentRole)
_FONT: Final = int(Qt.ItemDataRole.FontRole)
_FOREGROUND: Final = int(Qt.ItemDataRole.ForegroundRole)
_ACCESSIBLE: Final = int(Qt.ItemDataRole.AccessibleTextRole)
_TICK_ROLES: Final = [_DISPLAY, _TOOLTIP, _DECORATION, _ACCESSIBLE]
_ANSWERED: Final = frozenset({_DISPLAY, _TOOLTIP, _DECORATION, _ALIGNMENT, _FONT, _FOREGROUND, _ACCESSIBLE,
                              AssetIdRole, StatusKindRole, SortRole})
# Plain ints: comparing with the IntEnum members goes through Python's enum machinery at every cell.
_TITLE, _STATUS, _ELAPSED, _START, _ID = (int(c) for c in Column)
_CENTRED: Final = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter
_HEADERS: Final = ("Title", "Status", "Elapsed", "Start", "ID")
_NO_VALUE: Final = "—"


class StreamRowsModel(OrderedRowsModel):
    """Columns Title, Status, Elapsed, Start, ID over a :class:`StatusStore`, following its signals."""

    AssetIdRole = AssetIdRole
    StatusKindRole = StatusKindRole
    SortRole = SortRole

    def __init__(self, store: StatusStore, parent: QObject | None = None, *,
                 server_tz: tzinfo = UTC, clock: Callable[[], datetime] = utc_now) -> None:
        super().__init__(parent)
        self._store = store
        self._tz = server_tz
        self._clock = clock
        self._last_known: datetime | None = None  # the server is not answering: clocks frozen here
        self._doubt: str | None = None  # why no elapsed time can be trusted (e.g. a wrong zone)
        self._warning_icon: QIcon | None = None
        self._fixed_font: QFont | None = None
        self._merge_job: SortJob | None = None
        self._set_initial_rows(StreamRow.from_asset(a) for a in map(store.asset, store.ids()) if a is not None)
        store.streamsAdded.connect(self._on_added)
        store.streamsRemoved.connect(self._remove_ids)
        store.streamsChanged.connect(self._on_changed)
        store.listingSliced.connect(self._on_listing_sliced)
        if store.slicing:
            self._start_holding()

    def serverTimeZone(self) -> tzinfo:
        return self._tz

    def setServerTimeZone(self, tz: tzinfo) -> None:
        self._tz = tz
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, Column.ELAPSED, Column.START)
        if self._rows:
            self.dataChanged.emit(self.index(0, Column.ELAPSED), self.index(len(self._rows) - 1, Column.START))

    def setClock(self, clock: Callable[[], datetime]) -> None:
        """``clock()`` returns an aware UTC datetime (tests inject a fake one)."""
        self._clock = clock

    def setLastKnownAt(self, moment: datetime | None) -> None:
        """The server has not answered since ``moment``: elapsed times stop there, greyed (None: live)."""
        self._last_known = moment
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, Column.ELAPSED, Column.ELAPSED)
        if self._rows:
            self.dataChanged.emit(self.index(0, Column.ELAPSED), self.index(len(self._rows) - 1, Column.ELAPSED))

    def setElapsedDoubt(self, reason: str | None) -> None:
        """No elapsed time shown (flagged, with the reason) while it cannot be trusted."""
        self._doubt = reason
        if self._rows:
            self.dataChanged.emit(self.index(0, Column.ELAPSED), self.index(len(self._rows) - 1, Column.ELAPSED))

    def lastKnownAt(self) -> datetime | None:
        return self._last_known

    def tick(self) -> None:
        """Repaint the live streams' elapsed time: one dataChanged, Elapsed column, live rows' span."""
        span = self.liveRowSpan()
        if span is not None:
            first, last = span
            self.dataChanged.emit(self.index(first, Column.ELAPSED), self.index(last, Column.ELAPSED), _TICK_ROLES)

    def elapsedReading(self, row: int) -> ElapsedReading | None:
        """None for streams that are not live (no elapsed time to show)."""
        stream = self._rows[row]
        if not stream.is_live:
            return None
        if stream.start_problem:
            return ElapsedReading(None, f"The server sent an {stream.start_problem}.")
        if self._doubt:
            return ElapsedReading(None, self._doubt)
        return read_elapsed(stream.start, self._tz, self._last_known or self._clock())

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(Column):
            return None
        if role == _DISPLAY:
            if section == Column.ELAPSED and self._last_known is not None:
                return "Last seen"  # the elapsed time when the server last answered
            return f"Start ({self._zone_abbr(None)})" if section == Column.START else _HEADERS[section]
        if role == _TOOLTIP:
            zone = getattr(self._tz, "key", None) or str(self._tz)
            if section == Column.START:
                return (f"When the stream is scheduled to start, as the server wrote it, read in "
                        f"{self._zone_abbr(None)} ({zone}), the assumed server time zone.")
            if section == Column.ELAPSED:
                return f"Time since the start for live streams (start read in {zone})."
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = _DISPLAY) -> Any:
        # Asked ~7 times per visible cell at every repaint of the list (initStyleOption's roles):
        # the roles no cell answers leave first, and nothing is computed twice for one answer.
        if role not in _ANSWERED:
            return None
        row = index.row()
        rows = self._rows
        if not 0 <= row < len(rows):
            return None
        stream = rows[row]
        column = index.column()
        if role == _DISPLAY:
            if column == _TITLE:
                return stream.title
            if column == _STATUS:
                return stream.label
            if column == _ELAPSED:
                seconds = self._elapsed_seconds(row)
                return _NO_VALUE if seconds is None else format_hms(seconds)
            if column == _START:
                return format_start(stream.start) if stream.start else _NO_VALUE
            return stream.asset_id
        if role == _FONT:
            return self._mono() if column in (_ELAPSED, _ID) else None
        if role == _ALIGNMENT:
            # Centred: monospaced digits still line up, and the text keeps clear of the Start column.
            return _CENTRED if column == _ELAPSED else None
        if role == _FOREGROUND:
            greyed = (column == _START and stream.start is None) or (
                column == _ELAPSED and (self._last_known is not None or self._elapsed_seconds(row) is None))
            return QApplication.palette().color(QPalette.ColorRole.PlaceholderText) if greyed else None
        if role == _DECORATION:
            if column != _ELAPSED:
                return None
            reading = self.elapsedReading(row)
            return self._warning() if reading is not None and reading.problem else None
        if role == AssetIdRole:
            return stream.asset_id
        if role == StatusKindRole:
            return stream.kind
        if role == SortRole:
            return stream.keys[column]
        if role == _TOOLTIP:
            tip = self._tooltip(row, stream, column)
            return plain_tooltip(tip) if tip else tip  # server text is data, never markup
        if role == _ACCESSIBLE and column == _ELAPSED:
            reading = self.elapsedReading(row)
            if reading is not None and reading.problem:
                return f"unknown: {reading.problem}"
        return None

    def _elapsed_seconds(self, row: int) -> int | None:
        """What the Elapsed cell shows; None: not live, or a time that cannot be trusted (flagged by the icon)."""
        reading = self.elapsedReading(row)
        if reading is None or reading.problem:
            return None
        return reading.seconds

    # -- store signals ---------------------------------------------------------------------
    def _on_listing_sliced(self, started: bool) -> None:
        if started:
            self._start_holding()
        elif self._holding and self._rows and len(self._pending) >= SLICED_FROM:
            self._merge_in_slices()
        else:
            self._release()

    # -- a big first listing joining the first page shown early ---------------------------------
    def _merge_in_slices(self) -> None:
        """Sort the first page and the held rest a slice per turn, then show them in one layout
        change: one sort of 10,000 rows, the relayout and the repaint in one turn held the loop
        ~20 ms. Meanwhile the rest stays held: changes and removals reach it as while the listing came."""
        SortJob.cancelled(self._merge_job)  # a newer listing ended meanwhile: sort what is held now
        column, descending = self._sort_column, self._descending
        snapshot = self._rows + list(self._pending.values())
        self._merge_job = SortJob(SliceSort(snapshot, lambda r: r.keys[column], descending),
                                  lambda rows: self._merged(column, descending, rows), self)

    def _merged(self, column: Column, descending: bool, ordered: list[StreamRow]) -> None:
        self._merge_job = None
        current = self._rows + self._shown(list(self._pending.values()))
        self._pending.clear()
        self._holding = False
        if (column, descending) != (self._sort_column, self._descending):  # a header click meanwhile
            self._relayout(sort_rows(current, self._sort_column, self._descending))
        else:
            self._relayout(brought_up_to_date(ordered, current, self._key, descending))

    def _on_added(self, asset_ids: list[str]) -> None:
        if self._holding:
            self._hold(StreamRow.from_asset(a) for a in map(self._store.asset, asset_ids) if a is not None)
            return
        fresh: list[StreamRow] = []
        known: list[StreamRow] = []  # announced twice: a change, never a duplicate row
        for asset in map(self._store.asset, asset_ids):
            if asset is not None:
                new = not self.hasAsset(asset.id) and not (self._queue and self._waiting(asset.id))
                (fresh if new else known).append(StreamRow.from_asset(asset))
        self._insert_rows(fresh)
        if known:
            self._replace_rows(known)

    def _on_changed(self, asset_ids: list[str]) -> None:
        self._replace_rows(StreamRow.from_asset(a) for a in map(self._store.asset, asset_ids) if a is not None)

    # -- cell text -------------------------------------------------------------------------
    def _tooltip(self, row: int, stream: StreamRow, column: int) -> str | None:
        if column == Column.TITLE:
            return stream.full_title
        if column == Column.STATUS:
            if stream.kind is StatusKind.UNKNOWN:
                return (f"“{stream.raw_status}”: a status tpsdesk does not know, shown as the server sent it."
                        if stream.raw_status.strip() else "The server sent no status.")
            if stream.raw_status != stream.kind.value:
                return f"{stream.label} (the server wrote “{stream.raw_status}”)"
            return stream.label
        if column == Column.ELAPSED:
            reading = self.elapsedReading(row)
            if reading is None:
                return None
            if reading.problem or reading.seconds is None:
                return reading.problem
            if self._last_known is not None:
                return (f"Live for {format_hms(reading.seconds)} when the server last answered "
                        f"({self._last_known.astimezone(self._tz):%H:%M:%S} {self._zone_abbr(None)}); "
                        "not confirmed since")
            return f"Live for {format_hms(reading.seconds)}"
        if column == Column.START:
            if stream.start is None:
                return f"The server sent an {stream.start_problem}." if stream.start_problem else "No start time."
            local = stream.start.replace(tzinfo=self._tz).astimezone()
            return (f"{stream.start:%Y-%m-%d %H:%M:%S} {self._zone_abbr(stream.start)} (server time)\n"
                    f"{local:%Y-%m-%d %H:%M:%S} {local.tzname()} on this computer")
        return stream.asset_id

    def _zone_abbr(self, naive: datetime | None) -> str:
        when = naive.replace(tzinfo=self._tz) if naive is not None else self._clock().astimezone(self._tz)
        return when.tzname() or str(getattr(self._tz, "key", self._tz))

    def _warning(self) -> QIcon:
        if self._warning_icon is None:
            self._warning_icon = QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        return self._warning_icon

    def _mono(self) -> QFont:
        if self._fixed_font is None:
            self._fixed_font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        return self._fixed_font


