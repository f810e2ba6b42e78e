"""The undo window before a stop goes on the wire, and quitting during it (issue 9)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from tests.support.qt import Demo, confirm, make_demo, select_streaming
from tpsdesk.services.stop_tracker import StopState
from tpsdesk.ui.dialogs.preferences_dialog import PreferencesDialog
from tpsdesk.ui.stop.quit_guard import quit_question


@pytest.fixture
def slow_demo(qtbot: QtBot, qloop: asyncio.AbstractEventLoop) -> Iterator[Demo]:
    yield from make_demo(qtbot, undo_s=15)


@pytest.fixture
def short_demo(qtbot: QtBot, qloop: asyncio.AbstractEventLoop) -> Iterator[Demo]:
    yield from make_demo(qtbot, undo_s=1)


def start_stop(demo: Demo) -> str:
    asset_id = select_streaming(demo, min_elapsed=0)
    demo.session.window.workspace.request_stop()
    confirm(demo)
    tracker = demo.session.window.workspace.tracker
    demo.qtbot.waitUntil(lambda: tracker.state(asset_id) is StopState.COUNTDOWN)
    return asset_id


def test_the_countdown_is_visible_and_nothing_is_sent_during_it(slow_demo: Demo) -> None:
    demo = slow_demo
    asset_id = start_stop(demo)
    workspace = demo.session.window.workspace
    bar = workspace.outcome_bar
    assert bar.isVisible() and bar.undo_button.isVisible() and bar.send_now_button.isVisible()
    first = bar.headlineText()
    assert "in 15 s" in first or "in 14 s" in first
    assert not workspace.stop_button.isEnabled()
    workspace.request_stop()  # a second stop of the same stream while it counts down: nothing
    assert workspace.confirm_dialog is None
    demo.qtbot.waitUntil(lambda: bar.headlineText() != first, timeout=3000)  # it counts down, visibly
    assert "in 14 s" in bar.headlineText() or "in 13 s" in bar.headlineText()
    assert demo.sim.stop_requests(asset_id) == []


def test_undo_with_esc_sends_nothing(short_demo: Demo) -> None:
    demo = short_demo
    asset_id = start_stop(demo)
    window = demo.session.window
    tracker = window.workspace.tracker
    deadline = time.monotonic() + tracker.remaining(asset_id)
    window.activateWindow()
    demo.qtbot.waitUntil(window.isActiveWindow)
    QTest.keyClick(window.table, Qt.Key.Key_Escape)
    assert tracker.state(asset_id) is StopState.CANCELLED
    assert "undone" in window.workspace.outcome_bar.headlineText()
    demo.qtbot.waitUntil(lambda: time.monotonic() > deadline + 0.3)  # past the moment it would have gone
    assert demo.sim.stop_requests(asset_id) == []
    assert window.workspace.stop_button.isEnabled()  # still live: it can be stopped again


def test_undo_button_sends_nothing(short_demo: Demo) -> None:
    demo = short_demo
    asset_id = start_stop(demo)
    tracker = demo.session.window.workspace.tracker
    deadline = time.monotonic() + tracker.remaining(asset_id)
    demo.qtbot.mouseClick(demo.session.window.workspace.outcome_bar.undo_button, Qt.MouseButton.LeftButton)
    demo.qtbot.waitUntil(lambda: time.monotonic() > deadline + 0.3)
    assert demo.sim.stop_requests(asset_id) == [] and tracker.state(asset_id) is StopState.CANCELLED


def test_stop_now_sends_exactly_one_request(slow_demo: Demo) -> None:
    demo = slow_demo
    asset_id = start_stop(demo)
    workspace = demo.session.window.workspace
    demo.qtbot.mouseClick(workspace.outcome_bar.send_now_button, Qt.MouseButton.LeftButton)
    workspace.outcome_bar.send_now_button.click()  # a second click on a button already gone does nothing
    demo.qtbot.waitUntil(lambda: "stopped successfully" in workspace.result.headline_text())
    assert len(demo.sim.stop_requests(asset_id)) == 1


def test_the_countdown_ending_sends_exactly_one_request(short_demo: Demo) -> None:
    demo = short_demo
    asset_id = start_stop(demo)
    workspace = demo.session.window.workspace
    demo.qtbot.waitUntil(lambda: "stopped successfully" in workspace.result.headline_text(), timeout=5000)
    assert len(demo.sim.stop_requests(asset_id)) == 1


def test_the_shortcut_path_has_the_countdown_too(slow_demo: Demo) -> None:
    demo = slow_demo
    asset_id = select_streaming(demo, min_elapsed=0)
    window = demo.session.window
    window.activateWindow()
    demo.qtbot.waitUntil(window.isActiveWindow)
    QTest.keyClick(window.table, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    confirm(demo)
    tracker = window.workspace.tracker
    demo.qtbot.waitUntil(lambda: tracker.state(asset_id) is StopState.COUNTDOWN)
    assert demo.sim.stop_requests(asset_id) == []


def test_quitting_during_a_countdown_asks_and_cancel_sends_nothing(slow_demo: Demo) -> None:
    demo = slow_demo
    asset_id = start_stop(demo)
    window = demo.session.window
    window.request_quit()
    box = quit_question(window)
    assert box is not None
    demo.qtbot.waitUntil(box.isVisible)
    assert window.isVisible()  # not closed behind the question
    assert window.workspace.tracker.remaining(asset_id) > 10  # paused while asking
    assert box.textFormat() is Qt.TextFormat.PlainText  # the stream's title is data
    cancel = next(b for b in box.buttons() if b.accessibleName() == "Cancel the stop and quit")
    cancel.click()
    demo.qtbot.waitUntil(lambda: not window.isVisible())
    assert demo.sim.stop_requests(asset_id) == []


def test_quitting_during_a_countdown_can_send_first(slow_demo: Demo) -> None:
    demo = slow_demo
    asset_id = start_stop(demo)
    window = demo.session.window
    window.request_quit()
    box = quit_question(window)
    assert box is not None
    demo.qtbot.waitUntil(box.isVisible)
    send = next(b for b in box.buttons() if b.accessibleName() == "Send the stop, then quit")
    send.click()
    demo.qtbot.waitUntil(lambda: not window.isVisible())
    assert len(demo.sim.stop_requests(asset_id)) == 1
    assert window.workspace.tracker.state(asset_id) in (StopState.STOPPED, StopState.DONE)  # closed once answered


def test_dont_quit_keeps_the_countdown(slow_demo: Demo) -> None:
    demo = slow_demo
    asset_id = start_stop(demo)
    window = demo.session.window
    window.request_quit()
    box = quit_question(window)
    assert box is not None
    demo.qtbot.waitUntil(box.isVisible)
    QTest.keyClick(box, Qt.Key.Key_Return)  # the default is "Don't quit"
    demo.qtbot.waitUntil(lambda: quit_question(window) is None or not box.isVisible())
    assert window.isVisible() and window.workspace.tracker.state(asset_id) is StopState.COUNTDOWN


def test_quitting_with_nothing_pending_just_quits(slow_demo: Demo) -> None:
    window = slow_demo.session.window
    window.request_quit()
    slow_demo.qtbot.waitUntil(lambda: not window.isVisible())
    assert quit_question(window) is None


def test_preferences_set_the_undo_window(slow_demo: Demo) -> None:
    tracker = slow_demo.session.window.workspace.tracker
    dialog = PreferencesDialog(tracker)
    slow_demo.qtbot.addWidget(dialog)
    assert dialog.undo_seconds.value() == 15 and dialog.undo_seconds.maximum() == 15
    dialog.undo_seconds.setValue(3)
    dialog.accept()
    assert tracker.undoSeconds() == 3


def test_the_title_bars_close_during_a_countdown_asks(slow_demo: Demo) -> None:
    """A close from the window manager (spontaneous) asks; the app retiring a window does not."""
    from PySide6.QtGui import QCloseEvent

    from tpsdesk.ui.stop.quit_guard import CloseGuard

    class TitleBarClose(QCloseEvent):
        def spontaneous(self) -> bool:
            return True

    demo = slow_demo
    start_stop(demo)
    window = demo.session.window
    guard = CloseGuard(window, window.workspace.tracker)
    assert not guard.allows(TitleBarClose())
    assert quit_question(window) is not None
    assert guard.allows(QCloseEvent())  # programmatic (a session swap): no question, nothing sent
