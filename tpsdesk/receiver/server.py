"""The webhook receiver: aiohttp on the app's running loop (qasync in the app).

It answers fast and applies later: a handler only checks the token, reads the
capped body, parses it and queues the asset; one worker task hands queued
assets to ``on_asset``. So a slow UI never makes TPStreams wait, and a flood
is bounded by the queue rather than by the number of tasks.

Hostile input (issue 10): bodies are capped (``max_body``) and their JSON
bounded in depth before parsing; deliveries of the wrong shape are refused
with 400 and one escaped log line; malformed HTTP is answered by aiohttp
(400/413/431) with one line in the log, no traceback; at most
``max_connections`` connections stay open (the oldest idle one goes first);
a connection that does not send a whole request within ``header_timeout_s``
is closed, and a body that does not arrive within ``body_timeout_s`` is 408.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets as secrets_mod
import time
from collections.abc import Callable
from typing import Any

from aiohttp import web

from tpsdesk.domain.logsafe import printable
from tpsdesk.domain.models import Asset
from tpsdesk.receiver.core import DEFAULT_MAX_BODY, DeliveryError, ReceiverStats, parse_delivery, token_matches
from tpsdesk.receiver.limits import ConnectionGuard, LogThrottle, default_max_connections, quiet_server_logger

log = logging.getLogger(__name__)

DEFAULT_QUEUE = 5000
DEFAULT_HEADER_TIMEOUT_S = 10.0  # a sender's whole request line and headers; also the keep-alive idle time
DEFAULT_BODY_TIMEOUT_S = 10.0  # an asset is a few KiB: ten seconds is generous
HOOK_PREFIX = "/tpsdesk/hooks/"
_YIELD_AFTER_S = 0.003  # a long queue is applied in turns this long, so Qt paints in between


class WebhookReceiver:
    def __init__(self, on_asset: Callable[[Asset], None], *, max_body: int = DEFAULT_MAX_BODY,
                 queue_size: int = DEFAULT_QUEUE, path_token: str | None = None,
                 max_connections: int | None = None, header_timeout_s: float = DEFAULT_HEADER_TIMEOUT_S,
                 body_timeout_s: float = DEFAULT_BODY_TIMEOUT_S) -> None:
        self._on_asset = on_asset
        self._max_body = max_body
        self._header_timeout_s = header_timeout_s
        self._body_timeout_s = body_timeout_s
        self.guard = ConnectionGuard(max_connections or default_max_connections())
        self._refusals = LogThrottle(5.0)  # one line per 5 s under a flood of bad deliveries
        # The unguessable part: a stranger who finds the port still cannot find the path.
        self.path = HOOK_PREFIX + (path_token or secrets_mod.token_urlsafe(24))
        self._secrets: tuple[bytes, ...] = ()
        self._queue: asyncio.Queue[Asset] = asyncio.Queue(maxsize=queue_size)
        self._runner: web.AppRunner | None = None
        self._worker: asyncio.Task[None] | None = None
        self.stats = ReceiverStats()
        self.host = ""
        self.port = 0

    # -- secrets ------------------------------------------------------------------
    def set_secrets(self, *values: str) -> None:
        """Accepted tokens (more than one only while a registration changes its secret)."""
        self._secrets = tuple(v.encode() for v in values if v)

    @property
    def has_secret(self) -> bool:
        return bool(self._secrets)

    # -- life ---------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self._runner is not None

    @property
    def local_base(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def local_url(self) -> str:
        return self.local_base + self.path

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        if self._runner is not None:
            return self.local_url
        app = web.Application(client_max_size=self._max_body)
        app.router.add_post(self.path, self._handle)
        # access_log=None: the access log would write the secret path to disk.
        # keepalive_timeout also runs from the moment a connection opens (aiohttp closes a connection
        # still waiting for its first whole request then): the header deadline.
        runner = web.AppRunner(app, access_log=None, handle_signals=False,
                               keepalive_timeout=self._header_timeout_s, logger=quiet_server_logger(__name__),
                               # After an early answer (401, 413, 408) the unread rest of a body is
                               # drained this long, so the sender reads the answer, then the socket goes.
                               lingering_time=min(2.0, self._body_timeout_s))
        await runner.setup()
        self._guard_connections(runner)
        site = web.TCPSite(runner, host, port)
        # create_server() loses its listening socket when cancelled on its last step (the socket
        # is listening but never handed back): let the start finish, then clean up and re-raise.
        starting = asyncio.ensure_future(site.start())
        try:
            await asyncio.shield(starting)
        except BaseException:
            with contextlib.suppress(BaseException):
                await starting
            await runner.cleanup()
            raise
        self._runner = runner
        self.host, self.port = host, runner.addresses[0][1]
        self._worker = asyncio.get_event_loop().create_task(self._work(), name="webhook receiver")
        return self.local_url

    def _guard_connections(self, runner: web.AppRunner) -> None:
        server = runner.server
        assert server is not None
        made, lost, guard = server.connection_made, server.connection_lost, self.guard

        def connection_made(handler: Any, transport: Any) -> None:
            made(handler, transport)
            guard.admitted(handler)

        def connection_lost(handler: Any, exc: BaseException | None = None) -> None:
            guard.lost(handler)
            lost(handler, exc)

        server.connection_made = connection_made  # type: ignore[method-assign]
        server.connection_lost = connection_lost  # type: ignore[method-assign]

    async def stop(self) -> None:
        if self._worker is not None:
            self._worker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._worker
            self._worker = None
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def drain(self) -> None:
        """Wait until every accepted delivery has been applied (tests, shutdown)."""
        await self._queue.join()

    # -- requests -----------------------------------------------------------------
    async def _handle(self, request: web.Request) -> web.Response:
        self.guard.busy(request.protocol, True)
        try:
            return await self._answer(request)
        finally:
            self.guard.busy(request.protocol, False)

    def _refused(self, request: web.Request, status: int, reason: str) -> web.Response:
        ok, held = self._refusals.allow()
        if ok:
            more = f" ({held} more since the last report)" if held else ""
            log.info("refused a webhook delivery from %s (%d): %s%s", printable(request.remote, 60), status,
                     printable(reason, 120), more)
        return web.Response(status=status, text=reason)

    async def _answer(self, request: web.Request) -> web.Response:
        if not token_matches(request.headers.get("x-streams-token"), self._secrets):
            self.stats.unauthorized += 1
            return self._refused(request, 401, "unauthorized")
        if request.content_length is not None and request.content_length > self._max_body:
            self.stats.too_large += 1  # refused before reading a byte of it
            return self._refused(request, 413, "too large")
        try:
            async with asyncio.timeout(self._body_timeout_s):
                body = await request.read()  # raises 413 itself past client_max_size (chunked bodies)
        except web.HTTPRequestEntityTooLarge:
            self.stats.too_large += 1
            return self._refused(request, 413, "too large")
        except TimeoutError:
            self.stats.malformed += 1
            response = self._refused(request, 408, "the body did not arrive in time")
            response.force_close()
            return response
        try:
            asset = parse_delivery(body, max_size=self._max_body)
        except DeliveryError as exc:
            self.stats.malformed += 1
            return self._refused(request, 400, str(exc))
        try:
            self._queue.put_nowait(asset)
        except asyncio.QueueFull:
            self.stats.overloaded += 1  # the sender may retry; polling covers the rest
            return web.Response(status=503, headers={"Retry-After": "5"}, text="busy")
        self.stats.accepted += 1
        return web.Response(status=204)

    async def _work(self) -> None:
        # Measured in time, not deliveries: one delivery costs more with 10,000 streams on screen.
        turn_started = time.monotonic()
        while True:
            if self._queue.empty():
                asset = await self._queue.get()  # the loop was free meanwhile: a new turn
                turn_started = time.monotonic()
            else:
                asset = self._queue.get_nowait()
            try:
                self._on_asset(asset)
                self.stats.applied += 1
            except Exception:  # one bad apply must not end the receiver
                log.exception("applying a webhook delivery for %s failed", printable(asset.id))
            finally:
                self._queue.task_done()
            if time.monotonic() - turn_started >= _YIELD_AFTER_S:
                await asyncio.sleep(0)
                turn_started = time.monotonic()
