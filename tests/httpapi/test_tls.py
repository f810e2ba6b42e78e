"""The shared TLS context: built once off the calling thread, verifying like httpx's default."""

from __future__ import annotations

import ssl
import threading
from pathlib import Path

import pytest

from tpsdesk.httpapi import tls
from tpsdesk.httpapi.client import TPStreamsClient


def test_the_context_checks_certificates_and_host_names() -> None:
    context = tls.shared_context()
    assert context.verify_mode == ssl.CERT_REQUIRED and context.check_hostname
    assert context.cert_store_stats()["x509_ca"] > 0  # a CA bundle is loaded


def test_every_client_shares_the_one_context(monkeypatch: pytest.MonkeyPatch) -> None:
    built: list[str] = []
    original = tls.default_context

    def counting() -> ssl.SSLContext:
        built.append(threading.current_thread().name)
        return original()

    monkeypatch.setattr(tls, "default_context", counting)
    monkeypatch.setattr(tls, "_future", None)
    tls.prepare()
    first = tls.shared_context()
    TPStreamsClient("https://example.invalid", "org", "token")
    TPStreamsClient("https://example.invalid", "org", "token")
    assert tls.shared_context() is first
    assert built == ["tls-context"]  # once, on its own thread


def test_a_bad_ca_file_is_the_error_httpx_would_raise(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path / "missing.pem"))
    monkeypatch.setattr(tls, "_future", None)
    with pytest.raises(FileNotFoundError):
        tls.shared_context()
    monkeypatch.setattr(tls, "_future", None)  # the next test builds a good one again
