"""AccountService: whatever a flow does (fails oddly, is cancelled), ``busy`` comes back down."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from tests.support.memkeyring import MemoryKeyring
from tests.support.qt import run
from tpsdesk.accounts import flow
from tpsdesk.accounts.flow import SignOutResult
from tpsdesk.accounts.profiles import Profile
from tpsdesk.accounts.vault import TokenVault
from tpsdesk.httpapi.client import TPStreamsClient
from tpsdesk.services.account import AccountService

BASE = "http://127.0.0.1:9"  # never reached: the flows are replaced


@pytest.fixture
def service(qtbot: QtBot, qloop: asyncio.AbstractEventLoop,
            memory_keyring: MemoryKeyring) -> Iterator[tuple[AccountService, TPStreamsClient]]:
    svc = AccountService(TokenVault())
    client = TPStreamsClient(BASE, "org", "tok", timeout=1.0)
    yield svc, client
    run(qtbot, svc.aclose())
    run(qtbot, client.aclose())


def test_a_sign_out_that_raises_does_not_stay_busy(
        qtbot: QtBot, service: tuple[AccountService, TPStreamsClient], monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    svc, client = service

    async def broken(*_args: object) -> SignOutResult:
        raise RuntimeError("a bug in sign-out")

    monkeypatch.setattr(flow, "sign_out", broken)
    results: list[SignOutResult] = []
    svc.signedOut.connect(results.append)
    busy: list[bool] = []
    svc.busyChanged.connect(busy.append)
    with caplog.at_level(logging.ERROR):
        svc.sign_out(client, Profile("p", "org", BASE))
        assert svc.busy
        qtbot.waitUntil(lambda: not svc.busy)
    assert busy == [True, False]
    # The user is told, rather than left with a window that never finishes signing out.
    assert len(results) == 1 and not results[0].revoked and "did not finish" in results[0].message


def test_a_cancelled_sign_in_does_not_stay_busy(
        qtbot: QtBot, service: tuple[AccountService, TPStreamsClient], monkeypatch: pytest.MonkeyPatch) -> None:
    svc, client = service
    started = asyncio.Event()

    async def hangs(*_args: object) -> None:
        started.set()
        await asyncio.Event().wait()  # a server that never answers

    monkeypatch.setattr(flow, "sign_in", hangs)
    svc.sign_in(client, Profile("p", "org", BASE), "me@example.com", "pw")
    qtbot.waitUntil(started.is_set)
    assert svc.busy
    run(qtbot, svc.aclose())  # the window closed mid-sign-in
    assert not svc.busy
