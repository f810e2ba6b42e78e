"""One zone everywhere, labelled; the machine's on hover."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from tpsdesk.domain.timedisplay import (
    localise,
    on_this_computer,
    show_age,
    show_clock,
    show_datetime,
    zone_label,
)

KOLKATA = ZoneInfo("Asia/Kolkata")
PARIS = ZoneInfo("Europe/Paris")
MOMENT = datetime(2026, 11, 30, 8, 32, 10, tzinfo=UTC)


def test_moments_are_shown_in_the_server_zone_with_its_label() -> None:
    assert show_clock(MOMENT, KOLKATA) == "14:02:10 IST"
    assert show_datetime(MOMENT, KOLKATA) == "2026-11-30 14:02:10 IST"
    assert show_clock(MOMENT, PARIS, seconds=False) == "09:32 CET"
    assert show_clock(datetime(2026, 7, 1, 8, tzinfo=UTC), PARIS) == "10:00:00 CEST"


def test_zones_without_an_abbreviation_show_their_name() -> None:
    assert zone_label(ZoneInfo("Asia/Dubai"), MOMENT) == "UTC+04"  # tzdata writes "+04"
    assert zone_label(ZoneInfo("Etc/GMT-9"), MOMENT) == "UTC+09"
    assert zone_label(timezone(timedelta(hours=3)), MOMENT) == "UTC+03:00"


def test_the_machine_zone_is_the_hover_text() -> None:
    assert on_this_computer(MOMENT, PARIS) == "2026-11-30 09:32:10 CET on this computer"
    assert on_this_computer(MOMENT, UTC, with_date=False) == "08:32:10 UTC on this computer"


def test_naive_server_times_are_read_in_the_server_zone() -> None:
    assert localise(datetime(2026, 11, 30, 14, 2, 10), KOLKATA) == MOMENT


def test_ages_are_short_and_rounded_down() -> None:
    assert [show_age(s) for s in (-4, 0, 59, 60, 185, 3600, 3_725, 90_000)] == [
        "0 s", "0 s", "59 s", "1 min", "3 min", "1 h 00 min", "1 h 02 min", "1 d"]


@given(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)))
def test_every_moment_is_labelled_and_round_trips(moment: datetime) -> None:
    text = show_datetime(moment, KOLKATA)
    assert text.endswith(" IST")
    shown = datetime.strptime(text[:-4], "%Y-%m-%d %H:%M:%S").replace(tzinfo=KOLKATA)
    assert shown == moment.replace(microsecond=0)
