"""The QApplication: names, theme, icon, and the quit request gate (the excepthook: ``shell/crash.py``).

Shared by the app (``shell/app.py``) and the self-test (``shell/selftest.py``), so
neither imports the other.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from tpsdesk import __version__

log = logging.getLogger("tpsdesk")

APP_NAME = "tpsdesk"


def make_application(argv: Sequence[str]) -> QApplication:
    from tpsdesk.ui import theme

    app = QApplication.instance() or QApplication(list(argv))
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    # Qt appends the display name to every window title ("Acc Org — tpsdesk"): titles leave it out.
    app.setApplicationDisplayName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setApplicationVersion(__version__)
    theme.apply(app)
    app.setWindowIcon(QIcon(theme.APP_ICON))
    return app


class QuitGate(QObject):
    """Turns QApplication.quit() (Cmd+Q, log-off) into a request the running app honours.

    Left alone, quit() stops Qt's loop under the coroutine before it has closed its
    client, tasks and servers; the app ends the loop itself once it has cleaned up.
    """

    requested = Signal()

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self._app = app
        self.asked = False  # kept: a quit may come before anyone listens (while the app starts)
        app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._app and event.type() == QEvent.Type.Quit:
            self.asked = True
            self.requested.emit()
            return True
        return False
