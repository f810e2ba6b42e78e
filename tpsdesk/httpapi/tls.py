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


class _Builder:
    def __init__(self) -> None:
        self._done = threading.Event()
        self._context: ssl.SSLContext | None = None
        self._error: BaseException | None = None
        threading.Thread(target=self._build, name="tls-context", daemon=True).start()

    def _build(self) -> None:
        try:
            self._context = default_context()
        except BaseException as exc:  # handed to the caller of result(), as httpx would raise it
            self._error = exc
        finally:
            self._done.set()

    def result(self) -> ssl.SSLContext:
        self._done.wait()
        if self._error is not None:
            raise self._error
        assert self._context is not None
        return self._context


_lock = threading.Lock()
_builder: _Builder | None = None


def default_context() -> ssl.SSLContext:
    """What httpx builds for ``verify=True`` (httpx.create_ssl_context), without importing httpx."""
    if os.environ.get("SSL_CERT_FILE"):
        return ssl.create_default_context(cafile=os.environ["SSL_CERT_FILE"])
    if os.environ.get("SSL_CERT_DIR"):
        return ssl.create_default_context(capath=os.environ["SSL_CERT_DIR"])
    import certifi

    return ssl.create_default_context(cafile=certifi.where())


def prepare() -> None:
    """Start building the shared context, if nobody has yet. Returns at once."""
    global _builder
    with _lock:
        if _builder is None:
            _builder = _Builder()


def shared_context() -> ssl.SSLContext:
    """The shared context: waits for the build :func:`prepare` started (or starts it)."""
    prepare()
    assert _builder is not None
    return _builder.result()
