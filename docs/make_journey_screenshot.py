"""Render the recording's journey offscreen and save docs/screenshots/journey.png.

Runs the real app wiring against the simulator with webhooks on: stops a live
stream with a trim and waits until the recording is Completed.
Usage: python docs/make_journey_screenshot.py
"""

from __future__ import annotations

import asyncio

from screenshot_kit import OUT, run_offscreen, until

from tpsdesk.domain.models import StatusKind
from tpsdesk.domain.trim import Trim
from tpsdesk.shell.config import AppConfig
from tpsdesk.shell.session import Session
from tpsdesk.sim import SimConfig, SimServer


async def main() -> None:
    sim = SimServer(SimConfig(stream_count=12, org_id="demo-org", token="t", seed=7, random_disconnects=False,
                              quirks=False, stop_to_recording_s=1.2, recording_to_completed_s=2.5,
                              not_started_to_streaming_s=3600))
    base = await sim.start()
    config = AppConfig(demo=True, base_url=base, org_id="demo-org", token="t", refresh_interval_s=0,
                       poll_interval_s=1.0)
    session = Session(config, base_url=base)
    window = session.window
    window.resize(1360, 980)
    window.show()
    session.start()
    await session.start_webhooks()
    await until(lambda: window.model.rowCount() > 0)
    asset_id = next(i for i in sim.streaming_ids() if (a := session.store.asset(i)) and a.live_stream
                    and a.live_stream.start is not None)
    window.table.selectAssetId(asset_id)
    workspace = window.workspace
    workspace._confirmed(asset_id, session.store.asset(asset_id).title, _plan())  # type: ignore[union-attr]
    await until(lambda: (a := session.store.asset(asset_id)) is not None and a.status.kind is StatusKind.COMPLETED)
    await asyncio.sleep(1.2)  # let the "updated N s ago" tick once
    window._tick()
    window.grab().save(str(OUT / "journey.png"))
    await session.aclose()
    await sim.stop()


def _plan():  # type: ignore[no-untyped-def]
    from tpsdesk.domain.trim import TrimPlan

    return TrimPlan(Trim(30, 120), "trim 00:00:30 – 00:02:00")


if __name__ == "__main__":
    raise SystemExit(run_offscreen(main))
