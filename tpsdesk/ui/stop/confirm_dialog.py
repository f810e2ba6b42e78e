"""The confirmation before a stop: names the stream, its organization and the trim.

Opened with ``open()`` (never ``exec()``: a nested loop inside qasync breaks
running tasks, qasync#59); the caller listens to ``accepted``.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QVBoxLayout, QWidget

from tpsdesk.domain.trim import TrimPlan
from tpsdesk.ui.plain import isolated, quoted

_AGAIN = ("<p style='color:#b7791f'><b>The first stop's outcome is unknown:</b> it may already have "
          "ended the stream (the server has not said). Send another stop only if you are sure it is "
          "still running.</p>")


def _trim_paragraph(plan: TrimPlan) -> str:
    """The trim in one line; with no trim, the plan's note alone (it says why), said once."""
    if plan.trim is not None:
        return (f"Trim the recording to <b>{html.escape(plan.describe())}</b>.<br>"
                f"<span style='color:#6b7280'>{html.escape(plan.note)}</span>")
    note = plan.note.strip() or "No trim: the whole recording is kept."
    if note.lower().startswith("no trim"):
        return f"<b>{html.escape(note[:7])}</b>{html.escape(note[7:])}"
    return f"<b>No trim</b>: {html.escape(note)}"


class StopConfirmDialog(QDialog):
    def __init__(self, *, title: str, asset_id: str, org: str, plan: TrimPlan, again: bool = False,
                 undo_s: int = 0, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Stop live stream?")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setAccessibleName("Confirm stop")
        self.plan = plan
        text = QLabel(
            f"<p style='font-size:14pt'><b>Stop {html.escape(quoted(title))}?</b></p>"
            + (_AGAIN if again else "")
            + f"<p>Stream <code>{html.escape(asset_id)}</code> in organization "
            f"<b>{html.escape(isolated(org))}</b>.</p>"
            f"<p>{_trim_paragraph(plan)}</p>"
            "<p>A stopped stream cannot be restarted; viewers see the class end when it is sent"
            + (f" (after a {undo_s} s countdown you can undo)" if undo_s > 0 else "") + ".</p>",
            self,
        )
        text.setWordWrap(True)
        text.setTextFormat(Qt.TextFormat.RichText)
        self.summary = text
        buttons = QDialogButtonBox(self)
        # Buttons made here, not by the box: their wrappers live as long as they do.
        self.stop_button = QPushButton("Send another stop" if again else "Stop stream", buttons)
        self.stop_button.setObjectName("dangerButton")
        self.stop_button.setAccessibleName("Confirm stop stream")
        buttons.addButton(self.stop_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = QPushButton("Cancel", buttons)
        buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
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
