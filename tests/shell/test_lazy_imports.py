"""What start-up does not import: each check runs in a fresh interpreter, so nothing is already loaded."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tpsdesk.httpapi.warmup import FIRST_REQUEST_MODULES

ROOT = Path(__file__).resolve().parents[2]
# The receiver's server is what imports aiohttp (the package itself is light: start-up reads its limits).
HEAVY = ("aiohttp", "keyring", "tpsdesk.receiver.server", "tpsdesk.sim", "tpsdesk.shell.demo",
         # What only a menu or a refused token opens: loaded then, not with the window.
         "tpsdesk.ui.journal.window", "tpsdesk.ui.journal.model", "tpsdesk.ui.dialogs.sign_in_dialog")


def run_python(*args: str, code: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    command = [sys.executable, *args, *(["-c", textwrap.dedent(code)] if code is not None else [])]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)


def loaded(modules: list[str], prefix: str) -> bool:
    return any(m == prefix or m.startswith(prefix + ".") for m in modules)


@pytest.mark.parametrize("flag", ["--version", "--help"])
def test_version_and_help_import_no_qt(flag: str) -> None:
    result = run_python("-X", "importtime", "-m", "tpsdesk", flag)
    assert result.returncode == 0, result.stderr
    assert "tpsdesk" in result.stdout
    imported = [line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines() if "|" in line]
    assert "tpsdesk.shell.config" in imported  # the check sees the app's imports at all
    assert not [m for m in imported if m.split(".")[0] in ("PySide6", "shiboken6", "qasync", "httpx")]


def test_the_installed_entry_point_imports_no_qt_for_version_either() -> None:
    code = "from tpsdesk.shell.app import main\nmain(['--version'])"  # pyproject's gui-script
    result = run_python("-X", "importtime", code=code)
    assert result.returncode == 0 and "tpsdesk" in result.stdout, result.stderr
    assert "tpsdesk.shell.app" in result.stderr and "PySide6" not in result.stderr


SESSION = """
    import asyncio, json, sys
    import qasync
    from tpsdesk.shell.application import make_application
    from tpsdesk.shell.config import load_config
    from tpsdesk.shell.session import Session
    import tpsdesk.shell.app, tpsdesk.shell.controller, tpsdesk.shell.startup  # the real start's path
    app = make_application(["tpsdesk"])
    asyncio.set_event_loop(qasync.QEventLoop(app))
    config = load_config(["--base-url", "http://127.0.0.1:9", "--org", "some-org"], env={{}})
    assert not config.webhooks
    session = Session(config{options})
    {then}
    print(json.dumps(sorted(sys.modules)))
"""


def test_the_layers_loaded_before_qt_import_no_qt() -> None:
    # shell/preload.py imports them before Qt, so PySide6 does not read their sources: none may pull Qt in.
    code = """
        import json, sys
        from tpsdesk.shell.preload import PURE_MODULES, import_pure_layers
        import_pure_layers()
        print(json.dumps([sorted(sys.modules), list(PURE_MODULES)]))
    """
    result = run_python(code=code)
    assert result.returncode == 0, result.stderr
    modules, pure = json.loads(result.stdout.splitlines()[-1])
    assert set(pure) <= set(modules) and loaded(modules, "httpx")
    assert [m for m in modules if m.split(".")[0] in ("PySide6", "shiboken6", "qasync")] == []
    # The first request's imports too: before the loop runs, the first listing does not wait for them.
    assert "httpcore" in pure and set(FIRST_REQUEST_MODULES) <= set(modules)


def test_the_window_with_webhooks_off_imports_no_receiver_keyring_or_simulator() -> None:
    result = run_python(code=SESSION.format(then="session.window.menuBar()", options=""))
    assert result.returncode == 0, result.stderr
    modules = json.loads(result.stdout.splitlines()[-1])
    assert loaded(modules, "tpsdesk.ui.main_window") and loaded(modules, "httpx")
    assert [h for h in HEAVY if loaded(modules, h)] == []


REST = ("tpsdesk.ui.stop.stop_panel", "tpsdesk.ui.stop.trim_editor", "tpsdesk.ui.stop.marks_panel",
        "tpsdesk.ui.alerts", "tpsdesk.shell.producer_tools", "tpsdesk.ui.notifier", "tpsdesk.ui.webhook_indicator")


@pytest.mark.parametrize("built", [False, True])
def test_the_list_first_window_imports_the_rest_only_when_it_is_built(built: bool) -> None:
    then = "session.buildRest(); assert session.window.hasWorkspace()" if built else "session.window.show()"
    result = run_python(code=SESSION.format(then=then, options=", list_first=True"))
    assert result.returncode == 0, result.stderr
    modules = json.loads(result.stdout.splitlines()[-1])
    assert loaded(modules, "tpsdesk.ui.main_window")
    assert [m for m in REST if loaded(modules, m)] == (list(REST) if built else [])


def test_each_is_imported_when_first_needed() -> None:
    # The same check sees them once used: the receiver, the keychain.
    then = "session.webhooks.receiver; from tpsdesk.accounts import TokenVault; TokenVault().state"
    result = run_python(code=SESSION.format(then=then, options=""))
    assert result.returncode == 0, result.stderr
    modules = json.loads(result.stdout.splitlines()[-1])
    assert all(loaded(modules, h) for h in ("aiohttp", "tpsdesk.receiver.server", "keyring"))


def test_the_trim_timeline_imports_no_superqt_qtpy_or_opengl() -> None:
    # The timeline is our own RangeSlider; superqt (qtpy, QtOpenGL, Pygments: ~0.13 s, ~23 MiB)
    # is gone. The timeline is still built only once a stream can be trimmed and its place is shown.
    then = """
    window = session.window
    window.show()
    app.processEvents()
    built_before = window.workspace.trim.isTimelineBuilt()
    trim = window.workspace.trim
    trim.setUnavailable(None)  # what selecting a live stream with a known start does
    import time
    deadline = time.monotonic() + 20
    while not trim.isTimelineBuilt() and time.monotonic() < deadline:
        app.processEvents()  # its modules are imported on another thread, then it is built here
        time.sleep(0.01)
    trim.setTrimEnabled(True)
    trim.slider.grab()  # painted
    print(json.dumps([built_before, trim.isTimelineBuilt()]))
    """
    result = run_python(code=SESSION.format(then=textwrap.indent(textwrap.dedent(then), "    ").strip(), options=""))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.splitlines()[-2]) == [False, True]
    modules = json.loads(result.stdout.splitlines()[-1])
    assert loaded(modules, "tpsdesk.ui.widgets.trim_timeline")  # the check sees the timeline's imports
    # (Pygments is not checked: in a dev virtualenv, httpx imports its command line, which uses it.)
    heavy = ("superqt", "qtpy", "PySide6.QtOpenGL", "PySide6.QtOpenGLWidgets")
    assert [h for h in heavy if loaded(modules, h)] == []
