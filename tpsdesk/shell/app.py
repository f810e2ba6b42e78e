"""Start-up: arguments, QApplication, the qasync loop, the controller, and clean shutdown.

A real account and the demo take the same path: the controller opens a profile (the
demo's is the in-process simulator with its token) and swaps sessions until the
window closes or the app is asked to quit.
"""

from __future__ import annotations

import asyncio
import logging
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from tpsdesk.domain.logsafe import LOG_FORMAT, OneLineFormatter
from tpsdesk.receiver.limits import harden_process
from tpsdesk.services import collector
from tpsdesk.shell import trace
from tpsdesk.shell.config import AppConfig, ConfigError, check_profile_choice, load_config

if TYPE_CHECKING:  # Qt is imported once the arguments are read: --version and --help need none of it
    from PySide6.QtWidgets import QApplication

    from tpsdesk.shell.application import QuitGate
    from tpsdesk.shell.controller import AppController
    from tpsdesk.ui.main_window import MainWindow

log = logging.getLogger("tpsdesk")
START_HOLD_LIMIT_S = 3.0


def _quit_asking(window_of: Callable[[], MainWindow | None], quitting: asyncio.Event) -> Callable[[], None]:
    """QApplication.quit() goes through the window's own quit, which asks first about a stop
    still counting down (ui/stop/quit_guard.py); the window's accepted close then ends the app."""

    def on_quit() -> None:
        window = window_of()
        if window is None or not window.isVisible():
            quitting.set()
        else:
            window.request_quit()

    return on_quit


async def run_app(app: QApplication, config: AppConfig, gate: QuitGate | None = None) -> int:
    """Run until the window is closed, the first sign-in is cancelled, or quit() is asked for."""
    from tpsdesk.accounts.vault import TokenVault
    from tpsdesk.shell import crash
    from tpsdesk.shell.controller import AppController
    from tpsdesk.shell.journal_wiring import journal_path, open_journal
    from tpsdesk.shell.settings import AppSettings

    # Windows come and go (sign-in dialog, profile switch): the controller says when to end,
    # after its clean-up, rather than Qt stopping the loop under this coroutine.
    app.setQuitOnLastWindowClosed(False)
    # The first window ends the start's hold on collections once complete; a sign-in dialog, after this.
    asyncio.get_running_loop().call_later(START_HOLD_LIMIT_S, collector.end_start_hold)
    crash.install_on_loop()  # a task's error nobody awaited: logged once and shown
    # Connected first: a quit asked for while the demo server starts must not be lost.
    quit_asked = asyncio.Event()
    controller: AppController | None = None

    def window() -> MainWindow | None:
        return controller.session.window if controller is not None and controller.session is not None else None

    if gate is not None:
        # Cmd+Q, log-off: end like a closed window (asking first about a stop counting down).
        gate.requested.connect(_quit_asking(window, quit_asked))
        if gate.asked:
            quit_asked.set()
    journal = open_journal(journal_path(demo=config.demo))  # issue 12: app-wide, outlives sessions
    demo_server = None
    if config.demo:
        from tpsdesk.shell.demo import DemoServer

        demo_server = DemoServer(config)
        account = await demo_server.start()
        controller = AppController(config, demo_server.settings, demo_server.vault, demo=account, journal=journal,
                                   list_first=True)
    else:
        controller = AppController(config, AppSettings(), TokenVault(), journal=journal, list_first=True)
    _trace_first_session(controller.sessionChanged)
    ended = asyncio.ensure_future(controller.finished.wait())
    asked = asyncio.ensure_future(quit_asked.wait())
    try:
        if not quit_asked.is_set():
            started = controller.start()
            await asyncio.wait({ended, asked, started}, return_when=asyncio.FIRST_COMPLETED)
            if started.done() and not started.cancelled() and started.exception() is not None:
                # No window and no sign-in dialog will ever come: say why and end (TaskOwner logged it).
                return await crash.fatal_start(started.exception() or RuntimeError(), logged=True)
        await asyncio.wait({ended, asked}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for waiter in (ended, asked):
            waiter.cancel()
        await controller.aclose()
        await journal.aclose()
        if demo_server is not None:
            await demo_server.stop()
    return 0


def _trace_session(session: object) -> None:
    """TPSDESK_TRACE: mark the first window's and rows' paints (shell/paint_trace.py)."""
    started = trace.current()
    if started is not None and not started.seen("session_built"):
        from tpsdesk.shell.paint_trace import watch_session

        watch_session(started, session)


def _trace_first_session(session_changed: Any) -> None:
    if trace.current() is not None:
        session_changed.connect(_trace_session)


def main(argv: Sequence[str] | None = None) -> int:
    collector.hold_during_start()  # until the window is complete (services/collector.py)
    try:
        return _main(argv)
    finally:
        collector.end_start_hold(freeze=False)  # ended early (--version, an error): collect as usual


def _main(argv: Sequence[str] | None) -> int:
    logging.basicConfig(level=logging.INFO)
    for handler in logging.getLogger().handlers:
        handler.setFormatter(OneLineFormatter(LOG_FORMAT))  # no record can be forged from outside
    harden_process()  # more open files where the OS allows; a quiet loop under a connection flood
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        config = load_config(argv)
        if config.profile is not None and not config.demo:
            from tpsdesk.shell.settings import AppSettings

            check_profile_choice(config, [p.name for p in AppSettings().profiles()])
    except ConfigError as exc:
        from tpsdesk.shell import crash
        from tpsdesk.shell.application import make_application

        print(f"tpsdesk: {exc}", file=sys.stderr)
        crash.show_start_error(str(exc), lambda: make_application([sys.argv[0]]))
        return 2
    if config.self_test:
        from tpsdesk.shell.selftest import run_self_test

        return run_self_test(config)
    trace.install(trace.open_trace())
    trace.mark("main")
    from tpsdesk.httpapi import tls

    tls.prepare()  # the CA bundle loads on another core while Qt starts and the window is built
    from tpsdesk.shell.preload import import_pure_layers

    import_pure_layers()  # before Qt: PySide6 would read each one's source (shell/preload.py)
    import qasync

    from tpsdesk.shell import crash
    from tpsdesk.shell.application import QuitGate, make_application

    crash.install()  # qasync's asyncSlot and Qt callbacks report here: logged once and shown
    app = make_application([sys.argv[0], *config.qt_args])
    trace.mark("qt_ready")
    gate = QuitGate(app)
    try:
        # Python 3.11 has no asyncio.run(loop_factory=...); a Runner does the same.
        with asyncio.Runner(loop_factory=lambda: qasync.QEventLoop(app)) as runner:
            code = runner.run(run_app(app, config, gate))
    except Exception as exc:  # the demo's server or a session failed to start: never a silent exit
        code = crash.fatal_after_loop(exc)
    trace.mark("exit", code=code)
    return code


if __name__ == "__main__":
    raise SystemExit(main())
