"""TrimEditor: state, bindings between slider and fields, the plan it yields."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tpsdesk.domain.models import Activity
from tpsdesk.domain.timeline import build_timeline
from tpsdesk.domain.trim import LIVE_EDGE_MARGIN_S, Trim, TrimError
from tpsdesk.ui.stop.trim_editor import KEYBOARD_HELP, TrimEditor
from tpsdesk.ui.widgets.time_field import TimeField


@pytest.fixture
def editor(qtbot: QtBot) -> TrimEditor:
    widget = TrimEditor()
    qtbot.addWidget(widget)
    widget.resize(800, 220)
    widget.reset(300)
    return widget


def type_into(qtbot: QtBot, field: TimeField, text: str) -> None:
    field.selectAll()
    if text:
        qtbot.keyClicks(field, text)
    else:
        qtbot.keyClick(field, Qt.Key.Key_Backspace)
    qtbot.keyClick(field, Qt.Key.Key_Return)


def test_reset_bounds_and_defaults(editor: TrimEditor) -> None:
    assert (editor.slider.minimum(), editor.slider.maximum()) == (0, 300)
    assert editor.handles() == (0, 300)
    assert not editor.isTrimEnabled() and not editor.checkbox.isChecked()
    assert not editor.slider.isEnabled() and not editor.startField.isEnabled()
    assert "No trim · keeps all" in editor.summaryLabel.text()
    editor.setTrimEnabled(True)
    editor.setHandles(30, 120)
    editor.reset(500)
    assert editor.handles() == (0, 500) and not editor.isTrimEnabled()
    assert editor.slider.maximum() == 500 and editor.endField.maximum() == 500


def test_end_at_live_edge_follows_growth(editor: TrimEditor, qtbot: QtBot) -> None:
    with qtbot.waitSignal(editor.trimChanged, timeout=100):
        editor.setElapsed(301)
    assert editor.handles() == (0, 301) and editor.slider.maximum() == 301
    editor.setHandles(30, 300)  # within LIVE_EDGE_SNAP_S of 301: still "at the edge"
    editor.setElapsed(302)
    assert editor.handles() == (30, 302)
    assert editor.endField.text() == "00:05:02"


def test_end_elsewhere_stays_while_bound_grows(editor: TrimEditor, qtbot: QtBot) -> None:
    editor.setHandles(30, 120)
    with qtbot.waitSignal(editor.trimChanged, timeout=100):
        editor.setElapsed(400)
    assert editor.handles() == (30, 120)
    assert editor.slider.maximum() == 400
    with qtbot.assertNotEmitted(editor.trimChanged):
        editor.setElapsed(400)
    editor.setElapsed(100)  # a corrected (smaller) elapsed clamps the handles
    assert editor.handles() == (30, 100)


def test_fields_move_handles(editor: TrimEditor, qtbot: QtBot) -> None:
    editor.setTrimEnabled(True)
    with qtbot.waitSignal(editor.trimChanged, timeout=100):
        type_into(qtbot, editor.startField, "00:00:30")
    type_into(qtbot, editor.endField, "2:00")  # mm:ss is accepted and reformatted
    assert editor.handles() == (30, 120)
    assert tuple(editor.slider.value()) == (30, 120)
    assert editor.endField.text() == "00:02:00"


def test_handles_move_fields(editor: TrimEditor, qtbot: QtBot) -> None:
    editor.setTrimEnabled(True)
    with qtbot.waitSignal(editor.trimChanged, timeout=100):
        editor.slider.setValue((45, 200))  # what a drag ends in
    assert editor.handles() == (45, 200)
    assert (editor.startField.text(), editor.endField.text()) == ("00:00:45", "00:03:20")
    editor.setHandles(10, 20)
    assert (editor.startField.value(), editor.endField.value()) == (10, 20)


@pytest.mark.parametrize(
    ("text", "reason"),
    [("00:75:00", "below 60"), ("1:2:3:4", "not a time"), ("01:00:00", "after the live edge"), ("", "hh:mm:ss")],
)
def test_invalid_field_text_refused(editor: TrimEditor, qtbot: QtBot, text: str, reason: str) -> None:
    editor.setTrimEnabled(True)
    editor.setHandles(30, 120)
    type_into(qtbot, editor.endField, text)
    assert editor.handles() == (30, 120)
    error = editor.endField.error()
    assert error is not None and reason in error
    assert editor.endField.toolTip() == error
    problem = editor.problem()
    assert problem is not None and reason in problem
    assert reason in editor.noteLabel.text()
    with pytest.raises(TrimError):
        editor.plan()
    # Fixing the text clears the refusal and applies it.
    type_into(qtbot, editor.endField, "00:03:00")
    assert editor.endField.error() is None and editor.handles() == (30, 180)
    assert editor.problem() is None


def test_letters_cannot_be_typed_and_escape_reverts(editor: TrimEditor, qtbot: QtBot) -> None:
    editor.setTrimEnabled(True)
    editor.startField.selectAll()
    qtbot.keyClicks(editor.startField, "ab1")
    assert editor.startField.text() == "1"
    qtbot.keyClick(editor.startField, Qt.Key.Key_Escape)
    assert editor.startField.text() == "00:00:00" and editor.handles() == (0, 300)


def test_field_arrow_keys(editor: TrimEditor, qtbot: QtBot) -> None:
    editor.setTrimEnabled(True)
    editor.setHandles(30, 120)
    field = editor.startField
    qtbot.keyClick(field, Qt.Key.Key_Up)
    assert editor.handles() == (31, 120)
    qtbot.keyClick(field, Qt.Key.Key_Up, Qt.KeyboardModifier.ShiftModifier)
    assert editor.handles() == (41, 120)
    qtbot.keyClick(field, Qt.Key.Key_PageDown)
    assert editor.handles() == (0, 120)  # clamped at 0
    qtbot.keyClick(editor.endField, Qt.Key.Key_PageUp)
    qtbot.keyClick(editor.endField, Qt.Key.Key_PageUp)
    qtbot.keyClick(editor.endField, Qt.Key.Key_PageUp)
    assert editor.handles() == (0, 300)  # clamped at elapsed
    qtbot.keyClick(editor.endField, Qt.Key.Key_Down)
    assert editor.endField.text() == "00:04:59"


def test_slider_keyboard_reaches_both_handles(editor: TrimEditor, qtbot: QtBot) -> None:
    editor.setTrimEnabled(True)
    editor.setHandles(30, 120)
    slider = editor.slider
    assert slider.currentHandle() == 1
    qtbot.keyClick(slider, Qt.Key.Key_Right)
    assert editor.handles() == (30, 121)
    qtbot.keyClick(slider, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert editor.handles() == (30, 131)
    qtbot.keyClick(slider, Qt.Key.Key_PageDown)
    assert editor.handles() == (30, 71)
    qtbot.keyClick(slider, Qt.Key.Key_BracketLeft)
    qtbot.keyClick(slider, Qt.Key.Key_Left)
    assert editor.handles() == (29, 71)
    qtbot.keyClick(slider, Qt.Key.Key_Home)
    assert editor.handles() == (0, 71)
    qtbot.keyClick(slider, Qt.Key.Key_PageUp)
    qtbot.keyClick(slider, Qt.Key.Key_PageUp)
    assert editor.handles() == (70, 71)  # the start stays a second below the end
    # Tab goes from the start handle to the end handle, Shift+Tab back.
    qtbot.keyClick(slider, Qt.Key.Key_Tab)
    assert slider.currentHandle() == 1
    qtbot.keyClick(slider, Qt.Key.Key_End)
    assert editor.handles() == (70, 300)
    qtbot.keyClick(slider, Qt.Key.Key_Backtab)
    assert slider.currentHandle() == 0
    assert "start handle" in slider.accessibleDescription()


def test_plan_for_a_trim_and_without(editor: TrimEditor) -> None:
    editor.setHandles(30, 120)
    assert editor.plan().trim is None  # trim off
    editor.setTrimEnabled(True)
    assert editor.plan().trim == Trim(30, 120)
    assert editor.problem() is None
    assert "00:01:30" in editor.summaryLabel.text() and "00:05:00" in editor.summaryLabel.text()
    editor.setTrimEnabled(False)
    assert editor.plan().trim is None


def test_start_not_before_end_is_a_problem(editor: TrimEditor) -> None:
    editor.setTrimEnabled(True)
    editor.setHandles(100, 100)
    problem = editor.problem()
    assert problem is not None and "before its end" in problem
    editor.setHandles(200, 100)
    assert editor.handles() == (200, 100)
    assert tuple(editor.slider.value()) == (100, 200)  # shown ordered, flagged below
    assert editor.problem() is not None
    assert "before its end" in editor.noteLabel.text()


def test_end_at_live_edge_follows_plan_stop_trim(editor: TrimEditor) -> None:
    editor.setTrimEnabled(True)
    editor.setHandles(0, 300)
    assert editor.plan().trim is None  # whole span: a plain stop
    editor.setHandles(30, 299)
    plan = editor.plan()
    assert plan.trim == Trim(30, 300 - LIVE_EDGE_MARGIN_S)
    assert "live edge" in plan.note and plan.note == editor.noteLabel.text()
    assert editor.slider.atLiveEdge()
    editor.setHandles(290, 300)
    problem = editor.problem()
    assert problem is not None and "live edge" in problem


def test_unavailable_disables_and_restores(editor: TrimEditor, qtbot: QtBot) -> None:
    editor.setTrimEnabled(True)
    with qtbot.waitSignal(editor.trimChanged, timeout=100):
        editor.setUnavailable("start time unknown")
    assert not editor.isTrimEnabled()
    assert not editor.checkbox.isEnabled() and not editor.slider.isEnabled()
    assert "start time unknown" in editor.noteLabel.text()
    assert editor.plan().trim is None and editor.problem() is None
    assert not editor.useActivityButton.isEnabled()
    editor.setUnavailable(None)
    assert editor.isTrimEnabled() and editor.checkbox.isEnabled()


def test_checkbox_toggles_trim(editor: TrimEditor, qtbot: QtBot) -> None:
    with qtbot.waitSignal(editor.trimChanged, timeout=100):
        editor.checkbox.click()
    assert editor.isTrimEnabled() and editor.slider.isEnabled()


def test_use_activity_applies_suggestion(editor: TrimEditor) -> None:
    start = datetime(2025, 9, 22, 17, 0)
    acts = [
        Activity("On Publish", start + timedelta(minutes=1), ""),
        Activity("On Publish Done", start + timedelta(minutes=3), ""),
    ]
    assert not editor.useActivityButton.isEnabled() and editor.legend.isHidden()
    editor.setTimeline(build_timeline(acts, start, 300))
    assert editor.useActivityButton.isEnabled() and not editor.legend.isHidden()
    editor.useActivityButton.click()
    assert editor.isTrimEnabled()
    assert editor.handles() == (0, 240)  # a minute wider than 60-180 each side


def test_painting_odd_timelines_does_not_crash(editor: TrimEditor) -> None:
    start = datetime(2025, 9, 22, 17, 0)
    odd = [
        Activity("On Publish", start - timedelta(hours=3), ""),
        Activity("Mystery", start + timedelta(hours=9), ""),
        Activity("Stopped", None, "garbage"),
    ]
    editor.setTrimEnabled(True)
    for elapsed, timeline in [
        (300, None),
        (300, build_timeline([], start, 300)),
        (300, build_timeline(odd, start, 300)),
        (0, build_timeline(odd, start, 0)),
        (5, build_timeline(odd, start, 900)),  # built for a longer elapsed than shown
    ]:
        editor.reset(elapsed)
        editor.setTrimEnabled(True)
        editor.setTimeline(timeline)
        assert not editor.grab().isNull()
    editor.setLive(False)
    editor.resize(200, 120)
    assert not editor.grab().isNull()


def test_accessible_names_and_keyboard_help(editor: TrimEditor) -> None:
    for widget in (editor.checkbox, editor.slider, editor.startField, editor.endField, editor.useActivityButton):
        assert widget.accessibleName()
    assert KEYBOARD_HELP and all(isinstance(k, str) and isinstance(a, str) for k, a in KEYBOARD_HELP)
