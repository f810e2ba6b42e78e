"""No token, password or webhook secret in logs, the settings file, messages shown, or the widgets' text."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import pytest
from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from tests.support.accounts import EMAIL, PASSWORD, World
from tests.support.qt import run
from tpsdesk.receiver import HOOK_PREFIX
from tpsdesk.shell.config import AppConfig
from tpsdesk.shell.session import Session
from tpsdesk.sim import SimConfig, SimServer


def visible_text(root: QWidget) -> str:
    """Everything a screenshot of this window could show, as text."""
    parts = [root.windowTitle()]
    for widget in [root, *root.findChildren(QWidget)]:
        if isinstance(widget, QLabel | QLineEdit | QAbstractButton):
            parts.append(widget.text())
        parts.append(widget.toolTip())
    return "\n".join(parts)


def test_no_secret_anywhere(world: World, caplog: pytest.LogCaptureFixture, tmp_path: Path) -> None:
    caplog.set_level(logging.DEBUG)
    controller = world.controller("--webhook-port", "0")  # the webhook receiver on
    world.sign_in(controller, password="Wr0ng-Passw0rd!")  # a wrong one first: the error is shown
    dialog = world.dialog(controller)
    world.qtbot.waitUntil(lambda: dialog.error.isVisible())
    shown = [visible_text(dialog), dialog.error.text()]
    dialog.grab().save(str(tmp_path / "dialog.png"))
    dialog.email.setText(EMAIL)
    dialog.password.setText(PASSWORD)
    dialog.sign_in_button.click()
    world.qtbot.waitUntil(lambda: controller.session is not None)
    assert controller.session is not None
    window = controller.session.window
    world.qtbot.waitUntil(lambda: window.model.rowCount() == 12)

    # Register the receiver with the server (a public URL would; here its loopback address) and
    # let a delivery arrive, so the secret has been made, sent, stored and checked.
    webhooks = controller.session.webhooks
    world.qtbot.waitUntil(lambda: webhooks.listening)
    run(world.qtbot, webhooks.register())
    secrets = [s.decode() for s in webhooks.receiver._secrets]  # the one the server signs deliveries with
    assert len(secrets) == 1 and len(secrets[0]) >= 32
    assert any(secrets[0].encode() in r.raw_body for r in world.sim.requests)  # what the server was given
    hook_path = webhooks.receiver.path.removeprefix(HOOK_PREFIX)
    assert len(hook_path) >= 24  # the unguessable part of the receiver's URL
    asset_id = world.sim.streaming_ids()[0]
    world.sim.set_status(asset_id, "Disconnected")
    world.qtbot.waitUntil(lambda: webhooks.last_delivery_at is not None)
    shown.append(visible_text(window))
    shown.append(window.statusBar().currentMessage())
    window.grab().save(str(tmp_path / "window.png"))
    token = world.stored_token()
    assert token

    world.sign_out(controller)
    after = world.dialog(controller)
    shown.append(visible_text(after))
    world.controllers[0].settings.sync()

    settings_text = Path(world.settings_path).read_text(encoding="utf-8")
    assert "acc-org" in settings_text  # the profile is there...
    for secret in (token, PASSWORD, "Wr0ng-Passw0rd!", "seed-token", *secrets, hook_path):
        assert secret not in caplog.text, "a secret reached the log"
        assert secret not in settings_text, "a secret reached the settings file"
        for text in shown:
            assert secret not in text, "a secret is shown on screen"
    for path in tmp_path.glob("*.png"):
        assert path.stat().st_size > 1000  # the grabs rendered


def test_a_demo_run_never_logs_the_hook_paths_secret(qtbot: QtBot, qloop: asyncio.AbstractEventLoop,
                                                      caplog: pytest.LogCaptureFixture) -> None:
    """The demo's simulator delivers to the receiver, then cannot (the app closed): neither the
    simulator's delivery log nor the app's own ever shows the receiver path's unguessable part."""
    caplog.set_level(logging.DEBUG)
    sim = SimServer(SimConfig(stream_count=6, org_id="demo-org", token="t", seed=3, lifecycle=False,
                              random_disconnects=False, quirks=False, webhook_retries=0))
    run(qtbot, sim.start())
    config = AppConfig(demo=True, base_url=sim.base_url, org_id="demo-org", token="t", refresh_interval_s=0,
                       poll_interval_s=0.5, webhooks=True)
    session = Session(config, base_url=sim.base_url, request_timeout_s=3.0)
    qtbot.addWidget(session.window)
    try:
        session.start()
        qtbot.waitUntil(lambda: session.webhooks.registration is not None, timeout=10_000)
        secret_part = session.webhooks.receiver.path.removeprefix(HOOK_PREFIX).strip("/")
        assert len(secret_part) >= 24
        asset_id = sim.streaming_ids()[0]
        sim.set_status(asset_id, "Disconnected")
        qtbot.waitUntil(lambda: session.webhooks.last_delivery_at is not None, timeout=10_000)
        run(qtbot, session.aclose())  # the receiver is gone; the simulator still delivers
        sim.set_status(asset_id, "Streaming")
        run(qtbot, sim.drain_webhooks())
        assert any(d.error for d in sim.deliveries)  # the failure was logged...
        assert any("unreachable" in r.getMessage() for r in caplog.records)
        assert secret_part not in caplog.text  # ...without the secret path
        assert all(secret_part not in r.getMessage() for r in caplog.records)
    finally:
        run(qtbot, session.aclose())
        run(qtbot, sim.stop())
