"""Help ▸ Keyboard shortcuts: the same list the README gives."""

from __future__ import annotations

import html

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

WINDOW_SHORTCUTS: list[tuple[str, str]] = [
    ("F5", "Reload the stream list"),
    ("Ctrl+F", "Search streams by title or id"),
    ("Ctrl+L", "Next status filter"),
    ("Ctrl+1", "Go to the stream list (arrows move the selection)"),
    ("Ctrl+2", "Go to the trim timeline"),
    ("Ctrl+T", "Trim on/off"),
    ("Ctrl+Shift+S", "Stop the selected stream (asks first; Cancel is the default)"),
    ("F1", "This help"),
    ("Ctrl+Q", "Quit"),
]


def shortcut_rows() -> list[tuple[str, str]]:
    from tpsdesk.ui.stop.trim_editor import KEYBOARD_HELP

    return WINDOW_SHORTCUTS + [(keys, action) for keys, action in KEYBOARD_HELP]


class HelpDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        rows = "".join(
            f"<tr><td style='padding:2px 14px 2px 0'><b>{html.escape(k)}</b></td>"
            f"<td>{html.escape(a)}</td></tr>" for k, a in shortcut_rows())
        label = QLabel(f"<table>{rows}</table>", self)
        label.setAccessibleName("Keyboard shortcuts")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(buttons)
