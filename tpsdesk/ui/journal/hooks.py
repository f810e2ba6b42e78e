"""The journal in the main window: File ▸ Journal… and, if it fails, a badge that stays."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMenu

JOURNAL_KEY = "Ctrl+Shift+J"  # Ctrl+J shows the raw JSON of an answer


def make_journal_action(parent: QMainWindow, open_journal: Callable[[], None] | None) -> QAction:
    """File ▸ Journal…; disabled when the session keeps no journal."""
    action = QAction("Journal…", parent)
    action.setObjectName("journalAction")
    action.setShortcut(QKeySequence(JOURNAL_KEY))
    action.setStatusTip("Every action taken and what the server answered")
    if open_journal is None:
        action.setEnabled(False)
    else:
        action.triggered.connect(open_journal)
    return action


def add_to_file_menu(window: QMainWindow, action: QAction) -> None:
    """File ▸ Journal…, just above Quit (File is the window's first menu, Quit its last item)."""
    file_menu = window.menuBar().actions()[0].menu()
    assert isinstance(file_menu, QMenu)
    file_menu.insertAction(file_menu.actions()[-1], action)

NOTICE_MS = 60_000


class JournalPausedBadge(QLabel):
    """Hidden until the journal fails; then "Journal paused" with the reason in its tooltip."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__("⚠ Journal paused", window)
        self.setObjectName("journalPausedBadge")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setAccessibleName("Journal paused")
        self.setVisible(False)
        self._window = window
        self.message = ""

    def showFailure(self, message: str, *, announce: bool = True) -> None:
        """``announce``: also say it in the status bar (not when a later window only inherits it)."""
        if self.message:
            return  # once
        self.message = message
        self.setToolTip(message)
        self.setAccessibleDescription(message)
        self.setVisible(True)
        if announce:
            self._window.statusBar().showMessage(message, NOTICE_MS)
