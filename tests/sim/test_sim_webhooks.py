"""Webhook registration over HTTP and delivery to a real loopback receiver."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
from aiohttp import web

from tpsdesk.sim import SimServer

from .helpers import ORG, run, wait_for

HOOKS = f"/api/v1/{ORG}/webhooks/"


class Receiver:
    def __init__(self) -> None:
        self.calls: list[tuple[str | None, dict[str, Any]]] = []
        self.url = ""

    async def handle(self, request: web.Request) -> web.Response:
        self.calls.append((request.headers.get("x-streams-token"), await request.json()))
        return web.Response(status=204)

    def statuses(self, asset_id: str) -> list[str]:
        return [body["live_stream"]["status"] for _, body in self.calls if body["id"] == asset_id]


@asynccontextmanager
async def receiver() -> AsyncIterator[Receiver]:
    rec = Receiver()
    app = web.Application()
    app.router.add_post("/hook", rec.handle)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    rec.url = f"http://127.0.0.1:{runner.addresses[0][1]}/hook"
    try:
        yield rec
    finally:
        await runner.cleanup()


async def register(client: httpx.AsyncClient, url: str, secret: str = "s3cret") -> dict[str, Any]:
    r = await client.post(HOOKS, json={"url": url, "secret_token": secret})
    assert r.status_code == 201, r.text
    data: dict[str, Any] = r.json()
    return data


def test_webhook_crud() -> None:
    async def scenario(sim: SimServer, client: httpx.AsyncClient) -> None:
        hook = await register(client, "http://127.0.0.1:9/a")
        assert set(hook) == {"url", "secret_token", "id"}
        listed = (await client.get(HOOKS)).json()
        assert listed["count"] == 1 and listed["results"] == [hook] and listed["next"] is None
        r = await client.put(f"{HOOKS}{hook['id']}/", json={"url": "http://127.0.0.1:9/b", "secret_token": "t2"})
        assert r.json() == {"url": "http://127.0.0.1:9/b", "secret_token": "t2", "id": hook["id"]}
        r = await client.put(f"{HOOKS}{hook['id']}/", json={"url": "not a url"})
        assert r.json() == {"url": ["Enter a valid URL."], "secret_token": ["This field is required."]}
        assert (await client.delete(f"{HOOKS}{hook['id']}/")).status_code == 204
        assert (await client.get(f"{HOOKS}{hook['id']}/")).status_code == 404
        assert (await client.get(HOOKS)).json()["count"] == 0

    run(scenario)


def test_status_changes_are_delivered_with_the_secret_header() -> None:
    async def scenario(sim: SimServer, client: httpx.AsyncClient) -> None:
        async with receiver() as rec:
            await register(client, rec.url, "tok-123")
            sid = sim.streaming_ids()[0]
            r = await client.post(f"/api/v1/{ORG}/assets/{sid}/stop_live_stream/")
            assert r.status_code == 200
            sim.advance(sid)
            sim.advance(sid)
            await sim.drain_webhooks()
            assert rec.statuses(sid) == ["Stopped", "Recording", "Completed"]
            assert {token for token, _ in rec.calls} == {"tok-123"}
            completed = rec.calls[-1][1]
            detail = (await client.get(f"/api/v1/{ORG}/assets/{sid}/")).json()
            assert completed == detail  # the same shape as GET detail
            assert completed["video"]["playback_url"].endswith("/video.m3u8")
            assert all(d.http_status == 204 and d.attempts == 1 for d in sim.deliveries)

    run(scenario)


def test_repeat_and_out_of_order_deliveries() -> None:
    async def scenario(sim: SimServer, client: httpx.AsyncClient) -> None:
        async with receiver() as rec:
            await register(client, rec.url)
            sid = sim.streaming_ids()[0]
            sim.set_status(sid, "Stopped")
            sim.advance(sid)
            sim.advance(sid)
            assert sim.deliver_repeat(sid) == 1
            assert sim.deliver_out_of_order(sid) == 2
            await sim.drain_webhooks()
            assert rec.statuses(sid) == ["Stopped", "Recording", "Completed", "Completed", "Completed", "Recording"]

    run(scenario)


def test_created_streams_and_several_hooks() -> None:
    async def scenario(sim: SimServer, client: httpx.AsyncClient) -> None:
        async with receiver() as a, receiver() as b:
            await register(client, a.url, "A")
            await register(client, b.url, "B")
            r = await client.post(f"/api/v1/{ORG}/assets/live_streams/", json={"title": "Hooked"})
            sid = r.json()["id"]
            await sim.drain_webhooks()
            assert a.statuses(sid) == b.statuses(sid) == ["Not Started"]
            assert a.calls[0][0] == "A" and b.calls[0][0] == "B"

    run(scenario)


def test_unreachable_receiver_is_retried_then_given_up() -> None:
    async def scenario(sim: SimServer, client: httpx.AsyncClient) -> None:
        with socket.socket() as s:  # a port nobody listens on
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        await register(client, f"http://127.0.0.1:{port}/hook")
        sid = sim.streaming_ids()[0]
        sim.set_status(sid, "Disconnected")
        await wait_for(lambda: len(sim.deliveries) == 1)
        delivery = sim.deliveries[0]
        assert delivery.http_status is None and delivery.attempts == 3 and delivery.error
        assert delivery.asset_id == sid and delivery.asset_status == "Disconnected"

    run(scenario, webhook_retries=2)
