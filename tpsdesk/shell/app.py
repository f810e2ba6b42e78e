"""Start-up: arguments, QApplication, the qasync loop, the controller, and clean shutdown.

A real account and the demo take the same path: the controller opens a profile (the
demo's is the in-process simulator with its token) and swaps sessions until the
window closes or the app is asked to quit.
"""

from __future__ import annotations

import asyncio
import logging
import sys
from collections.abc import Sequence

from PySide6.QtWidgets import QApplication, QMessageBox

from tpsdesk.shell.application import QuitGate, install_excepthook, make_application
from tpsdesk.shell.config import AppConfig, ConfigError, load_config

log = logging.getLogger("tpsdesk")


async def run_app(app: QApplication, config: AppConfig, gate: QuitGate | None = None) -> int:
    """Run until the window is closed, the first sign-in is cancelled, or quit() is asked for."""
    from tpsdesk.accounts.vault import TokenVault
    from tpsdesk.shell.controller import AppController
    from tpsdesk.shell.settings import AppSettings

    # Windows come and go (sign-in dialog, profile switch): the controller says when to end,
    # after its clean-up, rather than Qt stopping the loop under this coroutine.
    app.setQuitOnLastWindowClosed(False)
    demo_server = None
    if config.demo:
        from tpsdesk.shell.demo import DemoServer

        demo_server = DemoServer(config)
        account = await demo_server.start()
        controller = AppController(config, demo_server.settings, demo_server.vault, demo=account)
    else:
        controller = AppController(config, AppSettings(), TokenVault())
    if gate is not None:
        gate.requested.connect(controller.finished.set)  # Cmd+Q, log-off: end like a closed window
    try:
        controller.start()
        await controller.finished.wait()
    finally:
        await controller.aclose()
        if demo_server is not None:
            await demo_server.stop()
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    import qasync

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        config = load_config(argv)
    except ConfigError as exc:
        make_application([sys.argv[0]])
        print(f"tpsdesk: {exc}", file=sys.stderr)
        QMessageBox.critical(None, "tpsdesk cannot start", str(exc))
        return 2
    if config.self_test:
        from tpsdesk.shell.selftest import run_self_test

        return run_self_test(config)
    install_excepthook()
    app = make_application([sys.argv[0], *argv])
    gate = QuitGate(app)
    # Python 3.11 has no asyncio.run(loop_factory=...); a Runner does the same.
    with asyncio.Runner(loop_factory=lambda: qasync.QEventLoop(app)) as runner:
        return runner.run(run_app(app, config, gate))


if __name__ == "__main__":
    raise SystemExit(main())
