"""build_timeline / suggest_trim: activities placed relative to the stream start."""

from __future__ import annotations

from datetime import datetime, timedelta

from tpsdesk.domain.models import Activity
from tpsdesk.domain.timeline import (
    SegmentKind,
    Timeline,
    TimelineMarker,
    TimelineSegment,
    build_timeline,
    suggest_trim,
)

START = datetime(2025, 9, 22, 17, 55, 0)
PUB, DONE = SegmentKind.PUBLISHING, SegmentKind.DROPPED


def act(status: str, minutes: float | None) -> Activity:
    when = None if minutes is None else START + timedelta(minutes=minutes)
    return Activity(status, when, "" if when is None else when.strftime("%B %d, %Y, %I:%M %p"))


def test_docs_example_publish_done_stop() -> None:
    acts = [act("On Publish", 4), act("On Publish Done", 11), act("Stopped", 22)]
    tl = build_timeline(acts, START, 1800)
    assert tl.segments == (
        TimelineSegment(0, 240, SegmentKind.WAITING),
        TimelineSegment(240, 660, PUB),
        TimelineSegment(660, 1320, DONE),
    )
    assert tl.markers == (TimelineMarker(1320, "Stopped"),)


def test_publish_without_done_is_open_to_the_live_edge() -> None:
    tl = build_timeline([act("On Publish", 0)], START, 600)
    assert tl.segments == (TimelineSegment(0, None, PUB),)
    assert tl.segments[0].end_or(900) == 900


def test_drop_and_reconnect_unsorted_and_webhook_spelling() -> None:
    acts = [act("ON_PUBLISH", 41 + 1.5), act("On Publish Done", 41), act("on publish", 4)]
    tl = build_timeline(acts, START, 5400)
    assert [(s.start_s, s.end_s, s.kind) for s in tl.segments] == [
        (0, 240, SegmentKind.WAITING),
        (240, 2460, PUB),
        (2460, 2550, DONE),
        (2550, None, PUB),
    ]


def test_same_minute_drop_and_reconnect_keeps_publishing_whatever_the_order() -> None:
    for acts in (
        [act("On Publish", 1), act("On Publish Done", 5), act("On Publish", 5)],
        [act("On Publish", 5), act("On Publish Done", 5), act("On Publish", 1)],
    ):
        tl = build_timeline(acts, START, 600)
        assert [s.kind for s in tl.segments] == [SegmentKind.WAITING, PUB]


def test_unknown_status_kept_as_marker_and_missing_timestamp_skipped() -> None:
    acts = [act("On Publish", 1), act("Recording", 3), act("On Publish Done", None), act("", 4)]
    tl = build_timeline(acts, START, 600)
    assert tl.markers == (TimelineMarker(180, "Recording"), TimelineMarker(240, "(no status)"))
    assert tl.skipped == 1
    assert tl.segments[-1] == TimelineSegment(60, None, PUB)


def test_clamped_to_zero_and_elapsed() -> None:
    acts = [act("On Publish", -3), act("On Publish Done", 90), act("Stopped", 120)]
    tl = build_timeline(acts, START, 600)
    assert tl.segments == (TimelineSegment(0, 600, PUB),)
    assert tl.markers == (TimelineMarker(600, "Stopped"),)
    assert all(0 <= m.at_s <= 600 for m in tl.markers)


def test_repeated_events_become_markers_and_events_after_stop_too() -> None:
    acts = [
        act("On Publish Done", 1),
        act("On Publish", 2),
        act("On Publish", 3),
        act("Stopped", 4),
        act("On Publish", 5),
    ]
    tl = build_timeline(acts, START, 600)
    assert tl.segments == (
        TimelineSegment(0, 120, SegmentKind.WAITING),
        TimelineSegment(120, 240, PUB),
    )
    assert [m.label for m in tl.markers] == ["On Publish Done", "On Publish", "Stopped", "On Publish"]


def test_empty_inputs() -> None:
    assert build_timeline(None, START, 100) == Timeline(100)
    assert build_timeline([], START, 100).is_empty
    assert build_timeline([act("On Publish", 1)], None, 100).is_empty
    assert build_timeline([act("Stopped", 1)], START, -5).elapsed == 0
    assert build_timeline([act("Recording", 1)], START, 100).segments == ()


def test_suggest_trim_first_publish_to_last_end_with_margin() -> None:
    acts = [act("On Publish", 4), act("On Publish Done", 41), act("On Publish", 42.5),
            act("On Publish Done", 80), act("Stopped", 85)]
    tl = build_timeline(acts, START, 5400)
    assert suggest_trim(tl, margin_s=0) == (240, 4800)
    assert suggest_trim(tl) == (180, 4860)


def test_suggest_trim_open_publish_ends_at_live_edge_and_none_cases() -> None:
    tl = build_timeline([act("On Publish", 0)], START, 300)
    assert suggest_trim(tl) == (0, 300)
    assert suggest_trim(None) is None
    assert suggest_trim(Timeline(300)) is None
    assert suggest_trim(build_timeline([act("Stopped", 2)], START, 300)) is None
    assert suggest_trim(Timeline(0, (TimelineSegment(0, None, PUB),))) is None


def test_describe_texts() -> None:
    assert TimelineSegment(60, None, PUB).describe() == "Encoder publishing: about 00:01:00 – now"
    assert TimelineMarker(90, "Stopped").describe() == "Stopped at about 00:01:30"
