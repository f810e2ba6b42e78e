"""After a keyboard-only confirmation the keys reach the window at once: Esc undoes the countdown
(review of issue 9: Esc did nothing until the window was clicked)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.support.qt import Demo, make_demo, select_streaming
from tpsdesk.services.stop_tracker import StopState


@pytest.fixture
def slow_demo(qtbot: QtBot, qloop: asyncio.AbstractEventLoop) -> Iterator[Demo]:
    yield from make_demo(qtbot, undo_s=15)


def test_esc_undoes_right_after_a_keyboard_confirmation(slow_demo: Demo) -> None:
    demo = slow_demo
    asset_id = select_streaming(demo, min_elapsed=0)
    window = demo.session.window
    workspace = window.workspace
    window.activateWindow()
    demo.qtbot.waitUntil(window.isActiveWindow)
    QTest.keyClick(window.table, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    demo.qtbot.waitUntil(lambda: workspace.confirm_dialog is not None and workspace.confirm_dialog.isVisible())
    dialog = workspace.confirm_dialog
    assert dialog is not None
    QTest.keyClick(dialog, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)  # from Cancel (the default) to Stop
    demo.qtbot.waitUntil(dialog.stop_button.hasFocus)
    QTest.keyClick(dialog.stop_button, Qt.Key.Key_Space)
    tracker = workspace.tracker
    demo.qtbot.waitUntil(lambda: tracker.state(asset_id) is StopState.COUNTDOWN)
    # The keyboard lands on the strip's Undo, in the window, without a click.
    demo.qtbot.waitUntil(lambda: workspace.outcome_bar.undo_button.hasFocus())
    assert window.isActiveWindow()
    focused = QApplication.focusWidget()
    assert focused is not None and focused.window() is window
    QTest.keyClick(focused, Qt.Key.Key_Escape)
    assert tracker.state(asset_id) is StopState.CANCELLED
    assert demo.sim.stop_requests(asset_id) == []
