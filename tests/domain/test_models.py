"""Parsing survives every quirk the contract lists."""

import json
from datetime import datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tpsdesk.domain.models import (
    AssetPageReader,
    PayloadError,
    StatusKind,
    StreamStatus,
    parse_asset,
    parse_asset_page,
    parse_stop_result,
)

CONTRACT_ASSET: dict[str, Any] = {
    "id": "4PtERT9d9uK", "title": "Data science Live class", "type": "livestream",
    "bytes": None, "parent": None, "parent_id": None, "video": None,
    "live_stream": {
        "status": "Streaming", "start": "2024-04-23 16:56:48",
        "rtmp_url": "rtmp://127.0.0.1/live", "stream_key": "org-x-live-4PtERT9d9uK-jKP4",
        "hls_url": "https://example.invalid/live/video.m3u8", "transcode_recorded_video": True,
        "enable_drm_for_recording": True, "chat_embed_url": "https://example.invalid/live-chat/4PtERT9d9uK/",
        "resolutions": ["240p", "480p", "720p"], "enable_drm": True, "enable_llhls": False,
        "latency": "Low Latency",
        "activities": [
            {"status": "On Publish", "timestamp": "September 22, 2025, 05:59 PM"},
            {"status": "On Publish Done", "timestamp": "September 22, 2025, 06:06 PM"},
            {"status": "Stopped", "timestamp": "September 22, 2025, 06:17 PM"},
        ],
    },
}


def variant(**live_changes: Any) -> dict[str, Any]:
    data = json.loads(json.dumps(CONTRACT_ASSET))
    for key, value in live_changes.items():
        if value is ...:
            data["live_stream"].pop(key, None)
        else:
            data["live_stream"][key] = value
    return data


def test_contract_example() -> None:
    asset = parse_asset(CONTRACT_ASSET)
    assert asset.id == "4PtERT9d9uK"
    assert asset.status.kind is StatusKind.STREAMING
    live = asset.live_stream
    assert live is not None
    assert live.start == datetime(2024, 4, 23, 16, 56, 48)
    assert live.activities is not None and len(live.activities) == 3
    assert live.activities[0].timestamp == datetime(2025, 9, 22, 17, 59)
    assert asset.raw_json == ""  # only computed where shown
    assert parse_asset(CONTRACT_ASSET, raw_json="{...}").raw_json == "{...}"


@pytest.mark.parametrize(
    ("raw", "kind"),
    [("Not Started", StatusKind.NOT_STARTED), ("NOT_STARTED", StatusKind.NOT_STARTED),
     ("STREAMING", StatusKind.STREAMING), ("disconnected", StatusKind.DISCONNECTED),
     ("COMPLETED", StatusKind.COMPLETED), ("Error", StatusKind.ERROR)],
)
def test_both_status_spellings(raw: str, kind: StatusKind) -> None:
    assert parse_asset(variant(status=raw)).status.kind is kind


def test_unknown_status_kept_visible() -> None:
    status = parse_asset(variant(status="Archiving")).status
    assert status.kind is StatusKind.UNKNOWN
    assert status.label == "Archiving"
    assert StreamStatus.parse(None).label == "(no status)"


def test_null_start_missing_and_extra_fields() -> None:
    asset = parse_asset(variant(start=None, activities=..., latency=..., enable_llhls=..., brand_new=[1, 2]))
    live = asset.live_stream
    assert live is not None
    assert live.start is None and live.activities is None and live.latency is None


def test_unreadable_start_is_reported_not_fatal() -> None:
    live = parse_asset(variant(start="yesterday-ish")).live_stream
    assert live is not None and live.start is None and "yesterday-ish" in (live.start_problem or "")


def test_empty_rtmp_and_null_key_until_server_up() -> None:
    live = parse_asset(variant(status="Not Started", rtmp_url="", stream_key=None)).live_stream
    assert live is not None and live.rtmp_url == "" and live.stream_key is None


def test_odd_activity_entries_do_not_hide_the_others() -> None:
    activities = [{"status": "On Publish", "timestamp": "garbage"}, "not an object",
                  {"status": "Stopped", "timestamp": "September 22, 2025, 06:17 PM"}]
    live = parse_asset(variant(activities=activities)).live_stream
    assert live is not None and live.activities is not None
    assert [a.status for a in live.activities] == ["On Publish", "Stopped"]
    assert live.activities[0].timestamp is None


def test_video_object_on_completed() -> None:
    data = variant(status="Completed")
    data["video"] = {"status": "Completed", "progress": 100, "playback_url": "https://example.invalid/v.m3u8",
                     "dash_url": None, "thumbnails": [], "resolutions": ["720p"], "duration": "95.5"}
    video = parse_asset(data).video
    assert video is not None and video.playback_url == "https://example.invalid/v.m3u8"
    assert video.duration == 95.5 and video.progress == 100.0


def test_one_malformed_item_never_loses_the_page() -> None:
    bad_live = variant()
    bad_live["live_stream"] = "oops"
    bad_title = variant()
    bad_title["id"] = "T1"
    bad_title["title"] = 42
    page = parse_asset_page({
        "count": 5, "next": "http://127.0.0.1/x?limit=5&offset=5", "previous": None,
        "results": [CONTRACT_ASSET, bad_live, None, bad_title, {**CONTRACT_ASSET, "id": "other"}],
    })
    assert [a.id for a in page.assets] == ["4PtERT9d9uK", "other"]
    assert [p.index for p in page.problems] == [1, 2, 3]
    assert page.problems[2].asset_id == "T1"
    assert page.count == 5 and page.next_url is not None


_ITEMS = st.one_of(
    st.builds(lambda n, title: {**CONTRACT_ASSET, "id": f"id{n}", "title": title},
              st.integers(0, 50), st.one_of(st.none(), st.text(max_size=5), st.integers())),
    st.builds(lambda n: variant(status=n), st.one_of(st.text(max_size=6), st.integers())),
    st.none(), st.integers(), st.text(max_size=3), st.builds(dict),
)


@settings(max_examples=80, deadline=None)
@given(items=st.lists(_ITEMS, max_size=40), chunk=st.integers(1, 12), bare=st.booleans())
def test_a_page_read_in_parts_is_the_page_read_at_once(items: list[Any], chunk: int, bare: bool) -> None:
    data: Any = items if bare else {"count": 99, "next": None, "previous": None, "results": items}
    reader = AssetPageReader(data)
    parts = 1
    while not reader.read(chunk):
        parts += 1
    assert reader.page() == parse_asset_page(data)
    assert parts == max(1, -(-len(items) // chunk))  # each part reads ``chunk`` items, the last what is left


def test_a_page_is_not_handed_out_half_read() -> None:
    reader = AssetPageReader([CONTRACT_ASSET, CONTRACT_ASSET])
    assert not reader.read(1)
    with pytest.raises(RuntimeError):
        reader.page()
    with pytest.raises(PayloadError):
        AssetPageReader({"results": "not a list"})


def test_bare_list_page_is_accepted() -> None:
    page = parse_asset_page([CONTRACT_ASSET])
    assert page.count == 1 and len(page.assets) == 1


def test_stop_result() -> None:
    result = parse_stop_result({"message": "Live stream stopped successfully", "trim_scheduled": True}, "{}")
    assert result.trim_scheduled and result.message.startswith("Live stream stopped")
    assert not parse_stop_result({"message": "ok"}, "{}").trim_scheduled
