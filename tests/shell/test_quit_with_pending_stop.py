"""The app's quit path asks about a stop still counting down; the undo window is a saved preference."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.support.qt import Demo, confirm, make_demo, select_streaming
from tpsdesk.services.stop_tracker import StopState
from tpsdesk.shell.app import _quit_asking
from tpsdesk.shell.settings import AppSettings
from tpsdesk.ui.stop.quit_guard import quit_question


@pytest.fixture
def slow_demo(qtbot: QtBot, qloop: asyncio.AbstractEventLoop) -> Iterator[Demo]:
    yield from make_demo(qtbot, undo_s=15)


def test_application_quit_during_a_countdown_asks_instead_of_ending(slow_demo: Demo) -> None:
    demo = slow_demo
    asset_id = select_streaming(demo, min_elapsed=0)
    window = demo.session.window
    window.workspace.request_stop()
    confirm(demo)
    demo.qtbot.waitUntil(lambda: window.workspace.tracker.state(asset_id) is StopState.COUNTDOWN)
    quitting = asyncio.Event()
    _quit_asking(lambda: window, quitting)()  # what QuitGate.requested runs
    box = quit_question(window)
    assert box is not None and not quitting.is_set() and window.isVisible()
    closed: list[bool] = []
    window.closed.connect(lambda: closed.append(True))
    next(b for b in box.buttons() if b.accessibleName() == "Cancel the stop and quit").click()
    demo.qtbot.waitUntil(lambda: bool(closed))
    assert demo.sim.stop_requests(asset_id) == []


def test_application_quit_with_nothing_pending_ends_at_once(slow_demo: Demo) -> None:
    quitting = asyncio.Event()
    _quit_asking(lambda: None, quitting)()
    assert quitting.is_set()


def test_the_undo_window_is_saved_and_clamped(tmp_path: Path, qapp: object) -> None:
    settings = AppSettings.at(tmp_path / "s.ini")
    assert settings.undo_seconds() == 5
    settings.set_undo_seconds(12)
    assert AppSettings.at(tmp_path / "s.ini").undo_seconds() == 12
    settings.set_undo_seconds(99)
    assert settings.undo_seconds() == 15
