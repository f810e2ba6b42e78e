"""The Status cell of the stream list: a coloured pill (see :mod:`tpsdesk.ui.widgets.status_style`)."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QFont, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from tpsdesk.domain.models import StatusKind
from tpsdesk.ui.streams.rows_model import StatusKindRole
from tpsdesk.ui.widgets.status_style import paint_badge

_PillKey = tuple[str, StatusKind, bool, int, int, int, str, float]


class StatusBadgeDelegate(QStyledItemDelegate):
    """The Status cell as a coloured pill.

    Each pill is painted once into a pixmap and then copied: painting it (font, rounded
    rectangle, marker, elided text) from Python for every visible row took a fifth of a
    10,000-row list's repaint, and the list repaints after every change on screen.
    :meth:`preparePill` paints one ahead of the list's first paint.
    """

    _CACHE_LIMIT = 256  # pills differ by label, status, selection, cell size and palette: few at a time

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pills: dict[_PillKey, QPixmap] = {}

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
              ) -> None:
        # No initStyleOption: it asks the model for a dozen roles, each a call into Python.
        opt = QStyleOptionViewItem(option)
        label = index.data(Qt.ItemDataRole.DisplayRole)
        label = label if isinstance(label, str) else ""
        widget = opt.widget  # type: ignore[attr-defined]
        style = widget.style() if widget is not None else QApplication.style()
        # Background, alternate colour and selection highlight first, then the pill on top.
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        kind = index.data(StatusKindRole)
        kind = kind if isinstance(kind, StatusKind) else StatusKind.UNKNOWN
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)  # type: ignore[attr-defined]
        rect: QRect = opt.rect  # type: ignore[attr-defined]
        painter.drawPixmap(rect.topLeft(), self._pill(label, kind, selected, opt, painter.device().devicePixelRatioF()))

    def preparePill(self, label: str, kind: StatusKind, option: QStyleOptionViewItem, *, selected: bool,
                    ratio: float) -> bool:
        """Paint the pill a cell of ``option``'s size, palette and font will show, ahead of time
        (the list's first paint painted each of its pills: ~2 ms of it). False: it was there."""
        count = len(self._pills)
        self._pill(label, kind, selected, option, ratio)
        return len(self._pills) > count

    def pillCount(self) -> int:
        return len(self._pills)

    def _pill(self, label: str, kind: StatusKind, selected: bool, option: QStyleOptionViewItem,
              ratio: float) -> QPixmap:
        rect: QRect = option.rect  # type: ignore[attr-defined]
        palette: QPalette = option.palette  # type: ignore[attr-defined]
        font: QFont = option.font  # type: ignore[attr-defined]
        key = (label, kind, selected, rect.width(), rect.height(), palette.cacheKey(), font.key(), ratio)
        pill = self._pills.get(key)
        if pill is None:
            pill = self._paint_pill(label, kind, selected, rect.size(), palette, font, ratio)
            if len(self._pills) >= self._CACHE_LIMIT:
                self._pills.clear()
            self._pills[key] = pill
        return pill

    @staticmethod
    def _paint_pill(label: str, kind: StatusKind, selected: bool, size: QSize, palette: QPalette, font: QFont,
                    ratio: float) -> QPixmap:
        pill = QPixmap(size * ratio)
        pill.setDevicePixelRatio(ratio)
        pill.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pill)
        painter.setFont(font)
        paint_badge(painter, QRect(QPoint(0, 0), size), label, kind, palette, selected=selected)
        painter.end()
        return pill
