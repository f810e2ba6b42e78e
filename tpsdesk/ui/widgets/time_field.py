"""A compact hh:mm:ss field that holds whole seconds.

Text is parsed with :func:`parse_hms` when the user commits it (Enter, Tab,
focus out), not on every keystroke, so half-typed text such as ``00:`` is
not flagged red mid-word. Refused text keeps the last good value, draws a
red frame and puts ``parse_hms``'s reason in the tooltip.
"""

from __future__ import annotations

import contextlib

from PySide6.QtCore import QRectF, QRegularExpression, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QRegularExpressionValidator,
)
from PySide6.QtWidgets import QLineEdit, QWidget

from tpsdesk.domain.timefmt import format_hms, parse_hms

ERROR_COLOR = QColor("#d92d20")

# Key -> seconds; Shift turns the arrows' 1 s into 10 s.
_STEPS: dict[Qt.Key, int] = {
    Qt.Key.Key_Up: 1,
    Qt.Key.Key_Down: -1,
    Qt.Key.Key_PageUp: 60,
    Qt.Key.Key_PageDown: -60,
}


def tabular_font(base: QFont) -> QFont:
    """``base`` with fixed-width digits so times don't jiggle as they change."""
    font = QFont(base)
    # Qt < 6.7 has no font features; most UI fonts have tabular digits anyway.
    with contextlib.suppress(AttributeError, TypeError):
        font.setFeature(QFont.Tag("tnum"), 1)
    return font


class TimeField(QLineEdit):
    """hh:mm:ss in [0, maximum]; ``valueEdited`` fires on user changes only."""

    valueEdited = Signal(int)
    errorChanged = Signal()  # the text was refused, or the refusal went away

    def __init__(self, parent: QWidget | None = None, *, maximum: int = 0) -> None:
        super().__init__(parent)
        self._value = 0
        self._maximum = max(0, maximum)
        self._error: str | None = None
        self._hint = ""
        # Digits, colons and spaces only; parse_hms judges the shape on commit.
        self.setValidator(QRegularExpressionValidator(QRegularExpression(r"[0-9: ]{0,12}"), self))
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setPlaceholderText("hh:mm:ss")
        self.setFont(tabular_font(self.font()))
        width = self.fontMetrics().horizontalAdvance("000:00:00") + 22
        self.setFixedWidth(width)
        self.setText(format_hms(0))
        self.editingFinished.connect(self.commit)
        self.textEdited.connect(self._on_text_edited)

    # -- value -------------------------------------------------------------
    def value(self) -> int:
        return self._value

    def setValue(self, seconds: int) -> None:
        """Show ``seconds`` (clamped to [0, maximum]); silent, clears any error."""
        self._value = min(max(0, int(seconds)), self._maximum)
        self._set_error(None)
        text = format_hms(self._value)
        if self.text() != text:
            self.setText(text)

    def maximum(self) -> int:
        return self._maximum

    def setMaximum(self, seconds: int) -> None:
        """Upper bound for typed and nudged values; the shown value is not changed."""
        self._maximum = max(0, int(seconds))

    def error(self) -> str | None:
        """Why the current text was refused, or None."""
        return self._error

    def setHint(self, text: str) -> None:
        """Tooltip shown while the field is valid."""
        self._hint = text
        if self._error is None:
            self.setToolTip(text)

    # -- parsing -----------------------------------------------------------
    def _check(self, text: str) -> tuple[int | None, str | None]:
        try:
            seconds = parse_hms(text)
        except ValueError as exc:
            return None, str(exc)
        if seconds > self._maximum:
            return None, (
                f"{format_hms(seconds)} is after the live edge {format_hms(self._maximum)}."
            )
        return seconds, None

    def commit(self) -> bool:
        """Apply the typed text; False (value kept, reason shown) when refused."""
        seconds, reason = self._check(self.text())
        if seconds is None:
            self._set_error(reason)
            return False
        changed = seconds != self._value
        self.setValue(seconds)
        if changed:
            self.valueEdited.emit(seconds)
        return True

    def _on_text_edited(self, text: str) -> None:
        # Once flagged, re-check live so the red goes away as soon as it is fixed.
        if self._error is not None:
            seconds, reason = self._check(text)
            self._set_error(None if seconds is not None else reason)

    def _set_error(self, reason: str | None) -> None:
        if reason == self._error:
            return
        self._error = reason
        self.setToolTip(reason if reason is not None else self._hint)
        self.setAccessibleDescription(reason or "")
        self.update()
        self.errorChanged.emit()

    # -- keys ----------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        step = _STEPS.get(Qt.Key(event.key()))
        if step is not None:
            if event.modifiers() & Qt.KeyboardModifier.ShiftModifier and abs(step) == 1:
                step *= 10
            typed, _ = self._check(self.text())
            base = self._value if typed is None else typed
            target = min(max(0, base + step), self._maximum)
            changed = target != self._value
            self.setValue(target)
            if changed:
                self.valueEdited.emit(target)
            event.accept()
            return
        if event.key() == Qt.Key.Key_Escape and (self.isModified() or self._error):
            self.setValue(self._value)  # back to the last good value
            event.accept()
            return
        super().keyPressEvent(event)

    # -- painting ------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self._error is None:
            return
        # Drawn over the native frame rather than via a style sheet, so the
        # valid look stays the platform's own.
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        tint = QColor(ERROR_COLOR)
        tint.setAlpha(28)
        rect = QRectF(self.rect()).adjusted(1, 1, -1, -1)
        painter.setPen(QPen(ERROR_COLOR, 1.6))
        painter.setBrush(tint)
        painter.drawRoundedRect(rect, 3, 3)
