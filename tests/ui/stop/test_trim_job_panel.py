"""The trim-job panel of a Completed stream: trim now, follow the job, revert; errors in the server's words."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.support.qt import Demo, make_demo, wait_for_list
from tpsdesk.services.trim_jobs import TrimPhase
from tpsdesk.ui.stop.trim_job_panel import TrimJobPanel
from tpsdesk.ui.widgets.trim_style import ERROR


@pytest.fixture
def fast(qtbot: QtBot, qloop: asyncio.AbstractEventLoop) -> Iterator[Demo]:
    yield from make_demo(qtbot, trim_pending_s=0.2, trim_processing_s=0.2)


def completed_video(demo: Demo) -> str:
    wait_for_list(demo)
    for s in demo.sim.world.newest_first():
        if s.status == "Completed" and s.transcode_recorded_video and s.trim is None and s.recording_s > 300:
            return s.id
    raise AssertionError("no completed, untrimmed video in the simulator")


def open_panel(demo: Demo, asset_id: str) -> TrimJobPanel:
    panel = demo.session.producer.trim_job_panel
    demo.session.window.table.selectAssetId(asset_id)
    demo.qtbot.waitUntil(lambda: panel.isVisible() and panel.track() is not None
                         and panel.track().phase is TrimPhase.NONE)  # type: ignore[union-attr]
    return panel


def confirm(demo: Demo, panel: TrimJobPanel) -> None:
    demo.qtbot.waitUntil(lambda: panel.confirm_dialog is not None and panel.confirm_dialog.isVisible())
    assert panel.accept_button is not None
    demo.qtbot.mouseClick(panel.accept_button, Qt.MouseButton.LeftButton)


def phase(panel: TrimJobPanel) -> TrimPhase | None:
    track = panel.track()
    return track.phase if track else None


def test_trim_after_completion_followed_to_completed_then_reverted(fast: Demo) -> None:
    sid = completed_video(fast)
    panel = open_panel(fast, sid)
    duration = fast.sim.world.get(sid).recording_s
    assert panel.editor.elapsed() == duration  # the timeline is bounded by the video
    assert not panel.trimButton.isEnabled() and not panel.revertButton.isEnabled()  # the whole video: nothing to do
    panel.editor.setHandles(30, 120)
    assert panel.trimButton.isEnabled()
    fast.qtbot.mouseClick(panel.trimButton, Qt.MouseButton.LeftButton)
    assert panel.confirm_dialog is not None and "00:00:30 – 00:02:00" in panel.confirm_dialog.text()
    confirm(fast, panel)
    fast.qtbot.waitUntil(lambda: phase(panel) is TrimPhase.COMPLETED, timeout=8000)
    assert "Completed" in panel.statusLabel.text() and "+05:30" in panel.statusLabel.text()
    assert fast.sim.trim_requests(sid)[0].json == {"start_time": 30, "end_time": 120}
    fast.qtbot.waitUntil(lambda: panel.editor.elapsed() == 90)  # re-read: the video is 90 s now
    assert panel.revertButton.isEnabled()
    fast.qtbot.mouseClick(panel.revertButton, Qt.MouseButton.LeftButton)
    confirm(fast, panel)
    fast.qtbot.waitUntil(lambda: phase(panel) is TrimPhase.REVERTED)
    fast.qtbot.waitUntil(lambda: panel.editor.elapsed() == duration)
    assert len(fast.sim.trim_requests(sid, "revert")) == 1


def test_cancel_sends_nothing(fast: Demo) -> None:
    sid = completed_video(fast)
    panel = open_panel(fast, sid)
    panel.editor.setHandles(10, 100)
    panel.request_trim()
    fast.qtbot.waitUntil(lambda: panel.confirm_dialog is not None and panel.confirm_dialog.isVisible())
    dialog = panel.confirm_dialog
    assert dialog is not None and dialog.defaultButton() is not panel.accept_button
    dialog.reject()
    fast.qtbot.waitUntil(lambda: panel.confirm_dialog is None)
    assert fast.sim.trim_requests(sid) == [] and phase(panel) is TrimPhase.NONE


@pytest.mark.parametrize(("body", "shown"), [
    ({"end_time": ["end_time (120) cannot exceed the video duration (90 seconds)."]},
     "end time: end_time (120) cannot exceed the video duration (90 seconds)."),
    ({"start_time": ["Ensure this value is greater than or equal to 0."]},
     "start time: Ensure this value is greater than or equal to 0."),
    ({"non_field_errors": ["start_time must be less than end_time."]}, "start_time must be less than end_time."),
    ({"non_field_errors": ["At least one of start_time and end_time is required."]},
     "At least one of start_time and end_time is required."),
    ({"detail": "Only a completed video can be trimmed; this asset's recording is not ready (Recording)."},
     "Only a completed video can be trimmed"),
    ({"detail": "A trim job is already in progress for this video."}, "already in progress"),
])
def test_every_validation_error_is_shown_in_the_servers_words(fast: Demo, body: dict[str, object],
                                                               shown: str) -> None:
    sid = completed_video(fast)
    panel = open_panel(fast, sid)
    panel.editor.setHandles(30, 120)
    fast.sim.fault_next(method="POST", path_contains=f"/{sid}/trim/", status=400, body=body)
    panel.request_trim()
    confirm(fast, panel)
    fast.qtbot.waitUntil(lambda: phase(panel) is TrimPhase.REFUSED)
    assert shown in panel.noteLabel.text().replace("&quot;", '"').replace("&#x27;", "'")
    assert panel.trimButton.isEnabled()  # adjust and try again


def test_a_real_refusal_when_the_video_changed_underneath(fast: Demo) -> None:
    sid = completed_video(fast)
    panel = open_panel(fast, sid)
    duration = fast.sim.world.get(sid).recording_s
    panel.editor.setHandles(0, duration - 1)
    fast.sim.world.trim_jobs.jobs.pop(sid, None)
    from tpsdesk.sim.trim import Trim as SimTrim

    fast.sim.world.get(sid).trim = SimTrim(0, 100, epoch_format=False)  # trimmed elsewhere meanwhile
    panel.request_trim()
    confirm(fast, panel)
    fast.qtbot.waitUntil(lambda: phase(panel) is TrimPhase.REFUSED)
    assert "cannot exceed the video duration (100 seconds)" in panel.noteLabel.text()


def test_a_lost_revert_keeps_the_job_green_says_the_servers_words_once_and_asks_before_another(
        fast: Demo) -> None:
    sid = completed_video(fast)
    panel = open_panel(fast, sid)
    panel.editor.setHandles(30, 120)
    panel.request_trim()
    confirm(fast, panel)
    fast.qtbot.waitUntil(lambda: phase(panel) is TrimPhase.COMPLETED, timeout=8000)
    fast.sim.fault_next(method="POST", path_contains="/trim/revert/", status=504,
                        body="<html>gw timeout</html>")
    panel.request_revert()
    confirm(fast, panel)
    fast.qtbot.waitUntil(lambda: phase(panel) is TrimPhase.CHECKING)
    status = panel.statusLabel.text()
    assert "Completed" in status and "#15803d" in status and ERROR.name() not in status  # the job did complete
    fast.qtbot.waitUntil(lambda: "gw timeout" in panel.noteLabel.text())
    assert panel.noteLabel.text().count("gw timeout") == 1
    assert panel.noteLabel.text().count("The server had a problem") == 1
    assert "not applied" not in panel.noteLabel.text()  # unknown, not "not applied"
    assert panel.revertButton.isEnabled()
    panel.request_revert()
    fast.qtbot.waitUntil(lambda: panel.confirm_dialog is not None and panel.confirm_dialog.isVisible())
    dialog = panel.confirm_dialog
    assert dialog is not None and "may have gone through" in dialog.text()
    assert panel.accept_button is not None and panel.accept_button.text() == "Revert anyway"
    assert dialog.defaultButton() is not panel.accept_button
    confirm(fast, panel)
    fast.qtbot.waitUntil(lambda: phase(panel) is TrimPhase.REVERTED)
    assert len(fast.sim.trim_requests(sid, "revert")) == 2
