"""Trim and revert after the stop each write one entry, against the simulator's trim endpoints."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from tests.journal.test_journal_actions import raw_bytes
from tests.sim.helpers import wait_for
from tpsdesk.domain.trim import Trim
from tpsdesk.httpapi.client import TPStreamsClient
from tpsdesk.httpapi.errors import ValidationError
from tpsdesk.journal.entries import Action, JournalEntry, JournalFilter, Outcome
from tpsdesk.journal.writer import JournalWriter
from tpsdesk.services.journal import JournalService
from tpsdesk.services.trim_jobs import TrimJobService, TrimPhase
from tpsdesk.sim import SimConfig, SimServer
from tpsdesk.status.book import Source
from tpsdesk.status.store import StatusStore

TOKEN, ORG = "trim-journal-token", "trim-org"


def completed(sim: SimServer) -> str:
    """A stream stopped 600 s into its class and transcoded (as tests/httpapi/test_client_trim.py)."""
    stream = sim.world.create({"title": "Trim me"})
    sim.set_status(stream.id, "Streaming")
    stream.start = stream.streaming_since = int(sim.world.clock()) - 600
    sim.world.stop(stream.id, {})
    sim.advance(stream.id)
    sim.advance(stream.id)
    return str(stream.id)


def test_trim_and_revert_are_journalled_with_their_outcomes(tmp_path: Path, qapp: object) -> None:
    path = tmp_path / "journal.sqlite3"
    entries: list[JournalEntry] = []
    stream: list[str] = []

    async def main() -> None:
        async with SimServer(SimConfig(stream_count=0, org_id=ORG, token=TOKEN, lifecycle=False,
                                       random_disconnects=False, quirks=False)) as sim:
            journal = JournalService(JournalWriter(path))
            client = TPStreamsClient(sim.base_url, ORG, TOKEN, timeout=5.0)
            journal.observe(client, organization="Trim Org", profile="Work")
            sid = completed(sim)
            stream.append(sid)
            with pytest.raises(ValidationError):
                await client.trim_video(sid, Trim(0, 601))  # beyond the video's 600 s
            await client.trim_video(sid, Trim(30, 300))
            sim.advance_trim(sid)  # Pending → Processing → Completed
            sim.advance_trim(sid)
            await client.revert_trim(sid)
            with pytest.raises(ValidationError):
                await client.revert_trim(sid)  # nothing left to revert
            await journal.writer.flush()
            entries.extend(reversed(await journal.page(JournalFilter())))
            await client.aclose()
            await journal.aclose()

    asyncio.run(main())
    got = [(e.action, e.outcome, e.status, e.stream_id, e.note) for e in entries]
    sid = stream[0]
    assert got == [
        (Action.TRIM, Outcome.REFUSED, 400, sid, "trim 00:00:00–00:10:01"),
        (Action.TRIM, Outcome.OK, entries[1].status, sid, "trim 00:00:30–00:05:00"),
        (Action.REVERT, Outcome.OK, entries[2].status, sid, ""),
        (Action.REVERT, Outcome.REFUSED, 400, sid, ""),
    ]
    assert "end_time" in entries[0].response_body  # the server's words, field by field
    assert TOKEN.encode() not in raw_bytes(path)


def test_a_lost_trim_answer_is_unknown_then_read_back(tmp_path: Path, qapp: object) -> None:
    path = tmp_path / "journal.sqlite3"
    entries: list[JournalEntry] = []
    stream: list[str] = []

    async def main() -> None:
        async with SimServer(SimConfig(stream_count=0, org_id=ORG, token=TOKEN, lifecycle=False,
                                       random_disconnects=False, quirks=False)) as sim:
            journal = JournalService(JournalWriter(path))
            client = TPStreamsClient(sim.base_url, ORG, TOKEN, timeout=5.0)
            store = StatusStore()
            journal.observe(client, organization="Trim Org", profile="Work", store=store)
            jobs = TrimJobService(client, store, read_back_delays=(0.0, 0.05), poll_delays=(3600.0,))
            journal.watch_trims(jobs, organization="Trim Org", profile="Work", store=store)
            sid = completed(sim)
            store.apply(await client.get_asset(sid), Source.POLL)
            jobs.refresh(sid)
            await wait_for(lambda: jobs.track_of(sid).can_trim)
            stream.append(sid)
            sim.fault_next(method="POST", path_contains="/trim/", status=502, apply=True)  # a proxy eats it
            assert jobs.trim(sid, Trim(30, 300))
            # Settled: not sending, and not CHECKING either (not busy, but its read-back is still to come).
            await wait_for(lambda: jobs.track_of(sid).phase not in (TrimPhase.SENDING, TrimPhase.CHECKING)
                           and not jobs.track_of(sid).phase.busy)
            await journal.writer.flush()
            entries.extend(reversed(await journal.page(JournalFilter())))
            assert len(sim.trim_requests(sid)) == 1  # read back, never resent
            await jobs.aclose()
            await client.aclose()
            await journal.aclose()

    asyncio.run(main())
    sid = stream[0]
    trim, read_back = entries
    assert (trim.action, trim.outcome, trim.status, trim.stream_id) == (Action.TRIM, Outcome.UNKNOWN, 502, sid)
    assert (read_back.action, read_back.outcome, read_back.stream_id) == (Action.TRIM_READ_BACK, Outcome.OK, sid)
    assert read_back.stream_title == "Trim me" and read_back.note


def test_a_new_trim_while_the_last_answer_is_unknown_never_reads_as_its_read_back(tmp_path: Path, qapp: object) -> None:
    """The second request's own answer is not the first one's read-back: the first stays unknown, said so once."""
    path = tmp_path / "journal.sqlite3"
    entries: list[JournalEntry] = []

    async def main() -> None:
        async with SimServer(SimConfig(stream_count=0, org_id=ORG, token=TOKEN, lifecycle=False,
                                       random_disconnects=False, quirks=False)) as sim:
            journal = JournalService(JournalWriter(path))
            client = TPStreamsClient(sim.base_url, ORG, TOKEN, timeout=5.0)
            store = StatusStore()
            journal.observe(client, organization="Trim Org", profile="Work", store=store)
            # Read-backs far off: the first trim stays unknown while the second is sent.
            jobs = TrimJobService(client, store, read_back_delays=(3600.0,), poll_delays=(3600.0,))
            journal.watch_trims(jobs, organization="Trim Org", profile="Work", store=store)
            sid = completed(sim)
            store.apply(await client.get_asset(sid), Source.POLL)
            jobs.refresh(sid)
            await wait_for(lambda: jobs.track_of(sid).can_trim)
            sim.fault_next(method="POST", path_contains="/trim/", status=502, apply=False)
            assert jobs.trim(sid, Trim(30, 300))
            await wait_for(lambda: jobs.track_of(sid).phase is TrimPhase.CHECKING)
            assert jobs.trim(sid, Trim(40, 300), despite_unknown=True)
            await wait_for(lambda: not jobs.track_of(sid).phase.busy)
            await journal.writer.flush()
            entries.extend(reversed(await journal.page(JournalFilter())))
            await jobs.aclose()
            await client.aclose()
            await journal.aclose()

    asyncio.run(main())
    got = [(e.action, e.outcome) for e in entries]
    assert got == [(Action.TRIM, Outcome.UNKNOWN), (Action.TRIM_READ_BACK, Outcome.UNKNOWN), (Action.TRIM, Outcome.OK)]
    assert "before" in entries[1].note  # says why the first stays unknown
