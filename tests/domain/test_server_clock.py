"""Clock skew from HTTP Date headers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from tpsdesk.domain.server_clock import ServerClock, parse_http_date

LOCAL = datetime(2025, 10, 9, 8, 53, 20, tzinfo=UTC)


def test_skew_is_the_median_of_recent_answers() -> None:
    clock = ServerClock()
    assert clock.skew_s is None and not clock.notable
    assert clock.server_now(LOCAL) == LOCAL
    clock.note("Thu, 09 Oct 2025 08:55:20 GMT", LOCAL)  # server 120 s ahead
    assert clock.skew_s == 120.5 and clock.notable
    clock.note("Thu, 09 Oct 2025 08:55:20 GMT", LOCAL + timedelta(seconds=1))
    clock.note("Thu, 09 Oct 2025 09:55:20 GMT", LOCAL)  # one wild answer does not swing it
    assert clock.skew_s == 120.5
    assert clock.server_now(LOCAL) == LOCAL + timedelta(seconds=120.5)
    assert "ahead of" in clock.describe()


def test_a_small_skew_is_not_notable_and_bad_headers_are_ignored() -> None:
    clock = ServerClock()
    clock.note("Thu, 09 Oct 2025 08:53:22 GMT", LOCAL)
    assert clock.skew_s == 2.5 and not clock.notable
    for bad in (None, "", "yesterday", "Thu, 99 Oct 2025 08:53:22 GMT"):
        clock.note(bad, LOCAL)
    assert clock.skew_s == 2.5
    assert clock.last_server_date == datetime(2025, 10, 9, 8, 53, 22, tzinfo=UTC)


@given(st.text(max_size=80))
def test_fuzz_http_dates_never_raise(text: str) -> None:
    when = parse_http_date(text)
    assert when is None or when.utcoffset() == timedelta(0)


def test_the_corrected_clock_is_this_computers_plus_the_measured_skew() -> None:
    from datetime import UTC, datetime, timedelta

    local_now = [datetime(2026, 11, 30, 1, 0, 0, tzinfo=UTC)]
    clock = ServerClock()
    corrected = clock.corrected(lambda: local_now[0])
    assert corrected() == local_now[0]  # not measured yet: unchanged
    clock.note_date(local_now[0] - timedelta(seconds=120), local_now[0])  # this computer 120 s ahead
    assert corrected() == local_now[0] - timedelta(seconds=119.5)  # a Date is the middle of its second
    local_now[0] += timedelta(seconds=10)
    assert corrected() == local_now[0] - timedelta(seconds=119.5)  # it runs with this computer's clock
