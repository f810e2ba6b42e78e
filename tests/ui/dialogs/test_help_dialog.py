"""Help ▸ Keyboard shortcuts fits the screen: the list scrolls, the Close button stays on screen."""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox, QLabel, QScrollArea
from pytestqt.qtbot import QtBot

from tpsdesk.ui.dialogs.help_dialog import HelpDialog, shortcut_rows


def test_the_shortcuts_scroll_within_the_screen(qtbot: QtBot) -> None:
    dialog = HelpDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    screen = dialog.screen().availableGeometry()
    label = dialog.findChild(QLabel)
    assert label is not None and all(keys in label.text() for keys, _ in shortcut_rows()[:5])
    assert dialog.frameGeometry().height() <= screen.height()
    scroll = dialog.findChild(QScrollArea)
    buttons = dialog.findChild(QDialogButtonBox)
    assert scroll is not None and buttons is not None and buttons.isVisible()
    if label.sizeHint().height() > scroll.viewport().height():  # a short screen: the rest is a scroll away
        assert scroll.verticalScrollBar().maximum() > 0
