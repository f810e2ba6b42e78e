"""Reading a paginated list to the end (``httpapi/listing.py``) with a fake page source: no server,
no Qt; what is checked is the order of pages, how many are in flight, and what a failure stops."""

from __future__ import annotations

import asyncio

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tpsdesk.domain.models import Asset, AssetPage
from tpsdesk.httpapi.listing import fetch_concurrently, list_all_pages, merge_pages


class PageSource:
    """``total`` streams served ``size`` at a time; records what is in flight."""

    def __init__(self, total: int, *, fail_at: int | None = None) -> None:
        self.total = total
        self.fail_at = fail_at
        self.asked: list[int] = []
        self.in_flight = 0
        self.most_in_flight = 0
        self.cancelled = 0

    async def fetch(self, limit: int, offset: int) -> AssetPage:
        self.asked.append(offset)
        self.in_flight += 1
        self.most_in_flight = max(self.most_in_flight, self.in_flight)
        try:
            for _ in range(offset % 3 + 1):  # pages answer in another order than asked
                await asyncio.sleep(0)
            if offset == self.fail_at:
                raise ConnectionError(f"page at {offset} failed")
            ids = range(offset, min(offset + limit, self.total))
            return AssetPage(self.total, None, None, tuple(Asset(f"a{i}", f"t{i}", "livestream", None, None)
                                                           for i in ids), ())
        except asyncio.CancelledError:
            self.cancelled += 1
            raise
        finally:
            self.in_flight -= 1


@settings(max_examples=60, deadline=None)
@given(total=st.integers(1, 400), size=st.integers(1, 50), concurrency=st.integers(1, 6))
def test_every_page_arrives_in_order_with_at_most_concurrency_in_flight(total: int, size: int,
                                                                        concurrency: int) -> None:
    source = PageSource(total)
    listing = asyncio.run(list_all_pages(source.fetch, page_size=size, concurrency=concurrency, max_pages=1000))
    assert [a.id for a in listing.assets] == [f"a{i}" for i in range(total)]
    assert sorted(source.asked) == list(range(0, total, size))
    assert source.most_in_flight <= concurrency


def test_only_as_many_tasks_as_pages_in_flight_are_made() -> None:
    # A task per page made 99 tasks (and 99 timers under qasync) in one turn for 10,000 streams.
    source = PageSource(1000)
    most_tasks = 0

    async def fetch(limit: int, offset: int) -> AssetPage:
        nonlocal most_tasks
        most_tasks = max(most_tasks, len(asyncio.all_tasks()))
        return await source.fetch(limit, offset)

    async def main() -> list[AssetPage]:
        return await fetch_concurrently(fetch, 10, range(10, 1000, 10), 4)

    pages = asyncio.run(main())
    assert len(pages) == 99
    assert most_tasks <= 1 + 4  # the caller and four workers


def test_a_failed_page_cancels_the_pages_in_flight_and_asks_for_no_more() -> None:
    source = PageSource(1000, fail_at=200)
    with pytest.raises(ConnectionError, match="page at 200"):
        asyncio.run(list_all_pages(source.fetch, page_size=10, concurrency=4, max_pages=1000))
    assert source.in_flight == 0
    assert source.cancelled >= 1
    assert len(source.asked) < 100  # stopped: the pages after the failure were never asked for


def test_the_first_page_is_shown_before_any_other_is_asked_for() -> None:
    source = PageSource(95)
    seen: list[tuple[int, list[int]]] = []

    def first(page: AssetPage) -> None:
        seen.append((len(page.assets), list(source.asked)))

    listing = asyncio.run(list_all_pages(source.fetch, page_size=10, concurrency=4, max_pages=1000,
                                         on_first_page=first))
    assert seen == [(10, [0])]
    assert len(listing.assets) == 95


@settings(max_examples=80, deadline=None)
@given(pages=st.lists(st.lists(st.tuples(st.integers(0, 30), st.integers(0, 3)), max_size=12), min_size=1,
                      max_size=5))
def test_merged_pages_keep_the_first_copy_of_each_stream_in_order(pages: list[list[tuple[int, int]]]) -> None:
    # A stream created between two page reads shifts the offsets: the next page repeats one.
    asset_pages = [AssetPage(None, None, None, tuple(Asset(f"a{n}", f"copy {c}", "livestream", None, None)
                                                     for n, c in page), ()) for page in pages]
    merged = merge_pages(asset_pages)
    first: dict[str, str] = {}
    for page in pages:
        for n, c in page:
            first.setdefault(f"a{n}", f"copy {c}")
    assert [(a.id, a.title) for a in merged.assets] == list(first.items())
