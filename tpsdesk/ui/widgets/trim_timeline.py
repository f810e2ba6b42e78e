"""The trim timeline: superqt's QRangeSlider over a band of stream activity.

superqt keeps the handle model, dragging, bounds and ordering. This module
paints (activity band, kept region, live edge, handles centred where
superqt's own handle rects are) and adds what superqt 0.9 lacks: keyboard
control (its ``keyPressEvent`` is a TODO: keys did nothing) and a press on a
handle that grabs it where it is instead of jumping it to the pointer.
Those touch superqt's private ``_pressedControl``/``_pressedIndex``/
``_getControlAtPos``/``_setClickOffset``, checked against superqt 0.9.
The hh:mm:ss labels underneath are :mod:`.trim_axis`.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFocusEvent,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
    QWheelEvent,
)
from PySide6.QtWidgets import QSizePolicy, QStyle, QStyleOptionSlider, QToolTip, QWidget
from superqt import QRangeSlider

from tpsdesk.domain.timefmt import format_hms
from tpsdesk.domain.timeline import SegmentKind, Timeline
from tpsdesk.domain.trim import LIVE_EDGE_SNAP_S
from tpsdesk.ui.widgets.trim_style import ACCENT, BAND_H, FILLS, HATCH, LIVE, MARK_IN, MARK_OUT, TRACK

CC_SLIDER = QStyle.ComplexControl.CC_Slider
SC_HANDLE = QStyle.SubControl.SC_SliderHandle
HANDLE_W, HANDLE_H = 10.0, 32.0
HIT_SLOP = 8.0  # px either side of a handle's centre that grab it

# Key -> seconds moved; Shift turns the arrows' 1 s into 10 s.
_STEPS: dict[Qt.Key, int] = {
    Qt.Key.Key_Right: 1,
    Qt.Key.Key_Up: 1,
    Qt.Key.Key_Left: -1,
    Qt.Key.Key_Down: -1,
    Qt.Key.Key_PageUp: 60,
    Qt.Key.Key_PageDown: -60,
}


class TrimRangeSlider(QRangeSlider):
    """Two-handle slider in seconds; handle 0 is the start, 1 the end."""

    currentHandleChanged = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self._timeline: Timeline | None = None
        self._flags: list[tuple[int, str, bool]] = []
        self._live = True
        self._kept_on = True
        self._current = 1
        self.setRange(0, 0)
        self.setValue((0, 0))
        self.setPageStep(60)
        self.setBarVisible(False)  # the kept-region frame replaces superqt's bar
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setFixedHeight(int(HANDLE_H) + 10)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:
        return QSize(600, int(HANDLE_H) + 10)

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
        """The handles as ints (superqt's ``value()`` is untyped)."""
        value: tuple[int, ...] = tuple(self.value())
        return int(value[0]), int(value[-1])

    def currentHandle(self) -> int:
        return self._current

    def setCurrentHandle(self, index: int) -> None:
        index = 1 if index else 0
        if index != self._current:
            self._current = index
            self.update()
            self.currentHandleChanged.emit(index)

    # -- geometry ------------------------------------------------------------
    def valueToX(self, value: float) -> float:
        """Centre x of a handle at ``value``: the band uses superqt's own mapping."""
        opt = self._styleOption
        opt.sliderPosition = 0
        left = QRectF(self.style().subControlRect(CC_SLIDER, opt, SC_HANDLE, self))
        opt.sliderPosition = self.MAX_DISPLAY
        right = QRectF(self.style().subControlRect(CC_SLIDER, opt, SC_HANDLE, self))
        x0, x1 = left.center().x(), right.center().x()
        span = self.maximum() - self.minimum()
        if span <= 0:
            return x1  # nothing recorded yet: all of it is "now", at the live edge
        return x0 + (min(max(value, self.minimum()), self.maximum()) - self.minimum()) / span * (x1 - x0)

    def _band(self) -> QRectF:
        x0 = self.valueToX(self.minimum()) if self.maximum() > self.minimum() else HANDLE_W
        x1 = self.valueToX(self.maximum())
        return QRectF(x0, (self.height() - BAND_H) / 2, max(0.0, x1 - x0), BAND_H)

    def _handle_at(self, x: float) -> int | None:
        xs = [self.valueToX(v) for v in self.values()]
        near = [(abs(x - hx), i) for i, hx in enumerate(xs) if abs(x - hx) <= HIT_SLOP]
        if not near:
            return None
        if len(near) == 2 and abs(xs[0] - xs[1]) < 1:
            # Stacked handles: grab the one that can move towards the pointer.
            return 0 if x < xs[0] or self.values()[1] >= self.maximum() else 1
        return min(near)[1]

    def _getControlAtPos(
        self, pos: QPoint, opt: QStyleOptionSlider | None = None
    ) -> tuple[QStyle.SubControl, int]:
        index = self._handle_at(QPointF(pos).x())
        if index is not None:
            return SC_HANDLE, index
        return super()._getControlAtPos(pos, opt)

    # -- mouse and keys --------------------------------------------------------
    def mousePressEvent(self, ev: QMouseEvent) -> None:
        index = self._handle_at(ev.position().x())
        only_left = ev.button() == Qt.MouseButton.LeftButton and ev.buttons() == ev.button()
        if index is not None and only_left and self.maximum() > self.minimum():
            # Grab the handle where it is (superqt would first jump it by up
            # to half a handle's width, i.e. tens of seconds on a long stream).
            ev.accept()
            self.setCurrentHandle(index)
            self._pressedControl, self._pressedIndex = SC_HANDLE, index
            self._setClickOffset(ev.position().toPoint())
            self.setSliderDown(True)
            self.update()
            return
        super().mousePressEvent(ev)
        if self._pressedControl == SC_HANDLE:
            self.setCurrentHandle(self._pressedIndex)

    def keyPressEvent(self, ev: QKeyEvent) -> None:
        key = Qt.Key(ev.key())
        current = self.values()[self._current]
        if key in _STEPS:
            step = _STEPS[key]
            if ev.modifiers() & Qt.KeyboardModifier.ShiftModifier and abs(step) == 1:
                step *= 10
            target = current + step
        elif key == Qt.Key.Key_Home:
            target = int(self.minimum())
        elif key == Qt.Key.Key_End:
            target = int(self.maximum())
        elif key in (Qt.Key.Key_BracketLeft, Qt.Key.Key_BracketRight):
            self.setCurrentHandle(0 if key == Qt.Key.Key_BracketLeft else 1)
            ev.accept()
            return
        else:
            ev.ignore()  # not QSlider's: it would move Qt's unused int model
            return
        ev.accept()
        self.setSliderPosition(target, self._current)  # superqt bounds and orders it

    def wheelEvent(self, e: QWheelEvent) -> None:
        # superqt's wheel shifts both handles: too easy to change a trim by
        # scrolling the page past it, so the wheel scrolls the page instead.
        e.ignore()

    def focusNextPrevChild(self, next: bool) -> bool:
        # Each handle is its own Tab stop (the ARIA multi-thumb slider pattern).
        if next and self._current == 0:
            self.setCurrentHandle(1)
            return True
        if not next and self._current == 1:
            self.setCurrentHandle(0)
            return True
        return super().focusNextPrevChild(next)

    def focusInEvent(self, ev: QFocusEvent) -> None:
        if ev.reason() == Qt.FocusReason.TabFocusReason:
            self.setCurrentHandle(0)
        elif ev.reason() == Qt.FocusReason.BacktabFocusReason:
            self.setCurrentHandle(1)
        super().focusInEvent(ev)

    # -- tooltips --------------------------------------------------------------
    def describeAt(self, x: float) -> str | None:
        """What lies under ``x``: a handle, marker, the live edge or a segment."""
        index = self._handle_at(x)
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
            p.fillRect(QRectF(band.left(), band.top(), start_x - band.left(), band.height()), shade)
            p.fillRect(QRectF(end_x, band.top(), band.right() - end_x, band.height()), shade)
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
        p.fillRect(band, TRACK)
        if self._timeline is None:
            return
        top_end = int(self.maximum())
        for seg in self._timeline.segments:
            left = self.valueToX(seg.start_s)
            right = self.valueToX(seg.end_or(top_end))
            rect = QRectF(left, band.top(), max(1.0, right - left), band.height())
            p.fillRect(rect, FILLS[seg.kind])
            if seg.kind is SegmentKind.DROPPED:
                p.fillRect(rect, QBrush(HATCH, Qt.BrushStyle.BDiagPattern))

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
        hover = self._hoverIndex if self._hoverControl == SC_HANDLE else -1
        pressed = self._pressedIndex if self._pressedControl == SC_HANDLE else -1
        order = sorted(range(2), key=lambda i: i == self._current)  # current on top
        for index in order:
            x = self.valueToX(self.values()[index])
            rect = QRectF(x - HANDLE_W / 2, band.center().y() - HANDLE_H / 2, HANDLE_W, HANDLE_H)
            # Solid accent handles; the end one turns red while it rides the live edge.
            fill = QColor(LIVE if index == 1 and self.atLiveEdge() else ACCENT)
            if not enabled:
                fill = pal.color(QPalette.ColorRole.Button)
            elif index in (hover, pressed):
                fill = fill.lighter(118)
            if self.hasFocus() and index == self._current:
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
