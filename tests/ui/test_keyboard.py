"""Keyboard paths (issue 9, item 9): search, go to the list, arrows; Enter in the search; raw JSON."""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from tests.support.qt import Demo, confirm, select_streaming, wait_for_list
from tpsdesk.ui.main_window import MainWindow
from tpsdesk.ui.streams import AssetIdRole

CTRL = Qt.KeyboardModifier.ControlModifier


def _active(demo: Demo) -> MainWindow:
    wait_for_list(demo)
    window = demo.session.window
    window.activateWindow()
    demo.qtbot.waitUntil(window.isActiveWindow)
    demo.qtbot.waitUntil(lambda: window.table.selectedAssetId() is not None)  # the first load selects
    return window


def _query(window: MainWindow, *, matches: int) -> str:
    """A word found in exactly ``matches`` titles (>= 2: at least that many), none of them the selected one."""
    selected = window.table.selectedAssetId()
    titles = {window.proxy.index(r, 0).data(AssetIdRole): window.proxy.index(r, 0).data()
              for r in range(window.proxy.rowCount())}
    words = Counter(w for t in titles.values() for w in set(t.lower().split()) if len(w) > 3)
    for word, count in words.most_common():
        hits = [i for i, t in titles.items() if word in t.lower()]
        if selected in hits or len(hits) != count:
            continue
        if (matches == 1 and len(hits) == 1) or (matches > 1 and len(hits) >= matches):
            return word
    raise AssertionError("no suitable search word in the demo titles")


def _type_search(demo: Demo, window: MainWindow, text: str) -> None:
    QTest.keyClick(window, Qt.Key.Key_F, CTRL)
    demo.qtbot.waitUntil(lambda: QApplication.focusWidget() is window.search)
    QTest.keyClicks(window.search, text)
    demo.qtbot.waitUntil(lambda: window.search.text() == text)


def _first_match(window: MainWindow) -> str:
    return str(window.proxy.index(0, 0).data(AssetIdRole))


def test_search_then_list_then_down_selects_the_first_match(demo: Demo) -> None:
    window = _active(demo)
    _type_search(demo, window, _query(window, matches=2))
    assert window.proxy.rowCount() >= 2
    QTest.keyClick(window, Qt.Key.Key_1, CTRL)
    demo.qtbot.waitUntil(lambda: QApplication.focusWidget() is window.table)
    QTest.keyClick(window.table, Qt.Key.Key_Down)
    assert window.table.selectedAssetId() == _first_match(window)
    QTest.keyClick(window.table, Qt.Key.Key_Down)
    assert window.table.selectedAssetId() == str(window.proxy.index(1, 0).data(AssetIdRole))


def test_with_one_match_down_selects_it(demo: Demo) -> None:
    window = _active(demo)
    _type_search(demo, window, _query(window, matches=1))
    assert window.proxy.rowCount() == 1
    QTest.keyClick(window, Qt.Key.Key_1, CTRL)
    demo.qtbot.waitUntil(lambda: QApplication.focusWidget() is window.table)
    QTest.keyClick(window.table, Qt.Key.Key_Down)
    assert window.table.selectedAssetId() == _first_match(window)


def test_enter_in_the_search_goes_to_the_first_match(demo: Demo) -> None:
    window = _active(demo)
    _type_search(demo, window, _query(window, matches=2))
    QTest.keyClick(window.search, Qt.Key.Key_Return)
    demo.qtbot.waitUntil(lambda: QApplication.focusWidget() is window.table)
    assert window.table.selectedAssetId() == _first_match(window)
    demo.qtbot.waitUntil(lambda: window.workspace.asset_id == _first_match(window))


def test_raw_json_has_a_shortcut(demo: Demo) -> None:
    asset_id = select_streaming(demo, min_elapsed=0)
    window = demo.session.window
    workspace = window.workspace
    workspace.request_stop()
    confirm(demo)
    demo.qtbot.waitUntil(lambda: "stopped successfully" in workspace.result.headline_text())
    assert demo.sim.stop_requests(asset_id)
    window.activateWindow()
    demo.qtbot.waitUntil(window.isActiveWindow)
    raw = workspace.result.findChild(type(workspace.result._raw), None)
    assert raw is not None and raw.isHidden()
    QTest.keyClick(window.table, Qt.Key.Key_J, CTRL)
    demo.qtbot.waitUntil(lambda: not raw.isHidden())
    QTest.keyClick(window.table, Qt.Key.Key_J, CTRL)
    demo.qtbot.waitUntil(raw.isHidden)
