"""The app's controller with its journal: password sign-in, pasted-token sign-in, profile switches,
sign-out — one entry each, through the real dialogs, sessions and simulator."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt

from tests.journal.test_journal_actions import raw_bytes
from tests.support.accounts import ORG, PASSWORD, World
from tests.support.qt import run
from tpsdesk.accounts.vault import TokenVault
from tpsdesk.journal.entries import Action, JournalEntry, JournalFilter, Outcome
from tpsdesk.journal.writer import JournalWriter
from tpsdesk.services.journal import JournalService
from tpsdesk.shell.config import load_config
from tpsdesk.shell.controller import AppController
from tpsdesk.shell.settings import AppSettings
from tpsdesk.shell.sign_in_flow import SignInPurpose


def test_every_account_action_is_one_entry(world: World, tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    journal = JournalService(JournalWriter(path))
    config = replace(load_config(["--base-url", world.sim.base_url, "--refresh", "0"], env={}), poll_interval_s=0.2)
    controller = AppController(config, AppSettings.at(world.settings_path), TokenVault(), request_timeout_s=3.0,
                               journal=journal)
    world.controllers.append(controller)
    controller.start()

    def entries() -> list[JournalEntry]:
        run(world.qtbot, journal.writer.flush())
        return list(reversed(run(world.qtbot, journal.page(JournalFilter()))))  # oldest first

    world.sign_in(controller)
    world.qtbot.waitUntil(lambda: controller.session is not None)
    first = controller.session
    login_token = world.stored_token()
    assert login_token
    controller.ask_sign_in(None, purpose=SignInPurpose.SWITCH)
    dialog = world.dialog(controller)
    dialog.profile_name.setText("Seed")
    dialog.base_url.setText(world.sim.base_url)
    dialog.org_id.setText(ORG)
    dialog.set_mode(1)
    dialog.token.setText("seed-token")
    world.qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    world.qtbot.waitUntil(lambda: controller.session is not first and controller.session is not None)
    controller.switch_to("acc-org")
    world.qtbot.waitUntil(lambda: controller.profile is not None and controller.profile.name == "acc-org")
    world.sign_out(controller)
    world.dialog(controller)
    world.qtbot.waitUntil(lambda: len(entries()) == 5)

    got = [(e.action, e.outcome, e.profile) for e in entries()]
    assert got == [
        (Action.SIGN_IN, Outcome.OK, "acc-org"),  # the password, POST /api/auth/login/
        (Action.SIGN_IN, Outcome.OK, "Seed"),  # a pasted token: no request of its own
        (Action.PROFILE_SWITCH, Outcome.OK, "Seed"),
        (Action.PROFILE_SWITCH, Outcome.OK, "acc-org"),
        (Action.SIGN_OUT, Outcome.OK, "acc-org"),
    ]
    assert entries()[2].note == "from “acc-org” to “Seed”"
    # Named as the window names it; at the first sign-in the server has not told the name yet.
    assert [e.organization for e in entries()] == ["acc-org"] * 2 + ["Acc Org (acc-org)"] * 3
    raw = raw_bytes(path)
    assert PASSWORD.encode() not in raw and b"seed-token" not in raw
    assert login_token.encode() not in raw
