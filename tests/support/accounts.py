"""The accounts harness: the real controller, settings in a temporary INI file, an in-memory keychain."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import httpx
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.support.memkeyring import MemoryKeyring
from tests.support.qt import run
from tpsdesk.accounts.vault import SERVICE, TokenVault
from tpsdesk.shell.config import load_config
from tpsdesk.shell.controller import AppController
from tpsdesk.shell.settings import AppSettings
from tpsdesk.sim import SimServer
from tpsdesk.ui.dialogs.sign_in_dialog import SignInDialog

ORG = "acc-org"
EMAIL, PASSWORD = "demo@example.com", "demo-password"


@dataclass
class World:
    qtbot: QtBot
    sim: SimServer
    keychain: MemoryKeyring
    settings_path: Path
    controllers: list[AppController]

    def controller(self, *args: str, env: dict[str, str] | None = None) -> AppController:
        config = load_config(["--base-url", self.sim.base_url, "--refresh", "0", *args], env=env or {})
        config = replace(config, poll_interval_s=0.2)
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
        if not dialog.org_id.isReadOnly():
            dialog.org_id.setText(ORG)
        dialog.email.setText(EMAIL)
        dialog.password.setText(password)
        self.qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)

    def sign_out(self, controller: AppController) -> None:
        """Sign out, answering the confirmation with its Sign out button."""
        controller.sign_out()
        box = controller.sign_out_flow.confirmation
        assert box is not None
        self.qtbot.waitUntil(box.isVisible)
        self.qtbot.mouseClick(box.sign_out_button, Qt.MouseButton.LeftButton)

    def opened(self, controller: AppController) -> None:
        """Wait for start-up (the keychain is read in a worker thread) to open the window."""
        self.qtbot.waitUntil(lambda: controller.session is not None)

    def token_count(self) -> int:
        return self.sim.tokens.count(ORG)

    def requests_to(self, path_end: str, method: str = "GET") -> int:
        return sum(1 for r in self.sim.requests if r.method == method and r.path.endswith(path_end))

    def stored_token(self) -> str | None:
        return self.keychain.items.get((SERVICE, f"{self.sim.base_url}|{ORG}"))

    def status_of(self, token: str) -> int:
        async def get() -> int:
            async with httpx.AsyncClient(base_url=self.sim.base_url) as raw:
                answer = await raw.get(f"/api/v1/{ORG}/assets/live_streams/",
                                       headers={"Authorization": f"Token {token}"})
                return answer.status_code

        return run(self.qtbot, get())
