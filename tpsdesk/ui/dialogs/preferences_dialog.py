"""File ▸ Preferences: the undo window before a stop is sent (0–15 s)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QSpinBox, QVBoxLayout, QWidget

from tpsdesk.services.stop_tracker import MAX_UNDO_S, StopTracker


class PreferencesDialog(QDialog):
    def __init__(self, tracker: StopTracker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        self.setAccessibleName("Preferences")
        self._tracker = tracker
        self.undo_seconds = QSpinBox(self)
        self.undo_seconds.setRange(0, MAX_UNDO_S)
        self.undo_seconds.setSuffix(" s")
        self.undo_seconds.setSpecialValueText("off (send at once)")
        self.undo_seconds.setValue(tracker.undoSeconds())
        self.undo_seconds.setAccessibleName("Undo window before a stop is sent")
        note = QLabel("After you confirm a stop, it waits this long before anything is sent, "
                      "with Undo (Esc) and Stop now on screen.", self)
        note.setWordWrap(True)
        note.setObjectName("muted")
        form = QFormLayout()
        form.addRow("Undo window", self.undo_seconds)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.setMinimumWidth(380)

    def accept(self) -> None:
        self._tracker.setUndoSeconds(self.undo_seconds.value())
        super().accept()
