"""The rows model filters itself: what it shows is always the store's accepted streams, in order.

The search and status filter live in the model (a QSortFilterProxyModel re-ran its Python
filter on every row after each re-sort); these check the rows it keeps aside come back
right after any mix of changes, filter changes and sorts.
"""

from __future__ import annotations

import random
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QPersistentModelIndex, Qt

from tests.ui.streams import test_stream_table as base
from tests.ui.streams.test_stream_table import Table, make
from tpsdesk.domain.models import Asset
from tpsdesk.ui.streams import AssetIdRole, Column, StatusFilter

STATUSES = ["Streaming", "Disconnected", "Not Started", "Stopped", "Completed", "Error"]
WORDS = ["physics", "maths", "chemistry", "exam", "revision"]
table = base.table  # the fixture: a store, the model, the proxy and a view


def expected(table: Table) -> list[str]:
    """The store's streams the proxy's filter accepts, in the model's sort order."""
    model, proxy = table.model, table.proxy
    rows = [r for r in model.allRows() if proxy.acceptsRow(r)]
    descending = model.sortOrder() == Qt.SortOrder.DescendingOrder
    rows.sort(key=lambda r: r.keys[model.sortColumn()], reverse=descending)
    return [r.asset_id for r in rows]


def listing(rng: random.Random, size: int) -> list[Asset]:
    ids = rng.sample(range(40), size)
    return [make(f"s{i:02d}", rng.choice(STATUSES), title=f"{rng.choice(WORDS)} {rng.choice(WORDS)} {i}")
            for i in ids]


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 10_000))
def test_shown_rows_are_the_accepted_streams_in_order_after_any_mix(table: Table, seed: int) -> None:
    rng = random.Random(seed)  # the fixture is shared by the examples: start each from empty
    table.store.apply_listing([])
    table.proxy.setSearchText("")
    table.proxy.setStatusFilter(StatusFilter.ALL)
    for _step in range(12):
        action = rng.randrange(4)
        if action == 0:  # a refresh: streams come, go, change status or title
            table.store.apply_listing(listing(rng, rng.randrange(5, 30)))
        elif action == 1:
            table.proxy.setSearchText(rng.choice(["", "ph", "maths", "exam re", "s0", "zzz"]))
        elif action == 2:
            table.proxy.setStatusFilter(rng.choice(list(StatusFilter)))
        else:
            order = rng.choice([Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder])
            table.view.horizontalHeader().setSortIndicator(rng.choice(list(Column)), order)
        assert table.ids() == expected(table)
        assert sorted(r.asset_id for r in table.model.allRows()) == sorted(table.store.ids())
        # Row lookups: the first few scan the ids, the rest use the map built from them.
        assert table.model.rowOfAsset("not-a-stream") is None
        shown = table.ids()
        assert [table.model.rowOfAsset(i) for i in shown] == list(range(len(shown)))


def test_a_change_takes_a_row_out_of_the_filter_and_brings_one_back(table: Table) -> None:
    table.store.apply_listing([make("a", "Streaming"), make("b", "Streaming"), make("c", "Not Started")])
    table.proxy.setStatusFilter(StatusFilter.LIVE)
    assert table.ids() == ["a", "b"]
    removed: list[Any] = []
    inserted: list[Any] = []
    table.proxy.rowsRemoved.connect(lambda *args: removed.append(args[1:]))
    table.proxy.rowsInserted.connect(lambda *args: inserted.append(args[1:]))

    table.store.apply_listing([make("a", "Streaming"), make("b", "Stopped"), make("c", "Streaming")])

    assert sorted(table.ids()) == ["a", "c"]
    assert len(removed) == 1 and len(inserted) == 1  # incremental: no reset, no relayout
    table.proxy.setStatusFilter(StatusFilter.ALL)
    assert sorted(table.ids()) == ["a", "b", "c"]
    assert table.model.hasAsset("b")


def test_sorting_and_filtering_keep_the_selected_stream(table: Table) -> None:
    table.store.apply_listing([make(f"s{i}", "Streaming", title=f"{'physics' if i % 2 else 'maths'} {i}")
                               for i in range(10)])
    table.view.selectAssetId("s3")
    current = QPersistentModelIndex(table.view.currentIndex())
    table.proxy.setSearchText("physics")
    assert table.view.selectedAssetId() == "s3"
    table.view.horizontalHeader().setSortIndicator(Column.TITLE, Qt.SortOrder.DescendingOrder)
    assert table.view.selectedAssetId() == "s3"
    assert current.isValid() and current.data(AssetIdRole) == "s3"
    table.proxy.setSearchText("maths")  # the selected stream is filtered out
    assert table.view.selectedAssetId() is None
    table.proxy.setSearchText("")
    assert table.model.rowOfAsset("s3") is not None


def test_clearing_a_search_restores_the_order_it_began_from_unless_a_row_changed(table: Table) -> None:
    table.store.apply_listing([make(f"s{i:02d}", STATUSES[i % len(STATUSES)], title=f"{WORDS[i % 5]} {i}")
                               for i in range(30)])
    before = table.ids()
    sorts: list[int] = []
    table.model.layoutChanged.connect(lambda *_: sorts.append(1))
    table.view.selectAssetId("s10")
    table.proxy.setSearchText("physics")
    table.proxy.setSearchText("physics 1")  # narrowed further
    table.proxy.setSearchText("")
    assert table.ids() == before  # the snapshot, checked to hold exactly the same rows
    assert table.view.selectedAssetId() == "s10"  # shown throughout: kept
    assert len(sorts) == 3  # one layout change per filter change

    table.proxy.setStatusFilter(StatusFilter.LIVE)
    table.store.apply_listing([make(f"s{i:02d}", "Completed" if i == 2 else STATUSES[i % len(STATUSES)],
                                    title=f"{WORDS[i % 5]} {i}") for i in range(1, 31)])  # s00 gone, s02 and s30
    table.proxy.setStatusFilter(StatusFilter.ALL)
    assert table.ids() == expected(table)  # not the stale snapshot
    assert "s00" not in table.ids() and "s30" in table.ids()
