"""At 1280×720 the stream panel fits: Stop in view for a live stream (with marks in use), and never a
horizontal scroll bar, before or after a stop with an epoch trim (review of issue 9)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QApplication, QScrollArea

from tests.support.qt import Demo, confirm, select_streaming
from tpsdesk.domain.marks import MarkKind
from tpsdesk.ui.main_window import MainWindow


def scroll_of(window: MainWindow) -> QScrollArea:
    return next(s for s in window.findChildren(QScrollArea) if s.widget() is window.workspace)


def settle() -> None:
    for _ in range(3):  # layout requests are posted events: let every pass run
        QApplication.sendPostedEvents()
        QApplication.processEvents()


def no_sideways_scrolling(window: MainWindow) -> bool:
    scroll = scroll_of(window)
    width = scroll.viewport().width()
    return (not scroll.horizontalScrollBar().isVisible()
            and window.workspace.minimumSizeHint().width() <= width and window.workspace.width() <= width)


def stop_in_view(window: MainWindow) -> bool:
    viewport = scroll_of(window).viewport()
    button = window.workspace.stop_button
    rect = QRect(button.mapTo(viewport, QPoint(0, 0)), button.size())
    return button.isVisible() and viewport.rect().contains(rect)


def test_the_panel_fits_1280x720_live_with_marks_and_after_the_stop(demo: Demo) -> None:
    qtbot, session = demo.qtbot, demo.session
    window = session.window
    window.resize(1280, 720)
    qtbot.waitUntil(lambda: window.width() == 1280 and window.height() == 720)
    asset_id = select_streaming(demo, min_elapsed=400)
    settle()
    assert stop_in_view(window) and no_sideways_scrolling(window)

    marks = session.producer.marks
    mark_in = marks.add(asset_id, MarkKind.IN)
    mark_out = marks.add(asset_id, MarkKind.OUT)
    assert mark_in is not None and mark_out is not None
    marks.nudge(asset_id, mark_in.id, -300)
    marks.nudge(asset_id, mark_out.id, -60)
    panel = session.producer.marks_panel
    qtbot.waitUntil(lambda: panel.list.topLevelItemCount() == 2)
    assert panel.useChosenPair()
    settle()
    assert stop_in_view(window) and no_sideways_scrolling(window)
    extra = marks.add(asset_id, MarkKind.IN)  # deleted again: "Undo delete" joins the nudges' row
    assert extra is not None
    qtbot.waitUntil(lambda: panel.list.topLevelItemCount() == 3)
    panel.selectMark(extra.id)
    panel.deleteButton.click()
    qtbot.waitUntil(lambda: panel.undoDeleteButton.isVisible() and panel.list.topLevelItemCount() == 2)
    settle()
    assert stop_in_view(window) and no_sideways_scrolling(window)

    window.workspace.request_stop()
    confirm(demo)
    workspace = window.workspace
    qtbot.waitUntil(lambda: "stopped successfully" in workspace.result.headline_text())
    qtbot.waitUntil(lambda: workspace.journey_box.isVisible())
    settle()
    assert no_sideways_scrolling(window)
    assert "asked" in workspace.journey.trim_label.text()  # the long line that used to widen the panel

    qtbot.waitUntil(lambda: demo.sim.world.get(asset_id).status == "Completed", timeout=10_000)
    qtbot.waitUntil(lambda: not workspace.stop_button.isVisible())  # nothing left to stop: no Stop box
    settle()
    assert no_sideways_scrolling(window)
