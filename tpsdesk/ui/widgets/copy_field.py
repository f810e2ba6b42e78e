"""A read-only value with Copy (and optionally Open / Show) buttons."""

from __future__ import annotations

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QToolButton, QWidget

SECRET_MASK = "•" * 12


class CopyField(QWidget):
    copied = Signal(str)  # the field's name, for a status-bar note (never the value)

    def __init__(self, name: str, *, openable: bool = False, secret: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._name = name
        self._value = ""
        self._secret = secret
        self._revealed = False
        self._edit = QLineEdit(self)
        self._edit.setReadOnly(True)
        self._edit.setAccessibleName(name)
        self._copy = QToolButton(self)
        self._copy.setText("Copy")
        self._copy.setAccessibleName(f"Copy {name}")
        self._copy.setToolTip(f"Copy the {name} to the clipboard")
        self._copy.clicked.connect(self.copy)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self._edit, 1)
        self._show: QToolButton | None = None
        if secret:
            self._show = QToolButton(self)
            self._show.setText("Show")
            self._show.setCheckable(True)
            self._show.setAccessibleName(f"Show {name}")
            self._show.toggled.connect(self._set_revealed)
            layout.addWidget(self._show)
        layout.addWidget(self._copy)
        self._open: QToolButton | None = None
        if openable:
            self._open = QToolButton(self)
            self._open.setText("Open")
            self._open.setAccessibleName(f"Open {name}")
            self._open.setToolTip(f"Open the {name} in your browser or player")
            self._open.clicked.connect(self.open)
            layout.addWidget(self._open)
        self.set_value("")

    def value(self) -> str:
        return self._value

    def shown_text(self) -> str:
        return self._edit.text()

    def set_value(self, value: str | None, *, placeholder: str = "not available yet") -> None:
        self._value = value or ""
        if self._show is not None:
            self._show.setChecked(False)  # a new value starts hidden again
        self._refresh_text()
        self._edit.setPlaceholderText(placeholder)
        has_value = bool(self._value)
        self._copy.setEnabled(has_value)
        for button in (self._open, self._show):
            if button is not None:
                button.setEnabled(has_value)

    def _set_revealed(self, on: bool) -> None:
        self._revealed = on
        if self._show is not None:
            self._show.setText("Hide" if on else "Show")
        self._refresh_text()

    def _refresh_text(self) -> None:
        hide = self._secret and not self._revealed and self._value
        self._edit.setText(SECRET_MASK if hide else self._value)
        self._edit.setCursorPosition(0)

    def copy(self) -> None:
        if self._value:
            QGuiApplication.clipboard().setText(self._value)
            self.copied.emit(self._name)

    def open(self) -> None:
        if self._value:
            QDesktopServices.openUrl(QUrl(self._value))
