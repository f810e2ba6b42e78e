"""Webhook registrations and their delivery.

Deliveries run from one background task fed by a queue, so a status change
inside a request never waits on a receiver, and payloads leave in the order the
changes happened (which makes ``deliver_out_of_order`` deterministic). Each
POST has a short timeout; connection failures are retried a couple of times
(the receiver may be a desktop that is just starting up). HTTP error answers
are logged, not retried, since the contract says nothing about retries.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import aiohttp

from . import fields
from .errors import ApiError, not_found
from .redact import shown_error, shown_url

log = logging.getLogger("tpsdesk.sim.deliveries")
HISTORY_PER_ASSET = 20


@dataclass
class Webhook:
    id: int
    url: str
    secret_token: str

    def as_json(self) -> dict[str, Any]:
        return {"url": self.url, "secret_token": self.secret_token, "id": self.id}


@dataclass(frozen=True)
class Delivery:
    """What happened to one POST: for tests and the demo's log."""

    url: str
    asset_id: str
    asset_status: str | None
    attempts: int
    http_status: int | None
    error: str | None


@dataclass(frozen=True)
class _Job:
    url: str
    secret: str
    asset_id: str
    status: str | None
    body: bytes


@dataclass
class WebhookHub:
    timeout_s: float = 2.0
    retries: int = 2
    hooks: dict[int, Webhook] = field(default_factory=dict)
    deliveries: list[Delivery] = field(default_factory=list)
    _next_id: int = 1
    _history: dict[str, list[tuple[str | None, bytes]]] = field(default_factory=dict)
    _queue: asyncio.Queue[_Job] | None = None
    _task: asyncio.Task[None] | None = None
    _session: aiohttp.ClientSession | None = None

    # ----- registrations (REST) ------------------------------------------------
    def _validate(self, data: dict[str, Any], partial: bool) -> dict[str, str]:
        errors: dict[str, list[str]] = {}
        values: dict[str, str] = {}
        checks: dict[str, Callable[[Any], str]] = {
            "url": fields.url, "secret_token": lambda v: fields.char(v, max_length=255),
        }
        for name, convert in checks.items():
            if name not in data:
                if not partial:
                    errors[name] = [fields.REQUIRED]
                continue
            try:
                values[name] = convert(data[name])
            except fields.FieldError as exc:
                errors[name] = [str(exc)]
        if errors:
            raise ApiError(400, errors)
        return values

    def create(self, data: dict[str, Any]) -> Webhook:
        values = self._validate(data, partial=False)
        hook = Webhook(self._next_id, values["url"], values["secret_token"])
        self._next_id += 1
        self.hooks[hook.id] = hook
        return hook

    def get(self, hook_id: str) -> Webhook:
        hook = self.hooks.get(int(hook_id)) if hook_id.isdigit() else None
        if hook is None:
            raise not_found()
        return hook

    def update(self, hook_id: str, data: dict[str, Any], partial: bool) -> Webhook:
        hook = self.get(hook_id)
        values = self._validate(data, partial)
        hook.url = values.get("url", hook.url)
        hook.secret_token = values.get("secret_token", hook.secret_token)
        return hook

    def delete(self, hook_id: str) -> None:
        del self.hooks[self.get(hook_id).id]

    def listing(self) -> list[dict[str, Any]]:
        return [h.as_json() for h in sorted(self.hooks.values(), key=lambda h: h.id)]

    # ----- delivery --------------------------------------------------------------
    async def start(self) -> None:
        self._queue = asyncio.Queue()
        # force_close: no keep-alive connections left to a receiver at shutdown.
        self._session = aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(force_close=True),
            timeout=aiohttp.ClientTimeout(total=self.timeout_s),
        )
        self._task = asyncio.create_task(self._worker(), name="tpsdesk-sim-webhooks")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        if self._session is not None:
            await self._session.close()
            self._session = None
        self._queue = None

    async def drain(self) -> None:
        """Wait until every queued delivery has been attempted."""
        if self._queue is not None:
            await self._queue.join()

    @staticmethod
    def _encode(payload: dict[str, Any]) -> tuple[str | None, bytes]:
        live = payload.get("live_stream")
        status = live.get("status") if isinstance(live, dict) else None
        return status, json.dumps(payload, ensure_ascii=False).encode()

    def _enqueue(self, asset_id: str, status: str | None, body: bytes) -> int:
        if self._queue is None:
            return 0  # not running: nothing can be sent
        for hook in self.hooks.values():
            self._queue.put_nowait(_Job(hook.url, hook.secret_token, asset_id, status, body))
        return len(self.hooks)

    def on_change(self, asset_id: str, payload: dict[str, Any]) -> int:
        status, body = self._encode(payload)
        history = self._history.setdefault(asset_id, [])
        history.append((status, body))
        del history[:-HISTORY_PER_ASSET]
        return self._enqueue(asset_id, status, body)

    def repeat(self, asset_id: str) -> int:
        """Send the last payload for the asset again (a duplicate delivery)."""
        history = self._history.get(asset_id)
        if not history:
            raise ValueError(f"no webhook payload sent for {asset_id} yet")
        status, body = history[-1]
        return self._enqueue(asset_id, status, body)

    def out_of_order(self, asset_id: str, current: dict[str, Any]) -> int:
        """Send the current payload, then the latest older one with another status."""
        status, body = self._encode(current)
        older = [item for item in self._history.get(asset_id, []) if item[0] != status]
        if not older:
            raise ValueError(f"no earlier payload with a different status for {asset_id}")
        old_status, old_body = older[-1]
        return self._enqueue(asset_id, status, body) + self._enqueue(asset_id, old_status, old_body)

    async def _worker(self) -> None:
        assert self._queue is not None
        while True:
            job = await self._queue.get()
            try:
                self.deliveries.append(await self._deliver(job))
            except Exception:  # never let one bad delivery end the worker
                log.exception("webhook delivery to %s failed", shown_url(job.url))
            finally:
                self._queue.task_done()

    async def _deliver(self, job: _Job) -> Delivery:
        assert self._session is not None
        headers = {"Content-Type": "application/json", "x-streams-token": job.secret}
        error: str | None = None
        for attempt in range(1, self.retries + 2):
            try:
                async with self._session.post(job.url, data=job.body, headers=headers) as resp:
                    await resp.read()
                    if resp.status >= 300:
                        log.info("webhook %s answered %s", shown_url(job.url), resp.status)
                    return Delivery(job.url, job.asset_id, job.status, attempt, resp.status, None)
            except (TimeoutError, aiohttp.ClientConnectionError) as exc:
                error = f"{type(exc).__name__}: {exc}"
                if attempt <= self.retries:
                    await asyncio.sleep(0.05 * 4 ** (attempt - 1))
            except (aiohttp.ClientError, ValueError) as exc:  # bad URL, protocol error: retrying won't help
                error = f"{type(exc).__name__}: {exc}"
                return Delivery(job.url, job.asset_id, job.status, attempt, None, error)
        log.info("webhook %s unreachable: %s", shown_url(job.url), shown_error(error or "", job.url))
        return Delivery(job.url, job.asset_id, job.status, self.retries + 1, None, error)
