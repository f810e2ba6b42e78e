"""Notices in the window, for desktops without a system tray (issue 9, item 5).

Stock GNOME and many Linux desktops have no tray, so a tray popup would
vanish unseen: there the notifier's notices are listed here instead, newest
first, each with its time and a dismiss button, until the person dismisses them.
What is kept and shown is decided by ``notice_book.NoticeBook``: repeats merge
(×N, the latest time), a recording's outcome outranks a flapping encoder, and
whatever does not fit is behind "+N older", never dropped without a word.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, tzinfo

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QToolButton, QVBoxLayout, QWidget

from tpsdesk.domain.timedisplay import on_this_computer, show_clock
from tpsdesk.ui.notice_book import MAX_SHOWN, NoticeBook, NoticeEntry
from tpsdesk.ui.notifier import Notice, NoticeKind

_STYLE = ("#noticeArea { background: palette(base); border: 1px solid palette(mid); border-radius: 4px; }")
_ICONS = {NoticeKind.COMPLETED: "✔", NoticeKind.ERROR: "✖", NoticeKind.DISCONNECTED: "⚠"}


def entry_text(entry: NoticeEntry) -> str:
    """What a row says, without the time: "Title: message" and "(×3)" for merged repeats."""
    notice = entry.notice
    return f"{notice.title}: {notice.message}" + (f" (×{entry.count})" if entry.count > 1 else "")


class _NoticeRow(QWidget):
    def __init__(self, entry: NoticeEntry, tz: tzinfo, on_dismiss: Callable[[NoticeEntry], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entry = entry
        self.text = entry_text(entry)
        when = show_clock(entry.last_at, tz)
        label = QLabel(f"{_ICONS.get(entry.notice.kind, '•')} {when} — {self.text}", self)
        label.setTextFormat(Qt.TextFormat.PlainText)  # titles are data
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        tip = on_this_computer(entry.last_at, with_date=False)
        if entry.count > 1:
            tip = (f"{entry.count} times, first at {show_clock(entry.first_at, tz)}, "
                   f"last at {show_clock(entry.last_at, tz)} ({tip})")
        label.setToolTip(tip)
        self.dismiss = QToolButton(self)
        self.dismiss.setText("✕")
        self.dismiss.setAccessibleName(f"Dismiss notice: {entry.notice.title}")
        self.dismiss.setToolTip("Dismiss this notice")
        self.dismiss.clicked.connect(lambda: on_dismiss(entry))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(label, 1)
        layout.addWidget(self.dismiss, 0, Qt.AlignmentFlag.AlignTop)


class NoticeArea(QFrame):
    """Hidden while empty; otherwise the latest notices with Dismiss / Dismiss all and "+N older"."""

    def __init__(self, server_tz: tzinfo, clock: Callable[[], datetime], parent: QWidget | None = None,
                 *, max_shown: int = MAX_SHOWN) -> None:
        super().__init__(parent)
        self.setObjectName("noticeArea")
        self.setStyleSheet(_STYLE)
        self.setAccessibleName("Notices")
        self._tz = server_tz
        self._clock = clock
        self.book = NoticeBook(max_shown=max_shown)
        self._rows: list[_NoticeRow] = []
        heading = QLabel("Notices", self)
        heading.setObjectName("muted")
        self.more = QPushButton(self)  # "+N older" / "Show fewer"
        self.more.setAccessibleName("Show older notices")
        self.more.setFlat(True)
        self.more.clicked.connect(self._toggle_older)
        self.dismiss_all = QPushButton("Dismiss all", self)
        self.dismiss_all.setAccessibleName("Dismiss all notices")
        self.dismiss_all.clicked.connect(self.clear)
        top = QHBoxLayout()
        top.addWidget(heading, 1)
        top.addWidget(self.more)
        top.addWidget(self.dismiss_all)
        self._list = QVBoxLayout()
        self._list.setSpacing(2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addLayout(top)
        layout.addLayout(self._list)
        self._render()

    def setServerTimeZone(self, tz: tzinfo) -> None:
        self._tz = tz
        self._render()

    def addNotice(self, notice: Notice) -> None:
        self.book.add(notice, self._clock())
        self._render()

    def texts(self) -> list[str]:
        """Newest first, as shown (without the time)."""
        return [row.text for row in self._rows]

    def dismissButtons(self) -> list[QToolButton]:
        return [row.dismiss for row in self._rows]

    def olderCount(self) -> int:
        return self.book.hidden_count()

    def clear(self) -> None:
        self.book.clear()
        self._render()

    def _dismiss(self, entry: NoticeEntry) -> None:
        self.book.dismiss(entry)
        self._render()

    def _toggle_older(self) -> None:
        self.book.expanded = not self.book.expanded
        self._render()

    def _render(self) -> None:
        # A handful of rows: rebuilt whole on each change rather than patched.
        for row in self._rows:
            self._list.removeWidget(row)
            row.hide()
            row.deleteLater()
        self._rows = [_NoticeRow(entry, self._tz, self._dismiss, self) for entry in self.book.shown()]
        for row in self._rows:
            self._list.addWidget(row)
        hidden, shed = self.book.hidden_count(), self.book.shed_count
        if self.book.expanded:
            self.more.setText("Show fewer")
            self.more.setToolTip("Show only the latest notices")
        else:
            self.more.setText(f"+{hidden} older")
            self.more.setToolTip(f"Show all {len(self.book.entries())} notices")
        if shed:
            self.more.setToolTip(self.more.toolTip() + f" ({shed} older ones were let go)")
        self.more.setVisible(hidden > 0 or self.book.expanded)
        self.setVisible(bool(self._rows))
