"""The confirmation before a stop: names the stream, its organization and the trim.

Opened with ``open()`` (never ``exec()``: a nested loop inside qasync breaks
running tasks, qasync#59); the caller listens to ``accepted``.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from tpsdesk.domain.trim import TrimPlan


class StopConfirmDialog(QDialog):
    def __init__(self, *, title: str, asset_id: str, org: str, plan: TrimPlan,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Stop live stream?")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setAccessibleName("Confirm stop")
        self.plan = plan
        trim_line = (f"Trim the recording to <b>{html.escape(plan.trim.describe())}</b>"
                     if plan.trim else "<b>No trim</b>: the whole recording is kept")
        text = QLabel(
            f"<p style='font-size:14pt'><b>Stop “{html.escape(title)}”?</b></p>"
            f"<p>Stream <code>{html.escape(asset_id)}</code> in organization "
            f"<b>{html.escape(org)}</b>.</p>"
            f"<p>{trim_line}.<br><span style='color:#6b7280'>{html.escape(plan.note)}</span></p>"
            "<p>A stopped stream cannot be restarted; viewers see the class end now.</p>",
            self,
        )
        text.setWordWrap(True)
        text.setTextFormat(Qt.TextFormat.RichText)
        self.summary = text
        buttons = QDialogButtonBox(self)
        self.stop_button = buttons.addButton("Stop stream", QDialogButtonBox.ButtonRole.AcceptRole)
        self.stop_button.setObjectName("dangerButton")
        # The button box polished the button before it had its name: polish again for the style sheet.
        self.stop_button.style().unpolish(self.stop_button)
        self.stop_button.style().polish(self.stop_button)
        self.stop_button.setAccessibleName("Confirm stop stream")
        self.cancel_button = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setAccessibleName("Cancel stop")
        # Cancel is the default: Enter on an unread dialog must not end a class.
        self.cancel_button.setDefault(True)
        self.cancel_button.setFocus()
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)
