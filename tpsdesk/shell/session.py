"""The composition root: one client, one store, the services, the window.

Used by the app and by the end-to-end tests alike, so both run the same wiring.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from tpsdesk.domain.clock import utc_now
from tpsdesk.httpapi.client import TPStreamsClient
from tpsdesk.httpapi.errors import ApiError
from tpsdesk.services import collector
from tpsdesk.services.connectivity import Connectivity
from tpsdesk.services.errors import ErrorReport, internal_error
from tpsdesk.services.journal import JournalService
from tpsdesk.services.poller import AdaptivePoller
from tpsdesk.services.problems import Problem, ProblemChannel, ProblemSource
from tpsdesk.services.server_time import follow_server_clock
from tpsdesk.services.stop import StopService
from tpsdesk.services.streams import StreamListService
from tpsdesk.services.tasks import TaskOwner
from tpsdesk.services.webhook_service import SecretStore, WebhookService
from tpsdesk.services.zone_watch import ZoneWatch
from tpsdesk.shell.config import AppConfig
from tpsdesk.shell.first_rows import watch_first_rows
from tpsdesk.shell.journal_wiring import SessionJournal, wire_session
from tpsdesk.status.store import StatusStore
from tpsdesk.ui.main_window import MainWindow
from tpsdesk.ui.plain import quoted
from tpsdesk.ui.staged_build import Parts, StagedBuild, imports


class AsyncClosable(Protocol):
    async def aclose(self) -> None: ...


if TYPE_CHECKING:  # built with the rest of the window (buildRest): not imported before the first rows
    from tpsdesk.shell.producer_tools import ProducerTools

log = logging.getLogger(__name__)
# What the producer tools import (~5 ms): a module per event-loop turn, each after those it imports.
PRODUCER_MODULES = ("tpsdesk.domain.marks", "tpsdesk.services.marks_file", "tpsdesk.services.marks",
                    "tpsdesk.ui.stop.marks_panel", "tpsdesk.ui.stop.trim_job_panel", "tpsdesk.shell.producer_tools")


@dataclass(frozen=True)
class _Rest:
    """What :meth:`Session.buildRest` needs that only the constructor is given."""

    marks_path: Path | None
    journal: JournalService | None
    organization: str
    profile: str


class Session:
    def __init__(self, config: AppConfig, *, base_url: str | None = None,
                 clock: Callable[[], datetime] = utc_now, request_timeout_s: float = 15.0,
                 client: TPStreamsClient | None = None, org_label: str | None = None,
                 secret_store: SecretStore | None = None, marks_path: Path | None = None,
                 journal: JournalService | None = None, profile_name: str = "",
                 list_first: bool = False) -> None:
        """``list_first``: build the list now and the rest (the right-hand side, alerts, producer
        tools, journal, notices) once :meth:`buildRestAfterFirstRows` sees the first rows painted."""
        self.config = config
        # A client handed in (after a sign-in) is adopted: the session closes it.
        self.client = client or TPStreamsClient(base_url or config.base_url, config.org_id, config.token,
                                                timeout=request_timeout_s)
        # The server's clock, measured from every answer's Date header against this computer's
        # (``clock``): the session's "now" (elapsed times, the trim's live edge, marks, the zone
        # check) is this computer's clock corrected by it, so a clock minutes off sends no bad trim.
        self.local_clock = clock
        self.server_clock = follow_server_clock(self.client, clock)
        clock = self.server_clock.corrected(clock)
        self.clock = clock
        self.store = StatusStore(clock=clock)
        self.streams = StreamListService(self.client, self.store,
                                         refresh_interval_s=config.refresh_interval_s)
        # Polls the watched and the stopped streams; webhooks relax it (services/poller.py).
        self.poller = AdaptivePoller(self.client, self.store, interval_s=config.poll_interval_s)
        self.stops = StopService(self.client, self.store, self.poller)
        self.window = MainWindow(
            self.store, self.streams, self.stops, org=org_label or config.org_id, server_tz=config.server_tz,
            clock=clock, demo=config.demo, base_url=self.client.base_url, build_workspace=not list_first)
        # Issue 3: webhooks feed the same store; polling adapts to selection, stops and webhooks.
        self.webhooks = WebhookService(self.client, self.store, secret_store=secret_store,
                                       request_refresh=self.streams.refresh, clock=clock)
        self.webhooks.delivered.connect(self.poller.note_webhook)
        self.window.table.currentAssetChanged.connect(self.poller.watch)
        # Issue 9: every exchange tells whether the server answers; the window shows when it does not.
        self.connectivity = Connectivity(clock=clock)
        self.client.add_exchange_listener(self.connectivity.note)
        self.connectivity.probeDue.connect(self.streams.refresh)
        self.connectivity.cameBack.connect(self.streams.refresh)
        # Issue 9: the server's own clock and stamps against the configured zone.
        self.zone_watch = ZoneWatch(self.store, config.server_tz, clock=clock)
        self._tasks = TaskOwner("session")
        self._registration_asked: tuple[str | None] | None = None  # the public URL of the last attempt
        # One problem channel: whoever must react to a kind of failure (the shell: a 401 from any
        # service) connects here once. Each service the session holds is collected.
        self.problems = ProblemChannel()
        self.problems.collect(self.streams.loadFailed, ProblemSource.STREAM_LIST)
        self.problems.collect(self.stops.stopFailed, ProblemSource.STOP)
        self.problems.collect(self.poller.followStopped, ProblemSource.STATUS_CHECK)
        self.problems.collect(self.poller.followProblem, ProblemSource.STATUS_CHECK)
        self.problems.collect(self.webhooks.problem, ProblemSource.WEBHOOKS)
        self.poller.followProblem.connect(self._on_poll_problem)
        self.poller.streamGone.connect(self._on_stream_gone)
        self.webhooks.startAgainRequested.connect(
            lambda: self._tasks.spawn(self.start_webhooks(), name="start webhooks again"))
        self._closed = False
        self._rest = _Rest(marks_path, journal, org_label or config.org_id, profile_name)
        self.producer: ProducerTools | None = None
        # The rest's services, closed with the session as soon as a part has made them: it may
        # close between two parts (a sign-out, a switch), before the build hands them over.
        self._rest_services: list[AsyncClosable] = []
        self.journal_ui: SessionJournal | None = None
        self._rest_build = StagedBuild(self._rest_parts, stop_if=lambda: self._closed)  # nothing into a closed one
        if not list_first:
            self.buildRest()

    def buildRest(self) -> None:
        """What the first rows do not need, at once (or what is left of it): the right-hand side,
        alerts, notices, producer tools, journal."""
        self._rest_build.finish()

    def buildRestAfterFirstRows(self, *, limit_ms: int = 400) -> None:
        """Build the rest once the first rows are painted, the listing failed, or ``limit_ms`` passed:
        a part per event-loop turn (~65 ms at once held the window just as its rows appeared).
        Until the rows come, what their first paint does only once is done ahead (table_view.py)."""
        window = self.window
        StagedBuild(window.table.firstPaintParts, stop_if=lambda: self._closed or window.list_stack.isListShown()
                    ).runInTurns(window)
        watch_first_rows(self.window.table, self.streams.loadFailed,
                         lambda: self._rest_build.runInTurns(self.window), limit_ms=limit_ms)

    def _rest_parts(self) -> Parts:
        while self.window.workspaceBuild.step():
            yield
        yield  # the window's last part (the alerts) and what follows: a turn each
        from tpsdesk.ui.notifier import Notifier
        from tpsdesk.ui.webhook_indicator import WebhookIndicator

        self.notifier = Notifier(self.store, self.stops, icon=self.window.windowIcon(), parent=self.window)
        if not self.notifier.usesTray:  # stock GNOME, offscreen: in the window, or they go unseen
            self.notifier.noticed.connect(self.window.notices.addNotice)
        yield
        self.window.addStatusIndicator(WebhookIndicator(self.webhooks, self.poller, clock=self.clock,
                                                        parent=self.window))
        self.window.attach_connectivity(self.connectivity)
        self.window.attach_zone_watch(self.zone_watch)
        yield
        yield from imports(PRODUCER_MODULES)
        from tpsdesk.shell.producer_tools import wire_producer_tools

        # Issue 12: live marks, trim after the stop, revert (shell/producer_tools.py).
        rest = self._rest
        self.producer = yield from wire_producer_tools(self, rest.marks_path,
                                                       close_with_session=self._rest_services.append)
        yield
        # Issue 12: the app-wide journal sees this session's requests; without one, File ▸ Journal is off.
        self.journal_ui = wire_session(self, rest.journal, organization=rest.organization, profile=rest.profile,
                                       trim_jobs=self.producer.trim_jobs)
        collector.end_start_hold()  # the window is complete: what the start made is frozen, collections resume

    def _on_poll_problem(self, asset_id: str, report: ErrorReport) -> None:
        self.window.statusBar().showMessage(f"{report.title} for {self._title(asset_id)}: {report.message}", 10_000)

    def _on_stream_gone(self, asset_id: str, title: str) -> None:
        name = quoted(title) if title else asset_id
        self.window.statusBar().showMessage(f"{name} no longer exists on the server.", 15_000)

    def _title(self, asset_id: str) -> str:
        asset = self.store.asset(asset_id)
        return quoted(asset.title) if asset else asset_id

    def start(self) -> None:
        self.streams.refresh()
        if self.config.webhooks:
            self._tasks.spawn(self.start_webhooks(), name="start webhooks")

    async def start_webhooks(self, public_url: str | None = None) -> None:
        """Listen, then register: at the public URL if given, else (demo) the loopback address."""
        try:
            await self.webhooks.start(self.config.webhook_host, self.config.webhook_port)
        except OSError as exc:  # port taken, address not ours: polling carries on alone
            # The indicator keeps saying so (webhooks.start_problem) until a start works.
            self.window.statusBar().showMessage(f"Webhook receiver not started: {exc.strerror or exc}", 15000)
            return
        await self.register_webhooks(public_url)

    async def register_webhooks(self, public_url: str | None = None) -> None:
        """Register the listening receiver; a refusal reaches ``problems`` (polling carries on)."""
        public = public_url or self.config.webhook_public_url
        if not (public or self.config.demo) or not self.webhooks.listening:
            return
        self._registration_asked = (public,)  # tried again after signing in again, if refused
        try:
            await self.webhooks.register(public)
        except ApiError:
            return  # reported through webhooks.problem, so through the channel; polling carries on
        except Exception as exc:
            log.exception("webhook registration failed inside tpsdesk")
            self.problems.report(Problem(ProblemSource.WEBHOOKS, internal_error(exc)))

    def resume(self) -> None:
        """After signing in again on the same client: reload, poll again, register again."""
        self.streams.refresh()
        # The poller gave up on each stream at the 401: follow the stopped ones and watch the
        # selected one again (set_enabled re-arms them; the user's on/off choice is kept).
        self.poller.set_enabled(self.poller.enabled)
        if self._registration_asked is not None and self.webhooks.registration is None:
            self._tasks.spawn(self.register_webhooks(*self._registration_asked), name="register webhooks")

    async def aclose(self) -> None:
        """Cancel every task, then close the one HTTP client."""
        self._closed = True  # nothing more is built into it (buildRest)
        with contextlib.suppress(RuntimeError):  # the window (and its tracker) may be deleted already
            self.window.tracker.close()  # a countdown must not fire into closed services
            self.window.table.stopAnnouncing()  # nor a selection, the first row's a turn late included
        await self._tasks.aclose()
        self.connectivity.close()
        services: list[AsyncClosable] = [self.streams, self.stops, self.poller, self.webhooks, *self._rest_services]
        for service in services:
            await service.aclose()
        if self.journal_ui is not None:
            await self.journal_ui.aclose()  # the journal window's reads; the journal itself is the app's
        await self.client.aclose()
