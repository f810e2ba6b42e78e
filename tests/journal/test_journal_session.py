"""The journal inside a real session and window, against the simulator over loopback."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Generator, Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.journal.harness import JournalDemo, journal_demo, stop_with_trim
from tests.journal.test_journal_actions import raw_bytes
from tests.support.qt import TOKEN
from tpsdesk.domain.models import StatusKind
from tpsdesk.journal.entries import Action, Outcome


@pytest.fixture
def jdemo(qtbot: QtBot, qloop: asyncio.AbstractEventLoop, tmp_path: Path) -> Iterator[JournalDemo]:
    yield from journal_demo(qtbot, tmp_path / "journal.sqlite3")


def test_a_stop_with_trim_is_one_entry_with_its_stream_and_trim(jdemo: JournalDemo) -> None:
    asset_id = stop_with_trim(jdemo)
    workspace = jdemo.session.window.workspace
    jdemo.qtbot.waitUntil(lambda: "Live stream stopped successfully" in workspace.result.headline_text())
    stops = [e for e in jdemo.entries() if e.action is Action.STOP]
    assert len(stops) == 1
    [stop] = stops
    title = jdemo.session.store.asset(asset_id).title  # type: ignore[union-attr]
    assert (stop.outcome, stop.status, stop.stream_id, stop.stream_title) == (Outcome.OK, 200, asset_id, title)
    assert stop.organization == "UI Test Org" and stop.profile == "Work"
    assert stop.note == "trim 00:00:30–00:02:00"
    assert json.loads(stop.request_body) == {"start_time": 30, "end_time": 120}
    assert json.loads(stop.response_body)["trim_scheduled"] is True


def test_a_lost_stop_answer_is_unknown_then_read_back(jdemo: JournalDemo) -> None:
    jdemo.sim.fault_next(status=502, apply=True)  # the stop happens; a proxy eats the answer
    asset_id = stop_with_trim(jdemo)
    stream_key = json.loads(jdemo.run(jdemo.session.client.get_asset(asset_id)).raw_json)["live_stream"][
        "stream_key"]
    jdemo.qtbot.waitUntil(lambda: any(e.action is Action.STOP_READ_BACK for e in jdemo.entries()), timeout=10_000)
    entries = [e for e in jdemo.entries() if e.stream_id == asset_id]
    readback, stop = entries[0], entries[1]
    assert (stop.action, stop.outcome, stop.status) == (Action.STOP, Outcome.UNKNOWN, 502)
    assert (readback.action, readback.outcome) == (Action.STOP_READ_BACK, Outcome.OK)
    assert "The stop went through" in readback.note
    assert '"stream_key": "[redacted]"' in readback.response_body
    raw = raw_bytes(jdemo.path)
    assert stream_key and stream_key.encode() not in raw and TOKEN.encode() not in raw
    assert len(jdemo.sim.stop_requests(asset_id)) == 1  # never resent


def test_the_demo_registers_its_webhook_and_that_is_journalled(qtbot: QtBot, qloop: asyncio.AbstractEventLoop,
                                                               tmp_path: Path) -> None:
    gen = journal_demo(qtbot, tmp_path / "journal.sqlite3")
    assert isinstance(gen, Generator)
    demo = next(gen)
    try:
        demo.run(demo.session.start_webhooks())
        [entry] = [e for e in demo.entries() if e.action is Action.WEBHOOK_REGISTER]
        assert entry.outcome is Outcome.OK and "[redacted]" in entry.request_body
        [secret] = demo.session.webhooks.receiver._secrets
        assert secret and secret not in raw_bytes(demo.path)
        # The receiver's unguessable path is cut too; the rest of the URL stays readable.
        assert demo.session.webhooks.receiver.path.encode() not in raw_bytes(demo.path)
        assert '/tpsdesk/hooks/[redacted]"' in entry.request_body
    finally:
        gen.close()


@pytest.fixture
def broken_demo(qtbot: QtBot, qloop: asyncio.AbstractEventLoop, tmp_path: Path) -> Iterator[JournalDemo]:
    blocker = tmp_path / "data"
    blocker.write_text("a file where the data directory should be")  # fails even as root
    yield from journal_demo(qtbot, blocker / "journal.sqlite3")


def test_an_unwritable_journal_does_not_stop_a_stop_and_says_so_once(broken_demo: JournalDemo) -> None:
    demo = broken_demo
    notices: list[str] = []
    demo.journal.writeFailed.connect(notices.append)
    asset_id = stop_with_trim(demo)
    workspace = demo.session.window.workspace
    demo.qtbot.waitUntil(lambda: "Live stream stopped successfully" in workspace.result.headline_text())
    demo.qtbot.waitUntil(
        lambda: (a := demo.session.store.asset(asset_id)) is not None and a.status.kind is not StatusKind.STREAMING)
    # A second action while paused: still no second notice, and it still goes through.
    second = next(i for i in demo.sim.streaming_ids() if i != asset_id)
    demo.run(demo.session.client.stop_live_stream(second))
    demo.run(demo.journal.writer.flush())
    assert len(notices) == 1
    assert notices[0].startswith("The journal could not be written:")
    assert notices[0].endswith("Actions go on; the journal is paused.")
    badge = demo.session.journal_ui.badge
    assert badge.isVisible() and badge.toolTip() == notices[0]
    assert len(demo.sim.stop_requests(asset_id)) == 1 and len(demo.sim.stop_requests(second)) == 1
