"""A first listing applied in slices: rows held back, then appended in order a chunk per turn."""

from __future__ import annotations

import random
from typing import Any

from PySide6.QtCore import QModelIndex, Qt

from tests.ui.streams.test_stream_table import Table, assert_in_display_order, make, table  # noqa: F401
from tpsdesk.status.book import Source
from tpsdesk.status.store import StatusStore
from tpsdesk.ui.streams import Column, StreamRowsModel
from tpsdesk.ui.streams.ordered_rows import FILL_CHUNK

STATUSES = ["Streaming", "Completed", "Not Started", "Disconnected", "Recording", "Error", "Paused"]


def listing(n: int, seed: int = 5) -> list[Any]:
    rng = random.Random(seed)
    return [make(f"s{i:05d}", rng.choice(STATUSES), start_min=-rng.randint(1, 10_000),
                 title=f"Class {rng.randint(0, 999)}") for i in range(n)]


def inserted_sizes(t: Table) -> list[int]:
    sizes: list[int] = []
    t.model.rowsInserted.connect(lambda _parent, first, last: sizes.append(last - first + 1))
    return sizes


def apply_in_slices(t: Table, assets: list[Any], size: int = 400) -> None:
    t.store.begin_listing()
    for start in range(0, len(assets), size):
        t.store.apply_batch(assets[start:start + size], Source.LIST)
    t.store.end_listing([a.id for a in assets])


def test_rows_arrive_in_order_in_chunks_and_end_like_one_listing(table: Table, qtbot: Any) -> None:  # noqa: F811
    assets = listing(2 * FILL_CHUNK + 150)
    sizes = inserted_sizes(table)
    table.store.begin_listing()
    table.store.apply_batch(assets[:700], Source.LIST)
    assert table.model.rowCount() == 0 and table.model.isFilling()  # held while the listing arrives
    table.store.apply_batch(assets[700:], Source.LIST)
    table.store.end_listing([a.id for a in assets])
    # The top of the sorted list is there at once (the first row can be selected); the rest follows.
    assert table.model.rowCount() == FILL_CHUNK and table.model.isFilling()
    assert_in_display_order(table.model)
    qtbot.waitUntil(lambda: not table.model.isFilling())
    assert sizes == [FILL_CHUNK, FILL_CHUNK, 150]  # appended at the end, in order: no re-sort, no reset
    assert_in_display_order(table.model)

    at_once = StatusStore(clock=table.clock)  # the same listing applied in one go, for comparison
    model = StreamRowsModel(at_once, server_tz=table.model.serverTimeZone(), clock=table.clock)
    at_once.apply_listing(assets)
    assert [r.asset_id for r in table.model.rows] == [r.asset_id for r in model.rows]
    assert table.proxy.rowCount() == len(assets)


def test_changes_and_removals_while_filling_are_not_lost(table: Table, qtbot: Any) -> None:  # noqa: F811
    assets = listing(3 * FILL_CHUNK)
    held = assets[10].id
    table.store.begin_listing()
    table.store.apply_batch(assets, Source.LIST)
    table.store.apply(make(held, "Completed", title="Changed while held", activities=3), Source.WEBHOOK)
    table.store.end_listing([a.id for a in assets])
    # Now the rest waits in the queue: change one waiting row, remove another.
    waiting = [r.asset_id for r in table.model._queue]
    renamed, gone = waiting[3], waiting[-2]
    table.store.apply(make(renamed, "Error", title="Changed while queued", activities=4), Source.WEBHOOK)
    table.store.forget(gone)
    qtbot.waitUntil(lambda: not table.model.isFilling())
    assert table.model.rowCount() == len(table.store) == len(assets) - 1
    assert table.model.rowOfAsset(gone) is None
    assert table.cell(held, Column.TITLE) == "Changed while held"
    assert table.cell(renamed, Column.TITLE) == "Changed while queued"
    assert table.cell(renamed, Column.STATUS) == "Error"
    assert_in_display_order(table.model)


def test_a_header_click_while_filling_keeps_everything_in_the_new_order(table: Table, qtbot: Any) -> None:  # noqa: F811
    assets = listing(3 * FILL_CHUNK)
    apply_in_slices(table, assets)
    table.view.sortByColumn(Column.TITLE, Qt.SortOrder.DescendingOrder)
    qtbot.waitUntil(lambda: not table.model.isFilling())
    assert table.model.rowCount() == len(assets)
    assert_in_display_order(table.model)


def test_the_selection_survives_the_fill(table: Table, qtbot: Any) -> None:  # noqa: F811
    assets = listing(2 * FILL_CHUNK + 1)
    apply_in_slices(table, assets)
    top = table.proxy.index(0, 0).data(table.model.AssetIdRole)
    table.view.selectAssetId(top)
    qtbot.waitUntil(lambda: not table.model.isFilling())
    assert table.view.selectedAssetId() == top
    assert table.view.currentIndex() != QModelIndex()


def test_a_listing_applied_at_once_still_inserts_directly(table: Table) -> None:  # noqa: F811
    table.store.apply_listing(listing(50))
    assert table.model.rowCount() == 50 and not table.model.isFilling()


def test_sorting_again_costs_nothing_and_the_other_direction_is_the_reverse(table: Table) -> None:  # noqa: F811
    table.store.apply_listing(listing(300))
    layouts: list[str] = []
    table.model.layoutChanged.connect(lambda *_: layouts.append("layout"))
    table.view.sortByColumn(Column.START, Qt.SortOrder.AscendingOrder)
    ascending = [r.asset_id for r in table.model.rows]
    assert layouts == ["layout"]  # sortByColumn asks the model twice: the second is free
    picked = ascending[17]
    table.view.selectAssetId(picked)
    table.view.sortByColumn(Column.START, Qt.SortOrder.DescendingOrder)
    assert [r.asset_id for r in table.model.rows] == ascending[::-1]
    assert_in_display_order(table.model)
    assert table.view.selectedAssetId() == picked and table.model.rowOfAsset(picked) == 300 - 1 - 17
    table.store.apply(make(ascending[0], "Completed", title="moved", activities=5), Source.WEBHOOK)
    assert_in_display_order(table.model)  # changes keep the order, so the shortcut stays right


def test_the_rest_of_a_listing_after_its_first_page_is_merged_in_one_layout_change(
        table: Table, qtbot: Any) -> None:  # noqa: F811
    # The first listing's first page is shown before the rest is read (services/streams.py);
    # the rest then arrives in slices and joins it once, in order, with the selection kept.
    assets = listing(3 * FILL_CHUNK)
    first_page = assets[:100]
    table.store.apply_batch(first_page, Source.LIST)
    assert table.model.rowCount() == 100
    chosen = table.model.rows[37].asset_id
    selected = table.proxy.index(37, 0)
    table.view.setCurrentIndex(selected)
    sizes = inserted_sizes(table)
    layouts: list[int] = []
    table.model.layoutChanged.connect(lambda *_: layouts.append(table.model.rowCount()))

    table.store.begin_listing()
    for start in range(0, len(assets), 250):
        table.store.apply_batch(assets[start:start + 250], Source.LIST)
        assert table.model.rowCount() == 100  # the shown page stays as it is while the rest arrives
    table.store.end_listing([a.id for a in assets])

    assert not table.model.isFilling() and sizes == [] and layouts == [len(assets)]
    assert_in_display_order(table.model)
    assert table.model.assetIdAt(table.view.currentIndex().row()) == chosen
    at_once = StatusStore(clock=table.clock)
    model = StreamRowsModel(at_once, server_tz=table.model.serverTimeZone(), clock=table.clock)
    at_once.apply_listing(assets)
    assert [r.asset_id for r in table.model.rows] == [r.asset_id for r in model.rows]


def test_a_big_rest_is_merged_a_slice_per_turn_and_shown_once(table: Table, qtbot: Any) -> None:  # noqa: F811
    from tpsdesk.ui.streams.sliced_sort import SLICED_FROM

    assets = listing(SLICED_FROM + 600, seed=9)
    table.store.apply_batch(assets[:100], Source.LIST)  # the first page, shown early
    chosen = table.model.rows[12].asset_id
    table.view.setCurrentIndex(table.proxy.index(12, 0))
    layouts: list[int] = []
    table.model.layoutChanged.connect(lambda *_: layouts.append(table.model.rowCount()))
    table.store.begin_listing()
    table.store.apply_batch(assets, Source.LIST)
    table.store.end_listing([a.id for a in assets])
    # Not in this turn: the first page stays as it was while the whole list is sorted in slices.
    assert table.model.rowCount() == 100 and table.model.isFilling() and layouts == []
    # Meanwhile a held stream changes and a shown one goes: both are in the order shown at the end.
    renamed = assets[2000]
    table.store.apply(make(renamed.id, "Error", title="Changed while merging", activities=2), Source.WEBHOOK)
    gone = next(r.asset_id for r in table.model.rows if r.asset_id != chosen)
    table.store.forget(gone)
    qtbot.waitUntil(lambda: not table.model.isFilling())
    assert layouts == [len(assets) - 1] and table.model.rowCount() == len(table.store)
    assert_in_display_order(table.model)
    assert table.cell(renamed.id, Column.TITLE) == "Changed while merging" and table.model.rowOfAsset(gone) is None
    assert table.model.assetIdAt(table.view.currentIndex().row()) == chosen
