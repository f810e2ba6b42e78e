"""The zone watch over the status store, fed readings as the list and polls would (no widgets)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from pytestqt.qtbot import QtBot

from tpsdesk.domain.models import parse_asset
from tpsdesk.domain.server_clock import ServerClock
from tpsdesk.services.zone_watch import ZoneWatch
from tpsdesk.status.book import Source
from tpsdesk.status.store import StatusStore

NOW = datetime(2026, 11, 30, 8, 30, 17, tzinfo=UTC)
NEW_YORK = timedelta(hours=-5)


def stamp(moment: datetime) -> str:
    local = moment + NEW_YORK
    return f"{local:%B} {local.day}, {local:%Y}, {local:%I:%M %p}"


def payload(status: str, activities: list[tuple[str, datetime]], start: datetime) -> dict[str, Any]:
    return {"id": "a1", "title": "Class", "type": "livestream", "live_stream": {
        "status": status, "start": f"{start + NEW_YORK:%Y-%m-%d %H:%M:%S}", "rtmp_url": "", "stream_key": None,
        "activities": [{"status": s, "timestamp": stamp(t)} for s, t in activities]}}


def test_a_stream_seen_starting_reveals_a_server_in_another_zone(qtbot: QtBot) -> None:
    clock = [NOW - timedelta(seconds=30)]
    store = StatusStore(clock=lambda: clock[0])
    def local() -> datetime:
        return clock[0] + timedelta(seconds=40)  # our clock runs 40 s fast: the Date corrects it

    server_clock = ServerClock()
    server_clock.note_date(clock[0], local())
    watch = ZoneWatch(store, ZoneInfo("Asia/Kolkata"), clock=server_clock.corrected(local))
    seen = []
    watch.verdictChanged.connect(seen.append)
    store.apply(parse_asset(payload("Not Started", [], NOW - timedelta(seconds=10))), Source.LIST)
    assert watch.verdict.agrees and not seen
    clock[0] = NOW
    store.apply(parse_asset(payload("Streaming", [("On Publish", NOW - timedelta(seconds=15))],
                                    NOW - timedelta(seconds=10))), Source.POLL)
    assert seen and not watch.verdict.agrees
    assert watch.verdict.suggested == NEW_YORK
    watch.set_zone(ZoneInfo("America/New_York"))
    assert watch.verdict.agrees and seen[-1].agrees


def test_one_class_that_went_live_early_is_not_a_wrong_zone_but_two_starts_ahead_are(qtbot: QtBot) -> None:
    store = StatusStore(clock=lambda: NOW)
    watch = ZoneWatch(store, ZoneInfo("America/New_York"), clock=lambda: NOW)

    def live(asset_id: str, start: datetime) -> None:
        data = payload("Streaming", [], start)
        data["id"] = asset_id
        data["live_stream"]["activities"] = None
        store.apply(parse_asset(data), Source.LIST)

    live("early", NOW + timedelta(hours=2))  # scheduled in two hours, live already
    assert watch.verdict.agrees
    live("second", NOW + timedelta(hours=3))
    assert not watch.verdict.agrees and "ahead" in watch.verdict.message
    store.forget("second")
    live("third", NOW - timedelta(minutes=20))
    assert watch.verdict.agrees  # bounds from forgotten streams go with them
