"""Webhook status: the receiver feeding the store, and the app's registration.

Unknown asset ids: a delivery for a stream the store does not hold is
*recorded* (counted, id kept) but not applied; it asks for a list refresh
instead, so a new stream enters the table from the authenticated listing
with all its fields, and a stray delivery can never invent a row.

Registration: the URL is ``<public base><HOOK_PREFIX><random path>``. The
random path changes every run, so the app recognises its own earlier
registrations by the prefix under the same public base, reuses the first
(PUT with the new URL and a fresh secret: the old secret is unknown) and
deletes any other leftovers, so registrations never pile up.

Removal from the UI goes through ``remove_registration()``: the service owns
the task (cancelled on close) and turns a failure into ``problem``, so an
error from the server is shown, never lost as "Task exception was never
retrieved".

A public URL with a random port (``--webhook-public-url`` without
``--webhook-port``) is warned about: a tunnel or proxy cannot be pointed at
a port that changes every run.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import time
from collections import deque
from collections.abc import Callable
from datetime import datetime
from typing import Protocol

from PySide6.QtCore import QObject, Signal

from tpsdesk.domain.clock import utc_now
from tpsdesk.domain.hook_registration import WebhookRegistration
from tpsdesk.domain.logsafe import printable
from tpsdesk.domain.models import Asset
from tpsdesk.httpapi.client import TPStreamsClient
from tpsdesk.httpapi.errors import ApiError
from tpsdesk.receiver import HOOK_PREFIX, WebhookReceiver
from tpsdesk.services.errors import ErrorReport, internal_error, report_error
from tpsdesk.services.tasks import TaskOwner
from tpsdesk.status.book import Source
from tpsdesk.status.store import StatusStore

log = logging.getLogger(__name__)
UNKNOWN_KEPT = 50
REFRESH_AT_MOST_EVERY_S = 5.0  # a flood of unknown ids must not turn into a flood of list reads


class SecretStore(Protocol):
    """Where webhook secrets live; the keychain vault (issue 4) can stand in here."""

    def get(self, key: str) -> str | None: ...
    def set(self, key: str, value: str) -> None: ...
    def delete(self, key: str) -> None: ...


class MemorySecretStore:
    def __init__(self) -> None:
        self._values: dict[str, str] = {}

    def get(self, key: str) -> str | None:
        return self._values.get(key)

    def set(self, key: str, value: str) -> None:
        self._values[key] = value

    def delete(self, key: str) -> None:
        self._values.pop(key, None)

    def __repr__(self) -> str:  # never the values
        return f"MemorySecretStore({len(self._values)} secrets)"


def own_prefix(public_base: str) -> str:
    return public_base.rstrip("/") + HOOK_PREFIX


class WebhookService(QObject):
    delivered = Signal(str)  # asset id of an applied delivery
    unknownDelivered = Signal(str)  # asset id the store does not hold
    stateChanged = Signal()  # listening / registered / counts changed
    problem = Signal(object)  # ErrorReport (registration or removal failed)
    warned = Signal(str)  # a set-up that works now but will not keep working (plain words)
    removed = Signal()  # remove_registration() finished: the server no longer holds it
    startAgainRequested = Signal()  # the user asked to try starting the receiver again

    def __init__(self, client: TPStreamsClient, store: StatusStore, *, secret_store: SecretStore | None = None,
                 request_refresh: Callable[[], None] | None = None,
                 clock: Callable[[], datetime] = utc_now, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._client = client
        self._store = store
        self._secrets: SecretStore = secret_store or MemorySecretStore()
        self._request_refresh = request_refresh
        self._clock = clock
        self.receiver = WebhookReceiver(self._on_asset)
        self.registration: WebhookRegistration | None = None
        self.registered_base: str | None = None
        self.unknown_ids: deque[str] = deque(maxlen=UNKNOWN_KEPT)
        self.unknown_count = 0
        self.last_delivery_at: datetime | None = None
        self._refresh_asked_at: float | None = None
        self._requested_port: int | None = None  # as asked of start(); 0 is "any free port"
        self.start_problem: str | None = None  # why the receiver could not listen; cleared once it does
        self.last_problem: ErrorReport | None = None  # cleared by the next success
        self.warning: str | None = None
        self._tasks = TaskOwner("webhooks")
        self._removing: asyncio.Task[None] | None = None

    # -- receiving ----------------------------------------------------------------
    @property
    def listening(self) -> bool:
        return self.receiver.running

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        try:
            url = await self.receiver.start(host, port)
        except OSError as exc:  # the port is taken, the address is not this machine's
            reason = printable(exc.strerror or str(exc) or type(exc).__name__, 160)
            self.start_problem = f"could not listen on {printable(host, 60)}:{port} ({reason})"
            log.warning("webhook receiver not started: %s", self.start_problem)
            self.stateChanged.emit()
            raise
        self.start_problem = None
        self._requested_port = port
        log.info("webhook receiver listening on %s:%s", self.receiver.host, self.receiver.port)  # not the path
        self.stateChanged.emit()
        return url

    def _on_asset(self, asset: Asset) -> None:
        self.last_delivery_at = self._clock()
        if self._store.entry(asset.id) is None:
            self.unknown_count += 1
            self.unknown_ids.append(asset.id)
            log.info("webhook for an asset not in the list (%s): refreshing the list", printable(asset.id))
            self.unknownDelivered.emit(asset.id)
            now = time.monotonic()
            due = self._refresh_asked_at is None or now - self._refresh_asked_at >= REFRESH_AT_MOST_EVERY_S
            if self._request_refresh is not None and due:
                self._refresh_asked_at = now
                self._request_refresh()
            self.stateChanged.emit()
            return
        self._store.apply(asset, Source.WEBHOOK)
        self.delivered.emit(asset.id)
        self.stateChanged.emit()

    def request_start_again(self) -> None:
        """The indicator's "Try again": whoever started the receiver (the session) starts it again."""
        if not self.receiver.running:
            self.startAgainRequested.emit()

    # -- registration ---------------------------------------------------------------
    async def register(self, public_base: str | None = None) -> WebhookRegistration:
        """Register (or re-use) this app's webhook; ``public_base`` reaches the receiver's port."""
        if not self.receiver.running:
            raise RuntimeError("start the receiver before registering it")
        base = (public_base or self.receiver.local_base).rstrip("/")
        if public_base:
            self._check_public_port()
        url = base + self.receiver.path
        secret = secrets.token_urlsafe(32)
        previous = self._secrets.get(f"webhook:{base}")
        # Accept the new secret before the server knows it: the first delivery may beat the answer.
        self.receiver.set_secrets(secret, *(s for s in [previous] if s))
        try:
            mine = [h for h in await self._client.list_webhooks() if h.url.startswith(own_prefix(base))]
            if mine:
                hook = await self._client.update_webhook(mine[0].id, url, secret)
                for extra in mine[1:]:
                    await self._client.delete_webhook(extra.id)
            else:
                hook = await self._client.create_webhook(url, secret)
        except ApiError as exc:
            self.receiver.set_secrets(*(s for s in [previous] if s))
            self._report(report_error(exc, headline="Webhook registration failed"))
            raise
        except BaseException:  # a bug, or cancelled: put the secrets back; the caller's owner logs a bug
            self.receiver.set_secrets(*(s for s in [previous] if s))
            raise
        self.receiver.set_secrets(secret)
        self._secrets.set(f"webhook:{base}", secret)
        self.registration, self.registered_base = hook, base
        self.last_problem = None
        log.info("webhook registered (id %s, %s)", printable(hook.id), "re-used" if mine else "new")
        self.stateChanged.emit()
        return hook

    async def unregister(self) -> None:
        if self.registration is None:
            return
        await self._client.delete_webhook(self.registration.id)
        if self.registered_base is not None:
            self._secrets.delete(f"webhook:{self.registered_base}")
        self.registration = self.registered_base = None
        self.receiver.set_secrets()
        self.last_problem = None
        log.info("webhook registration removed")
        self.stateChanged.emit()

    def remove_registration(self) -> asyncio.Task[None] | None:
        """Remove the registration in a task this service owns (the UI's menu action).

        A failure is reported through ``problem`` (and ``last_problem``); the
        registration is kept, so the action can be tried again.
        """
        if self.registration is None or self._removing is not None:
            return self._removing
        try:
            self._removing = self._tasks.spawn(self._remove(), name="remove webhook")
        except RuntimeError:  # closing: the session is going away
            return None
        return self._removing

    @property
    def removing(self) -> bool:
        return self._removing is not None

    async def _remove(self) -> None:
        try:
            await self.unregister()
        except ApiError as exc:
            self._removing = None  # before anyone hears of it: the action may be tried again
            log.warning("removing the webhook registration failed: %s", type(exc).__name__)
            self._report(report_error(exc, headline="Webhook removal failed"))
            return
        except Exception as exc:
            self._removing = None
            log.exception("removing the webhook registration failed inside tpsdesk")
            self._report(internal_error(exc))
            return
        finally:
            self._removing = None  # also when cancelled (closing)
        self.removed.emit()
        self.stateChanged.emit()

    def _report(self, report: ErrorReport) -> None:
        self.last_problem = report
        self.problem.emit(report)
        self.stateChanged.emit()

    def _check_public_port(self) -> None:
        if self._requested_port != 0 or self.warning is not None:
            return
        port = self.receiver.port
        self.warning = (f"--webhook-public-url was given without --webhook-port: the receiver listens on a "
                        f"random port ({port}) that changes every run, so a tunnel or proxy cannot be "
                        f"pointed at it for long. Start with --webhook-port {port} (or another fixed port) "
                        "and point the tunnel there.")
        log.warning("%s", self.warning)
        self.warned.emit(self.warning)
        self.stateChanged.emit()

    async def aclose(self) -> None:
        await self._tasks.aclose()
        await self.receiver.stop()
