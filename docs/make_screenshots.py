"""Render the README's screenshots from the real app in demo mode (offscreen).

    .venv/bin/python docs/make_screenshots.py

Drives a real Session against the in-process simulator the way a user would
(select a live class, set a trim, stop it, follow the recording) and saves
``QWidget.grab()`` images into docs/screenshots/.
"""

from __future__ import annotations

import asyncio

from screenshot_kit import OUT, run_offscreen, until


async def scenario() -> None:

    from tpsdesk.domain.models import StatusKind
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
        window.resize(1440, 900)
        window.show()
        session.start()
        await until(lambda: window.model.rowCount() == 60)
        target = max(sim.streaming_ids(), key=lambda i: sim.world.elapsed_of(i) or 0)
        window.table.selectAssetId(target)
        await until(lambda: window.workspace.asset_id == target)
        elapsed = window.workspace.trim.elapsed()
        window.workspace.trim.setTrimEnabled(True)
        window.workspace.trim.setHandles(250, max(300, elapsed - 600))
        await asyncio.sleep(1.2)
        window.grab().save(str(OUT / "main-window.png"))

        window.workspace.request_stop()
        dialog = window.workspace.confirm_dialog
        assert dialog is not None
        await until(dialog.isVisible)
        dialog.grab().save(str(OUT / "stop-confirm.png"))
        dialog.stop_button.click()
        await until(lambda: (a := session.store.asset(target)) is not None
                    and a.status.kind is StatusKind.COMPLETED)
        await asyncio.sleep(0.5)
        window.workspace.grab().save(str(OUT / "stopped.png"))
        await session.aclose()


if __name__ == "__main__":
    raise SystemExit(run_offscreen(scenario))
