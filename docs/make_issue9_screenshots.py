"""Render the window with the server gone, the wrong-zone warning and the in-window notices.

Saves docs/screenshots/server-gone.png, wrong-zone.png and notices.png, running the
real app wiring against the simulator offscreen.
Usage: python docs/make_issue9_screenshots.py
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from screenshot_kit import OUT, run_offscreen, until

from tpsdesk.domain.models import StatusKind
from tpsdesk.shell.config import AppConfig
from tpsdesk.shell.session import Session
from tpsdesk.sim import SimConfig, SimServer

SIZE = (1360, 860)


class ShiftedClock:
    def __init__(self) -> None:
        self.offset = timedelta(0)

    def __call__(self) -> datetime:
        return datetime.now(UTC) + self.offset


async def _open(sim_tz: str = "Asia/Kolkata", clock: ShiftedClock | None = None) -> tuple[SimServer, Session]:
    sim = SimServer(SimConfig(stream_count=24, org_id="demo-org", token="t", seed=7, random_disconnects=False,
                              quirks=False, stop_to_recording_s=1.0, recording_to_completed_s=2.0,
                              not_started_to_streaming_s=3600, server_tz=sim_tz))
    base = await sim.start()
    config = AppConfig(demo=True, base_url=base, org_id="demo-org", token="t", refresh_interval_s=0,
                       poll_interval_s=1.0)
    session = Session(config, base_url=base, clock=clock or ShiftedClock())
    session.window.resize(*SIZE)
    session.window.show()
    session.start()
    await until(lambda: session.window.model.rowCount() > 0)
    return sim, session


def _select_live(sim: SimServer, session: Session) -> str:
    asset_id = next(i for i in sim.streaming_ids() if (a := session.store.asset(i)) and a.live_stream
                    and a.live_stream.start is not None)
    session.window.table.selectAssetId(asset_id)
    return asset_id


async def _close(sim: SimServer, session: Session) -> None:
    await session.aclose()
    await sim.stop()


async def server_gone() -> None:
    clock = ShiftedClock()
    sim, session = await _open(clock=clock)
    window = session.window
    _select_live(sim, session)
    await sim.go_away()
    window.refresh()
    await until(window.banner.isVisible)
    clock.offset = timedelta(minutes=3, seconds=12)  # three minutes without an answer
    window._tick()
    window.grab().save(str(OUT / "server-gone.png"))
    await _close(sim, session)


async def wrong_zone() -> None:
    sim, session = await _open(sim_tz="America/New_York")
    window = session.window
    asset_id = _select_live(sim, session)
    sim.set_status(asset_id, "Disconnected")
    window.refresh()
    await until(lambda: (a := session.store.asset(asset_id)) is not None and a.status.kind is StatusKind.DISCONNECTED)
    sim.set_status(asset_id, "Streaming")
    window.refresh()
    await until(window.zone_warning.isVisible)
    window._tick()
    window.grab().save(str(OUT / "wrong-zone.png"))
    await _close(sim, session)


async def notices() -> None:
    sim, session = await _open()
    window = session.window
    asset_id = _select_live(sim, session)
    session.stops.stop(asset_id, None)
    await until(lambda: (a := session.store.asset(asset_id)) is not None and a.status.kind is StatusKind.COMPLETED)
    other = next(i for i in sim.streaming_ids() if i != asset_id)
    sim.set_status(other, "Disconnected")
    window.refresh()
    await until(lambda: len(window.notices.texts()) >= 2)
    window.grab().save(str(OUT / "notices.png"))
    await _close(sim, session)


async def main() -> None:
    await server_gone()
    await wrong_zone()
    await notices()


if __name__ == "__main__":
    raise SystemExit(run_offscreen(main))
