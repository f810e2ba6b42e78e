from datetime import datetime

import pytest

from tpsdesk.domain.timefmt import format_hms, parse_activity_timestamp, parse_hms, parse_server_datetime


def test_server_datetime() -> None:
    assert parse_server_datetime("2024-04-23 16:56:48") == datetime(2024, 4, 23, 16, 56, 48)
    assert parse_server_datetime("2024-04-23T16:56") == datetime(2024, 4, 23, 16, 56)
    with pytest.raises(ValueError):
        parse_server_datetime("23/04/2024")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("September 22, 2025, 05:59 PM", datetime(2025, 9, 22, 17, 59)),
        ("September 22, 2025, 12:05 AM", datetime(2025, 9, 22, 0, 5)),
        ("Sept. 2, 2025, 12:05 p.m.", datetime(2025, 9, 2, 12, 5)),
        ("Jan 2, 2026, 9:00 am", datetime(2026, 1, 2, 9, 0)),
    ],
)
def test_activity_timestamps(text: str, expected: datetime) -> None:
    assert parse_activity_timestamp(text) == expected


@pytest.mark.parametrize("bad", ["", "Smarch 2, 2025, 05:59 PM", "September 22, 2025, 13:59 PM", "2025-09-22"])
def test_bad_activity_timestamps(bad: str) -> None:
    with pytest.raises(ValueError):
        parse_activity_timestamp(bad)


def test_hms_round_trip() -> None:
    for seconds in (0, 59, 60, 3599, 3600, 5400, 100 * 3600 + 1):
        assert parse_hms(format_hms(seconds)) == seconds
    assert format_hms(125) == "00:02:05"
    assert parse_hms("2:05") == 125
    assert parse_hms("90") == 90


@pytest.mark.parametrize("bad", ["", "1:2:3:4", "00:60:00", "aa:bb", "-1:00", "1.5"])
def test_hms_refuses(bad: str) -> None:
    with pytest.raises(ValueError):
        parse_hms(bad)
