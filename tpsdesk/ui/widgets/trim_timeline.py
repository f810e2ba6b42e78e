"""The trim timeline: a :class:`RangeSlider` over a band of stream activity.

The generic two-handle model (bounds, ordering, grabbing, dragging, Tab
between handles) is :mod:`.range_slider`'s. This module paints the activity
band, the kept region, the live edge, marks and the handles, and adds the
trim's keys (Shift for 10 s, [ and ] to pick a handle), tooltips, and a wheel
that scrolls the page instead of moving a handle.
The hh:mm:ss labels underneath are :mod:`.trim_axis`.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QHelpEvent,
    QKeyEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
    QWheelEvent,
)
from PySide6.QtWidgets import QToolTip, QWidget

from tpsdesk.domain.timefmt import format_hms
from tpsdesk.domain.timeline import SegmentKind, Timeline
from tpsdesk.domain.trim import LIVE_EDGE_SNAP_S
from tpsdesk.ui.widgets.range_slider import RangeSlider
from tpsdesk.ui.widgets.trim_style import (
    ACCENT,
    BAND_H,
    FILLS,
    HANDLE_H,
    HANDLE_W,
    HATCH,
    LIVE,
    MARK_IN,
    MARK_OUT,
    SLIDER_H,
    TRACK,
    fill,
)

_ARROWS = (Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Down)


class TrimRangeSlider(RangeSlider):
    """Two-handle slider in seconds; handle 0 is the start, 1 the end."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._timeline: Timeline | None = None
        self._flags: list[tuple[int, str, bool]] = []
        self._live = True
        self._kept_on = True
        self.setCurrentHandle(1)  # the end: what a producer moves first on a live stream
        self.setHandleSize(HANDLE_W, HANDLE_H)
        self.setPageStep(60)
        self.setMouseTracking(True)
        self.setFixedHeight(SLIDER_H)

    def sizeHint(self) -> QSize:
        return QSize(600, SLIDER_H)

    # -- state ---------------------------------------------------------------
    def setTimeline(self, timeline: Timeline | None) -> None:
        self._timeline = timeline
        self.update()

    def setLive(self, live: bool) -> None:
        self._live = live
        self.update()

    def setMarks(self, marks: list[tuple[int, str, bool]]) -> None:
        """Flags at (seconds, label, is an "in" mark): the producer's live marks."""
        self._flags = list(marks)
        self.update()

    def marks(self) -> list[tuple[int, str, bool]]:
        return list(self._flags)

    def isLive(self) -> bool:
        return self._live

    def setKeptHighlight(self, on: bool) -> None:
        """Dim what the trim drops and frame what it keeps (off: no trim)."""
        self._kept_on = on
        self.update()

    def values(self) -> tuple[int, int]:
        """The handles (start, end) in seconds."""
        return self.value()

    # -- geometry ------------------------------------------------------------
    def valueToX(self, value: float) -> float:
        """Centre x of a handle at ``value``; before anything is recorded, all is the live edge."""
        if self.maximum() <= self.minimum():
            return self.track()[1]
        return super().valueToX(value)

    def _band(self) -> QRectF:
        x0, x1 = self.track()
        return QRectF(x0, (self.height() - BAND_H) / 2, max(0.0, x1 - x0), BAND_H)

    # -- keys and the wheel ------------------------------------------------------
    def keyPressEvent(self, ev: QKeyEvent) -> None:
        key = Qt.Key(ev.key())
        if key in (Qt.Key.Key_BracketLeft, Qt.Key.Key_BracketRight):
            self.setCurrentHandle(0 if key == Qt.Key.Key_BracketLeft else 1)
            ev.accept()
        elif key in _ARROWS and ev.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            step = 10 if key in (Qt.Key.Key_Right, Qt.Key.Key_Up) else -10
            ev.accept()
            self.setSliderPosition(self.values()[self.currentHandle()] + step)
        else:
            super().keyPressEvent(ev)

    def wheelEvent(self, e: QWheelEvent) -> None:
        # Too easy to change a trim by scrolling the page past it: the page scrolls.
        e.ignore()

    # -- tooltips --------------------------------------------------------------
    def describeAt(self, x: float) -> str | None:
        """What lies under ``x``: a handle, marker, the live edge or a segment."""
        index = self.handleAt(x)
        if index is not None:
            name = ("Start", "End")[index]
            return f"{name} of the kept part: {format_hms(self.values()[index])}"
        for at, label, is_in in self._flags:
            if abs(self.valueToX(at) - x) <= 4:
                return f"{'Mark in' if is_in else 'Mark out'} “{label}”: {format_hms(max(0, at))}"
        timeline = self._timeline
        if timeline is not None:
            for marker in timeline.markers:
                if abs(self.valueToX(marker.at_s) - x) <= 4:
                    return marker.describe()
        band = self._band()
        if self._live and abs(x - band.right()) <= 4:
            return f"Live edge: now, {format_hms(int(self.maximum()))} since the start"
        if timeline is not None:
            for seg in timeline.segments:
                left = self.valueToX(seg.start_s)
                right = self.valueToX(seg.end_or(int(self.maximum())))
                if left <= x <= right:
                    return seg.describe()
        return None

    def event(self, ev: QEvent) -> bool:
        if ev.type() == QEvent.Type.ToolTip and isinstance(ev, QHelpEvent):
            text = self.describeAt(ev.pos().x())
            if text:
                QToolTip.showText(ev.globalPos(), text, self)
            else:
                QToolTip.hideText()
            return True
        return super().event(ev)

    # -- painting --------------------------------------------------------------
    def paintEvent(self, ev: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        enabled = self.isEnabled()
        band = self._band()
        clip = QPainterPath()
        clip.addRoundedRect(band, 4, 4)
        p.save()
        p.setClipPath(clip)
        p.setOpacity(1.0 if enabled else 0.55)  # greyed but still readable
        self._paint_activity(p, band)
        if self._kept_on and self.maximum() > self.minimum():
            shade = QColor(self.palette().color(QPalette.ColorRole.Window))
            shade.setAlpha(175)
            start_x, end_x = (self.valueToX(v) for v in self.values())
            fill(p, QRectF(band.left(), band.top(), start_x - band.left(), band.height()), shade)
            fill(p, QRectF(end_x, band.top(), band.right() - end_x, band.height()), shade)
        p.restore()
        p.setPen(QPen(QColor(0, 0, 0, 40), 1))  # a hairline so the band reads on any background
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawRoundedRect(band.adjusted(0.5, 0.5, -0.5, -0.5), 4, 4)
        self._paint_markers(p, band, enabled)
        self._paint_flags(p, band)
        if self._live:
            p.setPen(QPen(LIVE, 2))
            p.drawLine(QPointF(band.right(), 2), QPointF(band.right(), self.height() - 2))
        if self._kept_on:
            self._paint_kept_frame(p, band, enabled)
        self._paint_handles(p, band, enabled)

    def _paint_activity(self, p: QPainter, band: QRectF) -> None:
        fill(p, band, TRACK)
        if self._timeline is None:
            return
        top_end = int(self.maximum())
        for seg in self._timeline.segments:
            left = self.valueToX(seg.start_s)
            right = self.valueToX(seg.end_or(top_end))
            rect = QRectF(left, band.top(), max(1.0, right - left), band.height())
            fill(p, rect, FILLS[seg.kind])
            if seg.kind is SegmentKind.DROPPED:
                fill(p, rect, QBrush(HATCH, Qt.BrushStyle.BDiagPattern))

    def _paint_markers(self, p: QPainter, band: QRectF, enabled: bool) -> None:
        if self._timeline is None:
            return
        role = QPalette.ColorRole.WindowText if enabled else QPalette.ColorRole.Mid
        color = self.palette().color(role)
        for marker in self._timeline.markers:
            x = round(self.valueToX(marker.at_s)) + 0.5
            p.setPen(QPen(color, 1.5))
            p.drawLine(QPointF(x, band.top() - 3), QPointF(x, band.bottom() + 3))
            tri = QPainterPath(QPointF(x - 4, band.top() - 8))
            tri.lineTo(x + 4, band.top() - 8)
            tri.lineTo(x, band.top() - 3)
            tri.closeSubpath()
            p.fillPath(tri, color)

    def _paint_flags(self, p: QPainter, band: QRectF) -> None:
        for at, _label, is_in in self._flags:
            if not self.minimum() <= at <= self.maximum():
                continue
            x = round(self.valueToX(at)) + 0.5
            color = MARK_IN if is_in else MARK_OUT
            p.setPen(QPen(color, 2))
            p.drawLine(QPointF(x, 1), QPointF(x, self.height() - 1))
            # A pennant pointing into the kept part: right for an in, left for an out.
            tip = x + 8 if is_in else x - 8
            flag = QPainterPath(QPointF(x, 1))
            flag.lineTo(tip, 4.5)
            flag.lineTo(x, 8)
            flag.closeSubpath()
            p.fillPath(flag, color)

    def _paint_kept_frame(self, p: QPainter, band: QRectF, enabled: bool) -> None:
        start_x, end_x = (self.valueToX(v) for v in self.values())
        color = QColor(ACCENT if enabled else self.palette().color(QPalette.ColorRole.Mid))
        frame = QRectF(start_x, band.top() - 3, max(0.0, end_x - start_x), band.height() + 6)
        p.setPen(QPen(color, 2))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawRoundedRect(frame, 3, 3)

    def atLiveEdge(self) -> bool:
        return self._live and self.values()[1] >= self.maximum() - LIVE_EDGE_SNAP_S

    def _paint_handles(self, p: QPainter, band: QRectF, enabled: bool) -> None:
        pal = self.palette()
        hover, pressed = self.hoveredHandle(), self.pressedHandle()
        current = self.currentHandle()
        for index in sorted(range(2), key=lambda i: i == current):  # current on top
            rect = self.handleRect(index)
            x = rect.center().x()
            # Solid accent handles; the end one turns red while it rides the live edge.
            fill = QColor(LIVE if index == 1 and self.atLiveEdge() else ACCENT)
            if not enabled:
                fill = pal.color(QPalette.ColorRole.Button)
            elif index in (hover, pressed):
                fill = fill.lighter(118)
            if self.hasFocus() and index == current:
                ring = QColor(fill)
                ring.setAlpha(110)
                p.setPen(QPen(ring, 3))
                p.setBrush(Qt.BrushStyle.NoBrush)
                p.drawRoundedRect(rect.adjusted(-3, -3, 3, 3), 5, 5)
            edge = fill.darker(125) if enabled else pal.color(QPalette.ColorRole.Mid)
            p.setPen(QPen(edge, 1))
            p.setBrush(fill)
            p.drawRoundedRect(rect, 3, 3)
            grip = QColor("#ffffff") if enabled else pal.color(QPalette.ColorRole.Mid)
            p.setPen(QPen(grip, 1))
            for dx in (-1.5, 1.5):
                p.drawLine(QPointF(x + dx, rect.center().y() - 5), QPointF(x + dx, rect.center().y() + 5))
