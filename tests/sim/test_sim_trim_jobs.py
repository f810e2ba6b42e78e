"""trim/, trim/status/, trim/revert/: validation, the job's lifecycle, revert, faults."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from tpsdesk.sim import SimServer

from .helpers import T0, FakeClock, assets_url, live_stream_started, run


def trim_url(asset_id: str, suffix: str = "") -> str:
    return assets_url(f"{asset_id}/trim/{suffix}")


async def completed_video(sim: SimServer, client: httpx.AsyncClient, clock: FakeClock,
                          body: dict[str, int] | None = None) -> str:
    """A stream live for 600 s, stopped (with ``body`` as its trim), transcoded: Completed."""
    sid = await live_stream_started(sim, client, clock, ago_s=600)
    r = await client.post(assets_url(f"{sid}/stop_live_stream/"), json=body or {})
    assert r.status_code == 200, r.text
    sim.advance(sid)
    assert sim.advance(sid) == "Completed"
    return sid


async def duration(client: httpx.AsyncClient, sid: str) -> int:
    video = (await client.get(assets_url(f"{sid}/"))).json()["video"]
    return int(video["duration"])


def test_trim_job_goes_pending_processing_completed_and_trims_the_video() -> None:
    clock = FakeClock()

    async def scenario(sim: SimServer, client: httpx.AsyncClient) -> None:
        sid = await completed_video(sim, client, clock)
        r = await client.get(trim_url(sid, "status/"))
        assert (r.status_code, r.json()) == (404, {"detail": "No trim job found for this asset."})
        r = await client.post(trim_url(sid), json={"start_time": 30, "end_time": 500})
        assert r.status_code == 200
        answer = r.json()
        assert set(answer) == {"message", "trim_job_id", "status"} and answer["status"] == "Pending"
        job = (await client.get(trim_url(sid, "status/"))).json()
        assert job == {"id": answer["trim_job_id"], "start_time": 30, "end_time": 500, "status": 1,
                       "status_display": "Pending", "created": job["created"], "modified": job["created"]}
        assert job["created"].startswith("2025-10-09T") and job["created"].endswith("+05:30")
        assert await duration(client, sid) == 600  # nothing changes until the job completes
        clock.advance(5)
        assert sim.advance_trim(sid) == "Processing"
        job = (await client.get(trim_url(sid, "status/"))).json()
        assert (job["status"], job["status_display"]) == (2, "Processing") and job["modified"] != job["created"]
        assert sim.advance_trim(sid) == "Completed"
        job = (await client.get(trim_url(sid, "status/"))).json()
        assert (job["status"], job["status_display"]) == (3, "Completed")
        assert await duration(client, sid) == 470
        assert len(sim.trim_requests(sid)) == 1

    run(scenario, clock=clock)


def test_a_trimmed_video_is_trimmed_again_within_its_new_duration_and_reverted_to_the_original() -> None:
    clock = FakeClock()

    async def scenario(sim: SimServer, client: httpx.AsyncClient) -> None:
        sid = await completed_video(sim, client, clock, {"start_time": 100, "end_time": 400})
        assert await duration(client, sid) == 300
        job = (await client.get(trim_url(sid, "status/"))).json()  # the stop's trim is a job too
        assert (job["start_time"], job["end_time"], job["status_display"]) == (100, 400, "Completed")
        r = await client.post(trim_url(sid), json={"end_time": 301})
        assert r.json() == {"end_time": ["end_time (301) cannot exceed the video duration (300 seconds)."]}
        r = await client.post(trim_url(sid), json={"start_time": 50})  # end defaults to the end
        assert r.status_code == 200
        sim.advance_trim(sid)
        sim.advance_trim(sid)
        assert await duration(client, sid) == 250
        r = await client.post(trim_url(sid, "revert/"))
        assert r.status_code == 200 and set(r.json()) == {"message", "task_id"}
        assert await duration(client, sid) == 600
        assert (await client.get(trim_url(sid, "status/"))).status_code == 404
        r = await client.post(trim_url(sid, "revert/"))
        assert (r.status_code, r.json()) == (400, {"detail": "There is no trim to revert for this video."})
        assert len(sim.trim_requests(sid, "revert")) == 2

    run(scenario, clock=clock)


@pytest.mark.parametrize(("body", "answer"), [
    ({}, {"non_field_errors": ["At least one of start_time and end_time is required."]}),
    ({"unrelated": 3}, {"non_field_errors": ["At least one of start_time and end_time is required."]}),
    ({"start_time": -5}, {"start_time": ["Ensure this value is greater than or equal to 0."]}),
    ({"start_time": 0, "end_time": -1}, {"end_time": ["Ensure this value is greater than or equal to 0."]}),
    ({"start_time": "x", "end_time": None}, {"start_time": ["A valid integer is required."],
                                             "end_time": ["This field may not be null."]}),
    ({"start_time": 90, "end_time": 90}, {"non_field_errors": ["start_time must be less than end_time."]}),
    ({"start_time": 120, "end_time": 60}, {"non_field_errors": ["start_time must be less than end_time."]}),
    ({"start_time": 600}, {"start_time": ["start_time (600) must be less than the video duration (600 seconds)."]}),
    ({"start_time": 0, "end_time": 601}, {"end_time": [
        "end_time (601) cannot exceed the video duration (600 seconds)."]}),
    ({"start_time": 30, "end_time": int(T0)}, {"non_field_errors": [
        "start_time and end_time must use the same format: both seconds from the start of the recording "
        "or both Unix epoch seconds (mixed formats are not allowed)."]}),
    ({"start_time": int(T0) - 601, "end_time": int(T0) - 60}, {"start_time": [
        f"start_time ({int(T0) - 601}) is before the video starts (Unix time {int(T0) - 600})."]}),
    ({"start_time": int(T0) - 500, "end_time": int(T0) + 1}, {"end_time": [
        f"end_time ({int(T0) + 1}) is after the video ends (Unix time {int(T0)})."]}),
])
def test_every_validation_error_names_the_field(body: dict[str, object], answer: dict[str, object]) -> None:
    clock = FakeClock()

    async def scenario(sim: SimServer, client: httpx.AsyncClient) -> None:
        sid = await completed_video(sim, client, clock)
        r = await client.post(trim_url(sid), json=body)
        assert (r.status_code, r.json()) == (400, answer)
        assert (await client.get(trim_url(sid, "status/"))).status_code == 404  # no job was made

    run(scenario, clock=clock)


def test_epoch_seconds_are_read_on_the_recording_clock() -> None:
    clock = FakeClock()

    async def scenario(sim: SimServer, client: httpx.AsyncClient) -> None:
        sid = await completed_video(sim, client, clock)
        start = int(T0) - 600
        r = await client.post(trim_url(sid), json={"start_time": start + 60, "end_time": start + 180})
        assert r.status_code == 200
        sim.advance_trim(sid)
        sim.advance_trim(sid)
        assert await duration(client, sid) == 120
        job = (await client.get(trim_url(sid, "status/"))).json()
        assert (job["start_time"], job["end_time"]) == (start + 60, start + 180)

    run(scenario, clock=clock)


def test_only_a_completed_video_can_be_trimmed_and_one_job_runs_at_a_time() -> None:
    clock = FakeClock()

    async def scenario(sim: SimServer, client: httpx.AsyncClient) -> None:
        live = await live_stream_started(sim, client, clock, ago_s=300)
        r = await client.post(trim_url(live), json={"start_time": 10})
        assert (r.status_code, r.json()) == (400, {
            "detail": "Only a completed video can be trimmed; this asset's recording is not ready (Streaming)."})
        assert (await client.post(trim_url(live, "revert/"))).status_code == 400
        assert (await client.post(trim_url("NoSuchAsset"), json={"start_time": 1})).status_code == 404
        assert (await client.get(trim_url("NoSuchAsset", "status/"))).status_code == 404
        sid = await completed_video(sim, client, clock)
        assert (await client.post(trim_url(sid), json={"start_time": 10})).status_code == 200
        again = await client.post(trim_url(sid), json={"start_time": 20})
        for r in (again, await client.post(trim_url(sid, "revert/"))):
            assert (r.status_code, r.json()) == (400, {"detail": "A trim job is already in progress for this video."})
        assert (await client.get(trim_url(sid))).status_code == 405

    run(scenario, clock=clock)


def test_an_armed_failure_leaves_the_video_as_it_was() -> None:
    clock = FakeClock()

    async def scenario(sim: SimServer, client: httpx.AsyncClient) -> None:
        sid = await completed_video(sim, client, clock)
        sim.fail_next_trim(sid)
        await client.post(trim_url(sid), json={"start_time": 10, "end_time": 100})
        sim.advance_trim(sid)
        assert sim.advance_trim(sid) == "Failed"
        job = (await client.get(trim_url(sid, "status/"))).json()
        assert (job["status"], job["status_display"]) == (4, "Failed")
        assert await duration(client, sid) == 600
        assert (await client.post(trim_url(sid), json={"start_time": 10})).status_code == 200  # may try again

    run(scenario, clock=clock)


def test_the_stops_scheduled_trim_is_a_job_that_follows_the_recording() -> None:
    clock = FakeClock()

    async def scenario(sim: SimServer, client: httpx.AsyncClient) -> None:
        sid = await live_stream_started(sim, client, clock, ago_s=600)
        sim.fail_next_trim(sid)
        await client.post(assets_url(f"{sid}/stop_live_stream/"), json={"start_time": 10, "end_time": 300})
        assert (await client.get(trim_url(sid, "status/"))).json()["status_display"] == "Pending"
        sim.advance(sid)
        assert (await client.get(trim_url(sid, "status/"))).json()["status_display"] == "Processing"
        sim.advance(sid)
        assert (await client.get(trim_url(sid, "status/"))).json()["status_display"] == "Failed"
        assert await duration(client, sid) == 600  # a failed scheduled trim keeps the whole recording

    run(scenario, clock=clock)


def test_jobs_move_on_the_sped_up_clock() -> None:
    async def scenario(sim: SimServer, client: httpx.AsyncClient) -> None:
        sid = next(s.id for s in sim.world.newest_first() if s.status == "Completed" and s.trim is None
                   and s.transcode_recorded_video and s.recording_s > 100)
        assert (await client.post(trim_url(sid), json={"start_time": 5})).status_code == 200
        seen: set[str] = set()

        async def done() -> bool:
            seen.add((await client.get(trim_url(sid, "status/"))).json()["status_display"])
            return "Completed" in seen

        while not await done():
            await asyncio.sleep(0.01)
        assert seen >= {"Completed"}
        assert sim.world.get(sid).trim is not None

    run(scenario, lifecycle=True, tick_s=0.01, trim_pending_s=0.05, trim_processing_s=0.05)


def test_a_dropped_answer_after_the_trim_was_applied() -> None:
    clock = FakeClock()

    async def scenario(sim: SimServer, client: httpx.AsyncClient) -> None:
        sid = await completed_video(sim, client, clock)
        sim.fault_next(method="POST", path_contains=f"/{sid}/trim/", apply=True, drop=True)
        with pytest.raises(httpx.RemoteProtocolError):
            await client.post(trim_url(sid), json={"start_time": 40})
        job = (await client.get(trim_url(sid, "status/"))).json()
        assert (job["start_time"], job["status_display"]) == (40, "Pending")
        assert len(sim.trim_requests(sid)) == 1

    run(scenario, clock=clock)


def test_a_trim_and_a_revert_applied_late_after_their_answers_were_lost() -> None:
    clock = FakeClock()

    async def scenario(sim: SimServer, client: httpx.AsyncClient) -> None:
        sid = await completed_video(sim, client, clock)
        sim.fault_next(method="POST", path_contains=f"/{sid}/trim/", status=504, apply=True, apply_after_s=0.3)
        assert (await client.post(trim_url(sid), json={"start_time": 40})).status_code == 504
        assert (await client.get(trim_url(sid, "status/"))).status_code == 404  # not yet
        await asyncio.sleep(0.4)
        job = (await client.get(trim_url(sid, "status/"))).json()
        assert (job["start_time"], job["status_display"]) == (40, "Pending")
        sim.advance_trim(sid)
        sim.advance_trim(sid)
        sim.fault_next(method="POST", path_contains="/trim/revert/", status=502, apply=True, apply_after_s=0.3)
        assert (await client.post(trim_url(sid, "revert/"))).status_code == 502
        assert (await client.get(trim_url(sid, "status/"))).status_code == 200  # the trim is still there
        await asyncio.sleep(0.4)
        assert (await client.get(trim_url(sid, "status/"))).status_code == 404
        assert len(sim.trim_requests(sid)) == 1 and len(sim.trim_requests(sid, "revert")) == 1

    run(scenario, clock=clock)
