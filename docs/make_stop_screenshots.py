"""Render the README's stop screenshots (offscreen): the undo countdown, and the window at
1280×720 after a stop with its outcome and playback link in view.

    .venv/bin/python docs/make_stop_screenshots.py
"""

from __future__ import annotations

import asyncio

from screenshot_kit import OUT, run_offscreen, until


async def scenario() -> None:
    from tpsdesk.domain.models import StatusKind
    from tpsdesk.services.stop_tracker import StopState
    from tpsdesk.shell.config import DEMO_ORG, DEMO_TOKEN, AppConfig
    from tpsdesk.shell.session import Session
    from tpsdesk.sim import SimConfig, SimServer

    async with SimServer(SimConfig(stream_count=60, org_id=DEMO_ORG, token=DEMO_TOKEN, seed=1,
                                   stop_to_recording_s=1.0, recording_to_completed_s=2.0,
                                   random_disconnects=False)) as sim:
        config = AppConfig(demo=True, base_url=sim.base_url, org_id=DEMO_ORG, token=DEMO_TOKEN,
                           poll_interval_s=0.5)
        session = Session(config, base_url=sim.base_url)
        window = session.window
        window.resize(1280, 720)
        window.show()
        session.start()
        await until(lambda: window.model.rowCount() == 60)
        target = sorted(sim.streaming_ids(), key=lambda i: sim.world.elapsed_of(i) or 0)[-2]
        window.table.selectAssetId(target)
        await until(lambda: window.workspace.asset_id == target)
        tracker = window.workspace.tracker
        tracker.setUndoSeconds(5)
        window.workspace.request_stop()
        dialog = window.workspace.confirm_dialog
        assert dialog is not None
        await until(dialog.isVisible)
        dialog.stop_button.click()
        await until(lambda: tracker.state(target) is StopState.COUNTDOWN and tracker.remaining(target) < 3.6)
        window.grab().save(str(OUT / "undo-countdown.png"))
        tracker.sendNow(target)
        await until(lambda: (a := session.store.asset(target)) is not None
                    and a.status.kind is StatusKind.COMPLETED)
        await until(lambda: window.workspace.outcome_bar.playback.isVisible())
        await asyncio.sleep(0.5)
        window.grab().save(str(OUT / "stopped-1280x720.png"))
        await session.aclose()


if __name__ == "__main__":
    raise SystemExit(run_offscreen(scenario))
