"""What the server answered to a stop (the recording's journey is in ``journey_view``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)


class StopPhase(Enum):
    SENDING = "sending"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    UNCERTAIN = "uncertain"
    RECONCILED = "reconciled"


@dataclass(slots=True)
class StopRecord:
    """Everything known about the last stop of one stream, for the view."""

    phase: StopPhase
    title: str
    trim_text: str  # what was asked, e.g. "00:00:30 – 00:02:00" or "no trim"
    headline: str = ""
    message: str = ""
    details: list[str] = field(default_factory=list)
    trim_scheduled: bool | None = None
    raw_json: str = ""
    still_live: bool = False


_PHASE_STYLE = {
    StopPhase.SENDING: ("⏳", "#3b6fb6"),
    StopPhase.SUCCEEDED: ("✔", "#1f8a4c"),
    StopPhase.FAILED: ("✖", "#c0392b"),
    StopPhase.UNCERTAIN: ("?", "#b7791f"),
    StopPhase.RECONCILED: ("ℹ", "#3b6fb6"),
}


class StopResultPanel(QWidget):
    copied = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._headline = QLabel(self)
        self._headline.setObjectName("resultHeadline")
        self._headline.setWordWrap(True)
        self._headline.setAccessibleName("Stop result")
        self._message = QLabel(self)
        self._message.setWordWrap(True)
        self._message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._message.setAccessibleName("Server message")
        self._busy = QProgressBar(self)
        self._busy.setRange(0, 0)
        self._busy.setMaximumHeight(6)
        self._busy.setTextVisible(False)
        self._busy.setAccessibleName("Request in flight")
        self._raw_toggle = QToolButton(self)
        self._raw_toggle.setText("Show raw JSON")
        self._raw_toggle.setCheckable(True)
        self._raw_toggle.setAccessibleName("Show raw JSON")
        self._raw = QPlainTextEdit(self)
        self._raw.setReadOnly(True)
        self._raw.setAccessibleName("Raw JSON answer")
        self._raw.setMaximumHeight(140)
        self._raw.setVisible(False)
        self._raw_toggle.toggled.connect(self._raw.setVisible)
        self._raw_toggle.toggled.connect(
            lambda on: self._raw_toggle.setText("Hide raw JSON" if on else "Show raw JSON"))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._headline)
        layout.addWidget(self._busy)
        layout.addWidget(self._message)
        layout.addWidget(self._raw_toggle, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self._raw)
        self.show_record(None)

    # -- state -------------------------------------------------------------
    def show_record(self, record: StopRecord | None) -> None:
        if record is None:
            self._headline.setText("<span style='color:#6b7280'>No stop sent for this stream yet.</span>")
            self._message.setText("")
            self._busy.setVisible(False)
            self._raw_toggle.setVisible(False)
            self._raw.setPlainText("")
            return
        icon, colour = _PHASE_STYLE[record.phase]
        self._headline.setText(f"<b style='color:{colour}'>{icon} {record.headline}</b>")
        lines = [record.message] if record.message else []
        if record.phase is StopPhase.SUCCEEDED:
            scheduled = "yes" if record.trim_scheduled else "no"
            lines.append(f"Trim scheduled: {scheduled} (asked: {record.trim_text}).")
        lines.extend(f"• {detail}" for detail in record.details)
        if record.still_live:
            lines.append("The stream is still live: adjust the trim and stop again.")
        self._message.setText("\n".join(lines))
        self._busy.setVisible(record.phase in (StopPhase.SENDING, StopPhase.UNCERTAIN))
        self._raw.setPlainText(record.raw_json)
        self._raw_toggle.setVisible(bool(record.raw_json))

    def headline_text(self) -> str:
        return self._headline.text()

    def message_text(self) -> str:
        return self._message.text()

