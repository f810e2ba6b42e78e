"""Reading a paginated list to the end: the first page tells ``count``, the rest come concurrently.

The effective page size is what the first page really held (a server may cap
``limit``); without ``count`` the ``next`` links are followed. No Qt, no httpx:
pages come from the fetch function the client hands in.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from tpsdesk.domain.models import Asset, AssetPage, ItemProblem

FetchPage = Callable[[int, int], Awaitable[AssetPage]]  # (limit, offset) -> the page


@dataclass(frozen=True, slots=True)
class StreamListing:
    """Every live stream across all pages, plus items that could not be read."""

    assets: tuple[Asset, ...]
    problems: tuple[ItemProblem, ...]
    count: int | None


async def list_all_pages(fetch: FetchPage, *, page_size: int, concurrency: int, max_pages: int,
                         on_first_page: Callable[[AssetPage], None] | None = None) -> StreamListing:
    """Every page, merged. ``on_first_page`` gets the first before the others are asked for:
    a long list can be shown from its first page while the rest arrive."""
    first = await fetch(page_size, 0)
    if on_first_page is not None:
        on_first_page(first)
    pages = [first]
    size = len(first.assets) + len(first.problems)
    if first.count is not None and size > 0 and first.count > size:
        offsets = range(size, first.count, size)[:max_pages]
        gate = asyncio.Semaphore(max(1, concurrency))

        async def fetch_gated(offset: int) -> AssetPage:
            async with gate:
                return await fetch(size, offset)

        pages.extend(await gather_all(fetch_gated(o) for o in offsets))
    elif first.count is None:
        page = first
        for _ in range(max_pages):
            if not page.next_url:
                break
            limit, offset = limit_offset(page.next_url, default_limit=size or page_size)
            page = await fetch(limit, offset)
            pages.append(page)
    return merge_pages(pages)


async def gather_all(coros: Iterable[Awaitable[AssetPage]]) -> list[AssetPage]:
    """Gather, but cancel the siblings as soon as one page fails."""
    tasks = [asyncio.ensure_future(c) for c in coros]
    try:
        return list(await asyncio.gather(*tasks))
    except BaseException:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        raise


def limit_offset(url: str, *, default_limit: int) -> tuple[int, int]:
    """``limit`` and ``offset`` of a ``next`` link (bad or missing numbers: the defaults)."""
    query = parse_qs(urlsplit(url).query)

    def number(name: str, default: int) -> int:
        try:
            return max(0, int(query.get(name, [default])[0]))
        except ValueError:
            return default

    return number("limit", default_limit) or default_limit, number("offset", 0)


def merge_pages(pages: list[AssetPage]) -> StreamListing:
    # Streams created between page reads shift offsets: keep the first copy of each id.
    seen: dict[str, Asset] = {}
    problems: list[ItemProblem] = []
    for page in pages:
        for asset in page.assets:
            seen.setdefault(asset.id, asset)
        problems.extend(page.problems)
    return StreamListing(tuple(seen.values()), tuple(problems), pages[0].count)
