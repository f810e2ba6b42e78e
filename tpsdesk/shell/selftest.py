"""``tpsdesk --self-test``: prove a (frozen) build works without a screen.

Starts Qt offscreen, runs the in-process simulator, builds the real window,
lists the streams, stops one with a trim through the real client, checks the
answer, checks that the journal (sqlite3) recorded the stop, and checks that a
keychain backend loads. Exit 0 on success; 1 with
a message on any failure.
"""

from __future__ import annotations

import asyncio
import os
import sys
import time

from tpsdesk.shell.config import AppConfig


def _keyring_report() -> str:
    try:
        import keyring
        from keyring.backends import fail
    except ImportError:
        return "keyring: not installed (skipped)"
    backend = keyring.get_keyring()
    name = f"{type(backend).__module__}.{type(backend).__name__}"
    if isinstance(backend, fail.Keyring):
        # A headless Linux box has no keychain daemon: the backend modules must still load.
        import keyring.backends.SecretService

        return f"keyring: backends load; no keychain service here ({name})"
    return f"keyring: {name}"


async def _scenario(config: AppConfig) -> list[str]:
    import tempfile
    from pathlib import Path

    from tpsdesk.domain.trim import Trim
    from tpsdesk.journal.entries import Action, JournalFilter
    from tpsdesk.shell.journal_wiring import open_journal
    from tpsdesk.shell.session import Session
    from tpsdesk.sim import SimConfig, SimServer

    notes: list[str] = []
    scratch = tempfile.TemporaryDirectory(prefix="tpsdesk-self-test-")
    journal = open_journal(Path(scratch.name) / "journal.sqlite3")
    async with SimServer(SimConfig(stream_count=25, org_id=config.org_id, token=config.token,
                                   lifecycle=False, random_disconnects=False)) as sim:
        session = Session(config, base_url=sim.base_url, request_timeout_s=10.0, journal=journal)
        try:
            # No processEvents() here: a nested event loop inside a task breaks qasync (#59).
            session.window.show()
            await asyncio.sleep(0.05)
            listing = await session.client.list_live_streams(page_size=10)
            if len(listing.assets) != 25:
                raise AssertionError(f"listed {len(listing.assets)} of 25 streams")
            session.store.apply_listing(listing.assets)
            if session.window.model.rowCount() != 25:
                raise AssertionError("the window's list did not fill")
            if session.window.windowIcon().pixmap(32, 32).isNull():
                raise AssertionError("the app icon did not load (Qt's SVG plugins missing from the bundle?)")
            notes.append(f"listed {len(listing.assets)} streams over 3 pages")
            target = next(i for i in sim.streaming_ids() if (sim.world.elapsed_of(i) or 0) > 130)
            result = await session.client.stop_live_stream(target, Trim(30, 120))
            sent = sim.stop_requests(target)[0].json
            if sent != {"start_time": 30, "end_time": 120}:
                raise AssertionError(f"sent {sent!r}")
            if result.message != "Live stream stopped successfully" or not result.trim_scheduled:
                raise AssertionError(f"unexpected answer {result.raw_json!r}")
            notes.append("stopped a stream with trim 00:00:30–00:02:00: trim scheduled")
            await journal.writer.flush()
            entries = await journal.page(JournalFilter(action=Action.STOP))
            if journal.failure or len(entries) != 1 or entries[0].stream_id != target:
                raise AssertionError(f"the journal did not record the stop ({journal.failure or len(entries)})")
            notes.append("journal (sqlite3): the stop was recorded")
        finally:
            await session.aclose()
            await journal.aclose()
            scratch.cleanup()
    return notes


def run_self_test(config: AppConfig) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import qasync

    from tpsdesk.shell.application import make_application

    started = time.perf_counter()
    app = make_application([sys.argv[0], *config.qt_args])
    try:
        with asyncio.Runner(loop_factory=lambda: qasync.QEventLoop(app)) as runner:
            notes = runner.run(asyncio.wait_for(_scenario(config), timeout=60))
        notes.append(_keyring_report())
    except Exception as exc:
        print(f"tpsdesk self-test FAILED: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    for note in notes:
        print(f"  ok  {note}")
    print(f"tpsdesk self-test passed in {time.perf_counter() - started:.1f} s")
    return 0
