"""A delivery's shape is checked strictly before anything reaches the store (issue 10)."""

from __future__ import annotations

import contextlib
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.support.deliveries import payload
from tpsdesk.domain.models import StatusKind
from tpsdesk.receiver import DeliveryError, parse_delivery
from tpsdesk.receiver.core import MAX_JSON_DEPTH


def with_live(**live: Any) -> dict[str, Any]:
    data = payload("a1", "Streaming")
    data["live_stream"] = {**data["live_stream"], **live}
    return data


def encode(data: object) -> bytes:
    return json.dumps(data).encode()


MALFORMED: list[tuple[str, object]] = [
    ("live_stream is empty (no status)", {**payload(), "live_stream": {}}),
    ("status is a number", with_live(status=5)),
    ("status is null", with_live(status=None)),
    ("status is blank", with_live(status="   ")),
    ("status is a list", with_live(status=["Streaming"])),
    ("status is an object", with_live(status={"a": 1})),
    ("status is a boolean", with_live(status=True)),
    ("id is missing", {k: v for k, v in payload().items() if k != "id"}),
    ("id is a number", {**payload(), "id": 12}),
    ("id is a boolean", {**payload(), "id": True}),
    ("id is an object", {**payload(), "id": {"x": 1}}),
    ("id is empty", {**payload(), "id": ""}),
    ("id is absurdly long", {**payload(), "id": "x" * 1000}),
    ("live_stream is a list", {**payload(), "live_stream": []}),
    ("live_stream is text", {**payload(), "live_stream": "Streaming"}),
    ("live_stream is null", {**payload(), "live_stream": None}),
    ("activities is an object", with_live(activities={"status": "x"})),
    ("activities is text", with_live(activities="On Publish")),
    ("an activity is a number", with_live(activities=[1])),
    ("an activity's status is a number", with_live(activities=[{"status": 3, "timestamp": ""}])),
    ("video is a list", {**payload(), "video": []}),
    ("video is text", {**payload(), "video": "ready"}),
    ("video's playback_url is an object", {**payload(), "video": {"playback_url": {"u": 1}}}),
    ("title is a number", {**payload(), "title": 7}),
    ("the body is a list", [payload()]),
    ("the body is a string", "Streaming"),
]


@pytest.mark.parametrize(("why", "data"), MALFORMED, ids=[why for why, _ in MALFORMED])
def test_a_delivery_of_the_wrong_shape_is_refused(why: str, data: object) -> None:
    with pytest.raises(DeliveryError):
        parse_delivery(encode(data))


def test_an_unknown_string_status_stays_visible_as_it_came() -> None:
    asset = parse_delivery(encode(with_live(status="Paused By Ops")))
    assert asset.status.kind is StatusKind.UNKNOWN and asset.status.label == "Paused By Ops"


def test_what_the_contract_allows_is_accepted() -> None:
    ok = parse_delivery(encode({**with_live(activities=None), "video": None}))
    assert ok.live_stream is not None and ok.live_stream.activities is None
    video = {"status": "Completed", "playback_url": "https://x/y.m3u8", "duration": 30, "thumbnails": []}
    assert parse_delivery(encode({**payload(status="COMPLETED"), "video": video})).video is not None
    unknown_fields = {**payload(), "new_field": {"deep": [1, 2]}, "parent": None}
    assert parse_delivery(encode(unknown_fields)).id == "a1"


@pytest.mark.parametrize("levels", [MAX_JSON_DEPTH + 1, 1000, 100_000])
def test_deep_nesting_is_refused_before_parsing(levels: int) -> None:
    raw = b"[" * levels + b"]" * levels  # 100,000 levels: 200 KB, under the size cap
    with pytest.raises(DeliveryError, match="deep"):
        parse_delivery(raw)
    nested = b'{"id": "a1", "x": ' + b'{"a": ' * levels + b"1" + b"}" * levels + b"}"
    with pytest.raises(DeliveryError, match="deep"):
        parse_delivery(nested, max_size=len(nested))


def test_brackets_inside_strings_do_not_count_as_depth() -> None:
    data = payload()
    data["title"] = "[" * 5000 + '\\"{' * 100
    assert parse_delivery(encode(data)).title.startswith("[[[")


def test_a_body_past_the_size_cap_is_refused_unparsed() -> None:
    with pytest.raises(DeliveryError, match="large"):
        parse_delivery(b" " * 10 + encode(payload()), max_size=20)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=20,
)
fields = st.fixed_dictionaries({}, optional={
    "id": json_values | st.text(min_size=1, max_size=30),
    "title": json_values,
    "video": json_values,
    "live_stream": json_values | st.fixed_dictionaries({}, optional={
        "status": json_values | st.sampled_from(["Streaming", "COMPLETED", "Odd"]),
        "activities": json_values, "start": json_values}),
})


@settings(max_examples=150, deadline=None)
@given(fields)
def test_fuzz_a_delivery_either_parses_to_a_status_or_is_refused(data: dict[str, Any]) -> None:
    try:
        asset = parse_delivery(encode(data))
    except DeliveryError:
        return
    # Whatever got through has the shape the store relies on.
    assert isinstance(data.get("id"), str) and asset.id == data["id"]
    live = data["live_stream"]
    assert isinstance(live, dict) and isinstance(live.get("status"), str) and live["status"].strip()
    assert asset.status.raw == live["status"]


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=300))
def test_fuzz_any_bytes_parse_or_are_refused_never_anything_else(raw: bytes) -> None:
    with contextlib.suppress(DeliveryError):
        parse_delivery(raw)
