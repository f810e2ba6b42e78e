"""``SimServer``: the simulated TPStreams API on a loopback port.

It runs on whatever asyncio loop is current (a qasync loop in the app's demo
mode) through ``web.AppRunner`` + ``web.TCPSite``, which install no signal
handlers. Besides serving the API it records every request, can answer the
next matching requests with a canned fault (a proxy's HTML 502, a slow answer,
a stop that happened although its answer was lost; a stop applied seconds
after its answer was lost, see ``late.py``), and exposes test aids to
force statuses and step the lifecycle.

Behaviour where the contract is silent (see also ``world.py``):

* Stop of a Stopped/Recording/Completed/Error stream: 400 ``{"detail": "Live
  stream is not running."}``.
* Tokens are bound to the organization they were created for; another
  organization's path is 403 if that organization is listed (the fake
  "sandbox" one), 404 otherwise. An organization holds at most
  ``max_tokens_per_org`` tokens, the configured one included; one more login
  is a 400 ``non_field_errors``.
* Paths without the trailing slash, and unknown paths, are 404 JSON.
* Request bodies: JSON or form-encoded; another media type with a non-empty
  body is 415, as in DRF.
* ``start_server`` answers 200 ``{"message": ...}``; on a stream that is not
  Not Started it is a 400 ``detail``.
* Throttling (``rate_limit_per_s``) always announces ``Retry-After: 3``.
* ``trim/``, ``trim/status/``, ``trim/revert/`` of a completed video: see
  ``trim_jobs.py`` (a job per video, Pending → Processing → Completed/Failed).
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import json
import logging
from dataclasses import dataclass
from types import TracebackType
from typing import Any
from urllib.parse import unquote

from aiohttp import web

from .api import Api, parse_body
from .auth import TokenStore
from .config import SimConfig
from .deliveries import Delivery, WebhookHub
from .fields import expect_dict
from .late import LateStops
from .model import Stream
from .outage import Outage
from .paths import raw_path
from .world import World

log = logging.getLogger("tpsdesk.sim")

BAD_GATEWAY_HTML = (
    "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
)


class Headers(dict[str, str]):
    """A plain dict with lower-cased names whose lookups ignore case."""

    def __getitem__(self, key: str) -> str:
        return super().__getitem__(key.lower())

    def __contains__(self, key: object) -> bool:
        return super().__contains__(key.lower() if isinstance(key, str) else key)

    def get(self, key: str, default: Any = None) -> Any:
        return super().get(key.lower(), default)


@dataclass(frozen=True)
class RecordedRequest:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]  # a Headers: lower-cased names, case-insensitive lookups
    json: Any | None  # the parsed body when it is JSON, else None
    raw_body: bytes
    raw_path: str = ""  # as it arrived, percent-escapes kept (``path`` is decoded)

    def segments(self) -> list[str]:
        """The path's segments, each decoded on its own (an id's %2F stays in its segment)."""
        return [unquote(part) for part in self.raw_path.strip("/").split("/")]


@dataclass
class Fault:
    method: str | None
    path_contains: str
    status: int
    body: bytes
    content_type: str
    times: int
    delay_s: float
    apply: bool
    drop: bool = False  # close the connection instead of answering
    apply_after_s: float = 0.0  # with ``apply``: the backend acts this long after the answer

    def matches(self, request: web.Request) -> bool:
        method_ok = self.method is None or self.method.upper() == request.method
        return method_ok and self.path_contains in request.path


def _json_or_none(raw: bytes) -> Any | None:
    if not raw.strip():
        return None
    try:
        return json.loads(raw)
    except ValueError:
        return None


class SimServer:
    def __init__(self, config: SimConfig | None = None) -> None:
        self.config = config or SimConfig()
        self.world = World(self.config)
        self.tokens = TokenStore(self.config.org_id, dict(self.config.users), self.config.max_tokens_per_org)
        self.tokens.add(self.config.token)
        self.webhooks = WebhookHub(self.config.webhook_timeout_s, self.config.webhook_retries)
        self.api = Api(self.config, self.world, self.tokens, self.webhooks)
        self.requests: list[RecordedRequest] = []
        self._faults: list[Fault] = []
        self.late = LateStops(self._apply_late_stop, lambda: self._closing)
        self._late_applies: set[asyncio.Task[None]] = set()  # faults applied after their answer
        self._runner: web.AppRunner | None = None
        self._clock_task: asyncio.Task[None] | None = None
        self._closing = asyncio.Event()
        self._host = "127.0.0.1"
        self._port: int | None = None
        self.outage = Outage()
        self.world.listeners.append(self._on_change)

    # ----- running ------------------------------------------------------------
    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        """Serve on the running loop; returns the base URL. Loopback only."""
        if self._runner is not None:
            raise RuntimeError("simulator already started")
        if host != "localhost" and not ipaddress.ip_address(host).is_loopback:
            raise ValueError(f"the simulator binds loopback only, not {host!r}")
        self._closing = asyncio.Event()
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._entry)
        runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await runner.setup()
        site = web.TCPSite(runner, host, port)
        try:
            await site.start()
        except BaseException:
            await runner.cleanup()
            raise
        self._runner = runner
        self.outage.attach(site)
        self._host = host
        self._port = int(runner.addresses[0][1])
        await self.webhooks.start()
        if self.config.lifecycle:
            self._clock_task = asyncio.create_task(self._run_clock(), name="tpsdesk-sim-clock")
        log.info("TPStreams simulator serving %s", self.base_url)
        return self.base_url

    async def stop(self) -> None:
        """Stop serving and end background tasks; safe to call twice."""
        self._closing.set()  # releases delayed fault answers at once
        self.late.clear()
        for pending in list(self._late_applies):
            pending.cancel()
        if self._clock_task is not None:
            self._clock_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._clock_task
            self._clock_task = None
        await self.webhooks.stop()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def go_away(self) -> None:
        """Stop answering (connections refused, open ones reset), keeping every state."""
        if self._runner is not None:
            await self.outage.go_away(self._runner)

    async def come_back(self) -> None:
        """Answer again on the same port, as if nothing had happened."""
        if self._runner is not None and self._port is not None:
            await self.outage.come_back(self._runner, self._host, self._port)

    async def __aenter__(self) -> SimServer:
        await self.start()
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.stop()

    @property
    def port(self) -> int:
        if self._port is None:
            raise RuntimeError("simulator not started")
        return self._port

    @property
    def base_url(self) -> str:
        host = f"[{self._host}]" if ":" in self._host else self._host
        return f"http://{host}:{self.port}"

    async def _run_clock(self) -> None:
        while True:
            await asyncio.sleep(self.config.tick_s)
            try:
                self.world.tick()
            except Exception:  # a bug in one step must not freeze the demo
                log.exception("simulator clock step failed")

    # ----- requests -------------------------------------------------------------
    async def _entry(self, request: web.Request) -> web.StreamResponse:
        if self.outage.gone:
            return self.outage.refuse(request)
        raw = await request.read()
        self.requests.append(RecordedRequest(
            method=request.method, path=request.path, query=dict(request.query),
            headers=Headers((k.lower(), v) for k, v in request.headers.items()),
            json=_json_or_none(raw), raw_body=raw, raw_path=raw_path(request),
        ))
        late = await self.late.intercept(request, raw)
        if late is not None:
            return late
        fault = self._take_fault(request)
        if fault is None:
            return await self.api.handle(request, raw)
        if fault.apply and fault.apply_after_s > 0:  # a backend still working when the proxy gave up
            task = asyncio.get_running_loop().create_task(self._apply_later(request, raw, fault.apply_after_s))
            self._late_applies.add(task)
            task.add_done_callback(self._late_applies.discard)
        elif fault.apply:  # the action happens; only its answer is replaced
            await self.api.handle(request, raw)
        if fault.drop and request.transport is not None:
            request.transport.close()  # the client sees the connection break, no answer
        if fault.delay_s > 0:
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self._closing.wait(), fault.delay_s)
        return web.Response(status=fault.status, body=fault.body, content_type=fault.content_type)

    async def _apply_later(self, request: web.Request, raw: bytes, delay_s: float) -> None:
        await asyncio.sleep(delay_s)
        await self.api.handle(request, raw)  # its answer goes nowhere: the client was told otherwise

    def _take_fault(self, request: web.Request) -> Fault | None:
        for fault in self._faults:
            if fault.matches(request):
                fault.times -= 1
                if fault.times <= 0:
                    self._faults.remove(fault)
                return fault
        return None

    def fault_next(
        self,
        method: str | None = "POST",
        path_contains: str = "stop_live_stream",
        status: int = 502,
        body: str | bytes | dict[str, Any] | list[Any] = BAD_GATEWAY_HTML,
        content_type: str | None = None,
        times: int = 1,
        delay_s: float = 0.0,
        apply: bool = False,
        drop: bool = False,
        apply_after_s: float = 0.0,
    ) -> None:
        """Answer the next ``times`` matching requests with this canned response.

        ``apply=True`` performs the real action first (a stop that happened
        although its answer was lost); ``delay_s`` holds the answer back.
        ``method=None`` matches any method. A dict/list body is sent as JSON.
        ``drop=True`` closes the connection instead of answering (with ``apply``:
        the action happened, its answer was lost on the way). ``apply_after_s`` (with
        ``apply``) performs the action that long after the answer: a trim or a revert the
        backend applies late, after the proxy already gave up.
        """
        if isinstance(body, (dict, list)):
            data = json.dumps(body).encode()
            ctype = content_type or "application/json"
        else:
            data = body.encode() if isinstance(body, str) else body
            ctype = content_type or "text/html"
        if times < 1:
            raise ValueError("times must be >= 1")
        if apply_after_s < 0:
            raise ValueError("apply_after_s must be >= 0")
        self._faults.append(Fault(method, path_contains, status, data, ctype, times, delay_s, apply, drop,
                                  apply_after_s))

    def clear_faults(self) -> None:
        self._faults.clear()
        self.late.clear()

    def arm_late_stop(self, asset_id: str, apply_after_s: float, *, answer: str = "timeout",
                      readbacks_hang: bool = False) -> None:
        """The next stop of this stream loses its answer and is applied ``apply_after_s`` later.

        ``answer``: "timeout" (held until applied) or "502" (at once); ``readbacks_hang``:
        reads of the stream hang until the stop is applied. See ``late.py``.
        """
        self.late.arm(asset_id, apply_after_s, answer, readbacks_hang)

    def _apply_late_stop(self, asset_id: str, request: web.Request, raw: bytes) -> None:
        data = expect_dict(parse_body(request.headers.get("Content-Type", ""), raw))
        self.world.stop(asset_id, data)

    def stop_requests(self, asset_id: str | None = None) -> list[RecordedRequest]:
        """The recorded ``stop_live_stream`` POSTs, optionally for one asset."""
        out = []
        for r in self.requests:
            parts = r.segments()
            is_stop = r.method == "POST" and parts[-1:] == ["stop_live_stream"]
            if is_stop and (asset_id is None or (len(parts) >= 2 and parts[-2] == asset_id)):
                out.append(r)
        return out

    # ----- state aids -----------------------------------------------------------
    def set_status(self, asset_id: str, status: str) -> None:
        self.world.set_status(asset_id, status)

    def advance(self, asset_id: str) -> str:
        return self.world.advance(asset_id)

    def streaming_ids(self) -> list[str]:
        return self.world.streaming_ids()

    def rename_stream(self, asset_id: str, new_id: str) -> None:
        """Give a stream another id (a server whose ids hold ``/``, ``#``, ``..``: tests of quoting)."""
        self.world.rename(asset_id, new_id)

    # ----- trim jobs (sim/trim_jobs.py) ------------------------------------------------
    def advance_trim(self, asset_id: str) -> str:
        """Move the video's trim job one step now (Pending → Processing → Completed/Failed)."""
        s = self.world.get(asset_id)
        if not self.world.trim_jobs.step(s, self.world.clock()):
            raise ValueError(f"{asset_id} has no trim job to move")
        job = self.world.trim_jobs.jobs[asset_id]
        return self.world.trim_jobs.render(job)["status_display"]

    def fail_next_trim(self, asset_id: str | None = None) -> None:
        """The next trim job (of ``asset_id``, or any) ends Failed, leaving the video as it was."""
        self.world.trim_jobs.arm_failure(asset_id)

    def trim_requests(self, asset_id: str, kind: str = "trim") -> list[RecordedRequest]:
        """The recorded POSTs to ``trim/`` (``kind="revert"``: ``trim/revert/``) of one asset."""
        tail = ["trim"] if kind == "trim" else ["trim", "revert"]
        return [r for r in self.requests if r.method == "POST"
                and r.segments()[-len(tail) - 1:] == [asset_id, *tail]]

    # ----- webhooks -------------------------------------------------------------
    def _on_change(self, stream: Stream) -> None:
        self.webhooks.on_change(stream.id, self.world.render(stream))

    def deliver_repeat(self, asset_id: str) -> int:
        """Re-send the last payload for the asset to every webhook; returns deliveries queued."""
        return self.webhooks.repeat(asset_id)

    def deliver_out_of_order(self, asset_id: str) -> int:
        """Send the current payload, then an older one (e.g. Recording after Completed)."""
        return self.webhooks.out_of_order(asset_id, self.world.render(self.world.get(asset_id)))

    @property
    def deliveries(self) -> list[Delivery]:
        return self.webhooks.deliveries

    async def drain_webhooks(self) -> None:
        """Wait until every queued webhook delivery has been attempted."""
        await self.webhooks.drain()
