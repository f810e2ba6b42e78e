"""Inferring the server's real UTC offset from its clock and its stamps (pure, fuzzed)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import example, given
from hypothesis import strategies as st

from tpsdesk.domain.zone_evidence import (
    Bounds,
    Sighting,
    gather,
    judge,
    show_offset,
    zone_for_offset,
)

NOW = datetime(2026, 11, 30, 8, 30, 17, tzinfo=UTC)
KOLKATA = ZoneInfo("Asia/Kolkata")
IST = timedelta(hours=5, minutes=30)


def naive(moment: datetime, offset: timedelta, *, minute: bool = False) -> datetime:
    local = (moment.astimezone(UTC) + offset).replace(tzinfo=None, microsecond=0)
    return local.replace(second=0) if minute else local


def fresh(began: datetime, offset: timedelta, seen_off: datetime, seen_on: datetime) -> Sighting:
    """A stream seen not publishing at ``seen_off``, then publishing (since ``began``) at ``seen_on``."""
    return Sighting(server_now=seen_on, start=naive(began, offset), published=naive(began, offset, minute=True),
                    not_publishing_at=seen_off)


def test_a_server_five_hours_behind_the_configured_zone_is_named() -> None:
    new_york = timedelta(hours=-5)
    began = NOW - timedelta(minutes=5)  # the 5-minute class shown as 10:35:08
    bounds = gather([fresh(began, new_york, began - timedelta(seconds=20), NOW)])
    verdict = judge(bounds, KOLKATA, NOW)
    assert not verdict.agrees
    assert verdict.suggested == new_york
    assert "UTC−05:00" in verdict.message and "Asia/Kolkata (UTC+05:30)" in verdict.message
    assert zone_for_offset(new_york) == "Etc/GMT+5"
    assert ZoneInfo(zone_for_offset(new_york) or "").utcoffset(NOW.replace(tzinfo=None)) == new_york


def test_the_right_zone_agrees_and_old_streams_alone_say_little() -> None:
    began = NOW - timedelta(hours=2)
    right = gather([fresh(began, IST, began - timedelta(seconds=20), began + timedelta(seconds=30))])
    assert judge(right, KOLKATA, NOW).agrees
    # A stream live for an hour, never seen starting: only "not in the future"; both zones fit.
    old = gather([Sighting(NOW, start=naive(NOW - timedelta(hours=1), timedelta(hours=-5)),
                           published=naive(NOW - timedelta(hours=1), timedelta(hours=-5), minute=True))])
    assert judge(old, KOLKATA, NOW).agrees


def test_a_server_ahead_shows_by_starts_in_the_future() -> None:
    tokyo = timedelta(hours=9)
    bounds = gather([Sighting(NOW, start=naive(NOW - timedelta(minutes=3), tokyo),
                              published=naive(NOW - timedelta(minutes=3), tokyo, minute=True))])
    verdict = judge(bounds, KOLKATA, NOW)
    assert not verdict.agrees and verdict.suggested is None
    assert "ahead" in verdict.message


def test_a_stated_offset_settles_it_and_contradictions_are_ignored() -> None:
    assert judge(gather([], [timedelta(hours=1)]), KOLKATA, NOW).suggested == timedelta(hours=1)
    assert judge(Bounds(timedelta(hours=3), timedelta(hours=1)), KOLKATA, NOW).agrees


def test_offsets_are_shown_plainly() -> None:
    assert [show_offset(timedelta(minutes=m)) for m in (330, -300, 0, 345)] == [
        "UTC+05:30", "UTC−05:00", "UTC", "UTC+05:45"]
    assert zone_for_offset(IST) == "Asia/Kolkata" and zone_for_offset(timedelta(hours=9)) == "Etc/GMT-9"
    assert zone_for_offset(timedelta(minutes=7)) is None


quarter_offsets = st.integers(min_value=-12 * 4, max_value=14 * 4).map(lambda q: timedelta(minutes=15 * q))
moments = st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2035, 1, 1), timezones=st.just(UTC))


@st.composite
def sightings(draw: st.DrawFn, offset: timedelta) -> Sighting:
    now = draw(moments)
    live_for = timedelta(seconds=draw(st.integers(min_value=0, max_value=12 * 3600)))
    began = now - live_for
    early = timedelta(seconds=draw(st.integers(min_value=0, max_value=25 * 60)))  # went live before start
    seen_off = None
    if draw(st.booleans()):
        seen_off = began - timedelta(seconds=draw(st.integers(min_value=0, max_value=3600)))
    return Sighting(server_now=now, start=naive(began + early, offset),
                    published=naive(began, offset, minute=True), not_publishing_at=seen_off)


@given(st.data(), quarter_offsets)
def test_the_true_offset_is_always_inside_the_bounds(data: st.DataObject, offset: timedelta) -> None:
    seen = data.draw(st.lists(sightings(offset), max_size=6))
    bounds = gather(seen)
    assert bounds.low <= offset <= bounds.high
    assert offset in bounds.candidates()


@given(quarter_offsets, quarter_offsets, moments, st.integers(min_value=0, max_value=9 * 60))
# Daylight-saving edges of the zones named for odd offsets (found by hypothesis): St John's, Tehran.
@example(timedelta(minutes=-150), timedelta(minutes=-210), datetime(2028, 3, 12, 5, 30, tzinfo=UTC), 0)
@example(timedelta(minutes=-210), timedelta(minutes=-210), datetime(2028, 3, 12, 5, 29, tzinfo=UTC), 0)
@example(timedelta(minutes=210), timedelta(minutes=210), datetime(2020, 3, 21, 0, 0, tzinfo=UTC), 0)
def test_one_fresh_start_names_the_offset_and_catches_any_other(
        true: timedelta, configured: timedelta, began: datetime, window_s: int) -> None:
    seen = fresh(began, true, began - timedelta(seconds=window_s), began + timedelta(seconds=5))
    bounds = gather([seen])
    assert bounds.candidates() == [true]
    zone = ZoneInfo(zone_for_offset(configured) or "UTC") if zone_for_offset(configured) else None
    if zone is not None:
        verdict = judge(bounds, zone, began)
        # The zone named for an odd offset may have kept daylight saving in past years (Asia/Tehran
        # until 2022): what counts is the zone's offset at that moment.
        assert verdict.agrees == (began.astimezone(zone).utcoffset() == true)
        assert verdict.agrees or verdict.suggested == true
