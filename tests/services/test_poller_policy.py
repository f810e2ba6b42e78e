"""The poller owns what its answers mean: a 404 means the stream was deleted on the server."""

from __future__ import annotations

import asyncio

from pytestqt.qtbot import QtBot

from tests.support.deliveries import payload
from tests.support.qt import run
from tpsdesk.domain.models import Asset, parse_asset
from tpsdesk.httpapi.errors import NotFoundError
from tpsdesk.services.poller import AdaptivePoller
from tpsdesk.status.store import StatusStore


class DeletedOnServer:
    async def get_asset(self, asset_id: str) -> Asset:
        raise NotFoundError("Not found.", status=404)


def test_a_404_forgets_the_stream_without_anyone_else_deciding(qtbot: QtBot,
                                                                qloop: asyncio.AbstractEventLoop) -> None:
    store = StatusStore()
    store.apply_listing([parse_asset(payload("gone", "Streaming"))])
    held = store.asset("gone")
    assert held is not None and held.title
    poller = AdaptivePoller(DeletedOnServer(), store, interval_s=0.01)  # type: ignore[arg-type]
    with qtbot.waitSignal(poller.streamGone, timeout=3000) as gone:
        poller.watch("gone")
    assert gone.args == ["gone", held.title]  # the title, for the message
    assert store.asset("gone") is None  # off screen: not left as live with Stop enabled
    run(qtbot, poller.aclose())

