"""Accounts end to end: the real controller, sessions and simulator over loopback.

The keychain is an in-memory keyring backend; settings go to a temporary INI file.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.accounts.memkeyring import MemoryKeyring, installed
from tpsdesk.accounts.vault import SERVICE, TokenVault
from tpsdesk.config import load_config
from tpsdesk.controller import AppController
from tpsdesk.settings import AppSettings
from tpsdesk.sim import SimConfig, SimServer
from tpsdesk.ui.sign_in_dialog import SignInDialog

from .conftest import run

ORG = "acc-org"
EMAIL, PASSWORD = "demo@example.com", "demo-password"


@dataclass
class World:
    qtbot: QtBot
    sim: SimServer
    keychain: MemoryKeyring
    settings_path: Path
    controllers: list[AppController]

    def controller(self) -> AppController:
        config = load_config(["--base-url", self.sim.base_url, "--refresh", "0"], env={})
        controller = AppController(config, AppSettings.at(self.settings_path), TokenVault(), request_timeout_s=3.0)
        self.controllers.append(controller)
        controller.start()
        return controller

    def dialog(self, controller: AppController) -> SignInDialog:
        self.qtbot.waitUntil(lambda: controller.dialog is not None and controller.dialog.isVisible())
        assert controller.dialog is not None
        return controller.dialog

    def sign_in(self, controller: AppController, password: str = PASSWORD) -> None:
        dialog = self.dialog(controller)
        dialog.org_id.setText(ORG)
        dialog.email.setText(EMAIL)
        dialog.password.setText(password)
        self.qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)

    def stored_token(self) -> str | None:
        return self.keychain.items.get((SERVICE, f"{self.sim.base_url}|{ORG}"))

    def status_of(self, token: str) -> int:
        async def get() -> int:
            async with httpx.AsyncClient(base_url=self.sim.base_url) as raw:
                answer = await raw.get(f"/api/v1/{ORG}/assets/live_streams/",
                                       headers={"Authorization": f"Token {token}"})
                return answer.status_code

        return run(self.qtbot, get())


@pytest.fixture
def world(qtbot: QtBot, qloop: asyncio.AbstractEventLoop, tmp_path: Path) -> Iterator[World]:
    sim = SimServer(SimConfig(stream_count=12, org_id=ORG, token="seed-token", seed=5, lifecycle=False,
                              random_disconnects=False, quirks=False))
    run(qtbot, sim.start(host="127.0.0.1", port=0))
    with installed(MemoryKeyring()) as keychain:
        assert isinstance(keychain, MemoryKeyring)
        w = World(qtbot, sim, keychain, tmp_path / "tpsdesk.ini", [])
        try:
            yield w
        finally:
            for controller in w.controllers:
                run(qtbot, controller.aclose())
            run(qtbot, sim.stop())


def test_sign_in_then_restart_needs_no_prompt(world: World) -> None:
    first = world.controller()
    assert first.session is None
    world.sign_in(first)
    world.qtbot.waitUntil(lambda: first.session is not None)
    assert first.session is not None
    token = world.stored_token()
    assert token and world.sim.tokens.org_of(token) == ORG
    window = first.session.window
    assert "Acc Org (acc-org)" in window.windowTitle()
    world.qtbot.waitUntil(lambda: window.model.rowCount() == 12)
    tokens_before = world.sim.tokens.count(ORG)
    run(world.qtbot, first.aclose())

    again = world.controller()  # a restart: same settings file, same keychain
    assert again.dialog is None and again.session is not None
    world.qtbot.waitUntil(lambda: again.session is not None and again.session.window.model.rowCount() == 12)
    assert world.sim.tokens.count(ORG) == tokens_before  # reused, not a new token


def test_wrong_password_says_so_and_stores_nothing(world: World) -> None:
    controller = world.controller()
    world.sign_in(controller, password="not-the-password")
    dialog = world.dialog(controller)
    world.qtbot.waitUntil(lambda: dialog.error.isVisible())
    assert "was not accepted" in dialog.error.text()
    assert dialog.password.text() == "" and dialog.sign_in_button.isEnabled()
    assert world.keychain.items == {} and controller.session is None


def test_sign_out_revokes_and_forgets(world: World) -> None:
    controller = world.controller()
    world.sign_in(controller)
    world.qtbot.waitUntil(lambda: controller.session is not None)
    token = world.stored_token()
    assert token is not None and world.status_of(token) == 200
    controller.sign_out()
    dialog = world.dialog(controller)
    assert "revoked" in dialog.notice.text()
    assert controller.session is None and world.stored_token() is None
    assert world.status_of(token) == 401


def test_revoked_token_mid_session_prompts_and_keeps_the_place(world: World) -> None:
    controller = world.controller()
    world.sign_in(controller)
    world.qtbot.waitUntil(lambda: controller.session is not None)
    session = controller.session
    assert session is not None
    window = session.window
    world.qtbot.waitUntil(lambda: window.model.rowCount() == 12)
    asset_id = world.sim.streaming_ids()[0]
    window.table.selectAssetId(asset_id)
    world.qtbot.waitUntil(lambda: window.workspace.asset_id == asset_id)
    trim = window.workspace.trim
    trim.setTrimEnabled(True)
    trim.setHandles(10, 40)
    handles = trim.handles()

    old = world.stored_token()
    assert old is not None
    world.sim.tokens.revoke(old)  # revoked elsewhere (another device signed out)
    window.refresh()
    dialog = world.dialog(controller)
    assert "expired or was revoked" in dialog.reason.text() and dialog.org_id.isReadOnly()
    dialog.email.setText(EMAIL)
    dialog.password.setText(PASSWORD)
    world.qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    world.qtbot.waitUntil(lambda: controller.dialog is None)
    new = world.stored_token()
    assert new and new != old
    assert controller.session is session and session.window is window  # same window, same client
    world.qtbot.waitUntil(lambda: not session.streams.loading and session.streams.has_loaded)
    assert window.workspace.asset_id == asset_id and trim.isTrimEnabled() and trim.handles() == handles


def test_switching_profiles_rebuilds_the_session(world: World) -> None:
    controller = world.controller()
    world.sign_in(controller)
    world.qtbot.waitUntil(lambda: controller.session is not None)
    first = controller.session
    assert first is not None
    # A second profile for the same org (e.g. another role): pasted token.
    controller.ask_sign_in(None, purpose="switch")
    dialog = world.dialog(controller)
    dialog.profile_name.setText("Seed")
    dialog.base_url.setText(world.sim.base_url)
    dialog.org_id.setText(ORG)
    dialog.set_mode(1)
    dialog.token.setText("seed-token")
    world.qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    world.qtbot.waitUntil(lambda: controller.session is not first)
    assert controller.profile is not None and controller.profile.name == "Seed"
    names = [p.name for p in controller.settings.profiles()]
    assert names == ["acc-org", "Seed"]
    controller.switch_to("acc-org")
    world.qtbot.waitUntil(lambda: controller.profile is not None and controller.profile.name == "acc-org")
    assert controller.dialog is None  # its token was in the keychain
