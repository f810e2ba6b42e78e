from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tpsdesk.domain.trim import (
    LIVE_EDGE_MARGIN_S,
    Trim,
    TrimError,
    TrimUnit,
    plan_stop_trim,
    read_elapsed,
    start_epoch,
    to_epoch,
    unit_of,
    validate_trim,
)

KOLKATA = ZoneInfo("Asia/Kolkata")


def test_seed_example_is_valid_and_sent_as_is() -> None:
    trim = validate_trim(30, 120, duration=300)
    assert trim == Trim(30, 120)
    assert trim.as_body() == {"start_time": 30, "end_time": 120}


def test_neither_means_no_trim() -> None:
    assert validate_trim(None, None, duration=300) is None


@pytest.mark.parametrize(
    ("start", "end", "reason"),
    [
        (30, None, "both"),
        (None, 120, "both"),
        (-1, 120, "negative"),
        (30, -5, "negative"),
        (30.5, 120, "whole number"),
        ("30", 120, "whole number"),
        (True, 120, "whole number"),
        (120, 120, "before its end"),
        (150, 120, "before its end"),
        (30, 301, "past the recording"),
    ],
)
def test_documented_rules_refuse_with_reason(start: object, end: object, reason: str) -> None:
    with pytest.raises(TrimError, match=reason):
        validate_trim(start, end, duration=300)


def test_end_equal_to_duration_is_allowed() -> None:
    assert validate_trim(0, 300, duration=300) == Trim(0, 300)


def test_unknown_duration_refuses_a_trim() -> None:
    with pytest.raises(TrimError, match="unknown"):
        validate_trim(1, 2, duration=None)


def test_mixed_units_are_refused() -> None:
    with pytest.raises(TrimError, match="different formats"):
        unit_of(30, 1_700_000_000)
    assert unit_of(1_700_000_000, 1_700_000_100) is TrimUnit.EPOCH


def test_epoch_trims_are_checked_against_the_recording_window() -> None:
    begin = 1_700_000_000
    trim = validate_trim(begin + 30, begin + 120, duration=300, recording_start_epoch=begin)
    assert trim == Trim(begin + 30, begin + 120, TrimUnit.EPOCH)
    with pytest.raises(TrimError, match="before the recording"):
        validate_trim(begin - 5, begin + 120, duration=300, recording_start_epoch=begin)
    with pytest.raises(TrimError, match="past the end"):
        validate_trim(begin + 5, begin + 301, duration=300, recording_start_epoch=begin)
    assert to_epoch(Trim(30, 120), begin) == Trim(begin + 30, begin + 120, TrimUnit.EPOCH)


def test_plan_plain_range() -> None:
    plan = plan_stop_trim(30, 120, 600)
    assert plan.trim == Trim(30, 120)


def test_plan_disabled_sends_nothing() -> None:
    assert plan_stop_trim(30, 120, 600, enabled=False).trim is None


def test_plan_whole_range_at_live_edge_is_no_trim() -> None:
    assert plan_stop_trim(0, 600, 600).trim is None


def test_plan_end_at_live_edge_keeps_a_margin() -> None:
    plan = plan_stop_trim(60, 599, 600)
    assert plan.trim == Trim(60, 600 - LIVE_EDGE_MARGIN_S)
    assert "live edge" in plan.note


def test_plan_start_too_close_to_live_edge_is_refused() -> None:
    with pytest.raises(TrimError, match="live edge"):
        plan_stop_trim(590, 600, 600)


def test_elapsed_reads_start_in_server_zone() -> None:
    start = datetime(2026, 11, 27, 10, 0, 0)  # 10:00 in Kolkata = 04:30 UTC
    now = datetime(2026, 11, 27, 4, 35, 0, tzinfo=UTC)
    reading = read_elapsed(start, KOLKATA, now)
    assert reading.usable and reading.seconds == 300
    utc_reading = read_elapsed(start, ZoneInfo("UTC"), now)
    assert not utc_reading.usable and "future" in (utc_reading.problem or "")
    assert "UTC" in (utc_reading.problem or "")


def test_elapsed_absurdly_long_is_flagged() -> None:
    start = datetime(2026, 11, 20, 10, 0, 0)
    reading = read_elapsed(start, KOLKATA, datetime(2026, 11, 27, tzinfo=UTC))
    assert not reading.usable and "more than a day" in (reading.problem or "")


def test_elapsed_small_skew_is_clamped_to_zero() -> None:
    start = datetime(2026, 11, 27, 10, 0, 30)
    reading = read_elapsed(start, KOLKATA, datetime(2026, 11, 27, 4, 30, 0, tzinfo=UTC))
    assert reading.usable and reading.seconds == 0


def test_elapsed_without_start() -> None:
    assert not read_elapsed(None, KOLKATA, datetime.now(UTC)).usable


def test_start_epoch_uses_zone() -> None:
    start = datetime(2026, 1, 1, 5, 30, 0)
    assert start_epoch(start, KOLKATA) == int(datetime(2026, 1, 1, tzinfo=UTC).timestamp())
    assert start_epoch(start, ZoneInfo("UTC")) - start_epoch(start, KOLKATA) == timedelta(
        hours=5, minutes=30).total_seconds()


def test_plan_end_anywhere_inside_the_margin_is_sent_at_the_margin() -> None:
    # No jump as the handle moves near the edge: 997, 998 and 975 all send 970.
    for end_handle in (975, 997, 998, 1000):
        assert plan_stop_trim(30, end_handle, 1000).trim == Trim(30, 1000 - LIVE_EDGE_MARGIN_S)
    assert plan_stop_trim(30, 970, 1000).trim == Trim(30, 970)
    assert plan_stop_trim(0, 990, 1000).trim == Trim(0, 970)  # start at 0 but end not at the edge


def test_plan_short_stream_explicit_end_is_clamped_with_a_note() -> None:
    plan = plan_stop_trim(30, 120, 121)
    assert plan.trim == Trim(30, 91) and "live edge" in plan.note
