"""The journal service: the client's request records plus the action's context become entries.

Every client the app signs in or works with is observed (``observe``); each
mutating request is classified by its path (stop, trim, revert, sign-in,
sign-out, webhook registration/removal), given its organization, profile and
stream title, and written off the event loop. Actions without a request of
their own (a profile switch, a pasted-token sign-in, a lost stop's read-back)
come in through ``record_action``.

A journal that cannot be written never holds an action up: the writer pauses
and ``writeFailed`` is emitted once with the notice to show.
"""

from __future__ import annotations

import asyncio
import json
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import QObject, Signal

from tpsdesk.domain.clock import utc_now
from tpsdesk.domain.redact import redact_body
from tpsdesk.httpapi.client import TPStreamsClient
from tpsdesk.httpapi.request_record import RequestRecord, add_record_observer
from tpsdesk.journal.classify import classify, note_for, outcome_of
from tpsdesk.journal.entries import EVERYTHING, Action, JournalEntry, JournalFilter, Outcome
from tpsdesk.journal.writer import JournalWriter
from tpsdesk.services.stop import StopOutcome, StopService
from tpsdesk.services.trim_jobs import TrimJobService, TrimPhase, TrimTrack
from tpsdesk.status.store import StatusStore


@dataclass
class _Context:
    """Who and where, for one client's requests (updated when a sign-in client becomes a session's)."""

    organization: str = ""
    profile: str = ""
    store: StatusStore | None = None


class JournalService(QObject):
    entryAdded = Signal(object)  # JournalEntry, with its id, once it is on disk
    writeFailed = Signal(str)  # the notice, emitted once; the journal is paused after it

    def __init__(self, writer: JournalWriter, *, clock: Callable[[], datetime] = utc_now,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._writer = writer
        writer.on_failure = self.writeFailed.emit
        self._clock = clock
        self._contexts: weakref.WeakKeyDictionary[TPStreamsClient, _Context] = weakref.WeakKeyDictionary()
        self._profile = ""  # the profile last worked in (for "profile switch")
        self._stops: weakref.WeakSet[StopService] = weakref.WeakSet()

    @property
    def writer(self) -> JournalWriter:
        return self._writer

    @property
    def failure(self) -> str | None:
        """The notice when the journal is paused, else None."""
        return self._writer.failure

    # -- sources ---------------------------------------------------------------
    def observe(self, client: TPStreamsClient, *, organization: str = "", profile: str = "",
                store: StatusStore | None = None) -> None:
        """Journal this client's mutating requests (once per client; a second call updates the context)."""
        context = self._contexts.get(client)
        if context is None:
            context = _Context()
            self._contexts[client] = context
            ref = weakref.ref(client)
            add_record_observer(client, lambda record: self._on_record(ref, record))
        context.organization = organization or context.organization
        context.profile = profile or context.profile
        context.store = store if store is not None else context.store  # (an empty store is falsy)

    def enter_profile(self, profile: str, *, organization: str = "") -> None:
        """A session opened for ``profile``: a change from the last one is a profile switch.

        Recorded on the loop's next turn: a session opens inside the sign-in's own signal, and
        the sign-in that caused the switch is journalled first."""
        if self._profile and profile and profile != self._profile:
            note = f"from “{self._profile}” to “{profile}”"
            asyncio.get_running_loop().call_soon(lambda: self.record_action(
                Action.PROFILE_SWITCH, Outcome.OK, organization=organization, profile=profile, note=note))
        self._profile = profile or self._profile

    def watch_stops(self, stops: StopService, *, organization: str = "", profile: str = "") -> None:
        """A stop whose answer was lost is read back: that finding follows its entry."""
        if stops in self._stops:
            return
        self._stops.add(stops)
        stops.stopReconciled.connect(
            lambda asset_id, outcome: self._on_reconciled(asset_id, outcome, organization, profile))

    def watch_trims(self, trim_jobs: TrimJobService, *, organization: str = "", profile: str = "",
                    store: StatusStore | None = None) -> None:
        """A trim or revert whose answer was lost is read back: that finding follows its entry.

        Followed by the service's phases, never its words: SENDING or REVERTING, then CHECKING
        (the answer was lost), then a settled phase, which is the read-back's finding."""
        sent: dict[str, Action] = {}  # asset id → the read-back a lost answer would need
        checking: set[str] = set()

        def superseded(asset_id: str) -> None:
            # A new request went out before the earlier answer was known: its own answer is not
            # the earlier one's read-back, so the earlier one stays unknown, and is recorded so.
            checking.discard(asset_id)
            action = sent.get(asset_id)
            if action is None:
                return
            asset = store.asset(asset_id) if store is not None else None
            self.record_action(action, Outcome.UNKNOWN, organization=organization, profile=profile,
                               stream_id=asset_id, stream_title=asset.title if asset else "",
                               note="Another request was sent before the earlier answer was known; "
                                    "whether the earlier one went through stays unknown.")

        def changed(asset_id: str, track: TrimTrack) -> None:
            if track.phase in (TrimPhase.SENDING, TrimPhase.REVERTING) and asset_id in checking:
                superseded(asset_id)
            if track.phase is TrimPhase.SENDING:
                sent[asset_id] = Action.TRIM_READ_BACK
            elif track.phase is TrimPhase.REVERTING:
                sent[asset_id] = Action.REVERT_READ_BACK
            elif track.phase is TrimPhase.CHECKING:
                checking.add(asset_id)
            elif not track.phase.busy and asset_id in sent:
                action = sent.pop(asset_id)
                if asset_id not in checking:
                    return  # answered: the request's own entry says it all
                checking.discard(asset_id)
                asset = store.asset(asset_id) if store is not None else None
                went = track.phase is not TrimPhase.NOT_APPLIED
                self.record_action(action, Outcome.OK if went else Outcome.FAILED, organization=organization,
                                   profile=profile, stream_id=asset_id, stream_title=asset.title if asset else "",
                                   note=track.note)

        trim_jobs.changed.connect(changed)

    def record_action(self, action: Action, outcome: Outcome, *, organization: str = "", profile: str = "",
                      stream_id: str = "", stream_title: str = "", note: str = "", response_body: str = "") -> None:
        self._append(JournalEntry(
            time=self._clock(), action=action, outcome=outcome, organization=organization,
            profile=profile or self._profile, stream_id=stream_id, stream_title=stream_title, note=note,
            response_body=response_body))

    # -- reading (for the window and the export) --------------------------------
    async def page(self, flt: JournalFilter, *, before_id: int | None = None, limit: int = 200
                   ) -> list[JournalEntry]:
        return await self._writer.page(flt, before_id=before_id, limit=limit)

    async def everything(self, flt: JournalFilter) -> list[JournalEntry]:
        return await self._writer.everything(flt)

    async def count(self, flt: JournalFilter = EVERYTHING) -> int:
        return await self._writer.count(flt)

    async def streams(self) -> list[tuple[str, str]]:
        return await self._writer.streams()

    async def aclose(self) -> None:
        await self._writer.aclose()

    # -- inside ----------------------------------------------------------------
    def _append(self, entry: JournalEntry) -> None:
        self._writer.append(entry, done=self.entryAdded.emit)

    def _on_record(self, ref: weakref.ref[TPStreamsClient], record: RequestRecord) -> None:
        client = ref()
        context = self._contexts.get(client) if client is not None else None
        context = context or _Context()
        kind = classify(record.method, record.path)
        title = ""
        if kind.stream_id and context.store is not None:
            asset = context.store.asset(kind.stream_id)
            title = asset.title if asset is not None else ""
        self._append(JournalEntry(
            time=record.started_at, action=kind.action,
            outcome=outcome_of(kind.action, record.status, record.error),
            organization=context.organization or record.organization or kind.organization,
            profile=context.profile, stream_id=kind.stream_id, stream_title=title, method=record.method,
            path=record.path, request_body=record.request_body, status=record.status,
            response_body=record.response_body, elapsed_ms=record.elapsed_ms,
            note=note_for(kind.action, record.status, record.error, record.request_body)))

    def _on_reconciled(self, asset_id: str, result: StopOutcome, organization: str, profile: str) -> None:
        asset = result.asset
        settled = result.settled and asset is not None
        outcome = Outcome.UNKNOWN if not settled else Outcome.OK if result.stopped else Outcome.FAILED
        if asset is None:
            seen = ""
        elif asset.raw_json:  # the stream as read back, redacted (it carries the stream key and RTMP URL)
            seen = redact_body(asset.raw_json)
        else:  # a webhook or a poll told first: what the app knows of it
            seen = json.dumps({"id": asset.id, "status": asset.status.label}, indent=2, ensure_ascii=False)
        self.record_action(
            Action.STOP_READ_BACK, outcome, organization=organization, profile=profile, stream_id=asset_id,
            stream_title=asset.title if asset is not None else "", note=result.message, response_body=seen)
