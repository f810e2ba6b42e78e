"""Registering the app's receiver with the simulator: new, re-used, removed; the secret never logged."""

from __future__ import annotations

import asyncio
import logging

import pytest

from tpsdesk.httpapi.client import TPStreamsClient
from tpsdesk.services.webhook_service import MemorySecretStore, WebhookService
from tpsdesk.sim import SimConfig, SimServer
from tpsdesk.status.store import StatusStore

ORG, TOKEN = "hook-org", "hook-token"


def test_register_reuses_its_own_registration_and_removes_it(qapp: object, caplog: pytest.LogCaptureFixture
                                                              ) -> None:
    caplog.set_level(logging.DEBUG)

    async def main() -> None:
        async with SimServer(SimConfig(org_id=ORG, token=TOKEN, lifecycle=False, random_disconnects=False,
                                       quirks=False, stream_count=3)) as sim:
            client = TPStreamsClient(sim.base_url, ORG, TOKEN)
            # Someone else's webhook must survive everything below.
            await client.create_webhook("https://elsewhere.example/hook", "theirs")
            vault = MemorySecretStore()
            first = WebhookService(client, StatusStore(), secret_store=vault)
            await first.start()
            hook = await first.register()
            secret1 = vault.get(f"webhook:{first.receiver.local_base}")
            assert secret1 and hook.url == first.receiver.local_url
            await first.aclose()

            # A new run (new port, new path) under the same public base: re-use, not a duplicate.
            second = WebhookService(client, StatusStore(), secret_store=vault)
            await second.receiver.start("127.0.0.1", 0)
            base = "https://tunnel.example"
            await client.create_webhook(base + "/tpsdesk/hooks/left-over-1", "x")
            await client.create_webhook(base + "/tpsdesk/hooks/left-over-2", "y")
            again = await second.register(base)
            urls = sorted(h.url for h in await client.list_webhooks())
            assert urls == sorted([hook.url, "https://elsewhere.example/hook", base + second.receiver.path])
            theirs = {h.url: h for h in await client.list_webhooks()}
            assert theirs[again.url].secret_token == vault.get(f"webhook:{base}") != secret1
            again2 = await second.register(base)
            assert again2.id == again.id and len(await client.list_webhooks()) == 3

            await second.unregister()
            assert sorted(h.url for h in await client.list_webhooks()) == sorted([hook.url, "https://elsewhere.example/hook"])
            assert vault.get(f"webhook:{base}") is None and not second.receiver.has_secret
            await second.aclose()
            await client.aclose()
            secrets = [secret1, theirs[again.url].secret_token]
            assert not any(s in caplog.text for s in secrets if s)
            # The unguessable path is not logged by the app either (the server's hook list holds it).
            assert second.receiver.path not in caplog.text

    asyncio.run(main())
