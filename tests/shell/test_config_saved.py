"""Saved settings go through the same checks as flags: a bad one is reported, the app still opens."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot

from tests.support.accounts import ORG, World
from tpsdesk.accounts.vault import SERVICE, TokenVault
from tpsdesk.domain.server import DEFAULT_BASE_URL, DEFAULT_SERVER_TZ
from tpsdesk.shell.config import load_config
from tpsdesk.shell.controller import AppController
from tpsdesk.shell.settings import AppSettings


def save_raw_profile(world: World, **values: str) -> None:
    raw = QSettings(str(world.settings_path), QSettings.Format.IniFormat)
    raw.beginWriteArray("profiles", 1)
    raw.setArrayIndex(0)
    for key, value in {"name": "Physics", "org_id": ORG, **values}.items():
        raw.setValue(key, value)
    raw.endArray()
    raw.setValue("last_profile", "Physics")
    raw.sync()


def test_a_saved_zone_that_does_not_exist_opens_with_the_default_and_a_notice(world: World) -> None:
    save_raw_profile(world, base_url=world.sim.base_url, server_tz="Nowhere/City")
    world.keychain.items[(SERVICE, f"{world.sim.base_url}|{ORG}")] = "seed-token"
    controller = world.controller()
    world.opened(controller)
    session = controller.session
    assert session is not None and session.config.server_tz_name == DEFAULT_SERVER_TZ
    notice = session.settings_notice  # type: ignore[attr-defined]
    world.qtbot.waitUntil(notice.isVisible)
    assert "Nowhere/City" in notice.label.text() and DEFAULT_SERVER_TZ in notice.label.text()
    world.qtbot.waitUntil(lambda: session.window.model.rowCount() == 12)  # the app works meanwhile
    world.qtbot.mouseClick(notice.reset_button, Qt.MouseButton.LeftButton)
    again = AppSettings.at(world.settings_path)
    profile = again.profile("Physics")
    assert profile is not None and profile.server_tz == DEFAULT_SERVER_TZ and again.problems == []


def test_a_saved_ftp_server_asks_to_sign_in_with_the_default_server_and_says_why(world: World) -> None:
    save_raw_profile(world, base_url="ftp://files.example/", server_tz="UTC")
    controller = AppController(load_config(["--refresh", "0"], env={}), AppSettings.at(world.settings_path),
                               TokenVault(), request_timeout_s=3.0)
    world.controllers.append(controller)
    controller.start()
    dialog = world.dialog(controller)
    assert dialog.base_url.text() == DEFAULT_BASE_URL
    assert "ftp://files.example/" in dialog.notice.text() and "server address" in dialog.notice.text()
    assert dialog.notice.isVisible()


def test_a_malformed_keychain_token_is_not_used(world: World) -> None:
    save_raw_profile(world, base_url=world.sim.base_url, server_tz="UTC")
    world.keychain.items[(SERVICE, f"{world.sim.base_url}|{ORG}")] = "seed-token\nX-Evil: 1"
    controller = world.controller()
    dialog = world.dialog(controller)
    assert "line break" in dialog.notice.text() and "seed-token" not in dialog.notice.text()
    assert world.requests_to("/live_streams/") == 0  # nothing was sent with it


def test_a_pasted_token_with_a_line_break_is_refused_in_the_form(qtbot: QtBot) -> None:
    from tpsdesk.ui.dialogs.sign_in_dialog import TOKEN, SignInDialog

    dialog = SignInDialog(None)
    qtbot.addWidget(dialog)
    submitted: list[object] = []
    dialog.submitted.connect(submitted.append)
    dialog.org_id.setText(ORG)
    dialog.set_mode(TOKEN)
    dialog.token.setText("first-half\x0bsecond-half")
    dialog._submit()
    assert submitted == [] and "malformed" in dialog.error.text() and "half" not in dialog.error.text()
    dialog.token.setText("  good-token \n")  # surrounding whitespace from a paste is fine
    dialog._submit()
    assert len(submitted) == 1
