"""A QSpinBox that takes a value past its range and clamps it, saying so.

QSpinBox's own validator refuses the keystroke that would leave the range, so
typing "99" into a 0–15 box silently gives 9. Here "99" may be typed; when the
box is left, Enter is pressed or the value is read with ``clampTyped``, it
becomes 15 and ``clamped`` says what was typed and what it became, for a
visible note.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QValidator
from PySide6.QtWidgets import QSpinBox


class ClampingSpinBox(QSpinBox):
    clamped = Signal(str, int)  # what was typed, the value it became

    def _number(self, text: str) -> int | None:
        core = text.strip().removeprefix(self.prefix().strip()).removesuffix(self.suffix().strip()).strip()
        return int(core) if core.isdigit() and len(core) < 12 else None

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        number = self._number(text)
        if number is not None and number > self.maximum():
            return QValidator.State.Intermediate, text, pos  # may be typed; clamped when interpreted
        return super().validate(text, pos)

    def _clamp_typed(self) -> None:
        number = self._number(self.lineEdit().text())
        if number is not None and number > self.maximum():
            self.setValue(self.maximum())
            self.clamped.emit(str(number), self.maximum())

    def clampTyped(self) -> int:
        """The value to use, with what is typed now interpreted (and clamped, saying so)."""
        self._clamp_typed()
        self.interpretText()
        return self.value()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._clamp_typed()
        super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self._clamp_typed()
        super().focusOutEvent(event)
