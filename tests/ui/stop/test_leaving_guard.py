"""Leaving while a stop is pending: a closed question resumes the countdown, an in-flight stop is
waited for (or knowingly left unknown), and a closed session never sends (review of issue 9)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QAbstractButton, QMessageBox
from pytestqt.qtbot import QtBot

from tests.support.qt import Demo, confirm, make_demo, run, select_streaming
from tpsdesk.services.stop_tracker import StopState
from tpsdesk.ui.stop.quit_guard import quit_question

STOPPED_LATE = '{"message": "Live stream stopped successfully", "trim_scheduled": false}'


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
    demo.qtbot.waitUntil(lambda: tracker.state(asset_id) in (StopState.COUNTDOWN, StopState.SENDING))
    return asset_id


def asked(demo: Demo) -> QMessageBox:
    box = quit_question(demo.session.window)
    assert box is not None
    demo.qtbot.waitUntil(box.isVisible)
    return box


def button(box: QMessageBox, name: str) -> QAbstractButton:
    return next(b for b in box.buttons() if b.accessibleName() == name)


@pytest.mark.parametrize("how", ["close", "reject"])
def test_closing_the_quit_question_resumes_the_countdown(slow_demo: Demo, how: str) -> None:
    demo = slow_demo
    asset_id = start_stop(demo)
    window = demo.session.window
    tracker = window.workspace.tracker
    window.request_quit()
    box = asked(demo)
    paused = tracker.remaining(asset_id)
    box.close() if how == "close" else box.reject()  # the title bar's ×, or a reject: "Don't quit"
    demo.qtbot.waitUntil(lambda: tracker.remaining(asset_id) < paused - 0.5, timeout=3000)
    assert window.isVisible() and tracker.state(asset_id) is StopState.COUNTDOWN
    assert quit_question(window) is None  # and asking again works
    window.request_quit()
    assert asked(demo) is not None


def test_quitting_while_a_stop_is_in_flight_asks_and_can_wait_for_the_answer(demo: Demo) -> None:
    asset_id = select_streaming(demo, min_elapsed=0)
    demo.sim.fault_next(status=200, body=STOPPED_LATE, content_type="application/json", delay_s=1.0, apply=True)
    window = demo.session.window
    tracker = window.workspace.tracker
    window.workspace.request_stop()
    confirm(demo)
    demo.qtbot.waitUntil(lambda: tracker.sending() == [asset_id] and len(demo.sim.stop_requests(asset_id)) == 1)
    window.request_quit()
    box = asked(demo)
    assert "on its way" in box.text()
    assert window.isVisible()
    button(box, "Wait for the answer, then quit").click()
    assert window.isVisible() and tracker.sending() == [asset_id]  # kept until the answer arrives
    demo.qtbot.waitUntil(lambda: not window.isVisible(), timeout=5000)
    # The answer came: stopped, or already followed to its end (the demo's recording is quick).
    assert tracker.state(asset_id) in (StopState.STOPPED, StopState.DONE)
    assert len(demo.sim.stop_requests(asset_id)) == 1


def test_quitting_anyway_while_a_stop_is_in_flight_closes_and_resends_nothing(demo: Demo) -> None:
    asset_id = select_streaming(demo, min_elapsed=0)
    demo.sim.fault_next(status=200, body=STOPPED_LATE, content_type="application/json", delay_s=1.0, apply=True)
    window = demo.session.window
    window.workspace.request_stop()
    confirm(demo)
    demo.qtbot.waitUntil(lambda: window.workspace.tracker.sending() == [asset_id]
                         and len(demo.sim.stop_requests(asset_id)) == 1)
    window.request_quit()
    box = asked(demo)
    assert box.defaultButton() is button(box, "Wait for the answer, then quit")
    button(box, "Quit anyway").click()
    demo.qtbot.waitUntil(lambda: not window.isVisible())
    assert window.workspace.tracker.sending() == [asset_id]  # closed without waiting for the answer
    run(demo.qtbot, demo.session.aclose())  # what the app does next: the answer is never seen
    assert len(demo.sim.stop_requests(asset_id)) == 1  # and nothing is resent


def test_a_closed_session_never_sends_a_counting_down_stop(short_demo: Demo) -> None:
    demo = short_demo
    asset_id = start_stop(demo)
    tracker = demo.session.window.workspace.tracker
    remaining = tracker.remaining(asset_id)
    assert remaining > 0
    run(demo.qtbot, demo.session.aclose())  # what retiring a session (sign out, switch) does
    assert tracker.state(asset_id) is StopState.CANCELLED and tracker.countdowns() == []
    done = asyncio.ensure_future(asyncio.sleep(remaining + 0.4))  # past the moment it would have gone
    demo.qtbot.waitUntil(done.done, timeout=5000)
    tracker.poll()  # a late tick of the timer sends nothing either
    assert demo.sim.stop_requests(asset_id) == []


def test_asking_again_while_waiting_for_the_answer_can_quit_at_once(demo: Demo) -> None:
    asset_id = select_streaming(demo, min_elapsed=0)
    demo.sim.fault_next(status=200, body=STOPPED_LATE, content_type="application/json", delay_s=2.5, apply=True)
    window = demo.session.window
    tracker = window.workspace.tracker
    window.workspace.request_stop()
    confirm(demo)
    demo.qtbot.waitUntil(lambda: tracker.sending() == [asset_id] and len(demo.sim.stop_requests(asset_id)) == 1)
    window.request_quit()
    button(asked(demo), "Wait for the answer, then quit").click()
    assert window.isVisible()
    window.request_quit()  # tired of waiting: asked again, and this answer wins
    button(asked(demo), "Quit anyway").click()
    demo.qtbot.waitUntil(lambda: not window.isVisible())
    assert tracker.sending() == [asset_id]  # closed before the answer
