"""The in-window notices' bookkeeping (pure): repeats merge, outcomes outrank flaps, nothing
is dropped without a word (issue 10 follow-up: three flaps pushed out "Recording ready")."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tpsdesk.ui.notice_book import NoticeBook
from tpsdesk.ui.notifier import Notice, NoticeKind

T0 = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)


def at(seconds: int) -> datetime:
    return T0 + timedelta(seconds=seconds)


def ready(asset_id: str) -> Notice:
    return Notice(asset_id, NoticeKind.COMPLETED, NoticeKind.COMPLETED.value, f"{asset_id} is ready.")


def flap(asset_id: str, n: int = 0) -> Notice:
    return Notice(asset_id, NoticeKind.DISCONNECTED, NoticeKind.DISCONNECTED.value, f"{asset_id} lost it ({n}).")


def test_three_flaps_never_push_out_a_recording_ready() -> None:
    book = NoticeBook(max_shown=3)
    book.add(ready("A"), at(0))
    for i, stream in enumerate(["B", "C", "D"], start=1):
        book.add(flap(stream), at(i))
    shown = book.shown()
    assert [e.asset_id for e in shown] == ["D", "C", "A"]  # newest first; the outcome kept, a flap folded
    assert book.hidden_count() == 1 and len(book.entries()) == 4  # "+1 older", not dropped


def test_repeats_for_the_same_stream_and_kind_merge_with_a_count_and_the_latest_time() -> None:
    book = NoticeBook(max_shown=3)
    book.add(ready("A"), at(0))
    for i in range(3):
        book.add(flap("B", i), at(10 + i))
    (latest, first) = book.shown()
    assert (latest.asset_id, latest.count, latest.last_at, latest.first_at) == ("B", 3, at(12), at(10))
    assert latest.notice.message == "B lost it (2)."  # the latest words
    assert first.asset_id == "A" and first.count == 1
    assert book.hidden_count() == 0


def test_expanded_shows_everything_newest_first() -> None:
    book = NoticeBook(max_shown=2)
    for i, stream in enumerate("ABCDE"):
        book.add(flap(stream), at(i))
    assert book.hidden_count() == 3
    book.expanded = True
    assert [e.asset_id for e in book.shown()] == list("EDCBA") and book.hidden_count() == 0


def test_dismissing_brings_a_hidden_one_back_and_clear_empties() -> None:
    book = NoticeBook(max_shown=2)
    for i, stream in enumerate("ABC"):
        book.add(flap(stream), at(i))
    newest = book.shown()[0]
    book.dismiss(newest)
    assert [e.asset_id for e in book.shown()] == ["B", "A"] and book.hidden_count() == 0
    book.clear()
    assert book.shown() == [] and book.entries() == []


def test_the_book_is_bounded_and_sheds_flaps_before_outcomes() -> None:
    book = NoticeBook(max_shown=3, max_kept=5)
    book.add(ready("A"), at(0))
    for i in range(10):
        book.add(flap(f"S{i}"), at(1 + i))
    kept = book.entries()
    assert len(kept) == 5 and any(e.asset_id == "A" for e in kept)
    assert book.shed_count == 6  # said, not silent ("6 older notices were let go")
