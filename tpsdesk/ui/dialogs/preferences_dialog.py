"""File ▸ Preferences: the undo window before a stop is sent (0–15 s)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from tpsdesk.services.stop_tracker import MAX_UNDO_S, StopTracker
from tpsdesk.ui.widgets.clamping_spin_box import ClampingSpinBox


class PreferencesDialog(QDialog):
    def __init__(self, tracker: StopTracker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        self.setAccessibleName("Preferences")
        self._tracker = tracker
        self.undo_seconds = ClampingSpinBox(self)  # typing 99 gives 15 and says so, not a silent 9
        self.undo_seconds.setRange(0, MAX_UNDO_S)
        self.undo_seconds.setSuffix(" s")
        self.undo_seconds.setSpecialValueText("off (send at once)")
        self.undo_seconds.setValue(tracker.undoSeconds())
        self.undo_seconds.setAccessibleName("Undo window before a stop is sent")
        self.undo_seconds.setToolTip(f"From 0 (off: a stop is sent at once) to {MAX_UNDO_S} seconds")
        self.range_note = QLabel(self)
        self.range_note.setAccessibleName("Undo window range note")
        self.range_note.setWordWrap(True)
        self.range_note.setVisible(False)
        self.undo_seconds.clamped.connect(self._say_clamped)
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
        layout.addWidget(self.range_note)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.setMinimumWidth(380)

    def _say_clamped(self, typed: str, value: int) -> None:
        self.range_note.setText(f"The undo window is at most {MAX_UNDO_S} s: {typed} became {value} s.")
        self.range_note.setVisible(True)

    def accept(self) -> None:
        self._tracker.setUndoSeconds(self.undo_seconds.clampTyped())
        super().accept()
