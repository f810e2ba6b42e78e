"""Live marks in the window: taken with the keyboard on the server's clock, flagged on the timeline,
nudged, used as the trim, and sent at the stop as epoch seconds equal to the marks."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from tests.support.qt import Demo, confirm, make_demo, select_streaming
from tpsdesk.domain.clock import utc_now
from tpsdesk.domain.marks import MarkKind
from tpsdesk.domain.timefmt import format_hms
from tpsdesk.ui.dialogs.help_dialog import shortcut_rows

SKEW_S = 120


def slow_clock() -> datetime:
    """This computer's clock, two minutes behind the server's."""
    return utc_now() - timedelta(seconds=SKEW_S)


@pytest.fixture
def skewed(qtbot: QtBot, qloop: asyncio.AbstractEventLoop) -> Iterator[Demo]:
    yield from make_demo(qtbot, clock=slow_clock)


def test_marks_become_an_epoch_trim_with_the_clock_skew_corrected(skewed: Demo) -> None:
    demo, qtbot = skewed, skewed.qtbot
    session = demo.session
    window, panel = session.window, session.producer.marks_panel
    asset_id = select_streaming(demo, min_elapsed=300)
    qtbot.waitUntil(lambda: panel.isVisible() and session.producer.marks.server_clock.notable)
    assert panel.skewLabel.isVisible() and "ahead of" in panel.skewLabel.text()

    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)  # Mark in
    qtbot.waitUntil(lambda: len(session.producer.marks.marks(asset_id)) == 1)
    taken_at = time.time()
    for _ in range(9):
        qtbot.mouseClick(panel.nudgeButtons[-10], Qt.MouseButton.LeftButton)  # 90 s earlier
    panel.markOutAction.trigger()
    for _ in range(4):
        qtbot.mouseClick(panel.nudgeButtons[-10], Qt.MouseButton.LeftButton)  # 40 s earlier
    mark_in, mark_out = session.producer.marks.marks(asset_id)
    assert (mark_in.kind, mark_out.kind) == (MarkKind.IN, MarkKind.OUT)
    # Taken on the server's clock, although this computer's is two minutes slow.
    assert abs(mark_in.at - (taken_at - 90)) <= 2 and abs(mark_out.at - (taken_at - 40)) <= 2
    assert [label for _at, label, _in in window.workspace.trim.slider.marks()] == ["In 1", "Out 1"]
    assert panel.list.topLevelItemCount() == 2

    assert panel.useButton.isEnabled()
    qtbot.mouseClick(panel.useButton, Qt.MouseButton.LeftButton)
    start, end = window.workspace.trim.handles()
    assert end - start == mark_out.at - mark_in.at and window.workspace.trim.isTrimEnabled()
    window.workspace.request_stop()
    qtbot.waitUntil(lambda: window.workspace.confirm_dialog is not None)
    text = window.workspace.confirm_dialog.summary.text()  # type: ignore[union-attr]
    assert "In 1" in text and "Out 1" in text and "epoch" in text
    # The headline on the recording's timeline; epoch seconds only in the request.
    assert str(mark_in.at) not in text and str(mark_out.at) not in text
    begin = demo.sim.world.get(asset_id).start
    assert begin is not None
    shown = f"{format_hms(mark_in.at - begin)} – {format_hms(mark_out.at - begin)}"
    assert f"<b>{shown}</b>" in text
    confirm(demo)
    qtbot.waitUntil(lambda: len(demo.sim.stop_requests(asset_id)) == 1)
    assert demo.sim.stop_requests(asset_id)[0].json == {"start_time": mark_in.at, "end_time": mark_out.at}
    qtbot.waitUntil(lambda: demo.sim.world.get(asset_id).status != "Streaming")
    assert demo.sim.world.get(asset_id).trim is not None  # accepted by the server's rules
    # The server's job reports the very range the confirmation showed (no second off).
    jobs = session.producer.trim_job_panel
    qtbot.waitUntil(lambda: jobs.isVisible() and "Completed" in jobs.statusLabel.text(), timeout=10_000)
    assert f"keeps {shown}" in jobs.statusLabel.text()


def test_a_handle_moved_by_hand_sends_the_relative_trim_as_before(demo: Demo) -> None:
    session, qtbot = demo.session, demo.qtbot
    window, panel = session.window, session.producer.marks_panel
    asset_id = select_streaming(demo, min_elapsed=300)
    qtbot.waitUntil(panel.isVisible)
    mark_in = panel.mark(MarkKind.IN)
    assert mark_in is not None
    session.producer.marks.nudge(asset_id, mark_in.id, -200)
    mark_out = panel.mark(MarkKind.OUT)
    assert mark_out is not None
    session.producer.marks.nudge(asset_id, mark_out.id, -100)
    assert panel.useChosenPair()
    start, end = window.workspace.trim.handles()
    window.workspace.trim.setHandles(start + 5, end)
    window.workspace.request_stop()
    confirm(demo)
    qtbot.waitUntil(lambda: len(demo.sim.stop_requests(asset_id)) == 1)
    assert demo.sim.stop_requests(asset_id)[0].json == {"start_time": start + 5, "end_time": end}


def test_rename_delete_and_the_help(demo: Demo) -> None:
    session, qtbot = demo.session, demo.qtbot
    panel = session.producer.marks_panel
    asset_id = select_streaming(demo)
    qtbot.waitUntil(panel.isVisible)
    panel.mark(MarkKind.IN)
    panel.renameSelected("Teacher starts")
    assert [m.name for m in session.producer.marks.marks(asset_id)] == ["Teacher starts"]
    assert panel.list.topLevelItem(0).text(0) == "Teacher starts"  # type: ignore[union-attr]
    qtbot.mouseClick(panel.deleteButton, Qt.MouseButton.LeftButton)
    assert session.producer.marks.marks(asset_id) == [] and panel.list.topLevelItemCount() == 0
    keys = [k for k, _ in shortcut_rows()]
    assert "Ctrl+I" in keys and "Ctrl+O" in keys and len(keys) == len(set(keys))  # no clash
    # Marks belong to live streams: a finished one hides the panel and its shortcuts do nothing.
    done = next(s.id for s in demo.sim.world.newest_first() if s.status == "Completed")
    session.window.table.selectAssetId(done)
    qtbot.waitUntil(lambda: not panel.isVisible())
    assert not panel.markInAction.isEnabled()


def test_server_time_is_labelled_and_a_delete_can_be_undone(demo: Demo) -> None:
    session, qtbot = demo.session, demo.qtbot
    panel = session.producer.marks_panel
    asset_id = select_streaming(demo)
    qtbot.waitUntil(panel.isVisible)
    mark = panel.mark(MarkKind.IN)
    assert mark is not None
    item = panel.list.topLevelItem(0)
    assert item is not None and item.text(3).endswith(" IST")  # the server's zone, labelled like every time
    assert not panel.undoDeleteButton.isVisible()
    qtbot.mouseClick(panel.deleteButton, Qt.MouseButton.LeftButton)
    assert session.producer.marks.marks(asset_id) == []
    assert panel.undoDeleteButton.isVisible() and panel.undoDeleteButton.accessibleName()
    qtbot.mouseClick(panel.undoDeleteButton, Qt.MouseButton.LeftButton)
    assert session.producer.marks.marks(asset_id) == [mark]  # back as it was: same id, time and name
    assert not panel.undoDeleteButton.isVisible() and panel.selectedMarkId() == mark.id


def test_tab_goes_from_the_streams_controls_to_the_marks(demo: Demo) -> None:
    session, qtbot = demo.session, demo.qtbot
    panel, window = session.producer.marks_panel, session.window
    select_streaming(demo)
    qtbot.waitUntil(panel.isVisible)
    panel.mark(MarkKind.IN)

    def tab_stops(start: QWidget, step: Callable[[QWidget], QWidget | None]) -> QWidget:
        widget = step(start)
        while widget is not None and not (widget.focusPolicy() & Qt.FocusPolicy.TabFocus
                                          and widget.isVisible() and widget.isEnabled()):
            widget = step(widget)
        assert widget is not None
        return widget

    before = tab_stops(panel.markInButton, lambda w: w.previousInFocusChain())
    assert window.workspace.details.isAncestorOf(before)  # right after the stream's own controls
    assert tab_stops(panel.markInButton, lambda w: w.nextInFocusChain()) is panel.markOutButton
    assert tab_stops(panel.markOutButton, lambda w: w.nextInFocusChain()) is panel.list
