"""Render the producer tools offscreen: docs/screenshots/trim-job.png (and live-marks.png).

Runs the real app wiring against the simulator: trims a Completed recording
through the trim-job panel and waits for the job to complete; marks a live
stream in and out and shows the flags on its timeline.
Usage: python docs/make_producer_screenshots.py
"""

from __future__ import annotations

import asyncio

from screenshot_kit import OUT, run_offscreen, until

from tpsdesk.domain.marks import MarkKind
from tpsdesk.domain.trim import Trim
from tpsdesk.services.trim_jobs import TrimPhase
from tpsdesk.shell.config import AppConfig
from tpsdesk.shell.session import Session
from tpsdesk.sim import SimConfig, SimServer


async def main() -> None:
    sim = SimServer(SimConfig(stream_count=12, org_id="demo-org", token="t", seed=7, random_disconnects=False,
                              quirks=False, not_started_to_streaming_s=3600, trim_pending_s=0.6,
                              trim_processing_s=0.8))
    base = await sim.start()
    config = AppConfig(demo=True, base_url=base, org_id="demo-org", token="t", refresh_interval_s=0,
                       poll_interval_s=1.0)
    session = Session(config, base_url=base)
    window = session.window
    window.resize(1360, 980)
    window.show()
    session.start()
    await until(lambda: window.model.rowCount() > 0)
    await live_marks(sim, session)
    await trim_job(sim, session)
    await session.aclose()
    await sim.stop()


async def live_marks(sim: SimServer, session: Session) -> None:
    window = session.window
    await until(lambda: session.producer.marks.server_clock.skew_s is not None)
    asset_id = max(sim.streaming_ids(), key=lambda i: sim.world.elapsed_of(i) or 0)
    window.table.selectAssetId(asset_id)
    panel = session.producer.marks_panel
    await until(lambda: panel.isVisible())
    marks = session.producer.marks
    for kind, back, name in ((MarkKind.IN, 2280, "Teacher starts"), (MarkKind.OUT, 1260, "Break"),
                             (MarkKind.IN, 1020, "After the break"), (MarkKind.OUT, 150, "Q&A over")):
        mark = panel.mark(kind)
        assert mark is not None
        marks.nudge(asset_id, mark.id, -back)
        marks.rename(asset_id, mark.id, name)
    panel.pairCombo.setCurrentIndex(0)
    panel.useChosenPair()
    window._tick()
    await asyncio.sleep(0.3)  # let the layout settle around the list that just appeared
    window.grab().save(str(OUT / "live-marks.png"))


async def trim_job(sim: SimServer, session: Session) -> None:
    window = session.window
    asset_id = next(s.id for s in sim.world.newest_first() if s.status == "Completed" and s.trim is None
                    and s.transcode_recorded_video and s.recording_s > 1800)
    window.table.selectAssetId(asset_id)
    panel = session.producer.trim_job_panel
    await until(lambda: (t := panel.track()) is not None and t.phase is TrimPhase.NONE)
    duration = panel.editor.elapsed()
    panel.editor.setHandles(95, duration - 240)
    plan = panel.editor.plan()
    assert plan.trim is not None
    session.producer.trim_jobs.trim(asset_id, Trim(plan.trim.start_time, plan.trim.end_time))
    await until(lambda: (t := panel.track()) is not None and t.phase is TrimPhase.COMPLETED)
    await until(lambda: panel.editor.elapsed() < duration)
    panel.editor.setHandles(0, panel.editor.elapsed())
    window.grab().save(str(OUT / "trim-job.png"))


if __name__ == "__main__":
    raise SystemExit(run_offscreen(main))
