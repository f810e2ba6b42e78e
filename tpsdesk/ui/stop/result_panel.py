"""What happened to the stream's last stop, in full: the words, the details, the raw JSON.

The words come from ``outcome_text.describe``; the state from the ``StopTracker``.
The raw JSON box opens per stream: opening it for one stream never shows it on another.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import (
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from tpsdesk.ui.stop.outcome_text import OutcomeText


class StopResultPanel(QWidget):
    copied = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._headline = QLabel(self)
        self._headline.setObjectName("resultHeadline")
        self._headline.setWordWrap(True)
        self._headline.setAccessibleName("Stop result")
        self._message = QLabel(self)
        self._message.setTextFormat(Qt.TextFormat.PlainText)  # the server's words and titles: data
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
        self._asset_id: str | None = None
        self._raw_open: set[str] = set()  # streams whose raw JSON the user opened
        self._raw_toggle.toggled.connect(self._toggle_raw)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._headline)
        layout.addWidget(self._busy)
        layout.addWidget(self._message)
        layout.addWidget(self._raw_toggle, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self._raw)
        self.show_outcome(None, None)

    # -- state -------------------------------------------------------------
    def show_outcome(self, asset_id: str | None, text: OutcomeText | None, raw_json: str = "") -> None:
        """Show one stream's stop (None: no stop yet); remembers the raw box per stream."""
        if asset_id != self._asset_id:
            self._asset_id = asset_id
            with QSignalBlocker(self._raw_toggle):
                self._raw_toggle.setChecked(asset_id in self._raw_open)
            self._show_raw(asset_id in self._raw_open)
        if text is None:
            self._headline.setText("<span style='color:#6b7280'>No stop sent for this stream yet.</span>")
            self._message.setText("")
            self._busy.setVisible(False)
            self._raw_toggle.setVisible(False)
            self._raw.setPlainText("")
            self._raw.setVisible(False)
            return
        tone = text.tone
        self._headline.setText(f"<b style='color:{tone.colour}'>{tone.icon} {html.escape(text.headline)}</b>")
        self._message.setText("\n".join(text.lines))
        self._busy.setVisible(text.busy)
        if self._raw.toPlainText() != raw_json:
            self._raw.setPlainText(raw_json)
        self._raw_toggle.setVisible(bool(raw_json))
        self._raw.setVisible(bool(raw_json) and self._raw_toggle.isChecked())

    def _toggle_raw(self, on: bool) -> None:
        if self._asset_id is not None:
            (self._raw_open.add if on else self._raw_open.discard)(self._asset_id)
        self._show_raw(on)

    def _show_raw(self, on: bool) -> None:
        self._raw.setVisible(on and not self._raw_toggle.isHidden())
        self._raw_toggle.setText("Hide raw JSON" if on else "Show raw JSON")

    def toggleRawJson(self) -> None:
        """The keyboard's way to the raw answer (Ctrl+J); nothing when there is none."""
        if self._raw_toggle.isVisibleTo(self):
            self._raw_toggle.toggle()

    def headline_text(self) -> str:
        return self._headline.text()

    def message_text(self) -> str:
        return self._message.text()

    def raw_json_visible(self) -> bool:
        return self._raw.isVisibleTo(self)
