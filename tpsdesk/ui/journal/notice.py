"""The journal's failure, shown once: a status-bar message and a badge that stays."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMainWindow

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
