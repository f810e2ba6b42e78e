"""The stream list's view and its status-badge delegate.

Rows never move under the person: while the pointer is over the list, status
changes do not re-sort it (the model's sort freeze; it re-sorts when the pointer
leaves, or on a header click), and any re-sort keeps the selected row (else the
top one) at the same place on screen. Clicks arriving just after a dialog closed
over the list (the second half of a double click on its button) are ignored.
"""

from __future__ import annotations

import time

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractProxyModel,
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QEnterEvent,
    QFont,
    QFontDatabase,
    QFontMetrics,
    QKeyEvent,
    QPainter,
    QPixmap,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from tpsdesk.domain.models import StatusKind
from tpsdesk.ui.next_turn import NextTurn
from tpsdesk.ui.staged_build import Parts
from tpsdesk.ui.streams.badge_delegate import StatusBadgeDelegate
from tpsdesk.ui.streams.row import Column
from tpsdesk.ui.streams.rows_model import AssetIdRole, StreamRowsModel
from tpsdesk.ui.widgets.status_style import badge_font, badge_width

# What the first rows' cells write: letters, digits, the separators of times and dates, the dash of "none".
_GLYPHS = "".join(chr(c) for c in range(32, 127)) + "—…·"
_CLICKS = (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick, QEvent.Type.MouseButtonRelease)


class StreamTableView(QTableView):
    """The stream list, preconfigured; emits the selected asset id (None when nothing is)."""

    currentAssetChanged = Signal(object)  # str | None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._emitted_id: str | None = None
        self._announce_later = False
        self._announcing = True
        # A selection announced in a later turn (selectAssetId): after the list's repaint, not with it.
        self._announcement = NextTurn(self, self._sync_current)
        self.setAccessibleName("Live streams")
        self.setAccessibleDescription("The organization's live streams; arrow keys move the selection.")
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTabKeyNavigation(False)  # Tab leaves the table; arrows, Home/End, PgUp/PgDn move
        self.setAlternatingRowColors(True)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setCornerButtonEnabled(False)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setItemDelegateForColumn(Column.STATUS, StatusBadgeDelegate(self))
        fm = self.fontMetrics()
        rows = self.verticalHeader()
        rows.hide()
        # Fixed, uniform row heights: the view never measures rows one by one.
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(fm.height() + 12)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionsMovable(False)
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(48)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSortIndicator(Column.STATUS, Qt.SortOrder.AscendingOrder)
        header.sectionResized.connect(self._on_section_resized)
        self.setSortingEnabled(True)
        self._clicks_ignored_until = 0.0
        self._anchor: tuple[str, int] | None = None  # (asset id, rows from the top) across a re-sort
        self.viewport().installEventFilter(self)

    # -- clicks through a closing dialog ---------------------------------------------------
    def suppressClicks(self, ms: int) -> None:
        """Ignore mouse presses on the rows for ``ms`` milliseconds."""
        self._clicks_ignored_until = time.monotonic() + ms / 1000

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.viewport() and event.type() in _CLICKS and time.monotonic() < self._clicks_ignored_until:
            return True
        return super().eventFilter(watched, event)

    # -- rows that stay put -------------------------------------------------------------------
    def enterEvent(self, event: QEnterEvent) -> None:
        self._freeze_sort(True)
        super().enterEvent(event)

    def leaveEvent(self, event: QEvent) -> None:
        self._freeze_sort(False)
        super().leaveEvent(event)

    def _freeze_sort(self, frozen: bool) -> None:
        source = self._source_model()
        if isinstance(source, StreamRowsModel):
            source.setSortFrozen(frozen)

    def _source_model(self) -> QAbstractItemModel | None:
        source = self.model()
        while isinstance(source, QAbstractProxyModel):
            source = source.sourceModel()
        return source

    def _remember_anchor(self) -> None:
        top = self.rowAt(0)
        current = self.currentIndex()
        bottom = self.rowAt(self.viewport().height() - 1)
        visible = current.isValid() and top >= 0 and top <= current.row() <= (bottom if bottom >= 0 else current.row())
        row = current.row() if visible else top
        asset_id = self.model().index(row, 0).data(AssetIdRole) if row >= 0 else None
        self._anchor = (asset_id, self.rowViewportPosition(row)) if isinstance(asset_id, str) else None

    def _restore_anchor(self) -> None:
        anchor, self._anchor = self._anchor, None
        if anchor is None:
            return
        index = self._index_of(anchor[0])
        if not index.isValid():
            return
        # Put the anchor row back at the same height on screen (the scroll bar counts rows or pixels).
        delta = self.rowViewportPosition(index.row()) - anchor[1]
        if self.verticalScrollMode() is QAbstractItemView.ScrollMode.ScrollPerItem:
            delta = round(delta / max(1, self.rowHeight(index.row())))
        bar = self.verticalScrollBar()
        bar.setValue(bar.value() + delta)

    def setModel(self, model: QAbstractItemModel | None) -> None:
        super().setModel(model)
        self._size_columns()
        if model is not None and self.isSortingEnabled():
            header = self.horizontalHeader()
            model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        if model is None:
            self._sync_current()
            return
        self.selectionModel().selectionChanged.connect(self._sync_current)
        model.layoutAboutToBeChanged.connect(self._remember_anchor)
        model.layoutChanged.connect(self._restore_anchor)
        for signal in (model.rowsRemoved, model.rowsInserted, model.layoutChanged, model.modelReset):
            signal.connect(self._sync_current)
        # Qt's proxies say, queued, that the header changed when the rows go from none to some. The
        # view would lay its items out inside its next paint, and the update() it makes there repaints
        # the whole list again a turn later (~7 ms at the first page): laid out now, before the paint.
        model.headerDataChanged.connect(self.executeDelayedItemsLayout)
        self._sync_current()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # With nothing selected (e.g. after a search hid the selected row), an arrow selects the
        # first row: Qt would move from its leftover current index and skip the first match.
        model = self.model()
        if (event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up) and model is not None and model.rowCount() > 0
                and self.selectedAssetId() is None):
            flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
            first = model.index(0, max(0, self.currentIndex().column()))
            self.selectionModel().setCurrentIndex(first, flags)
            self.scrollTo(first, QAbstractItemView.ScrollHint.EnsureVisible)
            event.accept()
            return
        super().keyPressEvent(event)

    def rowsAboutToBeRemoved(self, parent: QModelIndex | QPersistentModelIndex, start: int, end: int) -> None:
        current = self.currentIndex()
        if current.isValid() and not parent.isValid() and start <= current.row() <= end:
            # In single selection Qt would select the neighbouring row by itself; Stop acts on the
            # selection, so a stream must never become selected without the user choosing it.
            self.selectionModel().clear()
        super().rowsAboutToBeRemoved(parent, start, end)

    def selectedAssetId(self) -> str | None:
        selection = self.selectionModel()
        if selection is None:
            return None
        rows = selection.selectedRows()
        if not rows:
            return None
        value = rows[0].data(AssetIdRole)
        return value if isinstance(value, str) else None

    def selectAssetId(self, asset_id: str, *, announce_next_turn: bool = False) -> bool:
        """Select and show the stream's row; False if it is not in the (filtered) list.

        ``announce_next_turn``: :attr:`currentAssetChanged` follows in the next event-loop turn, so
        that the list's repaint and the stream panel's fill each have a turn. For a selection no
        one made (the first row after the first load), while the panel shows no stream yet."""
        index = self._index_of(asset_id)
        if not index.isValid():
            return False
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        self._announce_later = announce_next_turn
        try:
            self.selectionModel().setCurrentIndex(index, flags)
            self.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)
        finally:
            self._announce_later = False
        return True

    def stopAnnouncing(self) -> None:
        """The session behind this view is closing: no selection is announced any more, not even one
        still on its way (its followers, the poller and the panels, would call into closed services)."""
        self._announcing = False
        self._announcement.stop()

    def _index_of(self, asset_id: str) -> QModelIndex:
        model = self.model()
        chain: list[QAbstractProxyModel] = []
        source = model
        while isinstance(source, QAbstractProxyModel):
            chain.append(source)
            source = source.sourceModel()
        if isinstance(source, StreamRowsModel):
            row = source.rowOfAsset(asset_id)
            if row is None:
                return QModelIndex()
            index = source.index(row, Column.TITLE)
            for proxy in reversed(chain):
                index = proxy.mapFromSource(index)
            return index
        if model is None or model.rowCount() == 0:
            return QModelIndex()
        hits = model.match(model.index(0, 0), AssetIdRole, asset_id, 1, Qt.MatchFlag.MatchExactly)
        return hits[0] if hits else QModelIndex()

    def _sync_current(self, *_: object) -> None:
        if self._announce_later:
            self._announcement.start()
            return
        if not self._announcing:
            return
        asset_id = self.selectedAssetId()
        if asset_id != self._emitted_id:
            self._emitted_id = asset_id
            self.currentAssetChanged.emit(asset_id)

    # -- the first paint with rows ---------------------------------------------------------------
    def firstPaintParts(self) -> Parts:
        """What the list's first paint with rows does only the first time, ahead of it and a part
        per step: the glyphs of its fonts, the status pills (~3 ms of a ~10 ms paint; issue 11).
        Nothing in the first step: it starts a turn after it is asked (the window's first paint)."""
        yield
        for font in (self.font(), QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)):
            _draw_glyphs(font)
            yield
        delegate = self.itemDelegateForColumn(Column.STATUS)
        if not isinstance(delegate, StatusBadgeDelegate):
            return
        option = QStyleOptionViewItem()
        self.initViewItemOption(option)
        option.rect = QRect(0, 0, self.columnWidth(Column.STATUS), self.verticalHeader().defaultSectionSize())
        ratio = self.viewport().devicePixelRatioF()
        for kind in StatusKind:
            if kind is not StatusKind.UNKNOWN:  # its label is the server's text: not known ahead
                for selected in (False, True):
                    delegate.preparePill(kind.value, kind, option, selected=selected, ratio=ratio)
                yield

    def _size_columns(self) -> None:
        header = self.horizontalHeader()
        if header.count() < len(Column):
            return
        fm = self.fontMetrics()
        mono = QFontMetrics(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        badge_fm = QFontMetrics(badge_font(self.font()))
        pad = 24
        widths = {
            Column.STATUS: max(badge_width(badge_fm, "Disconnected", StatusKind.DISCONNECTED),
                               fm.horizontalAdvance("Status") + pad) + 4,
            Column.ELAPSED: max(mono.horizontalAdvance("00:00:00") + 22, fm.horizontalAdvance("Elapsed") + pad),
            Column.START: fm.horizontalAdvance("2026-11-27 16:56") + pad + 8,
            Column.ID: mono.horizontalAdvance("4PtERT9d9uKx") + pad,
        }
        header.setSectionResizeMode(Column.TITLE, QHeaderView.ResizeMode.Fixed)  # fitted: _fit_title
        for column, width in widths.items():
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        self._fit_title()

    # -- the Title column takes the width the others leave ----------------------------------------
    # Not Qt's Stretch: each time the stretched column changed (the list shown, its scroll bar come
    # or gone) the view repainted the whole list again in a turn of its own (its column resize
    # timer), ~5 ms a time. Fitted here, silently, the change joins the repaint already due.
    def updateGeometries(self) -> None:
        self._fit_title()
        super().updateGeometries()

    def _on_section_resized(self, column: int, _old: int, _new: int) -> None:
        if column != Column.TITLE:  # another column dragged wider or narrower: the title gives or takes
            self._fit_title()

    def _fit_title(self) -> None:
        header = self.horizontalHeader()
        if header.count() <= Column.TITLE:
            return
        others = sum(header.sectionSize(c) for c in range(header.count()) if c != Column.TITLE)
        width = max(header.minimumSectionSize(), self.viewport().width() - others)
        if header.sectionSize(Column.TITLE) != width:
            blocked = header.blockSignals(True)  # no sectionResized: the view's handler repaints a turn later
            header.resizeSection(Column.TITLE, width)
            header.blockSignals(blocked)
            self.viewport().update()


def _draw_glyphs(font: QFont) -> None:
    """Rasterize ``font``'s glyphs for :data:`_GLYPHS` once (they are cached for the paints after)."""
    metrics = QFontMetrics(font)
    scratch = QPixmap(metrics.horizontalAdvance(_GLYPHS) + 8, metrics.height() + 4)  # all of it on it: none skipped
    painter = QPainter(scratch)
    painter.setFont(font)
    painter.drawText(2, metrics.ascent() + 2, _GLYPHS)
    painter.end()
