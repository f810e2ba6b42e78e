"""Notices in the window, for desktops without a system tray (issue 9, item 5).

Stock GNOME and many Linux desktops have no tray, so a tray popup would
vanish unseen: there the notifier's notices are listed here instead, newest
first, each with its time and a dismiss button, until the person dismisses them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, tzinfo

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QToolButton, QVBoxLayout, QWidget

from tpsdesk.domain.timedisplay import on_this_computer, show_clock
from tpsdesk.ui.notifier import Notice, NoticeKind

MAX_SHOWN = 3  # older ones are dropped: a reminder, not a log (and the list keeps its room)

_STYLE = ("#noticeArea { background: palette(base); border: 1px solid palette(mid); border-radius: 4px; }")
_ICONS = {NoticeKind.COMPLETED: "✔", NoticeKind.ERROR: "✖", NoticeKind.DISCONNECTED: "⚠"}


class _NoticeRow(QWidget):
    def __init__(self, notice: Notice, when: str, when_local: str, on_dismiss: Callable[[_NoticeRow], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.notice = notice
        self.text = f"{notice.title}: {notice.message}"
        label = QLabel(f"{_ICONS.get(notice.kind, '•')} {when} — {self.text}", self)
        label.setTextFormat(Qt.TextFormat.PlainText)  # titles are data
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.setToolTip(when_local)
        self.dismiss = QToolButton(self)
        self.dismiss.setText("✕")
        self.dismiss.setAccessibleName(f"Dismiss notice: {notice.title}")
        self.dismiss.setToolTip("Dismiss this notice")
        self.dismiss.clicked.connect(lambda: on_dismiss(self))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(label, 1)
        layout.addWidget(self.dismiss, 0, Qt.AlignmentFlag.AlignTop)


class NoticeArea(QFrame):
    """Hidden while empty; otherwise the latest notices with Dismiss / Dismiss all."""

    def __init__(self, server_tz: tzinfo, clock: Callable[[], datetime], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("noticeArea")
        self.setStyleSheet(_STYLE)
        self.setAccessibleName("Notices")
        self._tz = server_tz
        self._clock = clock
        self._rows: list[_NoticeRow] = []
        heading = QLabel("Notices", self)
        heading.setObjectName("muted")
        self.dismiss_all = QPushButton("Dismiss all", self)
        self.dismiss_all.setAccessibleName("Dismiss all notices")
        self.dismiss_all.clicked.connect(self.clear)
        top = QHBoxLayout()
        top.addWidget(heading, 1)
        top.addWidget(self.dismiss_all)
        self._list = QVBoxLayout()
        self._list.setSpacing(2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addLayout(top)
        layout.addLayout(self._list)
        self.setVisible(False)

    def setServerTimeZone(self, tz: tzinfo) -> None:
        self._tz = tz

    def addNotice(self, notice: Notice) -> None:
        now = self._clock()
        row = _NoticeRow(notice, show_clock(now, self._tz), on_this_computer(now, with_date=False),
                         self._dismiss, self)
        self._rows.insert(0, row)
        self._list.insertWidget(0, row)
        while len(self._rows) > MAX_SHOWN:
            self._drop(self._rows[-1])
        self.setVisible(True)

    def texts(self) -> list[str]:
        """Newest first, as shown (without the time)."""
        return [row.text for row in self._rows]

    def dismissButtons(self) -> list[QToolButton]:
        return [row.dismiss for row in self._rows]

    def clear(self) -> None:
        for row in list(self._rows):
            self._drop(row)
        self.setVisible(False)

    def _dismiss(self, row: _NoticeRow) -> None:
        self._drop(row)
        self.setVisible(bool(self._rows))

    def _drop(self, row: _NoticeRow) -> None:
        if row in self._rows:
            self._rows.remove(row)
        self._list.removeWidget(row)
        row.hide()
        row.deleteLater()
