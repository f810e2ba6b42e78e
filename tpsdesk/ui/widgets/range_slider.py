"""A horizontal two-handle slider in ints: a start and an end on one range.

Built on QAbstractSlider so that Qt's accessibility bridge reports a Slider
with a value: QAbstractSlider's own int value mirrors the *current* handle (the
one the keyboard moves), and a value set through that int model (an assistive
tool, QAbstractSlider's own actions) moves the current handle. The two handles'
values are kept here; ``value()`` returns them as ``(start, end)``.

Handles are ordered: code may place them together (``setValue``), a user
(mouse, keyboard) keeps them ``singleStep()`` apart. A press on a handle grabs
it where it is; a press on the band moves the nearer handle there.
Subclasses paint by overriding ``paintEvent`` with ``handleRect``/``valueToX``.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QHoverEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QAbstractSlider, QSizePolicy, QWidget

HANDLE_W, HANDLE_H = 10.0, 20.0
FOCUS_ROOM = 4.5  # the focus ring is drawn 3 px around a handle with a 3 px pen
HIT_SLOP = 8.0  # px either side of a handle's centre that grab it
_BUTTONS = (Qt.MouseButton.LeftButton, Qt.MouseButton.MiddleButton)


def side_margin(handle_width: float = HANDLE_W) -> float:
    """Where the range's ends sit from the widget's sides: a handle and its focus ring fit."""
    return handle_width / 2 + FOCUS_ROOM


class RangeSlider(QAbstractSlider):
    """Two handles on ``[minimum(), maximum()]``: index 0 is the start, 1 the end."""

    valuesChanged = Signal(tuple)  # (start, end), once per change, by code or by the user
    currentHandleChanged = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._values = [0, 0]
        self._current = 0
        self._pressed: int | None = None
        self._hover: int | None = None
        self._grab_dx = 0.0  # pointer x minus the pressed handle's centre at the press
        self._mirroring = False
        self._handle_size = (HANDLE_W, HANDLE_H)
        self.setOrientation(Qt.Orientation.Horizontal)
        self.setRange(0, 0)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_Hover)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:
        return QSize(200, int(self._handle_size[1]) + 10)

    def minimumSizeHint(self) -> QSize:
        return QSize(int(4 * side_margin(self._handle_size[0])), int(self._handle_size[1]) + 4)

    # -- values ------------------------------------------------------------------
    def value(self) -> tuple[int, int]:  # type: ignore[override]
        start, end = self._values
        return start, end

    def setValue(self, values: Sequence[int]) -> None:  # type: ignore[override]
        """Both handles at once, clamped to the range and ordered; equal is allowed."""
        start, end = sorted(self._clamp(int(v)) for v in values)
        self._set_values(start, end)

    def setSliderPosition(self, value: int, index: int | None = None) -> None:  # type: ignore[override]
        """Move one handle (default: the current one) as a user would: within the range,
        at least ``singleStep()`` from the other handle; where that leaves no room it stays."""
        index = self._current if index is None else (1 if index else 0)
        gap = max(1, self.singleStep())
        low, high = self.minimum(), self.maximum()
        if index == 0:
            high = min(high, self._values[1] - gap)
        else:
            low = max(low, self._values[0] + gap)
        values = list(self._values)
        moved = min(max(int(value), low), high)
        if low > high or (moved - values[index]) * (int(value) - values[index]) < 0:
            return  # no room, or only away from where it was asked to go (handles stacked by code)
        values[index] = moved
        self._set_values(values[0], values[1])

    def currentHandle(self) -> int:
        """The handle the keyboard moves and QAbstractSlider's value reports."""
        return self._current

    def setCurrentHandle(self, index: int) -> None:
        index = 1 if index else 0
        if index != self._current:
            self._current = index
            self._mirror()
            self.update()
            self.currentHandleChanged.emit(index)

    def pressedHandle(self) -> int:
        """The handle being dragged, or -1."""
        return -1 if self._pressed is None else self._pressed

    def hoveredHandle(self) -> int:
        """The handle under the pointer, or -1."""
        return -1 if self._hover is None else self._hover

    def _clamp(self, value: int) -> int:
        return min(max(value, self.minimum()), self.maximum())

    def _set_values(self, start: int, end: int) -> None:
        if [start, end] == self._values:
            return
        self._values = [start, end]
        self._mirror()
        self.update()
        self.valuesChanged.emit((start, end))

    def _mirror(self) -> None:
        """QAbstractSlider's int value follows the current handle (what accessibility reads)."""
        self._mirroring = True
        try:
            QAbstractSlider.setValue(self, self._values[self._current])
        finally:
            self._mirroring = False

    def sliderChange(self, change: QAbstractSlider.SliderChange) -> None:
        if change == QAbstractSlider.SliderChange.SliderRangeChange:
            # A range that shrank below (or grew past) the handles takes them with it.
            self._set_values(self._clamp(self._values[0]), self._clamp(self._values[1]))
        elif change == QAbstractSlider.SliderChange.SliderValueChange and not self._mirroring:
            # Set through the int model (an assistive tool, a QAbstractSlider action).
            self.setSliderPosition(QAbstractSlider.value(self), self._current)
            self._mirror()  # where the handle could really go
        super().sliderChange(change)

    # -- geometry ------------------------------------------------------------------
    def setHandleSize(self, width: float, height: float) -> None:
        self._handle_size = (float(width), float(height))
        self.updateGeometry()
        self.update()

    def handleSize(self) -> tuple[float, float]:
        return self._handle_size

    def track(self) -> tuple[float, float]:
        """x of the minimum and of the maximum: where the handles' centres go."""
        margin = side_margin(self._handle_size[0])
        return margin, max(margin, self.width() - margin)

    def valueToX(self, value: float) -> float:
        """Centre x of a handle at ``value``."""
        x0, x1 = self.track()
        span = self.maximum() - self.minimum()
        if span <= 0:
            return x0
        return x0 + (min(max(value, self.minimum()), self.maximum()) - self.minimum()) / span * (x1 - x0)

    def xToValue(self, x: float) -> int:
        """The value at ``x``, rounded and within the range."""
        x0, x1 = self.track()
        span = self.maximum() - self.minimum()
        if span <= 0 or x1 <= x0:
            return self.minimum()
        return self._clamp(self.minimum() + round((x - x0) / (x1 - x0) * span))

    def handleRect(self, index: int) -> QRectF:
        w, h = self._handle_size
        x = self.valueToX(self._values[1 if index else 0])
        return QRectF(x - w / 2, (self.height() - h) / 2, w, h)

    def handleAt(self, x: float) -> int | None:
        """The handle within reach of ``x``; stacked handles give the one that can move there."""
        xs = [self.valueToX(v) for v in self._values]
        reach = max(HIT_SLOP, self._handle_size[0] / 2)
        near = [(abs(x - hx), i) for i, hx in enumerate(xs) if abs(x - hx) <= reach]
        if not near:
            return None
        if len(near) == 2 and abs(xs[0] - xs[1]) < 1:
            return 0 if x < xs[0] or self._values[1] >= self.maximum() else 1
        return min(near)[1]

    # -- mouse -----------------------------------------------------------------------
    def mousePressEvent(self, ev: QMouseEvent) -> None:
        if (self.maximum() <= self.minimum() or ev.button() not in _BUTTONS
                or ev.buttons() != ev.button()):  # another button is down too
            ev.ignore()
            return
        ev.accept()
        x = ev.position().x()
        index = self.handleAt(x)
        if index is None:
            # On the band: the nearer handle goes there (below the start: the start,
            # above the end: the end), then follows the pointer.
            at = self.xToValue(x)
            start, end = self._values
            index = 0 if at < start else 1 if at > end else (0 if at - start < end - at else 1)
            self.setCurrentHandle(index)
            self.setSliderPosition(at, index)
            self._grab_dx = 0.0
        else:
            self.setCurrentHandle(index)  # grabbed where it is: no jump
            self._grab_dx = x - self.valueToX(self._values[index])
        self._pressed = index
        self.setSliderDown(True)
        self.update()

    def mouseMoveEvent(self, ev: QMouseEvent) -> None:
        if self._pressed is None:
            ev.ignore()
            return
        ev.accept()
        self.setSliderPosition(self.xToValue(ev.position().x() - self._grab_dx), self._pressed)

    def mouseReleaseEvent(self, ev: QMouseEvent) -> None:
        if self._pressed is None or ev.buttons():
            ev.ignore()
            return
        ev.accept()
        self._release()

    def _release(self) -> None:
        self._pressed = None
        self.setSliderDown(False)
        self.update()

    def changeEvent(self, ev: QEvent) -> None:
        if ev.type() == QEvent.Type.EnabledChange and not self.isEnabled() and self._pressed is not None:
            self._release()  # disabled mid-drag: no release will come
        super().changeEvent(ev)

    def event(self, ev: QEvent) -> bool:
        if isinstance(ev, QHoverEvent):
            hover = None if ev.type() == QEvent.Type.HoverLeave else self.handleAt(ev.position().x())
            if hover != self._hover:
                self._hover = hover
                self.update()
        return super().event(ev)

    # -- keyboard ----------------------------------------------------------------------
    def keyPressEvent(self, ev: QKeyEvent) -> None:
        key = Qt.Key(ev.key())
        current = self._values[self._current]
        single, page = self.singleStep(), self.pageStep()
        moves = {Qt.Key.Key_Right: single, Qt.Key.Key_Up: single, Qt.Key.Key_Left: -single,
                 Qt.Key.Key_Down: -single, Qt.Key.Key_PageUp: page, Qt.Key.Key_PageDown: -page}
        if key in moves:
            target = current + moves[key]
        elif key == Qt.Key.Key_Home:
            target = self.minimum()
        elif key == Qt.Key.Key_End:
            target = self.maximum()
        else:
            ev.ignore()  # not QAbstractSlider's: its actions would go through the int model
            return
        ev.accept()
        self.setSliderPosition(target, self._current)

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

    # -- painting (a plain look; subclasses paint their own) ---------------------------------
    def paintEvent(self, ev: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        x0, x1 = self.track()
        mid = self.height() / 2
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(pal.color(QPalette.ColorRole.Mid))
        p.drawRoundedRect(QRectF(x0, mid - 2, x1 - x0, 4), 2, 2)
        start_x, end_x = (self.valueToX(v) for v in self._values)
        p.setBrush(pal.color(QPalette.ColorRole.Highlight))
        p.drawRect(QRectF(start_x, mid - 2, end_x - start_x, 4))
        for index in sorted(range(2), key=lambda i: i == self._current):  # current on top
            rect = self.handleRect(index)
            if self.hasFocus() and index == self._current:
                ring = QColor(pal.color(QPalette.ColorRole.Highlight))
                ring.setAlpha(110)
                p.setPen(QPen(ring, 3))
                p.setBrush(Qt.BrushStyle.NoBrush)
                p.drawRoundedRect(rect.adjusted(-3, -3, 3, 3), 5, 5)
            fill = QColor(pal.color(QPalette.ColorRole.Button))
            if index in (self._hover, self._pressed):
                fill = fill.lighter(110)
            p.setPen(QPen(pal.color(QPalette.ColorRole.Dark), 1))
            p.setBrush(fill)
            p.drawRoundedRect(rect, 3, 3)
