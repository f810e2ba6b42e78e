"""stop_live_stream: every trim rule, odd bodies, faults, and what follows a stop."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from tpsdesk.sim import SimServer

from .helpers import FakeClock, assets_url, live_stream_started, run, wait_for

OK = {"message": "Live stream stopped successfully", "trim_scheduled": False}
TRIMMED = {"message": "Live stream stopped successfully", "trim_scheduled": True}


def stop_url(asset_id: str) -> str:
    return assets_url(f"{asset_id}/stop_live_stream/")


def test_plain_stop_with_empty_body_or_empty_object() -> None:
    async def scenario(sim: SimServer, client: httpx.AsyncClient) -> None:
        first, second = sim.streaming_ids()[:2]
        r = await client.post(stop_url(first))
        assert (r.status_code, r.json()) == (200, OK)
        r = await client.post(stop_url(second), json={})
        assert (r.status_code, r.json()) == (200, OK)
        asset = (await client.get(assets_url(f"{first}/"))).json()
        assert asset["live_stream"]["status"] == "Stopped"
        assert asset["live_stream"]["activities"][-1]["status"] == "Stopped"
        assert [r.raw_body for r in sim.stop_requests(first)] == [b""]
        assert [r.json for r in sim.stop_requests(second)] == [{}]
        assert len(sim.stop_requests()) == 2

    run(scenario)


def test_stop_with_trim_is_scheduled_and_applied_to_the_recording() -> None:
    clock = FakeClock()

    async def scenario(sim: SimServer, client: httpx.AsyncClient) -> None:
        sid = await live_stream_started(sim, client, clock, ago_s=600)
        r = await client.post(stop_url(sid), json={"start_time": 30, "end_time": 600})
        assert (r.status_code, r.json()) == (200, TRIMMED)
        assert sim.stop_requests(sid)[0].raw_body == b'{"start_time":30,"end_time":600}'
        assert sim.advance(sid) == "Recording"
        video = (await client.get(assets_url(f"{sid}/"))).json()["video"]
        assert video["status"] == "Transcoding" and video["playback_url"] is None
        assert sim.advance(sid) == "Completed"
        video = (await client.get(assets_url(f"{sid}/"))).json()["video"]
        assert video["status"] == "Completed" and video["progress"] == 100
        assert video["duration"] == 570
        assert video["playback_url"].startswith("https://") and video["playback_url"].endswith("/video.m3u8")
        assert video["dash_url"].endswith(".mpd") and video["thumbnails"] == []
        assert video["preview_thumbnail_url"] is None and video["resolutions"]

    run(scenario, clock=clock)


@pytest.mark.parametrize(("body", "status", "answer"), [
    ({"start_time": 30}, 400, {"non_field_errors": ["Both start_time and end_time are required for trimming."]}),
    ({"end_time": 30}, 400, {"non_field_errors": ["Both start_time and end_time are required for trimming."]}),
    ({"start_time": "abc", "end_time": 60}, 400, {"start_time": ["A valid integer is required."]}),
    ({"start_time": True, "end_time": 60}, 400, {"start_time": ["A valid integer is required."]}),
    ({"start_time": 0, "end_time": 60.5}, 400, {"end_time": ["A valid integer is required."]}),
    ({"start_time": None, "end_time": 60}, 400, {"start_time": ["This field may not be null."]}),
    ({"start_time": -1, "end_time": 60}, 400, {"start_time": ["Ensure this value is greater than or equal to 0."]}),
    ({"start_time": 60, "end_time": 60}, 400, {"non_field_errors": ["start_time must be less than end_time."]}),
    ({"start_time": 90, "end_time": 30}, 400, {"non_field_errors": ["start_time must be less than end_time."]}),
    ({"start_time": 0, "end_time": 601}, 400,
     {"end_time": ["end_time (601) cannot exceed the recording duration (600 seconds)."]}),
    ({"start_time": 30, "end_time": 1_760_000_000}, 400, {"non_field_errors": [
        "start_time and end_time must use the same format: both seconds from the start of the recording "
        "or both Unix epoch seconds (mixed formats are not allowed)."]}),
    ({"start_time": 1_759_999_000, "end_time": 1_759_999_900}, 400, {"start_time": [
        "start_time (1759999000) is before the recording started (Unix time 1759999400)."]}),
    ({"start_time": 1_759_999_500, "end_time": 1_760_000_001}, 400, {"end_time": [
        "end_time (1760000001) is after the end of the recording (Unix time 1760000000; "
        "recording duration 600 seconds)."]}),
    # Accepted forms, DRF IntegerField style.
    ({"start_time": "30", "end_time": "600"}, 200, TRIMMED),
    ({"start_time": 30.0, "end_time": 600}, 200, TRIMMED),
    ({"start_time": 1_759_999_400, "end_time": 1_760_000_000}, 200, TRIMMED),
    ({"unrelated": 1}, 200, OK),
])
def test_trim_rules_over_http(body: dict[str, object], status: int, answer: dict[str, object]) -> None:
    clock = FakeClock()

    async def scenario(sim: SimServer, client: httpx.AsyncClient) -> None:
        sid = await live_stream_started(sim, client, clock, ago_s=600)
        r = await client.post(stop_url(sid), json=body)
        assert (r.status_code, r.json()) == (status, answer)
        after = sim.world.get(sid).status
        assert after == ("Stopped" if status == 200 else "Streaming")

    run(scenario, clock=clock)


def test_duration_counts_from_first_publish_when_start_is_null() -> None:
    clock = FakeClock()

    async def scenario(sim: SimServer, client: httpx.AsyncClient) -> None:
        r = await client.post(assets_url("live_streams/"), json={"title": "no start"})
        sid = r.json()["id"]
        assert r.json()["live_stream"]["start"] is None
        sim.advance(sid)  # provisioned, publishing
        clock.advance(120)
        r = await client.post(stop_url(sid), json={"start_time": 0, "end_time": 121})
        assert r.json() == {"end_time": ["end_time (121) cannot exceed the recording duration (120 seconds)."]}
        r = await client.post(stop_url(sid), json={"start_time": 0, "end_time": 120})
        assert r.json() == TRIMMED

    run(scenario, clock=clock)


def test_odd_bodies() -> None:
    async def scenario(sim: SimServer, client: httpx.AsyncClient) -> None:
        sid = sim.streaming_ids()[0]
        r = await client.post(stop_url(sid), content=b'{"start_time": 3', headers={"Content-Type": "application/json"})
        assert r.status_code == 400 and r.json()["detail"].startswith("JSON parse error - ")
        r = await client.post(stop_url(sid), json=[1, 2])
        assert r.json() == {"non_field_errors": ["Invalid data. Expected a dictionary, but got list."]}
        r = await client.post(stop_url(sid), content=b"start_time=1", headers={"Content-Type": "text/plain"})
        assert (r.status_code, r.json()) == (415, {"detail": 'Unsupported media type "text/plain" in request.'})
        assert sim.world.get(sid).status == "Streaming"
        r = await client.post(stop_url("NoSuchAsset"), json={"start_time": "x"})
        assert (r.status_code, r.json()) == (404, {"detail": "Not found."})
        # Form-encoded bodies are parsed too (values are strings, as DRF sees them).
        r = await client.post(stop_url(sid), data={"start_time": "0", "end_time": "1"})
        assert (r.status_code, r.json()) == (200, TRIMMED)

    run(scenario)


def test_stopping_a_finished_stream_is_a_400() -> None:
    async def scenario(sim: SimServer, client: httpx.AsyncClient) -> None:
        sid = sim.streaming_ids()[0]
        assert (await client.post(stop_url(sid))).status_code == 200
        for _ in ("Stopped", "Recording", "Completed"):
            r = await client.post(stop_url(sid))
            assert (r.status_code, r.json()) == (400, {"detail": "Live stream is not running."})
            if sim.world.get(sid).status != "Completed":
                sim.advance(sid)
        sim.set_status(sid, "Error")
        assert (await client.post(stop_url(sid))).status_code == 400

    run(scenario)


def test_fault_answers_html_502_without_stopping() -> None:
    async def scenario(sim: SimServer, client: httpx.AsyncClient) -> None:
        sid = sim.streaming_ids()[0]
        sim.fault_next()
        r = await client.post(stop_url(sid))
        assert r.status_code == 502 and r.headers["content-type"].startswith("text/html")
        assert "Bad Gateway" in r.text
        assert sim.world.get(sid).status == "Streaming"
        r = await client.post(stop_url(sid))  # the fault was used up
        assert r.json() == OK
        assert len(sim.stop_requests(sid)) == 2

    run(scenario)


def test_fault_with_apply_stops_although_the_answer_is_lost() -> None:
    async def scenario(sim: SimServer, client: httpx.AsyncClient) -> None:
        sid = sim.streaming_ids()[0]
        sim.fault_next(method="POST", path_contains="stop_live_stream", status=504,
                       body={"detail": "Gateway Timeout"}, apply=True)
        r = await client.post(stop_url(sid), json={})
        assert (r.status_code, r.json()) == (504, {"detail": "Gateway Timeout"})
        assert sim.world.get(sid).status == "Stopped"
        # Reading back shows the truth; a blind resend would be refused.
        r = await client.post(stop_url(sid))
        assert r.json() == {"detail": "Live stream is not running."}

    run(scenario)


def test_fault_delay_makes_a_client_time_out() -> None:
    async def scenario(sim: SimServer, client: httpx.AsyncClient) -> None:
        sid = sim.streaming_ids()[0]
        sim.fault_next(status=200, body={"message": "late"}, delay_s=5.0, apply=True, times=1)
        with pytest.raises(httpx.ReadTimeout):
            await client.post(stop_url(sid), timeout=0.1)
        assert sim.world.get(sid).status == "Stopped"
        # Faults can target any method and repeat.
        sim.fault_next(method=None, path_contains="/assets/", status=503, body="busy",
                       content_type="text/plain", times=2)
        assert [(await client.get(assets_url())).status_code for _ in range(3)] == [503, 503, 200]

    run(scenario)


def test_lifecycle_runs_on_the_background_clock() -> None:
    async def scenario(sim: SimServer, client: httpx.AsyncClient) -> None:
        r = await client.post(assets_url("live_streams/"), json={"title": "Clock test"})
        sid = r.json()["id"]
        await wait_for(lambda: sim.world.get(sid).status == "Streaming")
        assert (await client.post(stop_url(sid))).json() == OK
        seen: set[str] = set()

        async def status() -> str:
            s: str = (await client.get(assets_url(f"{sid}/"))).json()["live_stream"]["status"]
            seen.add(s)
            return s

        loop = asyncio.get_running_loop()
        deadline = loop.time() + 3
        while await status() != "Completed":
            assert loop.time() < deadline
            await asyncio.sleep(0.01)
        assert "Completed" in seen
        asset = (await client.get(assets_url(f"{sid}/"))).json()
        assert asset["video"]["status"] == "Completed"

    run(scenario, lifecycle=True, tick_s=0.01, not_started_to_streaming_s=0.05,
        stop_to_recording_s=0.05, recording_to_completed_s=0.1)
