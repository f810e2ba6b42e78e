"""A big listing reaches the store in slices between event-loop turns, and ends like one listing."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from tests.support.qt import Demo, make_demo
from tpsdesk.httpapi.client import DEFAULT_PAGE_SIZE as PAGE
from tpsdesk.services.streams import LISTING_SLICE

STREAMS = 2 * LISTING_SLICE + 137


@pytest.fixture
def big(qtbot: QtBot, qloop: asyncio.AbstractEventLoop) -> Iterator[Demo]:
    yield from make_demo(qtbot, stream_count=STREAMS, lifecycle=False)


def test_a_big_listing_is_applied_in_slices_and_ends_like_one(big: Demo) -> None:
    store, streams = big.session.store, big.session.streams
    added: list[int] = []
    sliced: list[bool] = []
    store.streamsAdded.connect(lambda ids: added.append(len(ids)))
    store.listingSliced.connect(sliced.append)
    loaded: list[Any] = []
    streams.loaded.connect(loaded.append)
    big.qtbot.waitUntil(lambda: bool(loaded), timeout=20_000)
    # The first page is shown as soon as it is in; the rest follows in slices (the first slice
    # re-reads the first page's streams: changes, not additions).
    assert added[0] == PAGE and sum(added) == STREAMS and max(added) <= LISTING_SLICE
    assert sliced == [True, False]
    assert sorted(store.ids()) == sorted(s.id for s in big.sim.world.newest_first())
    assert len(store) == STREAMS and not store.slicing

    # A stream deleted on the server is forgotten at the end of the next sliced listing, not before.
    gone = store.ids()[5]
    big.sim.world.delete(gone)
    removed: list[list[str]] = []
    store.streamsRemoved.connect(removed.append)
    streams.refresh()
    big.qtbot.waitUntil(lambda: len(loaded) == 2, timeout=20_000)
    assert removed == [[gone]] and len(store) == STREAMS - 1
    window = big.session.window
    big.qtbot.waitUntil(lambda: not window.model.isFilling())
    assert window.model.rowCount() == STREAMS - 1


def test_the_first_listing_shows_its_first_page_before_the_rest_is_read(big: Demo) -> None:
    store, streams = big.session.store, big.session.streams
    seen_at_first_page: list[tuple[int, bool]] = []
    streams.firstPageShown.connect(lambda count: seen_at_first_page.append((len(store), streams.has_loaded)))
    loaded: list[int] = []
    streams.loaded.connect(loaded.append)
    big.qtbot.waitUntil(lambda: bool(loaded), timeout=20_000)
    # The first page was in the store (and so in the list) while the listing was still running.
    assert seen_at_first_page == [(PAGE, False)]
    assert loaded == [STREAMS] and len(store) == STREAMS

    streams.refresh()  # later listings replace the list as one, with no first page shown early
    big.qtbot.waitUntil(lambda: len(loaded) == 2, timeout=20_000)
    assert len(seen_at_first_page) == 1


def test_a_listing_that_fails_after_its_first_page_keeps_the_first_page(big: Demo) -> None:
    streams = big.session.streams
    failures: list[Any] = []
    streams.loadFailed.connect(failures.append)
    # Once the first page is in, every later page is refused (not retried: a 404).
    streams.firstPageShown.connect(lambda _count: big.sim.fault_next(
        "GET", "live_streams", status=404, body={"detail": "Not found."}, times=50))
    big.qtbot.waitUntil(lambda: bool(failures), timeout=20_000)
    assert len(big.session.store) == PAGE and not streams.has_loaded
    window = big.session.window
    big.qtbot.waitUntil(lambda: window.model.rowCount() == PAGE)  # shown, the failure said
    # Lastingly, not only in the status bar's passing message: this is not the whole organization.
    assert f"list incomplete: {PAGE} of {STREAMS} streams shown" in window._counts.text()
    big.sim.clear_faults()
    loaded: list[int] = []
    streams.loaded.connect(loaded.append)
    streams.refresh()  # the next listing completes the list
    big.qtbot.waitUntil(lambda: bool(loaded), timeout=20_000)
    assert len(big.session.store) == STREAMS
    assert window._counts.text().endswith(f"{STREAMS} total")


@pytest.fixture
def small(qtbot: QtBot, qloop: asyncio.AbstractEventLoop) -> Iterator[Demo]:
    yield from make_demo(qtbot, lifecycle=False)  # 30 streams: one page


def test_a_list_of_one_page_is_applied_once_as_a_whole(small: Demo) -> None:
    shown: list[int] = []
    added: list[int] = []
    small.session.streams.firstPageShown.connect(shown.append)
    small.session.store.streamsAdded.connect(lambda ids: added.append(len(ids)))
    small.qtbot.waitUntil(lambda: small.session.streams.has_loaded, timeout=10_000)
    assert shown == [] and added == [30]


@pytest.fixture
def watched(qtbot: QtBot, qloop: asyncio.AbstractEventLoop, monkeypatch: pytest.MonkeyPatch
            ) -> Iterator[tuple[Demo, list[str]]]:
    """A demo whose listing notes when it warms the first request's imports and when it asks for the list."""
    import tpsdesk.services.streams as streams_module

    order: list[str] = []
    real_list = streams_module.TPStreamsClient.list_live_streams

    async def warm() -> None:
        order.append("warm")

    async def listing(self: Any, *args: Any, **kwargs: Any) -> Any:
        order.append("request")
        return await real_list(self, *args, **kwargs)

    monkeypatch.setattr(streams_module, "import_off_the_loop", warm)
    monkeypatch.setattr(streams_module.TPStreamsClient, "list_live_streams", listing)
    for demo in make_demo(qtbot, stream_count=5, lifecycle=False):
        yield demo, order


def test_a_listing_first_imports_what_its_request_needs_off_the_loop(watched: tuple[Demo, list[str]]) -> None:
    demo, order = watched
    loaded: list[Any] = []
    demo.session.streams.loaded.connect(loaded.append)
    demo.qtbot.waitUntil(lambda: bool(loaded), timeout=10_000)
    assert order[:2] == ["warm", "request"]


def test_the_last_slice_the_end_and_loaded_each_get_a_turn_of_their_own(big: Demo) -> None:
    from PySide6.QtCore import QTimer

    store, streams = big.session.store, big.session.streams
    seen: list[str] = []

    def note(event: str) -> None:
        seen.append(event)
        QTimer.singleShot(0, lambda: seen.append(f"a turn after {event}"))  # runs once the loop turns

    last = STREAMS % LISTING_SLICE  # the last slice adds the streams left over
    store.streamsAdded.connect(lambda ids: note("slice") if len(ids) == last else None)
    store.listingSliced.connect(lambda started: None if started else note("end"))
    streams.loaded.connect(lambda _n: seen.append("loaded"))
    big.qtbot.waitUntil(lambda: "loaded" in seen, timeout=20_000)
    assert seen[:5] == ["slice", "a turn after slice", "end", "a turn after end", "loaded"]
