"""Buttons, actions and menus the app keeps are made from Python (ui/owned.py): shiboken tracks them
until Qt deletes them, where a wrapper of one a Qt factory made was seen to go invalid while it lived."""

from __future__ import annotations

import shiboken6
from PySide6.QtWidgets import QDialogButtonBox, QMainWindow, QMessageBox
from pytestqt.qtbot import QtBot

from tests.support.qt import Demo
from tpsdesk.domain.trim import TrimPlan
from tpsdesk.ui.dialogs.sign_out_dialog import SignOutDialog
from tpsdesk.ui.owned import add_box_button, add_menu, add_message_button
from tpsdesk.ui.stop.confirm_dialog import StopConfirmDialog
from tpsdesk.ui.webhook_indicator import WebhookIndicator


def test_the_helpers_make_from_python_and_hand_over(qtbot: QtBot) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    box, message = QDialogButtonBox(window), QMessageBox(window)
    made = [add_box_button(box, "Go", QDialogButtonBox.ButtonRole.AcceptRole),
            add_message_button(message, "Go", QMessageBox.ButtonRole.AcceptRole),
            add_menu(window.menuBar(), "&File")]
    assert all(shiboken6.createdByPython(obj) for obj in made)
    assert box.buttons() == [made[0]] and made[1] in message.buttons()
    assert window.menuBar().actions()[0].menu() is made[2]


def test_the_windows_kept_buttons_and_actions_are_made_from_python(demo: Demo) -> None:
    window = demo.session.window
    indicator = window.findChild(WebhookIndicator)
    assert indicator is not None
    confirm = StopConfirmDialog(title="Class", asset_id="a1", org="Org", plan=TrimPlan(None, "no trim"), parent=window)
    sign_out = SignOutDialog("Work", "Org", window)
    kept = [indicator.remove_action, indicator.start_again_action, window._stream_menu, window._help_menu,
            confirm.stop_button, confirm.cancel_button, sign_out.sign_out_button, sign_out.cancel_button]
    assert all(shiboken6.createdByPython(obj) for obj in kept)
