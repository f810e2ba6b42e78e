"""Help ▸ Keyboard shortcuts: the same list the README gives."""

from __future__ import annotations

import html

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

WINDOW_SHORTCUTS: list[tuple[str, str]] = [
    ("F5", "Reload the stream list"),
    ("Ctrl+F", "Search streams by title or id"),
    ("Ctrl+L", "Next status filter"),
    ("Ctrl+1", "Go to the stream list (arrows move the selection)"),
    ("Ctrl+2", "Go to the trim timeline"),
    ("Ctrl+T", "Trim on/off"),
    ("Ctrl+Shift+S", "Stop the selected stream (asks first; Cancel is the default)"),
    ("Ctrl+J", "Show/hide the raw JSON of the server's answer"),
    ("Ctrl+Shift+J", "Open the journal: every action and the server's answer"),
    ("Esc", "Undo a stop during its countdown (nothing has been sent yet)"),
    ("Ctrl+,", "Preferences: the undo window before a stop is sent"),
    ("F1", "This help"),
    ("Ctrl+Q", "Quit"),
]
# Bound by the shell on the Account menu (tpsdesk/shell/controller.py).
ACCOUNT_SHORTCUTS: list[tuple[str, str]] = [
    ("Ctrl+Shift+P", "Switch profile (opens the profile list)"),
    ("Ctrl+Shift+O", "Sign out of this profile (asks first)"),
]
SEARCH_KEYS: list[tuple[str, str]] = [
    ("Enter (in the search)", "Go to the first match"),
    ("Down / Up (in the list, nothing selected)", "Select the first row"),
]


def shortcut_rows() -> list[tuple[str, str]]:
    from tpsdesk.ui.stop.marks_panel import KEYBOARD_HELP as MARKS_HELP
    from tpsdesk.ui.stop.trim_editor import KEYBOARD_HELP

    return (WINDOW_SHORTCUTS + ACCOUNT_SHORTCUTS + MARKS_HELP + SEARCH_KEYS
            + [(keys, action) for keys, action in KEYBOARD_HELP])


class HelpDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        rows = "".join(
            f"<tr><td style='padding:2px 14px 2px 0'><b>{html.escape(k)}</b></td>"
            f"<td>{html.escape(a)}</td></tr>" for k, a in shortcut_rows())
        label = QLabel(f"<table>{rows}</table>", self)
        label.setAccessibleName("Keyboard shortcuts")
        label.setMargin(4)
        # Scrolls where the screen is shorter than the list (1280×720 is): the Close button stays on screen.
        scroll = QScrollArea(self)
        scroll.setWidget(label)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll)
        layout.addWidget(buttons)
        screen = (parent or self).screen().availableGeometry()
        wanted = label.sizeHint() + QSize(40, buttons.sizeHint().height() + 40)
        self.resize(min(wanted.width(), int(screen.width() * 0.9)), min(wanted.height(), int(screen.height() * 0.85)))
