"""The TLS context the clients verify servers with: built once, on a worker thread.

Loading the CA bundle takes a core ~30 ms, and every httpx transport built without a
context loads it again. OpenSSL reads the bundle without holding the interpreter lock,
so :func:`prepare` (called at launch, before Qt is imported) builds it on a second
core while the window is being made, and every client of the run shares it. The
context is httpx's default one: certifi's bundle, or ``SSL_CERT_FILE`` /
``SSL_CERT_DIR`` when set, with host names and certificates checked.
"""

from __future__ import annotations

import os
import ssl
import threading
from concurrent.futures import Future

_lock = threading.Lock()
_future: Future[ssl.SSLContext] | None = None


def default_context() -> ssl.SSLContext:
    """What httpx builds for ``verify=True`` (httpx.create_ssl_context), without importing httpx."""
    if os.environ.get("SSL_CERT_FILE"):
        return ssl.create_default_context(cafile=os.environ["SSL_CERT_FILE"])
    if os.environ.get("SSL_CERT_DIR"):
        return ssl.create_default_context(capath=os.environ["SSL_CERT_DIR"])
    import certifi

    return ssl.create_default_context(cafile=certifi.where())


def _build(future: Future[ssl.SSLContext]) -> None:
    try:
        future.set_result(default_context())
    except BaseException as exc:  # handed to shared_context()'s caller, as httpx would raise it
        future.set_exception(exc)


def prepare() -> None:
    """Start building the shared context, if nobody has yet. Returns at once."""
    global _future
    with _lock:
        if _future is None:
            _future = Future()
            threading.Thread(target=_build, args=(_future,), name="tls-context", daemon=True).start()


def shared_context() -> ssl.SSLContext:
    """The shared context: waits for the build :func:`prepare` started (or starts it)."""
    prepare()
    assert _future is not None
    return _future.result()
