"""The trim editor's timeline is built on first use and starts out showing what it was told before."""

from __future__ import annotations

from datetime import datetime, timedelta

from pytestqt.qtbot import QtBot

from tpsdesk.domain.models import Activity
from tpsdesk.domain.timeline import build_timeline
from tpsdesk.ui.stop.trim_editor import TrimEditor
from tpsdesk.ui.widgets.trim_placeholder import TimelinePlaceholder


def shown_unavailable(qtbot: QtBot) -> TrimEditor:
    editor = TrimEditor()
    qtbot.addWidget(editor)
    editor.reset(600)
    editor.setUnavailable("Select a stream to set a trim.")
    editor.show()
    qtbot.waitExposed(editor)
    return editor


def test_a_shown_editor_without_a_trimmable_stream_keeps_the_placeholder(qtbot: QtBot) -> None:
    editor = shown_unavailable(qtbot)
    assert not editor.isTimelineBuilt()
    placeholder = editor.findChild(TimelinePlaceholder)
    assert placeholder is not None and placeholder.isVisible() and not placeholder.isEnabled()
    assert placeholder.accessibleName() == "Kept part of the recording"
    editor.focusTimeline()  # Ctrl+2 with nothing to trim: the checkbox, no timeline built
    assert not editor.isTimelineBuilt()


def test_becoming_available_builds_the_timeline_with_what_was_set_before(qtbot: QtBot) -> None:
    editor = shown_unavailable(qtbot)
    start = datetime(2026, 1, 1, 10, 0)
    activities = (Activity("On Publish", start + timedelta(minutes=1), ""),
                  Activity("On Publish Done", start + timedelta(minutes=9), ""))
    editor.setTimelineAccessibleName("Part of the video to keep")
    editor.setMarks([(120, "In 1", True), (480, "Out 1", False)])
    editor.setLive(False)
    timeline = build_timeline(activities, start, 600)
    editor.setTimeline(timeline)
    editor.setHandles(100, 500)
    assert not editor.isTimelineBuilt()

    editor.setUnavailable(None)
    assert not editor.isTimelineBuilt()  # never in the turn that shows the stream (P3: ~4 ms)

    qtbot.waitUntil(editor.isTimelineBuilt)  # in the next turn, or once its modules are in (another thread)
    slider = editor.slider
    assert slider.accessibleName() == "Part of the video to keep"
    assert [label for _at, label, _in in slider.marks()] == ["In 1", "Out 1"]
    assert not slider.isLive()
    assert (slider.minimum(), slider.maximum()) == (0, 600)
    assert tuple(slider.value()) == (100, 500)
    assert editor.slider._timeline is timeline  # what it paints
    placeholder = editor.findChild(TimelinePlaceholder)
    assert placeholder is None or not placeholder.isVisible()
    editor.setTrimEnabled(True)
    assert slider.isEnabled()
    slider.setValue((150, 450))  # a drag on the new slider reaches the editor
    assert editor.handles() == (150, 450)


def test_the_timeline_takes_its_place_in_the_tab_order(qtbot: QtBot) -> None:
    editor = shown_unavailable(qtbot)
    editor.setUnavailable(None)
    editor.setTrimEnabled(True)
    qtbot.waitUntil(editor.isTimelineBuilt)
    assert editor.checkbox.nextInFocusChain() is editor.slider
    assert editor.slider.nextInFocusChain() is editor.startField


def test_the_timeline_is_built_once_its_place_is_scrolled_into_view(qtbot: QtBot) -> None:
    # The stop panel scrolls: a live stream selected on a small screen leaves the trim below the fold.
    from PySide6.QtWidgets import QApplication, QScrollArea, QVBoxLayout, QWidget

    area = QScrollArea()
    qtbot.addWidget(area)
    content = QWidget()
    layout = QVBoxLayout(content)
    spacer = QWidget()
    spacer.setFixedHeight(1500)
    editor = TrimEditor()
    layout.addWidget(spacer)
    layout.addWidget(editor)
    area.setWidget(content)
    area.setWidgetResizable(True)
    area.resize(700, 300)
    area.show()
    qtbot.waitExposed(area)

    editor.reset(600)  # trimming available, but off screen
    for _ in range(3):  # paints and queued calls run: still nothing to build
        QApplication.processEvents()
    assert not editor.isTimelineBuilt()

    area.ensureWidgetVisible(editor)
    qtbot.waitUntil(editor.isTimelineBuilt)
    assert editor.slider.maximum() == 600


def test_with_its_modules_in_the_timeline_is_built_in_the_next_turn_not_the_asking_one(qtbot: QtBot) -> None:
    import tpsdesk.ui.widgets.trim_axis  # noqa: F401  (loaded: nothing waits for another thread)

    editor = shown_unavailable(qtbot)
    editor.setUnavailable(None)  # what showing a trimmable stream does
    assert not editor.isTimelineBuilt()  # the stream's own turn is busy enough (P3)
    qtbot.waitUntil(editor.isTimelineBuilt)
