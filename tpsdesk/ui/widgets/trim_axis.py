"""hh:mm:ss labels under the trim timeline, ending in the live-edge pill."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QFontMetrics, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from tpsdesk.domain.timefmt import format_hms
from tpsdesk.ui.widgets.trim_style import draw_live_pill, live_pill_width
from tpsdesk.ui.widgets.trim_timeline import TrimRangeSlider


class TimelineAxis(QWidget):
    """hh:mm:ss labels under a :class:`TrimRangeSlider`, with the live-edge pill."""

    _STEPS = (1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1200, 1800, 3600, 7200, 10800, 21600)

    def __init__(self, slider: TrimRangeSlider, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._slider = slider
        self.setFixedHeight(self.fontMetrics().height() + 8)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def _x(self, value: float) -> float:
        # Same x as the slider's handle centres, whatever the layout offsets.
        return self._slider.valueToX(value) + self._slider.x() - self.x()

    def tickStep(self) -> int:
        """Seconds between labels: the smallest step that leaves labels room."""
        span = self._slider.maximum() - self._slider.minimum()
        width = self._x(self._slider.maximum()) - self._x(self._slider.minimum())
        room = self.fontMetrics().horizontalAdvance("00:00:00") + 24
        for step in self._STEPS:
            if span <= 0 or width <= 0 or step / span * width >= room:
                return step
        return self._STEPS[-1]

    def labels(self) -> list[tuple[float, str]]:
        """(left x, text) of the round-time labels that fit without touching."""
        fm = self.fontMetrics()
        end = int(self._slider.maximum())
        step = self.tickStep()
        placed: list[tuple[float, str]] = []
        for value in range(0, end, step):
            text = format_hms(value)
            w = fm.horizontalAdvance(text)
            # Kept whole at the left edge; if 00:00:00 then crowds the next
            # label, it goes (the start needs no caption), not the next one.
            left = max(0.0, self._x(value) - w / 2)
            if placed and left < placed[-1][0] + fm.horizontalAdvance(placed[-1][1]) + 10:
                if value == step and placed[-1][1] == format_hms(0):
                    placed.pop()
                else:
                    continue
            placed.append((left, text))
        end_left = self._end_rect(fm).left()
        return [(left, text) for left, text in placed if left + fm.horizontalAdvance(text) + 10 < end_left]

    def _end_rect(self, fm: QFontMetrics) -> QRectF:
        # The end label (live pill or the final time) wins over round ticks near it.
        end = int(self._slider.maximum())
        text_w = fm.horizontalAdvance(format_hms(end))
        w = live_pill_width(fm) if self._slider.isLive() else float(text_w)
        left = max(0.0, min(self._x(end) - w / 2, self.width() - w - 1))
        return QRectF(left, 3, w, self.height() - 4)

    def paintEvent(self, ev: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        fm = self.fontMetrics()
        end = int(self._slider.maximum())
        step = self.tickStep()
        minor = step // 2 if step % 2 == 0 else step
        p.setPen(QPen(self.palette().color(QPalette.ColorRole.Mid), 1))
        for value in range(0, end, minor):
            x = self._x(value)
            p.drawLine(QPointF(x, 0), QPointF(x, 4 if value % step == 0 else 2))
        p.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
        for left, text in self.labels():
            p.drawText(QRectF(left, 4, fm.horizontalAdvance(text) + 2, self.height() - 4),
                       Qt.AlignmentFlag.AlignLeft, text)
        end_rect = self._end_rect(fm)
        if self._slider.isLive():
            draw_live_pill(p, end_rect, fm)
        else:
            p.drawText(end_rect.adjusted(0, 1, 2, 0), Qt.AlignmentFlag.AlignLeft, format_hms(end))
