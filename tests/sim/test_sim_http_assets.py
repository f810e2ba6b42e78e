"""Listing, detail, create/start/delete, routing errors, over real HTTP."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import httpx

from tpsdesk.sim import SimServer

from .helpers import ORG, FakeClock, assets_url, run


def test_pagination_walks_every_page_with_absolute_links() -> None:
    async def scenario(sim: SimServer, client: httpx.AsyncClient) -> None:
        seen: list[str] = []
        url: str | None = assets_url("live_streams/") + "?limit=20"
        pages = 0
        previous_links: list[str | None] = []
        while url:
            r = await client.get(url)
            assert r.status_code == 200
            body = r.json()
            assert body["count"] == 45
            seen += [a["id"] for a in body["results"]]
            previous_links.append(body["previous"])
            url = body["next"]
            if url:
                assert url.startswith(sim.base_url + f"/api/v1/{ORG}/assets/live_streams/?")
            pages += 1
        assert pages == 3 and len(seen) == 45 and len(set(seen)) == 45
        assert seen == [s.id for s in sim.world.newest_first()]  # newest first
        assert previous_links[0] is None
        assert previous_links[1] == f"{sim.base_url}/api/v1/{ORG}/assets/live_streams/?limit=20"
        assert previous_links[2] == f"{sim.base_url}/api/v1/{ORG}/assets/live_streams/?limit=20&offset=20"

    run(scenario, stream_count=45)


def test_links_use_the_host_header_and_keep_other_params_sorted() -> None:
    async def scenario(sim: SimServer, client: httpx.AsyncClient) -> None:
        r = await client.get(assets_url() + "?has_parent=false&offset=10&limit=5",
                             headers={"Host": "tps.example.test:9999"})
        body = r.json()
        assert body["next"] == "http://tps.example.test:9999/api/v1/demo-org/assets/?has_parent=false&limit=5&offset=15"
        assert body["previous"] == "http://tps.example.test:9999/api/v1/demo-org/assets/?has_parent=false&limit=5&offset=5"

    run(scenario, stream_count=30)


def test_bad_limit_and_offset_fall_back_like_drf() -> None:
    async def scenario(sim: SimServer, client: httpx.AsyncClient) -> None:
        async def page(query: str) -> dict[str, object]:
            r = await client.get(assets_url("live_streams/") + query)
            assert r.status_code == 200
            data: dict[str, object] = r.json()
            return data

        for query in ("?limit=abc", "?limit=0", "?limit=-3", "?limit=2.5", ""):
            body = await page(query)
            assert len(body["results"]) == 20, query  # type: ignore[arg-type]
        body = await page("?limit=1000")
        assert len(body["results"]) == 100  # type: ignore[arg-type]
        assert parse_qs(urlsplit(str(body["next"])).query)["limit"] == ["100"]
        body = await page("?offset=-5&limit=3")
        assert body["previous"] is None and len(body["results"]) == 3  # type: ignore[arg-type]
        body = await page("?offset=500")
        assert body["results"] == [] and body["next"] is None and body["count"] == 150

    run(scenario, stream_count=150)


def test_default_page_size_may_exceed_the_cap_like_drf() -> None:
    async def scenario(sim: SimServer, client: httpx.AsyncClient) -> None:
        assert len((await client.get(assets_url())).json()["results"]) == 20
        body = (await client.get(assets_url() + "?limit=100")).json()
        assert len(body["results"]) == 10 and "limit=10&offset=10" in body["next"]

    run(scenario, stream_count=45, default_page_size=20, max_page_size=10)


def test_ten_thousand_streams_list_to_the_last_page() -> None:
    async def scenario(sim: SimServer, client: httpx.AsyncClient) -> None:
        r = await client.get(assets_url("live_streams/") + "?limit=100&offset=9950")
        assert r.status_code == 200
        body = r.json()
        assert body["count"] == 10_000 and len(body["results"]) == 50 and body["next"] is None
        r = await client.get(assets_url("live_streams/") + "?limit=100")
        assert len(r.json()["results"]) == 100

    run(scenario, stream_count=10_000, quirks=True)


def test_detail_shape_matches_the_contract() -> None:
    async def scenario(sim: SimServer, client: httpx.AsyncClient) -> None:
        sid = sim.streaming_ids()[0]
        r = await client.get(assets_url(f"{sid}/"))
        assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
        asset = r.json()
        assert list(asset) == ["id", "title", "type", "bytes", "parent", "parent_id", "video", "live_stream"]
        assert asset["type"] == "livestream" and asset["bytes"] is None and asset["id"] == sid
        assert list(asset["live_stream"]) == [
            "status", "start", "rtmp_url", "stream_key", "hls_url", "transcode_recorded_video",
            "enable_drm_for_recording", "chat_embed_url", "resolutions", "enable_drm", "enable_llhls",
            "latency", "activities",
        ]
        assert asset["live_stream"]["status"] == "Streaming"
        assert asset["live_stream"]["activities"][0]["status"] == "On Publish"
        r = await client.get(assets_url("NoSuchAsset/"))
        assert (r.status_code, r.json()) == (404, {"detail": "Not found."})

    run(scenario)


def test_times_are_written_in_the_server_zone() -> None:
    clock = FakeClock(1_758_544_140.0)  # 2025-09-22 12:29:00 UTC

    async def scenario(sim: SimServer, client: httpx.AsyncClient) -> None:
        r = await client.post(assets_url("live_streams/"), json={"title": "TZ", "start": "2025-09-22 17:59:00"})
        sid = r.json()["id"]
        assert sim.world.get(sid).start == 1_758_544_140  # naive start read in Asia/Kolkata
        sim.set_status(sid, "Streaming")
        live = (await client.get(assets_url(f"{sid}/"))).json()["live_stream"]
        assert live["start"] == "2025-09-22 17:59:00"
        assert live["activities"] == [{"status": "On Publish", "timestamp": "September 22, 2025, 05:59 PM"}]

    run(scenario, clock=clock)


def test_create_start_server_and_delete() -> None:
    clock = FakeClock()

    async def scenario(sim: SimServer, client: httpx.AsyncClient) -> None:
        r = await client.post(assets_url("live_streams/"), json={
            "title": "Organic Chemistry — Live Doubt Session", "start": "2099-01-01 10:00:00",
            "latency": "Low Latency", "enable_drm_for_recording": True,
        })
        assert r.status_code == 201
        asset = r.json()
        sid = asset["id"]
        live = asset["live_stream"]
        assert (live["status"], live["rtmp_url"], live["stream_key"]) == ("Not Started", "", None)
        assert live["latency"] == "Low Latency" and live["enable_drm_for_recording"] is True
        listed = (await client.get(assets_url("live_streams/") + "?limit=1")).json()["results"]
        assert listed[0]["id"] == sid  # newest first
        r = await client.post(assets_url(f"{sid}/start_server/"))
        assert r.status_code == 200 and "message" in r.json()
        assert sim.advance(sid) == "Streaming"  # provisioning done
        live = (await client.get(assets_url(f"{sid}/"))).json()["live_stream"]
        assert live["rtmp_url"] == "rtmp://127.0.0.1/live"
        assert live["stream_key"].startswith(f"org-{sim.world.org_short}-live-{sid}-")
        assert len(live["stream_key"].rsplit("-", 1)[1]) == 4
        r = await client.post(assets_url(f"{sid}/start_server/"))
        assert r.status_code == 400 and "detail" in r.json()
        r = await client.delete(assets_url(f"{sid}/"))
        assert r.status_code == 204 and r.content == b""
        assert (await client.get(assets_url(f"{sid}/"))).status_code == 404
        assert (await client.delete(assets_url(f"{sid}/"))).status_code == 404

    run(scenario, clock=clock)


def test_create_validation_errors_are_drf_shaped() -> None:
    async def scenario(sim: SimServer, client: httpx.AsyncClient) -> None:
        r = await client.post(assets_url("live_streams/"), json={"start": "tomorrow", "latency": "Fast"})
        assert r.status_code == 400
        body = r.json()
        assert body["title"] == ["This field is required."]
        assert body["start"][0].startswith("Datetime has wrong format.")
        assert body["latency"] == ['"Fast" is not a valid choice.']
        r = await client.post(assets_url("live_streams/"), json={"title": "  "})
        assert r.json() == {"title": ["This field may not be blank."]}

    run(scenario)


def test_unknown_paths_and_wrong_methods() -> None:
    async def scenario(sim: SimServer, client: httpx.AsyncClient) -> None:
        for path in ("/", "/api/v1/demo-org/streams/", assets_url("live_streams"), "/api/v2/x/"):
            r = await client.get(path)
            assert (r.status_code, r.json()) == (404, {"detail": "Not found."}), path
        r = await client.get(assets_url("x/stop_live_stream/"))
        assert (r.status_code, r.json()) == (405, {"detail": 'Method "GET" not allowed.'})
        assert r.headers["allow"] == "POST"
        r = await client.put(assets_url("live_streams/"), json={})
        assert r.json() == {"detail": 'Method "PUT" not allowed.'}

    run(scenario)


def test_organizations_are_listed_paginated() -> None:
    async def scenario(sim: SimServer, client: httpx.AsyncClient) -> None:
        body = (await client.get("/api/v1/organizations/")).json()
        assert body["count"] == 2 and body["next"] is None and body["previous"] is None
        assert body["results"][0]["uuid"] == ORG and body["results"][0]["name"]
        other = body["results"][1]["uuid"]
        r = await client.get(f"/api/v1/{other}/assets/")
        assert r.status_code == 403 and "detail" in r.json()
        r = await client.get("/api/v1/some-other-org/assets/")
        assert (r.status_code, r.json()) == (404, {"detail": "Not found."})

    run(scenario)


def test_every_request_is_recorded() -> None:
    async def scenario(sim: SimServer, client: httpx.AsyncClient) -> None:
        await client.get(assets_url("live_streams/") + "?limit=2")
        await client.post(assets_url("live_streams/"), content=b'{"title": "x"}',
                          headers={"Content-Type": "application/json"})
        first, second = sim.requests
        assert (first.method, first.path, first.query) == ("GET", f"/api/v1/{ORG}/assets/live_streams/", {"limit": "2"})
        assert first.headers["authorization"] == "Token demo-token" and first.json is None
        assert first.headers.get("Authorization") == "Token demo-token" and "AUTHORIZATION" in first.headers
        assert second.raw_body == b'{"title": "x"}' and second.json == {"title": "x"}

    run(scenario)
