"""Status counts kept by the book with each change always equal a full recount."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from tpsdesk.domain.models import Asset, StatusKind, StreamStatus, parse_asset
from tpsdesk.status.book import Source, StatusBook

NOW = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)
IDS = [f"s{i}" for i in range(6)]
STATUSES = ["Not Started", "Streaming", "Disconnected", "Stopped", "Recording", "Completed", "Error",
            "streaming", "Archiving", None]


def make(asset_id: str, status: str | None, activities: int, title: str) -> Asset:
    live = {"status": status, "start": "2026-11-30 15:00:00",
            "activities": [{"status": "On Publish", "timestamp": "November 30, 2026, 03:00 PM"}] * activities}
    return parse_asset({"id": asset_id, "title": title, "live_stream": live})


assets = st.builds(make, st.sampled_from(IDS), st.sampled_from(STATUSES), st.integers(0, 3),
                   st.sampled_from(["A", "B"]))
operations = st.one_of(
    st.tuples(st.just("apply"), assets, st.sampled_from(list(Source))),
    st.tuples(st.just("listing"), st.lists(assets, max_size=8), st.lists(st.sampled_from(IDS), max_size=2)),
    st.tuples(st.just("batch"), st.lists(assets, max_size=8)),
    st.tuples(st.just("retain"), st.sets(st.sampled_from(IDS))),
    st.tuples(st.just("forget"), st.sampled_from(IDS)),
    st.tuples(st.just("mark"), st.sampled_from(IDS), st.sampled_from(list(StatusKind))),
)


def recount(book: StatusBook) -> dict[StatusKind, int]:
    kinds = Counter(entry.asset.status.kind for i in book.ids() if (entry := book.get(i)) is not None)
    return dict(kinds)


@settings(max_examples=300, deadline=None)
@given(st.lists(operations, max_size=30))
def test_kept_counts_equal_a_full_recount_after_any_changes(ops: list[tuple]) -> None:  # type: ignore[type-arg]
    book = StatusBook()
    for op in ops:
        kind = op[0]
        if kind == "apply":
            book.apply(op[1], op[2], NOW)
        elif kind == "listing":
            book.apply_listing(op[1], NOW, keep=op[2])
        elif kind == "batch":
            book.apply_batch(op[1], Source.LIST, NOW)
        elif kind == "retain":
            book.retain(op[1])
        elif kind == "forget":
            book.forget(op[1])
        else:
            book.mark_status(op[1], StreamStatus.of(op[2]), Source.STOP, NOW)
        assert book.counts() == recount(book)
    assert sum(book.counts().values()) == len(book)


def test_a_listing_in_slices_ends_like_one_listing() -> None:
    first = [make(i, "Streaming", 1, "A") for i in IDS]
    later = [make(i, "Completed", 2, "B") for i in IDS[:4]]
    whole, sliced = StatusBook(), StatusBook()
    for book in (whole, sliced):
        book.apply_listing(first, NOW)
    change = whole.apply_listing(later, NOW)
    a = sliced.apply_batch(later[:2], Source.LIST, NOW)
    b = sliced.apply_batch(later[2:], Source.LIST, NOW)
    gone = sliced.retain({asset.id for asset in later})
    assert (a.changed + b.changed, gone.removed) == (change.changed, change.removed) == (tuple(IDS[:4]), tuple(IDS[4:]))
    assert sliced.ids() == whole.ids() and sliced.counts() == whole.counts() == {StatusKind.COMPLETED: 4}
