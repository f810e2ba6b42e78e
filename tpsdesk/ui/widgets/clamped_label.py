"""A word-wrapped plain-text label held to a few lines; the rest is elided (…), the whole text
in the tooltip. Keeps a long stream title from pushing the panel's controls below the fold."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent, QTextLayout, QTextOption
from PySide6.QtWidgets import QLabel, QWidget

from tpsdesk.ui.plain import plain_tooltip

_ELLIPSIS = "…"


class ClampedLabel(QLabel):
    def __init__(self, max_lines: int = 2, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)  # data, never markup
        self.setWordWrap(True)
        self._max_lines = max(1, max_lines)
        self._full = ""

    def fullText(self) -> str:
        return self._full

    def setFullText(self, text: str) -> None:
        self._full = text
        self._clamp()

    def maxLines(self) -> int:
        return self._max_lines

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._clamp()

    def _fits(self, text: str, width: int) -> bool:
        # Lines counted as the label breaks them (at word boundaries), not by height: invisible
        # direction marks (a title is isolated) can make a line taller without making it two.
        layout = QTextLayout(text, self.font())
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WordWrap)
        layout.setTextOption(option)
        layout.beginLayout()
        lines = 0
        while lines <= self._max_lines:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(width)
            lines += 1
        layout.endLayout()
        return lines <= self._max_lines

    def _clamp(self) -> None:
        width = self.contentsRect().width() - 2 * self.margin()
        text = self._full
        if width > 20 and not self._fits(text, width):
            low, high = 0, len(text)  # the longest start that fits with the ellipsis
            while low < high:
                middle = (low + high + 1) // 2
                if self._fits(text[:middle].rstrip() + _ELLIPSIS, width):
                    low = middle
                else:
                    high = middle - 1
            text = text[:low].rstrip() + _ELLIPSIS
        self.setToolTip(plain_tooltip(self._full) if text != self._full else "")
        if self.text() != text:
            self.setText(text)
