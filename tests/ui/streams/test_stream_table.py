"""The stream list: model, filter proxy, badge and view over a real StatusStore."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtGui import QColor, QIcon, QImage, QPainter, QPalette
from pytestqt.qtbot import QtBot

from tpsdesk.domain.models import Asset, StatusKind, parse_asset
from tpsdesk.domain.trim import read_elapsed
from tpsdesk.status.book import Source
from tpsdesk.status.store import StatusStore
from tpsdesk.ui.streams import (
    AssetIdRole,
    Column,
    SortRole,
    StatusFilter,
    StatusKindRole,
    StreamFilterProxy,
    StreamRowsModel,
    StreamTableView,
    count_by_filter,
    format_counts,
)
from tpsdesk.ui.widgets.status_style import STATUS_STYLES, badge_stylesheet, paint_badge

TZ = ZoneInfo("Asia/Kolkata")
T0 = datetime(2026, 11, 27, 11, 30, tzinfo=UTC)  # 17:00 in Kolkata


class FakeClock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def server_time(minutes_from_t0: float) -> str:
    """A start as the server writes it: naive Kolkata time."""
    return f"{(T0 + timedelta(minutes=minutes_from_t0)).astimezone(TZ):%Y-%m-%d %H:%M:%S}"


def make(asset_id: str, status: str = "Streaming", *, title: str | None = None,
         start_min: float | None = -30, activities: int = 1) -> Asset:
    live: dict[str, Any] = {
        "status": status,
        "start": server_time(start_min) if start_min is not None else None,
        "rtmp_url": "rtmp://example/live",
        "stream_key": None,
        "activities": [{"status": "On Publish", "timestamp": "November 27, 2026, 04:30 PM"}] * activities,
    }
    return parse_asset({"id": asset_id, "title": title or f"Stream {asset_id}", "type": "livestream",
                        "live_stream": live})


@dataclass
class Table:
    store: StatusStore
    clock: FakeClock
    model: StreamRowsModel
    proxy: StreamFilterProxy
    view: StreamTableView
    resets: list[str]

    def ids(self) -> list[str]:
        return [self.proxy.index(r, 0).data(AssetIdRole) for r in range(self.proxy.rowCount())]

    def cell(self, asset_id: str, column: Column, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.model.rowOfAsset(asset_id)
        assert row is not None, asset_id
        return self.model.index(row, column).data(role)


@pytest.fixture
def table(qtbot: Any) -> Iterator[Table]:
    clock = FakeClock(T0)
    store = StatusStore(clock=clock)
    model = StreamRowsModel(store, server_tz=TZ, clock=clock)
    proxy = StreamFilterProxy()
    proxy.setSourceModel(model)
    view = StreamTableView()
    qtbot.addWidget(view)
    view.setModel(proxy)
    view.resize(900, 400)
    resets: list[str] = []
    model.modelReset.connect(lambda: resets.append("model"))
    proxy.modelReset.connect(lambda: resets.append("proxy"))
    yield Table(store, clock, model, proxy, view, resets)
    assert resets == [], "the list must never reset (selection and scroll would be lost)"


def assert_in_display_order(model: StreamRowsModel) -> None:
    keys = [row.keys[model.sortColumn()] for row in model.rows]
    expected = sorted(keys, reverse=model.sortOrder() == Qt.SortOrder.DescendingOrder)
    assert keys == expected


# -- filling and columns ---------------------------------------------------------------------------
def test_model_fills_from_a_store_that_already_has_streams(qtbot: Any) -> None:
    clock = FakeClock(T0)
    store = StatusStore(clock=clock)
    store.apply_listing([make("a"), make("b", "Completed"), make("c", "Not Started", start_min=60)])
    model = StreamRowsModel(store, server_tz=TZ, clock=clock)
    assert model.rowCount() == 3
    assert model.columnCount() == len(Column) == 5
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in Column] == [
        "Title", "Status", "Elapsed", "Start (IST)", "ID"]
    assert "Asia/Kolkata" in model.headerData(Column.START, Qt.Orientation.Horizontal,
                                              Qt.ItemDataRole.ToolTipRole)


def test_cells_show_title_status_elapsed_start_and_id(table: Table) -> None:
    table.store.apply_listing([make("4PtERT9d9uK", title="Data science\nLive class")])
    assert table.model.rowCount() == 1
    assert table.cell("4PtERT9d9uK", Column.TITLE) == "Data science Live class"
    assert table.cell("4PtERT9d9uK", Column.TITLE, Qt.ItemDataRole.ToolTipRole) == "Data science\nLive class"
    assert table.cell("4PtERT9d9uK", Column.STATUS) == "Streaming"
    assert table.cell("4PtERT9d9uK", Column.STATUS, StatusKindRole) is StatusKind.STREAMING
    assert table.cell("4PtERT9d9uK", Column.ELAPSED) == "00:30:00"
    assert table.cell("4PtERT9d9uK", Column.START) == "2026-11-27 16:30"
    assert table.cell("4PtERT9d9uK", Column.ID) == "4PtERT9d9uK"
    assert table.cell("4PtERT9d9uK", Column.ID, AssetIdRole) == "4PtERT9d9uK"


def test_streams_that_are_not_live_show_no_elapsed_time(table: Table) -> None:
    table.store.apply_listing([make("done", "Completed"), make("soon", "Not Started", start_min=90),
                               make("nostart", "Stopped", start_min=None)])
    for asset_id in ("done", "soon", "nostart"):
        assert table.cell(asset_id, Column.ELAPSED) == "—"
    assert table.cell("nostart", Column.START) == "—"


# -- incremental refresh ---------------------------------------------------------------------------
def test_refresh_adds_removes_and_changes_rows_and_keeps_the_selection(table: Table, qtbot: Any) -> None:
    table.store.apply_listing([make(i) for i in "abcde"])
    assert table.view.selectAssetId("c")
    emitted: list[str | None] = []
    table.view.currentAssetChanged.connect(emitted.append)
    inserted: list[tuple[int, int]] = []
    removed: list[tuple[int, int]] = []
    table.model.rowsInserted.connect(lambda _p, first, last: inserted.append((first, last)))
    table.model.rowsRemoved.connect(lambda _p, first, last: removed.append((first, last)))
    changed_rows: list[int] = []
    table.model.dataChanged.connect(
        lambda tl, br, _roles=(): changed_rows.extend(range(tl.row(), br.row() + 1)))

    # "a" goes away, "f" arrives, "c" gets a new title.
    table.store.apply_listing([make("b"), make("c", title="Renamed"), make("d"), make("e"), make("f")])

    assert table.proxy.rowCount() == 5
    assert sorted(table.ids()) == ["b", "c", "d", "e", "f"]
    assert len(removed) == 1 and len(inserted) == 1
    assert changed_rows == [table.model.rowOfAsset("c")]  # only the changed stream is repainted
    assert table.view.selectedAssetId() == "c"
    assert table.cell("c", Column.TITLE) == "Renamed"
    assert emitted == []  # the selected stream never changed


def test_a_status_change_moves_the_row_and_the_selection_follows(table: Table) -> None:
    table.store.apply_listing([make("a", start_min=-10), make("b", start_min=-20), make("c", start_min=-30)])
    assert table.ids() == ["a", "b", "c"]  # newest start first
    table.view.selectAssetId("a")

    table.store.apply(make("a", "Stopped", start_min=-10, activities=2), Source.POLL)

    assert table.ids() == ["b", "c", "a"]
    assert table.view.selectedAssetId() == "a"
    assert table.view.currentIndex().row() == 2
    assert table.cell("a", Column.STATUS) == "Stopped"
    assert_in_display_order(table.model)


def test_many_changes_at_once_keep_the_order_consistent(table: Table) -> None:
    table.store.apply_listing([make(f"s{i:03d}", start_min=-i) for i in range(200)])
    table.view.selectAssetId("s150")
    stopped = {f"s{i:03d}" for i in range(0, 200, 4)}
    table.store.apply_listing([make(f"s{i:03d}", "Stopped" if f"s{i:03d}" in stopped else "Streaming",
                                    start_min=-i, activities=2) for i in range(200)])
    assert_in_display_order(table.model)
    assert table.ids() == [row.asset_id for row in table.model.rows]
    assert table.ids()[-len(stopped):] == sorted(stopped)  # newest start first: s000 started last
    assert table.view.selectedAssetId() == "s150"


def test_many_scattered_additions_are_inserted_in_order(table: Table) -> None:
    table.store.apply_listing([make(f"x{i:04d}", start_min=-2 * i) for i in range(300)])
    table.view.selectAssetId("x0100")
    layouts: list[bool] = []
    table.model.layoutChanged.connect(lambda *_: layouts.append(True))
    # Every new stream lands between two existing ones: the "append and re-sort once" path.
    table.store.apply_listing([make(f"x{i:04d}", start_min=-2 * i) for i in range(300)]
                              + [make(f"y{i:04d}", start_min=-2 * i - 1) for i in range(300)])
    assert table.model.rowCount() == table.proxy.rowCount() == 600
    assert layouts == [True]  # one block appended, then one re-sort
    assert_in_display_order(table.model)
    assert table.view.selectedAssetId() == "x0100"


def test_removing_the_selected_stream_reports_no_selection(table: Table) -> None:
    table.store.apply_listing([make("a"), make("b"), make("c")])
    table.view.selectAssetId("b")
    emitted: list[str | None] = []
    table.view.currentAssetChanged.connect(emitted.append)
    table.store.apply_listing([make("a"), make("c")])
    assert table.proxy.rowCount() == 2
    # Not the neighbour: Stop acts on the selection, so nothing gets selected by itself.
    assert table.view.selectedAssetId() is None
    assert emitted == [None]


def test_filtering_out_the_selected_stream_selects_nothing_else(table: Table) -> None:
    table.store.apply_listing([make("a", title="alpha"), make("b", title="beta"), make("c", title="gamma")])
    table.view.selectAssetId("b")
    emitted: list[str | None] = []
    table.view.currentAssetChanged.connect(emitted.append)
    table.proxy.setSearchText("ma")  # only "gamma"
    assert table.ids() == ["c"]
    assert table.view.selectedAssetId() is None
    assert not table.view.currentIndex().isValid()
    assert emitted == [None]


def test_removed_rows_are_grouped_into_contiguous_runs(table: Table) -> None:
    table.store.apply_listing([make(f"r{i}", start_min=-i) for i in range(10)])
    removed: list[tuple[int, int]] = []
    table.model.rowsRemoved.connect(lambda _p, first, last: removed.append((first, last)))
    table.store.apply_listing([make(f"r{i}", start_min=-i) for i in (0, 1, 5, 9)])
    assert removed == [(6, 8), (2, 4)]  # highest run first
    assert table.ids() == ["r0", "r1", "r5", "r9"]
    assert table.model.rowOfAsset("r9") == 3


# -- search, filter, order -------------------------------------------------------------------------
def test_search_matches_title_and_id_ignoring_case(table: Table) -> None:
    table.store.apply_listing([
        make("abc123", title="Organic Chemistry"),
        make("XYZ789", title="Physics revision"),
        make("chem42", title="Maths"),
    ])
    table.view.selectAssetId("chem42")
    table.proxy.setSearchText("CHEM")
    assert sorted(table.ids()) == ["abc123", "chem42"]
    assert table.view.selectedAssetId() == "chem42"  # still visible, still selected
    table.proxy.setSearchText("xyz7")
    assert table.ids() == ["XYZ789"]
    table.proxy.setSearchText("organic   chem")  # every word, anywhere
    assert table.ids() == ["abc123"]
    table.proxy.setSearchText("")
    assert table.proxy.rowCount() == 3


def test_status_filters_and_counts(table: Table) -> None:
    statuses = ["Streaming", "Disconnected", "Not Started", "Stopped", "Recording", "Completed", "Error",
                "Paused", "STREAMING"]
    table.store.apply_listing([make(f"id{i}", status) for i, status in enumerate(statuses)])
    expected = {
        StatusFilter.ALL: 9, StatusFilter.LIVE: 3, StatusFilter.UPCOMING: 1, StatusFilter.PROCESSING: 2,
        StatusFilter.DONE: 1, StatusFilter.ERRORS: 2,
    }
    for status_filter, count in expected.items():
        table.proxy.setStatusFilter(status_filter)
        assert table.proxy.rowCount() == count, status_filter
    table.proxy.setStatusFilter(StatusFilter.ERRORS)
    assert sorted(table.cell(i, Column.STATUS) for i in table.ids()) == ["Error", "Paused"]
    assert count_by_filter(table.store) == expected
    assert count_by_filter(table.model.allRows()) == expected  # the rows filtered out included
    assert format_counts(expected) == "3 live · 1 upcoming · 9 total"


def test_a_stream_leaving_the_status_filter_disappears_from_the_view(table: Table) -> None:
    table.store.apply_listing([make("a"), make("b")])
    table.proxy.setStatusFilter(StatusFilter.LIVE)
    table.store.apply(make("a", "Stopped", activities=2), Source.STOP)
    assert table.ids() == ["b"]


def test_default_order_is_live_first_then_newest_start(table: Table) -> None:
    table.store.apply_listing([
        make("done-old", "Completed", start_min=-300),
        make("done-new", "Completed", start_min=-100),
        make("err", "Error", start_min=-50),
        make("weird", "Paused", start_min=-5),
        make("soon", "Not Started", start_min=30),
        make("later", "Not Started", start_min=300),
        make("rec", "Recording", start_min=-200),
        make("stopped", "Stopped", start_min=-60),
        make("drop", "Disconnected", start_min=-20),
        make("live-old", "Streaming", start_min=-90),
        make("live-new", "Streaming", start_min=-10),
        make("tie-b", "Streaming", start_min=-40),
        make("tie-a", "Streaming", start_min=-40),
    ])
    assert table.ids() == [
        "live-new", "tie-a", "tie-b", "live-old",  # ties broken on the id
        "drop",
        "soon", "later",  # upcoming: the next to start first
        "stopped", "rec", "err", "done-new", "done-old", "weird",
    ]
    header = table.view.horizontalHeader()
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (Column.STATUS,
                                                                          Qt.SortOrder.AscendingOrder)
    assert table.cell("live-new", Column.STATUS, SortRole)[0] == 0


def test_header_sort_reorders_without_reset_and_keeps_the_selection(table: Table) -> None:
    table.store.apply_listing([make("a", title="banana"), make("b", title="Apple"), make("c", title="cherry")])
    table.view.selectAssetId("c")
    table.view.sortByColumn(Column.TITLE, Qt.SortOrder.AscendingOrder)
    assert [table.cell(i, Column.TITLE) for i in table.ids()] == ["Apple", "banana", "cherry"]
    table.view.sortByColumn(Column.TITLE, Qt.SortOrder.DescendingOrder)
    assert table.ids() == ["c", "a", "b"]
    assert table.view.selectedAssetId() == "c"
    # Arrivals land in the current (descending) order too.
    table.store.apply_listing([make("a", title="banana"), make("b", title="Apple"), make("c", title="cherry"),
                               make("d", title="Blueberry"), make("e", title="date")])
    assert table.ids() == ["e", "c", "d", "a", "b"]  # date, cherry, Blueberry, banana, Apple
    assert table.view.selectedAssetId() == "c"


def test_unknown_and_respelled_statuses(table: Table) -> None:
    table.store.apply_listing([make("u", "Paused"), make("s", "STREAMING"), make("n", "")])
    assert table.cell("u", Column.STATUS) == "Paused"
    assert table.cell("u", Column.STATUS, StatusKindRole) is StatusKind.UNKNOWN
    assert "“Paused”" in table.cell("u", Column.STATUS, Qt.ItemDataRole.ToolTipRole)
    assert table.cell("s", Column.STATUS) == "Streaming"
    assert "“STREAMING”" in table.cell("s", Column.STATUS, Qt.ItemDataRole.ToolTipRole)
    assert table.cell("n", Column.STATUS) == "(no status)"


# -- elapsed time ----------------------------------------------------------------------------------
def test_elapsed_ticks_with_the_injected_clock(table: Table, qtbot: Any) -> None:
    table.store.apply_listing([make("a", start_min=-30), make("z", "Completed")])
    assert table.cell("a", Column.ELAPSED) == "00:30:00"
    table.clock.advance(5)
    with qtbot.waitSignal(table.proxy.dataChanged, timeout=1000):
        table.model.tick()
    assert table.cell("a", Column.ELAPSED) == "00:30:05"
    assert table.proxy.index(0, Column.ELAPSED).data() == "00:30:05"


def test_a_start_in_the_future_is_flagged_not_shown_negative(table: Table) -> None:
    table.store.apply_listing([make("f", start_min=180)])
    start = table.model.rows[0].start
    problem = read_elapsed(start, TZ, table.clock()).problem
    assert problem and "future" in problem
    assert table.cell("f", Column.ELAPSED) == "—"
    assert table.cell("f", Column.ELAPSED, Qt.ItemDataRole.ToolTipRole) == problem
    icon = table.cell("f", Column.ELAPSED, Qt.ItemDataRole.DecorationRole)
    assert isinstance(icon, QIcon) and not icon.isNull()
    # Under two minutes ahead is clock skew, shown as zero rather than flagged.
    table.store.apply_listing([make("skew", start_min=1)])
    assert table.cell("skew", Column.ELAPSED) == "00:00:00"


def test_an_unreadable_start_is_flagged(table: Table) -> None:
    asset = parse_asset({"id": "bad", "title": "t", "live_stream": {"status": "Streaming", "start": "soon"}})
    table.store.apply_listing([asset])
    assert table.cell("bad", Column.ELAPSED) == "—"
    assert "unreadable start time" in table.cell("bad", Column.ELAPSED, Qt.ItemDataRole.ToolTipRole)
    assert "unreadable start time" in table.cell("bad", Column.START, Qt.ItemDataRole.ToolTipRole)


def test_tick_emits_one_data_changed_for_the_elapsed_column_of_live_rows(table: Table) -> None:
    table.store.apply_listing([make("l1"), make("l2", "Disconnected"), make("d1", "Completed"),
                               make("u1", "Not Started", start_min=60), make("l3", start_min=-5)])
    changes: list[tuple[QModelIndex, QModelIndex]] = []
    table.model.dataChanged.connect(lambda tl, br, _roles=(): changes.append((tl, br)))
    table.model.tick()
    assert len(changes) == 1
    top_left, bottom_right = changes[0]
    assert top_left.column() == bottom_right.column() == Column.ELAPSED
    live_rows = [i for i, row in enumerate(table.model.rows) if row.is_live]
    assert (top_left.row(), bottom_right.row()) == (min(live_rows), max(live_rows)) == (0, 2)


def test_tick_without_live_streams_emits_nothing(table: Table) -> None:
    table.store.apply_listing([make("d1", "Completed"), make("u1", "Not Started", start_min=60)])
    changes: list[object] = []
    table.model.dataChanged.connect(lambda *args: changes.append(args))
    table.model.tick()
    assert changes == []


def test_changing_the_server_time_zone_rereads_the_starts(table: Table) -> None:
    table.store.apply_listing([make("a", start_min=-30)])
    table.model.setServerTimeZone(UTC)  # the Kolkata wall time read as UTC is 5.5 h in the future
    assert table.model.headerData(Column.START, Qt.Orientation.Horizontal) == "Start (UTC)"
    assert table.cell("a", Column.ELAPSED) == "—"
    assert "UTC" in table.cell("a", Column.ELAPSED, Qt.ItemDataRole.ToolTipRole)


# -- view ------------------------------------------------------------------------------------------
def test_view_selection_api_and_keyboard_navigation(table: Table, qtbot: Any) -> None:
    table.store.apply_listing([make("a", start_min=-10), make("b", start_min=-20), make("c", start_min=-30)])
    emitted: list[str | None] = []
    table.view.currentAssetChanged.connect(emitted.append)
    assert table.view.selectAssetId("a")
    qtbot.keyClick(table.view, Qt.Key.Key_Down)
    assert table.view.selectedAssetId() == "b"
    qtbot.keyClick(table.view, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    assert emitted == ["a", "b", "c"]
    assert not table.view.selectAssetId("missing")
    table.proxy.setSearchText("zzz")
    assert not table.view.selectAssetId("a")  # filtered out
    assert emitted[-1] is None


def test_view_is_configured_for_a_list_of_streams(table: Table) -> None:
    view = table.view
    assert view.accessibleName()
    assert view.selectionBehavior() == view.SelectionBehavior.SelectRows
    assert view.selectionMode() == view.SelectionMode.SingleSelection
    assert view.isSortingEnabled() and view.alternatingRowColors()
    assert not view.verticalHeader().isVisible()


def _width_left_to_title(view: StreamTableView) -> int:
    header = view.horizontalHeader()
    return view.viewport().width() - sum(header.sectionSize(c) for c in Column if c != Column.TITLE)


def test_the_title_column_takes_the_width_the_others_leave(table: Table, qtbot: QtBot) -> None:
    view, header = table.view, table.view.horizontalHeader()
    view.show()
    qtbot.waitExposed(view)
    assert header.sectionSize(Column.TITLE) == _width_left_to_title(view) > 200  # 900 px wide
    table.store.apply_listing([make(f"s{i:03}") for i in range(60)])  # the vertical scroll bar comes
    qtbot.waitUntil(view.verticalScrollBar().isVisible)
    assert header.sectionSize(Column.TITLE) == _width_left_to_title(view)
    header.resizeSection(Column.START, header.sectionSize(Column.START) + 40)  # a column dragged wider
    assert header.sectionSize(Column.TITLE) == _width_left_to_title(view)
    view.resize(300, 400)  # narrower than the other columns: the title keeps its minimum, the list scrolls
    qtbot.waitUntil(lambda: view.viewport().width() < 300)
    assert header.sectionSize(Column.TITLE) == header.minimumSectionSize()
    assert view.horizontalScrollBar().maximum() > 0


def test_proxy_rejects_other_models() -> None:
    from PySide6.QtGui import QStandardItemModel

    with pytest.raises(TypeError):
        StreamFilterProxy().setSourceModel(QStandardItemModel())


# -- status badge ----------------------------------------------------------------------------------
def _luminance(colour: QColor) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF()) + 0.0722 * channel(colour.blueF())


def test_badge_text_is_readable_in_light_and_dark() -> None:
    for kind, style in STATUS_STYLES.items():
        for colors in (style.light, style.dark):
            lighter, darker = sorted((_luminance(QColor(colors.text)), _luminance(QColor(colors.fill))),
                                     reverse=True)
            assert (lighter + 0.05) / (darker + 0.05) >= 4.5, kind
    assert set(STATUS_STYLES) == set(StatusKind)
    assert STATUS_STYLES[StatusKind.ERROR].light.fill in badge_stylesheet(StatusKind.ERROR, dark=False)


@pytest.mark.parametrize("dark", [False, True])
def test_badge_paints_its_fill_even_when_selected(qapp: Any, dark: bool) -> None:
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Base, QColor("#16181c" if dark else "#ffffff"))
    image = QImage(200, 30, QImage.Format.Format_ARGB32)
    image.fill(QColor("#2f6fd6"))  # a selection highlight behind the pill
    painter = QPainter(image)
    paint_badge(painter, image.rect(), "Error", StatusKind.ERROR, palette, selected=True)
    painter.end()
    colors = STATUS_STYLES[StatusKind.ERROR].colors(dark)
    # Just inside the pill's left end, clear of the text: the fill colour.
    assert image.pixelColor(QPoint(6 + 4, 15)).name() == QColor(colors.fill).name()


def test_view_renders_badges(table: Table) -> None:
    table.store.apply_listing([make("a"), make("b", "Error"), make("c", "Paused")])
    table.view.show()
    image = table.view.grab().toImage()
    assert not image.isNull()
    fills = {QColor(STATUS_STYLES[k].colors(False).fill).name()
             for k in (StatusKind.STREAMING, StatusKind.ERROR, StatusKind.UNKNOWN)}
    rect = table.view.visualRect(table.proxy.index(0, Column.STATUS))
    seen = {image.pixelColor(QPoint(x, y)).name()
            for row in range(3)
            for x in range(rect.left(), rect.right())
            for y in (table.view.visualRect(table.proxy.index(row, Column.STATUS)).center().y()
                      + table.view.horizontalHeader().height(),)}
    assert fills <= seen


def test_a_selection_announced_next_turn_selects_now_and_tells_the_panel_a_turn_later(table: Table, qtbot: Any) -> None:
    # The first row after the first load: the list's repaint and the panel's fill each get a turn.
    table.store.apply_listing([make("a"), make("b"), make("c")])
    told: list[str | None] = []
    table.view.currentAssetChanged.connect(told.append)
    assert table.view.selectAssetId("b", announce_next_turn=True)
    assert table.view.selectedAssetId() == "b" and told == []  # selected; nobody told yet
    qtbot.waitUntil(lambda: told == ["b"])
    table.view.selectAssetId("c")  # a person's selection: told at once
    assert told == ["b", "c"]
