"""Render the Journal window offscreen and save docs/screenshots/journal.png.

Runs the real session wiring with a journal (in a temporary directory) against the
simulator: a sign-in, the webhook registration, a stop with a trim, a refused trim,
a stop whose answer a proxy ate (and its read-back), a trim of a finished recording
and its revert, then opens File ▸ Journal….
Usage: python docs/make_journal_screenshot.py
"""

from __future__ import annotations

import contextlib
import tempfile
from pathlib import Path

from screenshot_kit import OUT, run_offscreen, until

from tpsdesk.domain.models import StatusKind
from tpsdesk.domain.trim import Trim
from tpsdesk.httpapi.errors import ValidationError
from tpsdesk.journal.entries import Action, Outcome
from tpsdesk.shell.config import AppConfig
from tpsdesk.shell.journal_wiring import open_journal
from tpsdesk.shell.session import Session
from tpsdesk.sim import SimConfig, SimServer
from tpsdesk.ui.journal.window import JournalWindow


async def main() -> None:
    scratch = tempfile.TemporaryDirectory(prefix="tpsdesk-journal-shot-")
    journal = open_journal(Path(scratch.name) / "journal.sqlite3")
    sim = SimServer(SimConfig(stream_count=30, org_id="demo-org", token="t", seed=3, random_disconnects=False,
                              quirks=False, stop_to_recording_s=1.0, recording_to_completed_s=2.0,
                              not_started_to_streaming_s=3600))
    base = await sim.start()
    config = AppConfig(demo=True, base_url=base, org_id="demo-org", token="t", refresh_interval_s=0,
                       poll_interval_s=1.0)
    session = Session(config, base_url=base, journal=journal, org_label="Demo Academy (demo-org)",
                      profile_name="Work")
    window = session.window
    window.show()
    session.start()
    await until(lambda: window.model.rowCount() > 0)
    client = session.client
    await client.login("demo@example.com", "demo-password", "demo-org")
    journal.record_action(Action.PROFILE_SWITCH, Outcome.OK, organization="Demo Academy (demo-org)", profile="Work",
                          note="from “Personal” to “Work”")
    await session.start_webhooks()
    live = sorted(sim.streaming_ids(), key=lambda i: -(sim.world.elapsed_of(i) or 0))[:2]
    live.append(next(i for i in session.store.ids() if i not in live and (a := session.store.asset(i)) is not None
                     and a.status.can_stop))
    refused, trimmed, lost = live[0], live[1], live[2]
    with contextlib.suppress(ValidationError):  # refused: end_time beyond the recording
        await client.stop_live_stream(refused, Trim(30, 10**6))
    session.stops.stop(trimmed, Trim(30, 120))
    await until(lambda: not session.stops.in_flight(trimmed))
    sim.fault_next(status=502, apply=True)
    session.stops.stop(lost, None)
    await until(lambda: not session.stops.in_flight(lost))
    await until(lambda: (a := session.store.asset(trimmed)) is not None and a.status.kind is StatusKind.COMPLETED)
    await client.trim_video(trimmed, Trim(10, 80))  # the recording kept 90 s of the class
    sim.advance_trim(trimmed)  # Pending → Processing → Completed
    sim.advance_trim(trimmed)
    await client.revert_trim(trimmed)
    await journal.writer.flush()

    session.journal_ui.action.trigger()  # File ▸ Journal…
    journal_window = session.journal_ui.window
    assert isinstance(journal_window, JournalWindow)
    journal_window.resize(1240, 720)
    await until(lambda: journal_window.model.rowCount() >= 9 and not journal_window.model.isLoading())
    row = next(r for r in range(journal_window.model.rowCount())
               if (e := journal_window.model.entryAt(r)) is not None and e.stream_id == trimmed
               and e.action is Action.STOP)
    journal_window.selectRow(row)
    await until(lambda: bool(journal_window.request_view.toPlainText()))
    journal_window.grab().save(str(OUT / "journal.png"))
    await session.aclose()
    await journal.aclose()
    await sim.stop()
    scratch.cleanup()


if __name__ == "__main__":
    raise SystemExit(run_offscreen(main))
