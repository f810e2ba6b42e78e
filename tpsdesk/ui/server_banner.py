"""The banner that says plainly since when the server has not answered (issue 9, item 4)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, tzinfo

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from tpsdesk.domain.timedisplay import on_this_computer, show_age, show_clock

_STYLE = ("#serverBanner { background: #fdecea; border: 1px solid #e0a39b; border-radius: 4px; }"
          "#serverBanner QLabel { color: #611a15; }")


class ServerBanner(QFrame):
    """Hidden while the server answers; otherwise "No answer from … since 14:02:10 IST (3 min)"."""

    retryRequested = Signal()

    def __init__(self, server_name: str, server_tz: tzinfo, clock: Callable[[], datetime],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("serverBanner")
        self.setStyleSheet(_STYLE)
        self.setAccessibleName("Server connection")
        self._server = server_name
        self._tz = server_tz
        self._clock = clock
        self._since: datetime | None = None
        self._label = QLabel(self)
        self._label.setTextFormat(Qt.TextFormat.PlainText)
        self._label.setWordWrap(True)
        self._label.setAccessibleName("Server connection problem")
        self._retry = QPushButton("Try now", self)
        self._retry.setAccessibleName("Try reaching the server now")
        self._retry.setToolTip("Ask the server again now (it is also asked every few seconds)")
        self._retry.clicked.connect(self.retryRequested)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addWidget(self._label, 1)
        layout.addWidget(self._retry, 0, Qt.AlignmentFlag.AlignVCenter)
        self.setVisible(False)

    def setServerTimeZone(self, tz: tzinfo) -> None:
        self._tz = tz
        self._render()

    def showUnreachable(self, since: datetime) -> None:
        self._since = since
        self._render()
        self.setVisible(True)

    def showOnline(self) -> None:
        self._since = None
        self.setVisible(False)

    def isShowingProblem(self) -> bool:
        return self._since is not None

    def text(self) -> str:
        return self._label.text() if self._since is not None else ""

    def tick(self) -> None:
        if self._since is not None:
            self._render()

    def _render(self) -> None:
        if self._since is None:
            return
        age = show_age((self._clock() - self._since).total_seconds())
        self._label.setText(
            f"⚠ No answer from {self._server} since {show_clock(self._since, self._tz)} ({age}) — "
            "statuses and clocks shown are the last known. A stop sent now is tried once; "
            "if no answer comes, its outcome is checked when the server answers again, never resent.")
        self._label.setToolTip(f"Last answer: {on_this_computer(self._since)}")
