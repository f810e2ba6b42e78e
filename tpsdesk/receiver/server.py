"""The webhook receiver: aiohttp on the app's running loop (qasync in the app).

It answers fast and applies later: a handler only checks the token, reads the
capped body, parses it and queues the asset; one worker task hands queued
assets to ``on_asset``. So a slow UI never makes TPStreams wait, and a flood
is bounded by the queue rather than by the number of tasks.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets as secrets_mod
from collections.abc import Callable

from aiohttp import web

from tpsdesk.domain.models import Asset
from tpsdesk.receiver.core import DeliveryError, ReceiverStats, parse_delivery, token_matches

log = logging.getLogger(__name__)

DEFAULT_MAX_BODY = 256 * 1024  # an asset is a few KiB; a MiB (aiohttp's default) is generous to abuse
DEFAULT_QUEUE = 5000
HOOK_PREFIX = "/tpsdesk/hooks/"
_YIELD_EVERY = 50  # let Qt paint between batches when the queue is long


class WebhookReceiver:
    def __init__(self, on_asset: Callable[[Asset], None], *, max_body: int = DEFAULT_MAX_BODY,
                 queue_size: int = DEFAULT_QUEUE, path_token: str | None = None) -> None:
        self._on_asset = on_asset
        self._max_body = max_body
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
        runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await runner.setup()
        try:
            site = web.TCPSite(runner, host, port)
            await site.start()
        except BaseException:
            await runner.cleanup()
            raise
        self._runner = runner
        self.host, self.port = host, runner.addresses[0][1]
        self._worker = asyncio.get_event_loop().create_task(self._work(), name="webhook receiver")
        return self.local_url

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
        if not token_matches(request.headers.get("x-streams-token"), self._secrets):
            self.stats.unauthorized += 1
            return web.Response(status=401, text="unauthorized")
        if request.content_length is not None and request.content_length > self._max_body:
            self.stats.too_large += 1  # refused before reading a byte of it
            return web.Response(status=413, text="too large")
        try:
            body = await request.read()  # raises 413 itself past client_max_size (chunked bodies)
        except web.HTTPRequestEntityTooLarge:
            self.stats.too_large += 1
            return web.Response(status=413, text="too large")
        try:
            asset = parse_delivery(body)
        except DeliveryError as exc:
            self.stats.malformed += 1
            return web.Response(status=400, text=str(exc))
        try:
            self._queue.put_nowait(asset)
        except asyncio.QueueFull:
            self.stats.overloaded += 1  # the sender may retry; polling covers the rest
            return web.Response(status=503, headers={"Retry-After": "5"}, text="busy")
        self.stats.accepted += 1
        return web.Response(status=204)

    async def _work(self) -> None:
        done = 0
        while True:
            asset = await self._queue.get()
            try:
                self._on_asset(asset)
                self.stats.applied += 1
            except Exception:  # one bad apply must not end the receiver
                log.exception("applying a webhook delivery failed")
            finally:
                self._queue.task_done()
            done += 1
            if done % _YIELD_EVERY == 0:
                await asyncio.sleep(0)
