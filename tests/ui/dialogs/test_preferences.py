"""Preferences: a value past the undo window's range is clamped visibly, never cut silently."""

from __future__ import annotations

from typing import Any, cast

from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from tpsdesk.ui.dialogs.preferences_dialog import PreferencesDialog


class FakeTracker:
    def __init__(self, seconds: int) -> None:
        self.seconds = seconds

    def undoSeconds(self) -> int:
        return self.seconds

    def setUndoSeconds(self, seconds: int) -> None:
        self.seconds = seconds


def dialog_for(qtbot: QtBot, seconds: int = 5) -> tuple[PreferencesDialog, FakeTracker]:
    tracker = FakeTracker(seconds)
    dialog = PreferencesDialog(cast(Any, tracker))
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog, tracker


def test_typing_99_gives_15_and_says_so(qtbot: QtBot) -> None:
    dialog, tracker = dialog_for(qtbot)
    box = dialog.undo_seconds
    dialog.activateWindow()
    box.setFocus()
    qtbot.waitUntil(box.hasFocus)
    box.lineEdit().selectAll()
    qtbot.keyClicks(box.lineEdit(), "99")
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    ok.setFocus()  # leaving the box
    qtbot.waitUntil(lambda: not box.hasFocus())
    assert box.value() == 15  # not 9: the second 9 is not dropped in silence
    qtbot.waitUntil(lambda: dialog.range_note.isVisible())
    assert "15 s" in dialog.range_note.text() and "99" in dialog.range_note.text()
    dialog.accept()
    assert tracker.seconds == 15


def test_typing_99_then_ok_at_once_also_gives_15(qtbot: QtBot) -> None:
    dialog, tracker = dialog_for(qtbot)
    box = dialog.undo_seconds
    box.lineEdit().selectAll()
    qtbot.keyClicks(box.lineEdit(), "99")
    dialog.accept()
    assert tracker.seconds == 15


def test_the_range_is_on_the_control(qtbot: QtBot) -> None:
    dialog, _ = dialog_for(qtbot)
    box = dialog.undo_seconds
    assert (box.minimum(), box.maximum(), box.suffix()) == (0, 15, " s")
    assert "0" in box.toolTip() and "15" in box.toolTip()
    assert box.accessibleName() == "Undo window before a stop is sent"
    assert not dialog.range_note.isVisible()
    box.lineEdit().selectAll()
    qtbot.keyClicks(box.lineEdit(), "7")
    dialog.accept()
    assert dialog.undo_seconds.value() == 7
