"""What the trim editor shows before its timeline is built (timeline_slot.py): an empty greyed band."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRectF, QSize, QTimer
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from tpsdesk.ui.widgets.range_slider import side_margin
from tpsdesk.ui.widgets.trim_style import BAND_H, HANDLE_W, SLIDER_H, TRACK

_SIDE = side_margin(HANDLE_W)  # the band starts and ends under the handles' centres, as the timeline's


class TimelinePlaceholder(QWidget):
    """A greyed empty band the height of the timeline and its axis; takes no focus."""

    def __init__(self, parent: QWidget | None = None, on_screen: Callable[[], None] | None = None) -> None:
        super().__init__(parent)
        self._on_screen = on_screen  # told (after the paint) each time it is painted: it is on screen
        self.setFixedHeight(SLIDER_H + self.fontMetrics().height() + 8)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("Kept part of the recording")
        self.setEnabled(False)

    def sizeHint(self) -> QSize:
        return QSize(600, self.height())

    def paintEvent(self, ev: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        band = QRectF(_SIDE, (SLIDER_H - BAND_H) / 2, max(0.0, self.width() - 2 * _SIDE), BAND_H)
        p.setOpacity(0.55)
        p.setPen(QPen(QColor(0, 0, 0, 40), 1))
        p.setBrush(TRACK)
        p.drawRoundedRect(band.adjusted(0.5, 0.5, -0.5, -0.5), 4, 4)
        if self._on_screen is not None:
            QTimer.singleShot(0, self, self._on_screen)
