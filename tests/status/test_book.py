"""The precedence rule: repeats and out-of-order readings never move a stream backwards."""

import dataclasses
from datetime import UTC, datetime, timedelta

from tpsdesk.domain.models import Asset, StatusKind, StreamStatus, parse_asset
from tpsdesk.status.book import Source, StatusBook
from tpsdesk.status.precedence import supersedes

T0 = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)


def asset(asset_id: str, status: str, activities: int | None = None, title: str = "Class") -> Asset:
    live = {"status": status, "start": "2026-11-27 15:00:00"}
    if activities is not None:
        live["activities"] = [{"status": "On Publish", "timestamp": "November 27, 2026, 03:00 PM"}] * activities
    return parse_asset({"id": asset_id, "title": title, "type": "livestream", "live_stream": live})


def test_lifecycle_moves_forward() -> None:
    assert supersedes(asset("a", "Stopped"), asset("a", "Streaming"))
    assert supersedes(asset("a", "Completed"), asset("a", "Recording"))
    assert not supersedes(asset("a", "Recording"), asset("a", "Completed"))
    assert not supersedes(asset("a", "Streaming"), asset("a", "Stopped"))


def test_streaming_and_disconnected_flap_both_ways() -> None:
    assert supersedes(asset("a", "Disconnected"), asset("a", "Streaming"))
    assert supersedes(asset("a", "Streaming"), asset("a", "Disconnected"))


def test_more_activities_prove_a_reading_newer() -> None:
    assert supersedes(asset("a", "Recording", activities=4), asset("a", "Completed", activities=3))
    assert not supersedes(asset("a", "Streaming", activities=2), asset("a", "Disconnected", activities=3))


def test_unknown_status_is_shown() -> None:
    assert supersedes(asset("a", "Archiving"), asset("a", "Completed"))


def test_book_ignores_stale_and_repeats_and_keeps_history() -> None:
    book = StatusBook()
    assert book.apply(asset("a", "Streaming"), Source.LIST, T0).added == ("a",)
    assert book.apply(asset("a", "Stopped"), Source.WEBHOOK, T0 + timedelta(seconds=1)).changed == ("a",)
    assert not book.apply(asset("a", "Stopped"), Source.WEBHOOK, T0 + timedelta(seconds=2))  # repeat
    assert book.apply(asset("a", "Completed"), Source.POLL, T0 + timedelta(seconds=3))
    assert not book.apply(asset("a", "Recording"), Source.WEBHOOK, T0 + timedelta(seconds=4))  # late
    entry = book.get("a")
    assert entry is not None
    assert entry.asset.status.kind is StatusKind.COMPLETED
    assert [s.status.kind for s in entry.history] == [StatusKind.STREAMING, StatusKind.STOPPED,
                                                      StatusKind.COMPLETED]
    assert entry.source is Source.POLL


def test_listing_adds_changes_and_removes() -> None:
    book = StatusBook()
    book.apply_listing([asset("a", "Streaming"), asset("b", "Completed")], T0)
    change = book.apply_listing([asset("a", "Streaming", title="Renamed"), asset("c", "Not Started")], T0)
    assert change.added == ("c",) and change.changed == ("a",) and change.removed == ("b",)
    assert book.ids() == ["a", "c"]


def test_mark_status_after_stop_then_stale_list_does_not_revert() -> None:
    book = StatusBook()
    book.apply(asset("a", "Streaming", activities=1), Source.LIST, T0)
    assert book.mark_status("a", StreamStatus.of(StatusKind.STOPPED), Source.STOP, T0)
    # a list read that left before the stop lands afterwards
    assert not book.apply_listing([asset("a", "Streaming", activities=1)], T0).changed
    entry = book.get("a")
    assert entry is not None and entry.asset.status.kind is StatusKind.STOPPED
    assert not book.mark_status("missing", StreamStatus.of(StatusKind.STOPPED), Source.STOP, T0)


def test_identical_reading_is_not_a_change() -> None:
    book = StatusBook()
    first = asset("a", "Streaming")
    book.apply(first, Source.LIST, T0)
    assert not book.apply(dataclasses.replace(first), Source.POLL, T0)


def test_listing_keeps_streams_whose_item_could_not_be_read() -> None:
    book = StatusBook()
    book.apply_listing([asset("a", "Streaming"), asset("b", "Streaming")], T0)
    change = book.apply_listing([asset("a", "Streaming")], T0, keep=["b"])
    assert change.removed == () and book.ids() == ["a", "b"]


def test_forget_removes_a_deleted_stream_once() -> None:
    book = StatusBook()
    book.apply(asset("a", "Streaming"), Source.LIST, T0)
    assert book.forget("a").removed == ("a",)
    assert not book.forget("a") and "a" not in book
