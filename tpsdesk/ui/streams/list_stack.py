"""The stream list, or a page that says why it has no rows: loading, an error, none, no match."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from tpsdesk.ui.next_turn import NextTurn


class ListStack(QStackedWidget):
    """The list once it has rows, else a state page (a message and, after an error, "Try again").

    The list comes into view after the repaint of the turn that called :meth:`showList`: its first
    rows' apply and its first paint in one turn held the event loop ~13 ms at the first page of
    10,000 streams (issue 11).
    """

    retryClicked = Signal()

    def __init__(self, table: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._table = table
        self._label = QLabel(self)
        self._label.setObjectName("stateLabel")
        self._label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._label.setWordWrap(True)
        self.retryButton = QPushButton("Try again", self)
        self.retryButton.setAccessibleName("Try loading again")
        self.retryButton.clicked.connect(self.retryClicked)
        page = QWidget(self)
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        layout.addWidget(self._label)
        layout.addWidget(self.retryButton, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(1)
        self.addWidget(page)
        self.addWidget(table)
        # After the turn's repaint, not with it (ui/next_turn.py): a queued call ran ahead of it.
        self._reveal = NextTurn(self, self.showListNow)
        self._focus_when_shown = False

    def showList(self) -> None:
        """Show the list once this turn's repaint is done (at once: :meth:`showListNow`)."""
        if self.currentWidget() is not self._table and not self._reveal.isActive():
            self._reveal.start()

    def showListNow(self) -> None:
        self._reveal.stop()
        self.setCurrentWidget(self._table)
        if self._focus_when_shown:
            self._focus_when_shown = False
            self._table.setFocus()

    def focusList(self) -> None:
        """Keyboard focus to the list; to one about to be shown, when it is (a hidden widget takes none)."""
        if self._reveal.isActive():
            self._focus_when_shown = True  # not shown now: its first paint keeps a turn of its own
        else:
            self._table.setFocus()

    def isListShown(self) -> bool:
        return self.currentWidget() is self._table

    def showState(self, html: str, *, retry: bool = False) -> None:
        """The state page with ``html`` (already escaped: server text is data), "Try again" if ``retry``."""
        self._reveal.stop()
        self._focus_when_shown = False
        self._label.setText(html)
        self.retryButton.setVisible(retry)
        self.setCurrentIndex(0)

    def stateText(self) -> str:
        """The state page's message; empty while the list is shown."""
        return "" if self.isListShown() else self._label.text()
