"""Nothing moves under the cursor: clicks through a closing confirmation, re-sorts under the pointer (issue 9)."""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QEnterEvent
from PySide6.QtWidgets import QApplication

from tests.support.qt import Demo, confirm, select_streaming
from tpsdesk.domain.models import StatusKind
from tpsdesk.ui.main_window import CLICK_GUARD_MS, MainWindow


def row_centre(window: MainWindow, asset_id: str) -> QPoint:
    index = window.table._index_of(asset_id)
    assert index.isValid()
    return window.table.visualRect(index).center()


def hover(window: MainWindow, inside: bool) -> None:
    if inside:
        point = QPointF(5, 5)
        QApplication.sendEvent(window.table, QEnterEvent(point, point, point))
    else:
        QApplication.sendEvent(window.table, QEvent(QEvent.Type.Leave))


def test_a_double_click_on_the_confirmation_does_not_select_the_row_behind(demo: Demo) -> None:
    """Item 2: the second click of a double click lands on the list once the dialog is gone."""
    asset_id = select_streaming(demo, min_elapsed=0)
    window = demo.session.window
    other = next(i for i in demo.sim.streaming_ids() if i != asset_id)
    window.workspace.request_stop()
    confirm(demo)  # the first click
    assert window.workspace.confirm_dialog is None
    closed_at = time.monotonic()
    demo.qtbot.mouseClick(window.table.viewport(), Qt.MouseButton.LeftButton, pos=row_centre(window, other))
    assert window.table.selectedAssetId() == asset_id  # the stopped stream stays selected
    demo.qtbot.waitUntil(lambda: "stopped successfully" in window.workspace.result.headline_text())
    # Later clicks are the person's own again.
    demo.qtbot.waitUntil(lambda: time.monotonic() > closed_at + CLICK_GUARD_MS / 1000)
    demo.qtbot.mouseClick(window.table.viewport(), Qt.MouseButton.LeftButton, pos=row_centre(window, other))
    assert window.table.selectedAssetId() == other


def test_rows_do_not_re_sort_under_the_pointer(demo: Demo) -> None:
    """Item 3: a stream that stops keeps its row while the pointer is over the list."""
    asset_id = select_streaming(demo, min_elapsed=0)
    window = demo.session.window
    mover = demo.sim.streaming_ids()[-1] if demo.sim.streaming_ids()[-1] != asset_id else demo.sim.streaming_ids()[0]
    hover(window, True)
    row_before = window.model.rowOfAsset(mover)
    selected_row = window.model.rowOfAsset(asset_id)
    demo.sim.set_status(mover, "Stopped")
    window.refresh()
    demo.qtbot.waitUntil(lambda: (a := demo.session.store.asset(mover)) is not None
                         and a.status.kind is StatusKind.STOPPED)
    assert window.model.rowOfAsset(mover) == row_before and window.model.rowOfAsset(asset_id) == selected_row
    hover(window, False)  # the pointer left: now the list takes its order
    assert window.model.rowOfAsset(mover) != row_before
    assert window.table.selectedAssetId() == asset_id


def test_a_re_sort_keeps_the_selected_row_where_it_is_on_screen(demo: Demo) -> None:
    """Item 3: a row moving from below the selection to above it does not push the selection down."""
    window = demo.session.window
    window.resize(1280, 560)
    select_streaming(demo, min_elapsed=0)
    table, model = window.table, window.model
    target = model.assetIdAt(15)
    movers = [model.assetIdAt(r) for r in (26, 27, 28)]
    assert target is not None and all(movers)
    table.selectAssetId(target)
    demo.qtbot.waitUntil(lambda: window.workspace.asset_id == target)
    table.scrollTo(table._index_of(target), table.ScrollHint.PositionAtCenter)
    y_before = table.rowViewportPosition(table._index_of(target).row())
    assert table.verticalScrollBar().value() > 0  # scrolled: there is room to keep it in place
    for mover in movers:
        assert mover is not None
        demo.sim.set_status(mover, "Streaming")  # live sorts first: they jump above the selection
    window.refresh()
    demo.qtbot.waitUntil(lambda: all((a := demo.session.store.asset(i or "")) is not None
                                     and a.status.kind is StatusKind.STREAMING for i in movers))
    index = table._index_of(target)
    assert index.row() > 15  # it did move in the list…
    assert table.selectedAssetId() == target
    assert abs(table.rowViewportPosition(index.row()) - y_before) <= table.rowHeight(index.row()) // 2  # …not on screen
