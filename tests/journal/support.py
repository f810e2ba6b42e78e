"""Entries for the journal tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tpsdesk.journal.entries import Action, JournalEntry, Outcome

T0 = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


def entry(n: int = 0, *, action: Action = Action.STOP, outcome: Outcome = Outcome.OK, stream: str = "s1",
          title: str = "Algebra", note: str = "") -> JournalEntry:
    return JournalEntry(
        time=T0 + timedelta(seconds=n), action=action, outcome=outcome, organization="Org One",
        profile="Work", stream_id=stream, stream_title=title, method="POST",
        path=f"/api/v1/org1/assets/{stream}/stop_live_stream/", request_body='{\n  "start_time": 30\n}',
        status=200, response_body='{"message": "ok"}', elapsed_ms=12 + n, note=note)
