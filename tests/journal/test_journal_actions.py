"""Sign-in, sign-out and webhook registration/removal each write one entry, over loopback; no secret lands."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

from tests.support.memkeyring import MemoryKeyring
from tpsdesk.accounts import flow
from tpsdesk.accounts.profiles import Profile
from tpsdesk.accounts.vault import TokenVault
from tpsdesk.httpapi.client import TPStreamsClient
from tpsdesk.httpapi.errors import NetworkError, ValidationError
from tpsdesk.journal.entries import Action, JournalEntry, JournalFilter, Outcome
from tpsdesk.journal.writer import JournalWriter
from tpsdesk.services.account import AccountService
from tpsdesk.services.journal import JournalService
from tpsdesk.services.webhook_service import MemorySecretStore, WebhookService
from tpsdesk.shell.journal_wiring import journal_token_sign_in
from tpsdesk.sim import SimConfig, SimServer
from tpsdesk.status.store import StatusStore

ORG, SEED_TOKEN = "jrn-org", "jrn-seed-token-5f2c"
EMAIL, PASSWORD = "demo@example.com", "demo-password"


def raw_bytes(path: Path) -> bytes:
    """The database and its WAL and shared-memory files, as they sit on disk."""
    return b"".join(p.read_bytes() for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")) if p.exists())


def scenario(tmp_path: Path, body: Callable[[SimServer, TPStreamsClient, JournalService], Awaitable[None]],
             **config: Any) -> list[JournalEntry]:
    entries: list[JournalEntry] = []

    async def main() -> None:
        async with SimServer(SimConfig(stream_count=3, org_id=ORG, token=SEED_TOKEN, lifecycle=False,
                                       random_disconnects=False, quirks=False, **config)) as sim:
            journal = JournalService(JournalWriter(tmp_path / "journal.sqlite3"))
            client = TPStreamsClient(sim.base_url, ORG, "", timeout=5.0)
            journal.observe(client, organization="Jrn Org", profile="Work")
            try:
                await body(sim, client, journal)
                await journal.writer.flush()
                entries.extend(await journal.page(JournalFilter()))
            finally:
                await client.aclose()
                await journal.aclose()

    asyncio.run(main())
    return entries


def test_password_sign_in_and_sign_out_are_one_entry_each(tmp_path: Path, memory_keyring: MemoryKeyring,
                                                          qapp: object) -> None:
    tokens: list[str] = []

    async def body(sim: SimServer, client: TPStreamsClient, journal: JournalService) -> None:
        profile = Profile("Work", ORG, sim.base_url)
        await flow.sign_in(client, TokenVault(), profile, EMAIL, PASSWORD)
        tokens.append(client.token)
        await flow.sign_out(client, TokenVault(), profile)

    sign_out, sign_in = scenario(tmp_path, body)
    assert (sign_in.action, sign_in.outcome, sign_in.status) == (Action.SIGN_IN, Outcome.OK, 200)
    assert (sign_out.action, sign_out.outcome, sign_out.status) == (Action.SIGN_OUT, Outcome.OK, 204)
    assert sign_in.organization == "Jrn Org" and sign_in.profile == "Work"
    assert sign_in.path == "/api/auth/login/" and EMAIL in sign_in.request_body
    assert sign_in.elapsed_ms is not None and sign_in.elapsed_ms >= 0
    raw = raw_bytes(tmp_path / "journal.sqlite3")
    assert tokens[0] and tokens[0].encode() not in raw and PASSWORD.encode() not in raw
    assert b"[redacted]" in raw  # the password and the token were there, and were cut


def test_a_refused_password_is_one_refused_entry(tmp_path: Path, memory_keyring: MemoryKeyring,
                                                qapp: object) -> None:
    async def body(sim: SimServer, client: TPStreamsClient, journal: JournalService) -> None:
        with pytest.raises(ValidationError):
            await flow.sign_in(client, TokenVault(), Profile("Work", ORG, sim.base_url), EMAIL, "wrong-pass-77")

    [entry] = scenario(tmp_path, body)
    assert (entry.action, entry.outcome, entry.status) == (Action.SIGN_IN, Outcome.REFUSED, 400)
    assert b"wrong-pass-77" not in raw_bytes(tmp_path / "journal.sqlite3")


def test_a_pasted_token_sign_in_is_one_entry(tmp_path: Path, memory_keyring: MemoryKeyring, qapp: object) -> None:
    async def body(sim: SimServer, client: TPStreamsClient, journal: JournalService) -> None:
        accounts = AccountService(TokenVault())
        for token, expected in ((SEED_TOKEN, "signedIn"), ("not-a-token-9", "signInFailed")):
            done: asyncio.Future[str] = asyncio.get_running_loop().create_future()
            accounts.signedIn.connect(lambda _r, f=done: f.done() or f.set_result("signedIn"))
            accounts.signInFailed.connect(lambda _m, f=done: f.done() or f.set_result("signInFailed"))
            journal_token_sign_in(journal, accounts, organization="Jrn Org", profile="Work")
            accounts.use_token(client, Profile("Work", ORG, sim.base_url), token)
            assert await asyncio.wait_for(done, 5) == expected
            accounts.signedIn.disconnect()
            accounts.signInFailed.disconnect()
        await accounts.aclose()

    failed, ok = scenario(tmp_path, body)
    assert (ok.action, ok.outcome, ok.note) == (Action.SIGN_IN, Outcome.OK, "with a pasted API token")
    assert (failed.action, failed.outcome) == (Action.SIGN_IN, Outcome.FAILED)
    assert not ok.method  # no request of its own: the app recorded it
    raw = raw_bytes(tmp_path / "journal.sqlite3")
    assert SEED_TOKEN.encode() not in raw and b"not-a-token-9" not in raw


def test_a_sign_out_that_cannot_reach_the_server_is_not_sent(tmp_path: Path, memory_keyring: MemoryKeyring,
                                                           qapp: object) -> None:
    async def body(sim: SimServer, client: TPStreamsClient, journal: JournalService) -> None:
        dead = TPStreamsClient("http://127.0.0.1:9", ORG, "tok-dead-123", timeout=2.0)
        journal.observe(dead, organization="Jrn Org", profile="Work")
        with pytest.raises(NetworkError):
            await dead.logout()
        await dead.aclose()

    [entry] = scenario(tmp_path, body)
    assert (entry.action, entry.outcome, entry.status) == (Action.SIGN_OUT, Outcome.NOT_SENT, None)
    assert "nothing reached the server" in entry.note


def test_webhook_registration_and_removal_are_entries_without_the_secret(tmp_path: Path, qapp: object) -> None:
    secrets = MemorySecretStore()

    async def body(sim: SimServer, client: TPStreamsClient, journal: JournalService) -> None:
        client.set_token(SEED_TOKEN)
        hooks = WebhookService(client, StatusStore(), secret_store=secrets)
        await hooks.start()
        await hooks.register()
        secrets.set("seen", secrets.get(f"webhook:{hooks.receiver.local_base}") or "")
        await hooks.unregister()
        await hooks.aclose()

    removal, registration = scenario(tmp_path, body)
    assert (registration.action, registration.outcome, registration.status) == (
        Action.WEBHOOK_REGISTER, Outcome.OK, 201)
    assert (removal.action, removal.outcome, removal.method) == (Action.WEBHOOK_REMOVE, Outcome.OK, "DELETE")
    assert '"secret_token": "[redacted]"' in registration.request_body
    assert '"secret_token": "[redacted]"' in registration.response_body
    secret = secrets.get("seen")
    assert secret and secret.encode() not in raw_bytes(tmp_path / "journal.sqlite3")
    assert SEED_TOKEN.encode() not in raw_bytes(tmp_path / "journal.sqlite3")


def test_read_backs_of_lost_stops_say_what_was_found(tmp_path: Path, qapp: object) -> None:
    from PySide6.QtCore import QObject, Signal

    from tpsdesk.domain.models import parse_asset
    from tpsdesk.services.stop import StopOutcome

    class Stops(QObject):  # the one signal the journal listens to on a StopService
        stopReconciled = Signal(str, object)

    live = parse_asset({"id": "A1", "title": "Algebra", "type": "livestream",
                        "live_stream": {"status": "Streaming", "stream_key": "org-x-live-A1-KEY9"}})
    stopped = parse_asset({"id": "A1", "title": "Algebra", "type": "livestream", "live_stream": {"status": "Stopped"}},
                          raw_json='{"id": "A1", "live_stream": {"stream_key": "org-x-live-A1-KEY9"}}')

    async def main() -> list[JournalEntry]:
        journal = JournalService(JournalWriter(tmp_path / "journal.sqlite3"))
        stops = Stops()
        journal.watch_stops(stops, organization="Org", profile="Work")  # type: ignore[arg-type]
        stops.stopReconciled.emit("A1", StopOutcome("A1", True, stopped, "went through"))
        stops.stopReconciled.emit("A1", StopOutcome("A1", False, live, "did not go through"))
        stops.stopReconciled.emit("A1", StopOutcome("A1", False, None, "reading back failed", settled=False))
        await journal.writer.flush()
        found = list(reversed(await journal.page(JournalFilter())))
        await journal.aclose()
        return found

    went, not_stopped, unknown = asyncio.run(main())
    assert [e.outcome for e in (went, not_stopped, unknown)] == [Outcome.OK, Outcome.FAILED, Outcome.UNKNOWN]
    assert all(e.action is Action.STOP_READ_BACK and e.stream_id == "A1" for e in (went, not_stopped, unknown))
    assert '"stream_key": "[redacted]"' in went.response_body
    assert '"status": "Streaming"' in not_stopped.response_body  # known from a poll: no raw answer kept
    assert unknown.response_body == "" and unknown.note == "reading back failed"
    assert b"KEY9" not in raw_bytes(tmp_path / "journal.sqlite3")
