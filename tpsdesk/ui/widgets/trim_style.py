"""Colours and small painted pieces shared by the trim timeline and editor."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFontMetrics, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from tpsdesk.domain.timeline import SegmentKind

ACCENT = QColor("#2563eb")  # kept region, handles
LIVE = QColor("#dc2626")
ERROR = QColor("#d92d20")
WARNING = QColor("#b54708")
MARK_IN = QColor("#15803d")  # live marks' flags (issue 12)
MARK_OUT = QColor("#c2410c")
TRACK = QColor("#e4e7ec")  # no activity known for this stretch
HATCH = QColor("#d92d20")
FILLS: dict[SegmentKind, QColor] = {
    SegmentKind.PUBLISHING: QColor("#32a852"),
    SegmentKind.DROPPED: QColor("#fde4e1"),
    SegmentKind.WAITING: QColor("#c9ced6"),
}
BAND_H = 20.0
HANDLE_W, HANDLE_H = 10.0, 32.0  # the timeline's handles
SLIDER_H = int(HANDLE_H) + 10  # the timeline's fixed height


def fill(p: QPainter, rect: QRectF, brush: QColor | QBrush) -> None:
    """``p.fillRect(rect, brush)``, without its first call's cost: resolving that overload makes
    PySide6 create QGradient's five enum types (~3 ms, once, in a stream's first paint)."""
    p.save()
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(brush)
    p.drawRect(rect)
    p.restore()


def live_pill_width(fm: QFontMetrics) -> float:
    return float(fm.horizontalAdvance("LIVE") + 22)


def draw_live_pill(p: QPainter, rect: QRectF, fm: QFontMetrics) -> None:
    """A red "● LIVE" badge marking the live edge."""
    p.save()
    pill = QRectF(rect.left(), rect.top(), rect.width(), min(rect.height(), fm.height() + 2))
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(LIVE)
    p.drawRoundedRect(pill, pill.height() / 2, pill.height() / 2)
    p.setBrush(QColor("#ffffff"))
    dot = 5.0
    p.drawEllipse(QRectF(pill.left() + 6, pill.center().y() - dot / 2, dot, dot))
    p.setPen(QColor("#ffffff"))
    font = p.font()
    font.setBold(True)
    font.setPointSizeF(max(6.0, font.pointSizeF() - 1))
    p.setFont(font)
    p.drawText(pill.adjusted(13, 0, -4, 0), Qt.AlignmentFlag.AlignCenter, "LIVE")
    p.restore()


class _Swatch(QWidget):
    def __init__(self, kind: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._kind = kind
        self.setFixedSize(QSize(16, 10))

    def paintEvent(self, ev: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        if self._kind == "marker":
            x = rect.center().x()
            p.setPen(QPen(self.palette().color(self.foregroundRole()), 1.5))
            p.drawLine(QPointF(x, 0), QPointF(x, self.height()))
            return
        kind = SegmentKind[self._kind]
        fill(p, rect, FILLS[kind])
        if kind is SegmentKind.DROPPED:
            fill(p, rect, QBrush(HATCH, Qt.BrushStyle.BDiagPattern))


class Legend(QWidget):
    """Small key for the band's colours, muted so it does not compete."""

    ITEMS = (("PUBLISHING", "Publishing"), ("DROPPED", "Dropped"), ("marker", "Event"))

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        for index, (kind, text) in enumerate(self.ITEMS):
            if index:
                row.addSpacing(8)
            row.addWidget(_Swatch(kind, self))
            label = QLabel(text, self)
            label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
            row.addWidget(label)
        self.setToolTip(
            "Green: the encoder was publishing. Red hatched: it had dropped. "
            "Ticks: other events (hover them). Activity times are to the minute."
        )
