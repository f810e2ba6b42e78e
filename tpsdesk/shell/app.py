"""Start-up: arguments, QApplication, the qasync loop, wiring and clean shutdown."""

from __future__ import annotations

import asyncio
import logging
import sys
import traceback
from collections.abc import Sequence
from types import TracebackType

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from tpsdesk import __version__
from tpsdesk.shell.config import AppConfig, ConfigError, load_config

log = logging.getLogger("tpsdesk")


def _install_excepthook() -> None:
    """qasync's asyncSlot and Qt callbacks report errors here: log, don't die silently."""

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        log.error("unhandled error:\n%s", "".join(traceback.format_exception(kind, value, tb)))

    sys.excepthook = hook


def make_application(argv: Sequence[str]) -> QApplication:
    from tpsdesk.ui import theme

    app = QApplication.instance() or QApplication(list(argv))
    assert isinstance(app, QApplication)
    app.setApplicationName("tpsdesk")
    app.setApplicationDisplayName("tpsdesk")
    app.setOrganizationName("tpsdesk")
    app.setApplicationVersion(__version__)
    theme.apply(app)
    app.setWindowIcon(QIcon(theme.APP_ICON))
    return app


async def run_accounts(app: QApplication, config: AppConfig, quitting: asyncio.Event) -> int:
    """A real account: profiles, the keychain, sign-in; the controller swaps Sessions."""
    from tpsdesk.accounts.vault import TokenVault
    from tpsdesk.shell.controller import AppController
    from tpsdesk.shell.journal_wiring import journal_path, open_journal
    from tpsdesk.shell.settings import AppSettings

    # Windows come and go (sign-in dialog, profile switch): the controller says when to end.
    app.setQuitOnLastWindowClosed(False)
    journal = open_journal(journal_path(demo=False))
    controller = AppController(config, AppSettings(), TokenVault(), journal=journal)
    ended = asyncio.ensure_future(controller.finished.wait())
    quit_wait = asyncio.ensure_future(quitting.wait())
    try:
        controller.start()
        await asyncio.wait({ended, quit_wait}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in (ended, quit_wait):
            task.cancel()
        await controller.aclose()
        await journal.aclose()
    return 0


class QuitGate(QObject):
    """Turns QApplication.quit() (Cmd+Q, log-off) into a request the running session honours.

    Left alone, quit() stops Qt's loop under the coroutine before it has closed its
    client, tasks and servers; the session ends the loop itself once it has cleaned up.
    """

    requested = Signal()

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self._app = app
        app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._app and event.type() == QEvent.Type.Quit:
            self.requested.emit()
            return True
        return False


async def run_session(app: QApplication, config: AppConfig, gate: QuitGate | None = None) -> int:
    from tpsdesk.shell.session import Session

    quitting = asyncio.Event()
    if gate is not None:
        gate.requested.connect(quitting.set)
    if not config.demo:
        return await run_accounts(app, config, quitting)
    sim = None
    base_url = config.base_url
    if config.demo:
        from tpsdesk.sim import SimConfig, SimServer

        sim = SimServer(SimConfig(stream_count=config.demo_streams, org_id=config.org_id,
                                  token=config.token, server_tz=config.server_tz_name))
        base_url = await sim.start(host="127.0.0.1", port=0)
    from tpsdesk.shell.journal_wiring import journal_path, open_journal

    journal = open_journal(journal_path(demo=True))
    session = Session(config, base_url=base_url, journal=journal, profile_name="Demo")
    # Quitting on the last window would stop the loop under this coroutine before its
    # clean-up runs: end the session ourselves when the window closes.
    app.setQuitOnLastWindowClosed(False)
    app.lastWindowClosed.connect(quitting.set)
    try:
        session.window.show()
        session.start()
        await quitting.wait()
    finally:
        await session.aclose()
        await journal.aclose()
        if sim is not None:
            await sim.stop()
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    import qasync

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        config = load_config(argv)
    except ConfigError as exc:
        app = make_application([sys.argv[0]])
        print(f"tpsdesk: {exc}", file=sys.stderr)
        QMessageBox.critical(None, "tpsdesk cannot start", str(exc))
        return 2
    if config.self_test:
        from tpsdesk.shell.selftest import run_self_test

        return run_self_test(config)
    _install_excepthook()
    app = make_application([sys.argv[0], *argv])
    # Python 3.11 has no asyncio.run(loop_factory=...); a Runner does the same.
    gate = QuitGate(app)
    with asyncio.Runner(loop_factory=lambda: qasync.QEventLoop(app)) as runner:
        return runner.run(run_session(app, config, gate))


if __name__ == "__main__":
    raise SystemExit(main())
