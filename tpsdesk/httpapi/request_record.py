"""One mutating request and what came of it, redacted before it leaves the client.

Observers added with :func:`add_record_observer` (the journal) get a
:class:`RequestRecord` for every POST/PUT/DELETE a client sends, answered or not; the
client's one hook is :func:`send_recorded` around its HTTP call (``httpapi/exchange.py``
is the other hook: whether any answer came, and the server's clock, for every request).

Nothing secret is in a record: the Authorization header is never copied, bodies go
through ``domain.redact`` with the token sent as a known secret, and bodies are
truncated to a sane size. No Qt here.
"""

from __future__ import annotations

import logging
import time
import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

import httpx

from tpsdesk.domain.clock import utc_now
from tpsdesk.domain.redact import redact_body, redact_text

log = logging.getLogger(__name__)

MUTATING_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})

# Error kinds (``RequestRecord.error``) when no answer came.
NOT_SENT = "not sent"  # connecting failed or timed out: the server saw nothing
NO_ANSWER = "no answer"  # sent, then a time-out: it may have been applied
CONNECTION_LOST = "connection lost"  # sent, then the connection broke: it may have been applied


@dataclass(frozen=True, slots=True)
class RequestRecord:
    method: str
    path: str  # without scheme and host; never carries a secret in this API
    organization: str
    request_body: str  # redacted, pretty JSON or text; "" when none
    status: int | None  # None: no answer (see ``error``)
    response_body: str  # redacted and truncated
    elapsed_ms: int
    started_at: datetime  # UTC
    error: str = ""  # NOT_SENT, NO_ANSWER or CONNECTION_LOST when ``status`` is None

    @property
    def maybe_applied(self) -> bool:
        """False only when the server cannot have acted on it (refused, or never sent)."""
        if self.status is None:
            return self.error != NOT_SENT
        return self.status < 400 or self.status >= 500


RecordObserver = Callable[[RequestRecord], None]


class RecordedClient(Protocol):
    """What a record needs of the client that sent it (``TPStreamsClient``)."""

    org_id: str

    @property
    def token(self) -> str: ...


_observers: weakref.WeakKeyDictionary[Any, tuple[RecordObserver, ...]] = weakref.WeakKeyDictionary()


def add_record_observer(client: RecordedClient, observer: RecordObserver) -> None:
    """``observer`` is called with a record of each mutating request ``client`` sends from now on."""
    _observers[client] = (*_observers.get(client, ()), observer)


def error_kind(exc: BaseException) -> str:
    if isinstance(exc, (httpx.ConnectTimeout, httpx.PoolTimeout, httpx.ConnectError, httpx.UnsupportedProtocol)):
        return NOT_SENT
    if isinstance(exc, httpx.TimeoutException):
        return NO_ANSWER
    return CONNECTION_LOST


class Recorder:
    """Started just before a request is sent; finished with its answer or its failure."""

    def __init__(self, method: str, path: str, body: Any, *, organization: str, secrets: Iterable[str],
                 clock: Callable[[], datetime] = utc_now) -> None:
        self._secrets = [s for s in secrets if s]
        self._method = method
        self._path = redact_text(path, self._secrets)
        self._organization = organization
        self._request_body = "" if body is None else redact_body(body, self._secrets, parsed=True)
        self._started_at = clock()
        self._t0 = time.perf_counter()

    def _elapsed_ms(self) -> int:
        return round((time.perf_counter() - self._t0) * 1000)

    def answered(self, status: int, content: bytes) -> RequestRecord:
        return RequestRecord(self._method, self._path, self._organization, self._request_body, status,
                        redact_body(content, self._secrets), self._elapsed_ms(), self._started_at)

    def failed(self, exc: BaseException) -> RequestRecord:
        return RequestRecord(self._method, self._path, self._organization, self._request_body, None, "",
                        self._elapsed_ms(), self._started_at, error=error_kind(exc))


def notify(observers: Iterable[RecordObserver], record: RequestRecord) -> None:
    """An observer that fails must never fail the request it observed."""
    for observer in observers:
        try:
            observer(record)
        except Exception:
            log.exception("a request record observer failed")


async def send_recorded(client: RecordedClient, http: httpx.AsyncClient, method: str, path: str,
                        **kwargs: Any) -> httpx.Response:
    """``http.request``, recorded for ``client``'s observers when it is a mutating request (GETs are not).

    The token sent is a known secret of the record: cut out wherever it might appear."""
    observers = _observers.get(client, ())
    if method not in MUTATING_METHODS or not observers:
        return await http.request(method, path, **kwargs)
    recorder = Recorder(method, path, kwargs.get("json"), organization=client.org_id, secrets=(client.token,))
    try:
        response = await http.request(method, path, **kwargs)
    except httpx.HTTPError as exc:
        _record(observers, recorder.failed, exc)
        raise
    _record(observers, recorder.answered, response.status_code, response.content)
    return response


def _record(observers: Iterable[RecordObserver], make: Callable[..., RequestRecord], *args: Any) -> None:
    """Whatever an answer holds, recording it must never fail the request it answered."""
    try:
        record = make(*args)
    except Exception:
        log.exception("a request could not be recorded")
        return
    notify(observers, record)
