"""The fast and cached paths of the time parsers read exactly what the general path reads."""

from __future__ import annotations

from datetime import datetime

from hypothesis import given
from hypothesis import strategies as st

from tpsdesk.domain.models import StatusKind, StreamStatus
from tpsdesk.domain.timefmt import parse_activity_timestamp, parse_server_datetime

digits = st.text("0123456789", min_size=1, max_size=1)


def outcome(text: str) -> datetime | str:
    try:
        return parse_server_datetime(text)
    except ValueError:
        return "refused"


@given(st.lists(digits, min_size=14, max_size=14), st.sampled_from([" ", "T"]))
def test_the_usual_shape_reads_like_the_general_path(d: list[str], sep: str) -> None:
    s = "".join(d)
    text = f"{s[:4]}-{s[4:6]}-{s[6:8]}{sep}{s[8:10]}:{s[10:12]}:{s[12:]}"
    assert outcome(text) == outcome(f" {text}")  # a leading space takes the general path


@given(st.text(max_size=25))
def test_any_text_is_read_the_same_twice(text: str) -> None:
    assert outcome(text) == outcome(text)  # the cache never turns a refusal into a value


def test_cached_results_are_shared_and_equal() -> None:
    a = parse_activity_timestamp("September 22, 2025, 05:59 PM")
    assert a is parse_activity_timestamp("September 22, 2025, 05:59 PM") and a == datetime(2025, 9, 22, 17, 59)


def test_a_status_spelling_is_parsed_once_and_shared() -> None:
    first = StreamStatus.parse("streaming")
    assert first is StreamStatus.parse("streaming") and first.kind is StatusKind.STREAMING and first.raw == "streaming"
    assert StreamStatus.parse(None) == StreamStatus(StatusKind.UNKNOWN, "")
