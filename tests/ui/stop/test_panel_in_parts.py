"""The stop panel made in parts (after the first rows, a part per turn) is the panel made at once."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from tests.support.qt import Demo
from tpsdesk.ui.stop.stop_panel import StopPanel


def shape(panel: QWidget) -> list[tuple[str, str]]:
    return [(type(w).__name__, w.objectName()) for w in panel.findChildren(QWidget)]


def test_made_in_parts_it_has_the_same_widgets_and_works(qtbot: QtBot, demo: Demo) -> None:
    store, stops = demo.session.store, demo.session.stops
    options = {"org": "Org", "server_tz": ZoneInfo("Asia/Kolkata"), "clock": lambda: datetime.now(UTC)}
    at_once = StopPanel(store, stops, **options)  # type: ignore[arg-type]
    qtbot.addWidget(at_once)
    parts = StopPanel.madeInParts(store, stops, **options)  # type: ignore[arg-type]
    turns = 0
    try:
        while True:
            next(parts)
            turns += 1
    except StopIteration as done:
        in_parts = done.value
    qtbot.addWidget(in_parts)
    assert turns >= 1  # ~8 ms at once: at least two parts
    assert isinstance(in_parts, StopPanel) and shape(in_parts) == shape(at_once)
    qtbot.waitUntil(lambda: bool(store.ids()), timeout=10_000)
    asset_id = store.ids()[0]
    in_parts.show_stream(asset_id)
    assert in_parts.asset_id == asset_id and in_parts.details.isEnabled() and in_parts.trim is not None


def test_the_panel_follows_the_selection_as_soon_as_it_is_made(qtbot: QtBot, demo: Demo) -> None:
    # Built in parts after the first rows: a selection made between two of them must reach the
    # panel at once, or it shows (and Stop acts on) another stream than the list's for a few turns.
    from tests.support.qt import wait_for_list
    from tpsdesk.ui.main_window import MainWindow

    wait_for_list(demo)
    session = demo.session
    window = MainWindow(session.store, session.streams, session.stops, org="Org", server_tz=ZoneInfo("UTC"),
                        clock=lambda: datetime.now(UTC), demo=True, base_url="http://127.0.0.1:9",
                        build_workspace=False)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(window.list_stack.isListShown)
    def panel_on_screen() -> StopPanel | None:
        QApplication.processEvents()  # what a part leaves for the loop (showing the panel, a turn after)
        panel = window.findChild(StopPanel)
        return panel if panel is not None and panel.isVisible() else None

    while (panel := panel_on_screen()) is None:
        assert window.workspaceBuild.step()
    assert not window.hasWorkspace()  # on screen, the build not done
    chosen = str(window.model.assetIdAt(3))
    window.table.selectAssetId(chosen)
    qtbot.waitUntil(lambda: panel.asset_id == chosen)
    assert not window.hasWorkspace()  # followed before the build's last part, not by it


def test_tab_goes_from_the_links_toggle_into_the_fields_it_unfolds(qtbot: QtBot, demo: Demo) -> None:
    # As on screen: the toggle, then the RTMP URL, key, HLS and chat rows below it.
    from tpsdesk.ui.tab_order import tab_stops

    details = demo.session.window.workspace.details
    stops = tab_stops(details)
    toggle, first_field = stops.index(details.links_toggle), stops.index(details.rtmp.findChild(QWidget))
    assert toggle < first_field
    fields = [f for f in (details.rtmp, details.stream_key, details.hls, details.chat)]
    positions = [min(stops.index(w) for w in stops if f.isAncestorOf(w)) for f in fields]
    assert positions == sorted(positions) and positions[0] > toggle
