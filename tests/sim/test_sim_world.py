"""The pure state: generation, lifecycle, trim rules (no HTTP)."""

from __future__ import annotations

import time
from collections import Counter

import pytest

from tpsdesk.sim.errors import ApiError
from tpsdesk.sim.fields import FieldError, integer
from tpsdesk.sim.model import UPPER, canonical_status
from tpsdesk.sim.titles import TitleGenerator
from tpsdesk.sim.trim import BOTH_REQUIRED, MIXED_FORMATS, ORDER, parse_trim
from tpsdesk.sim.world import World

from .helpers import FakeClock, quiet_config


def test_same_seed_same_world_and_different_seed_differs() -> None:
    clock = FakeClock()
    a = World(quiet_config(seed=7, clock=clock, quirks=True))
    b = World(quiet_config(seed=7, clock=clock, quirks=True))
    c = World(quiet_config(seed=8, clock=clock, quirks=True))
    assert a.list_assets() == b.list_assets()
    assert [s.id for s in a.newest_first()] != [s.id for s in c.newest_first()]


def test_realistic_mix_of_statuses_and_fields() -> None:
    clock = FakeClock()
    world = World(quiet_config(stream_count=200, clock=clock))
    counts = Counter(s.status for s in world.newest_first())
    assert counts["Completed"] > 100
    for status in ("Streaming", "Disconnected", "Not Started", "Stopped", "Error", "Recording"):
        assert counts[status] >= 1, status
    for s in world.newest_first():
        assert len(s.id) == 11 and s.id.isalnum()
        asset = world.render(s)
        live = asset["live_stream"]
        if s.status == "Streaming":
            age = clock.now - (s.start if s.start is not None else s.streaming_since or 0)
            assert 5 * 60 - 1 <= age <= 90 * 60 + 121
            assert live["stream_key"].startswith(f"org-{world.org_short}-live-{s.id}-")
            assert live["rtmp_url"] == "rtmp://127.0.0.1/live"
        if s.status == "Not Started" and not s.server_ready:
            assert live["rtmp_url"] == "" and live["stream_key"] is None
        assert ".invalid/" in live["hls_url"] and ".invalid/" in live["chat_embed_url"]
        for act in live["activities"]:
            time.strptime(act["timestamp"], "%B %d, %Y, %I:%M %p")
        if s.status == "Completed" and asset["video"] is not None:
            assert asset["video"]["status"] == "Completed" and asset["video"]["progress"] == 100
            assert asset["video"]["playback_url"].endswith("/video.m3u8")


def test_small_lists_still_show_every_kind() -> None:
    world = World(quiet_config(stream_count=11, clock=FakeClock()))
    assert {s.status for s in world.newest_first()} == {
        "Streaming", "Completed", "Not Started", "Disconnected", "Stopped", "Error", "Recording",
    }


def test_ten_thousand_streams_are_generated_with_unique_ids() -> None:
    # How fast is the bench's business (bench/), not a timing asserted here.
    world = World(quiet_config(stream_count=10_000, quirks=True))
    assert len(world) == 10_000
    assert len({s.id for s in world.newest_first()}) == 10_000


def test_quirks_are_deterministic_and_off_when_disabled() -> None:
    clock = FakeClock()
    quirky = World(quiet_config(stream_count=300, quirks=True, clock=clock)).list_assets()
    statuses = {a["live_stream"]["status"] for a in quirky}
    assert statuses & set(UPPER.values()), "some statuses spelled STREAMING style"
    assert any("activities" not in a["live_stream"] for a in quirky)
    assert any("parent" not in a for a in quirky)
    assert any("views_count" in a for a in quirky)
    assert any(a["live_stream"]["start"] is None and a["live_stream"]["status"] != "Not Started" for a in quirky)
    clean = World(quiet_config(stream_count=300, quirks=False, clock=clock)).list_assets()
    assert {a["live_stream"]["status"] for a in clean} <= set(UPPER)
    assert all(set(a) == set(clean[0]) and set(a["live_stream"]) == set(clean[0]["live_stream"]) for a in clean)


def test_malformed_every_nth_item_in_list_pages() -> None:
    world = World(quiet_config(stream_count=30, malformed_every=5, clock=FakeClock()))
    count, items = world.page(0, 30)
    assert count == 30
    broken = [i for i, a in enumerate(items) if not (
        isinstance(a.get("title"), str) and isinstance(a.get("live_stream"), dict)
        and isinstance(a["live_stream"].get("activities"), list) and "id" in a
    )]
    assert broken == [4, 9, 14, 19, 24, 29]
    # Detail answers stay well-formed.
    assert isinstance(world.asset(world.streaming_ids()[0])["live_stream"], dict)


def test_titles_are_deterministic_and_varied() -> None:
    first = TitleGenerator(3).many(50)
    assert first == TitleGenerator(3).many(50)
    assert len(set(first)) > 40
    assert all(5 < len(t) < 120 for t in first)


def test_status_spellings() -> None:
    assert canonical_status("NOT_STARTED") == "Not Started"
    assert canonical_status("Streaming") == "Streaming"
    with pytest.raises(ValueError):
        canonical_status("Live")


@pytest.mark.parametrize(("value", "expected"), [
    (30, 30), ("30", 30), (30.0, 30), ("30.0", 30), (" 7 ", 7), (0, 0),
])
def test_integer_field_accepts_like_drf(value: object, expected: int) -> None:
    assert integer(value, min_value=0) == expected


@pytest.mark.parametrize(("value", "message"), [
    (True, "A valid integer is required."), (False, "A valid integer is required."),
    (30.5, "A valid integer is required."), ("abc", "A valid integer is required."),
    ("", "A valid integer is required."), ([1], "A valid integer is required."),
    (None, "This field may not be null."), (-1, "Ensure this value is greater than or equal to 0."),
    ("-5", "Ensure this value is greater than or equal to 0."),
])
def test_integer_field_rejects_like_drf(value: object, message: str) -> None:
    with pytest.raises(FieldError, match=message.replace(".", r"\.")):
        integer(value, min_value=0)


def _trim(data: dict[str, object], start: int = 1000, now: int = 1600) -> object:
    return parse_trim(dict(data), recording_start=start, now=now)


def test_trim_rules() -> None:
    assert _trim({}) is None
    t = _trim({"start_time": 30, "end_time": 600})
    assert (t.start_s, t.end_s, t.epoch_format) == (30, 600, False)  # type: ignore[attr-defined]
    e = _trim({"start_time": 1_000_000_010, "end_time": 1_000_000_100}, start=1_000_000_000, now=1_000_000_500)
    assert (e.start_s, e.end_s, e.epoch_format) == (10, 100, True)  # type: ignore[attr-defined]
    cases: list[tuple[dict[str, object], dict[str, list[str]]]] = [
        ({"start_time": 30}, {"non_field_errors": [BOTH_REQUIRED]}),
        ({"end_time": 30}, {"non_field_errors": [BOTH_REQUIRED]}),
        ({"start_time": 60, "end_time": 60}, {"non_field_errors": [ORDER]}),
        ({"start_time": 30, "end_time": 1_700_000_000}, {"non_field_errors": [MIXED_FORMATS]}),
    ]
    for data, body in cases:
        with pytest.raises(ApiError) as err:
            _trim(data)
        assert (err.value.status, err.value.body) == (400, body), data
    with pytest.raises(ApiError) as err:
        _trim({"start_time": 0, "end_time": 601})
    assert "600 seconds" in err.value.body["end_time"][0]
    with pytest.raises(ApiError) as err:  # field errors are all reported, cross-field rules skipped
        _trim({"start_time": True, "end_time": -3})
    assert set(err.value.body) == {"start_time", "end_time"}


def test_epoch_trim_bounds() -> None:
    with pytest.raises(ApiError) as err:
        _trim({"start_time": 1_000_000_000, "end_time": 1_000_000_100}, start=1_000_000_050, now=1_000_000_500)
    assert list(err.value.body) == ["start_time"]
    with pytest.raises(ApiError) as err:
        _trim({"start_time": 1_000_000_100, "end_time": 1_000_000_600}, start=1_000_000_050, now=1_000_000_500)
    assert list(err.value.body) == ["end_time"]


def test_lifecycle_steps_and_clock_events() -> None:
    clock = FakeClock()
    world = World(quiet_config(clock=clock, stop_to_recording_s=2, recording_to_completed_s=4))
    sid = world.streaming_ids()[0]
    changes: list[str] = []
    world.listeners.append(lambda s: changes.append(s.status) if s.id == sid else None)
    assert world.stop(sid, {}) == {"message": "Live stream stopped successfully", "trim_scheduled": False}
    assert world.tick(clock.now + 1.9) == 0
    clock.advance(2)
    assert world.tick() == 1 and world.get(sid).status == "Recording"
    clock.advance(2)
    video = world.asset(sid)["video"]
    assert video["status"] == "Transcoding" and 40 <= video["progress"] <= 60
    clock.advance(2)
    world.tick()
    assert world.get(sid).status == "Completed"
    assert changes == ["Stopped", "Recording", "Completed"]
    with pytest.raises(ValueError):
        world.advance(sid)


def test_set_status_records_activities_and_advance_steps() -> None:
    clock = FakeClock()
    world = World(quiet_config(clock=clock))
    sid = world.streaming_ids()[0]
    before = len(world.get(sid).activities)
    world.set_status(sid, "DISCONNECTED")
    world.set_status(sid, "Streaming")
    acts = [a for a, _ in world.get(sid).activities[before:]]
    assert acts == ["On Publish Done", "On Publish"]
    world.set_status(sid, "Stopped")
    assert world.get(sid).activities[-1][0] == "Stopped"
    assert world.advance(sid) == "Recording"
    assert world.advance(sid) == "Completed"
    with pytest.raises(ApiError) as err:
        world.stop(sid, {})
    assert err.value.body == {"detail": "Live stream is not running."}


def test_elapsed_of_is_what_a_stop_would_count() -> None:
    clock = FakeClock()
    world = World(quiet_config(clock=clock))
    sid = world.streaming_ids()[0]
    s = world.get(sid)
    start = s.start if s.start is not None else s.streaming_since
    assert world.elapsed_of(sid) == int(clock.now) - (start or 0)
    world.stop(sid, {})
    assert world.elapsed_of(sid) is None


def test_random_disconnects_flip_streams_with_activities() -> None:
    clock = FakeClock()
    world = World(quiet_config(clock=clock, random_disconnects=True, disconnect_mean_s=5.0))
    live = set(world.streaming_ids())
    for _ in range(40):
        clock.advance(1)
        world.tick()
    flipped = [sid for sid in live if any(a == "On Publish Done" for a, _ in world.get(sid).activities)]
    assert flipped
