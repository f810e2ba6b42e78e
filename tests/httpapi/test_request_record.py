"""The journal's hook in the client: mutating requests only, redacted, and never in the request's way."""

from __future__ import annotations

import asyncio

import pytest

from tpsdesk.httpapi.client import TPStreamsClient
from tpsdesk.httpapi.request_record import RequestRecord, add_record_observer
from tpsdesk.sim import SimConfig, SimServer

ORG, TOKEN = "rec-org", "rec-token-7d1e"


def test_only_mutating_requests_are_recorded_and_a_failing_observer_changes_nothing(
        caplog: pytest.LogCaptureFixture) -> None:
    records: list[RequestRecord] = []

    def broken(_record: RequestRecord) -> None:
        raise RuntimeError("observer bug")

    async def main() -> None:
        async with SimServer(SimConfig(stream_count=3, org_id=ORG, token=TOKEN, lifecycle=False,
                                       random_disconnects=False, quirks=False)) as sim:
            client = TPStreamsClient(sim.base_url, ORG, TOKEN, timeout=5.0)
            add_record_observer(client, broken)
            add_record_observer(client, records.append)
            listing = await client.list_live_streams()  # GETs: not recorded
            hook = await client.create_webhook("https://hooks.example/x", "s3cret-hook-value")
            await client.delete_webhook(hook.id)
            other = TPStreamsClient(sim.base_url, ORG, TOKEN, timeout=5.0)  # not observed
            await other.create_webhook("https://hooks.example/y", "other-secret")
            await other.aclose()
            await client.aclose()
            assert len(listing.assets) == 3

    asyncio.run(main())
    assert [(r.method, r.status, r.error) for r in records] == [("POST", 201, ""), ("DELETE", 204, "")]
    assert records[0].organization == ORG and records[0].elapsed_ms >= 0
    assert "s3cret-hook-value" not in records[0].request_body + records[0].response_body
    assert "observer bug" in caplog.text  # logged, and the requests went on regardless


def test_an_answer_the_record_cannot_read_never_fails_the_request() -> None:
    records: list[RequestRecord] = []

    async def main() -> None:
        async with SimServer(SimConfig(stream_count=1, org_id=ORG, token=TOKEN, lifecycle=False,
                                       random_disconnects=False, quirks=False)) as sim:
            client = TPStreamsClient(sim.base_url, ORG, TOKEN, timeout=5.0)
            add_record_observer(client, records.append)
            hook = await client.create_webhook("https://hooks.example/x", "s3cret-hook-value")
            sim.fault_next(method="DELETE", path_contains="webhooks", status=200,
                           body="[" * 100_000 + "]" * 100_000, content_type="application/json", apply=True)
            await client.delete_webhook(hook.id)  # the answer nests past any recursion limit
            await client.aclose()

    asyncio.run(main())
    assert [(r.method, r.status) for r in records] == [("POST", 201), ("DELETE", 200)]
