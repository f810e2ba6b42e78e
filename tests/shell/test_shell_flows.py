"""The shell's flows end to end: demo as an account, the title, signing out, any service's 401."""

from __future__ import annotations

import asyncio

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from tests.support.accounts import ORG, World
from tests.support.memkeyring import MemoryKeyring, installed
from tests.support.qt import run
from tpsdesk.services.errors import ErrorReport
from tpsdesk.services.problems import Problem, ProblemSource
from tpsdesk.shell.config import load_config
from tpsdesk.shell.controller import AppController
from tpsdesk.shell.demo import DemoServer
from tpsdesk.shell.sign_in_flow import SignInPurpose
from tpsdesk.ui.profile_switcher import ProfileSwitcher


def test_demo_opens_through_the_controller_and_saves_nothing(qtbot: QtBot, qloop: asyncio.AbstractEventLoop) -> None:
    config = load_config(["--demo", "--demo-streams", "15", "--refresh", "0"], env={})
    demo = DemoServer(config)
    with installed(MemoryKeyring()) as keychain:
        account = run(qtbot, demo.start())
        controller = AppController(config, demo.settings, demo.vault, demo=account, request_timeout_s=3.0)
        try:
            controller.start()
            qtbot.waitUntil(lambda: controller.session is not None)
            assert controller.session is not None
            window = controller.session.window
            qtbot.waitUntil(lambda: window.model.rowCount() == 15)
            assert window.windowTitle().endswith("(demo)")
            assert "demo server" in window.server_label.text()
            switcher = window.profileSwitcher()
            assert isinstance(switcher, ProfileSwitcher) and switcher.combo.currentText().startswith("Demo")
            assert demo.settings.profiles() == [] and keychain.items == {}  # never saved, never in a keychain
        finally:
            run(qtbot, controller.aclose())
            run(qtbot, demo.stop())


def test_the_title_leaves_the_app_name_to_qt(world: World) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.applicationDisplayName()
    app.setApplicationDisplayName("tpsdesk")
    try:
        controller = world.controller()
        world.sign_in(controller)
        world.opened(controller)
        assert controller.session is not None
        title = controller.session.window.windowTitle()
        # Qt shows "<title> — <display name>" (X11, Windows): the name must not come twice.
        shown = f"{title} \u2014 {app.applicationDisplayName()}"
        assert shown == "Acc Org (acc-org) \u2014 tpsdesk"
    finally:
        app.setApplicationDisplayName(before)


def signed_in(world: World) -> AppController:
    controller = world.controller()
    world.sign_in(controller)
    world.opened(controller)
    return controller


def test_sign_out_asks_first_and_cancel_changes_nothing(world: World) -> None:
    controller = signed_in(world)
    session = controller.session
    token = world.stored_token()
    assert session is not None and token is not None
    controller.sign_out()
    box = controller.sign_out_flow.confirmation
    assert box is not None
    world.qtbot.waitUntil(box.isVisible)
    assert "acc-org" in box.text() and "Acc Org" in box.text()  # names the profile and its organization
    assert box.defaultButton() is box.cancel_button  # Enter on an unread dialog signs nothing out
    world.qtbot.mouseClick(box.cancel_button, Qt.MouseButton.LeftButton)
    world.qtbot.waitUntil(lambda: controller.sign_out_flow.confirmation is None)
    assert controller.session is session and controller.dialog is None
    assert world.stored_token() == token and world.status_of(token) == 200
    assert world.requests_to("/logout/", "POST") == 0


def test_the_window_stays_behind_the_sign_in_dialog_after_signing_out(world: World) -> None:
    controller = signed_in(world)
    assert controller.session is not None
    window = controller.session.window
    world.sign_out(controller)
    dialog = world.dialog(controller)
    assert window.isVisible() and not window.centralWidget().isEnabled()
    assert dialog.parent() is window
    assert "Signed out" in window.statusBar().currentMessage()
    dialog.reject()  # nobody else is signed in: nothing to show, the app ends
    world.qtbot.waitUntil(controller.finished.is_set)


def test_a_401_from_a_request_still_going_while_signing_out_does_not_ask_to_sign_in_again(world: World) -> None:
    # The sign-out revokes the token; a poll or listing of the leaving session still in flight then
    # gets a 401. That is the sign-out's own doing: the window goes to its signed-out state, with
    # no "your sign-in expired" dialog in front of it (a race the first row's later panel exposed).
    controller = signed_in(world)
    session = controller.session
    assert session is not None
    world.sign_out(controller)
    assert controller.sign_out_flow.isLeaving(session)
    session.problems.report(Problem(ProblemSource.STATUS_CHECK,
                                    ErrorReport("Not signed in", "401", status=401, is_auth=True)))
    assert controller.dialog is None  # not asked to sign in again for the session being left
    dialog = world.dialog(controller)  # the signed-out sign-in dialog, once the sign-out is through
    assert not session.window.centralWidget().isEnabled()
    assert "expired or was revoked" not in dialog.reason.text()
    dialog.reject()
    world.qtbot.waitUntil(controller.finished.is_set)


def test_cancelling_sign_in_after_sign_out_returns_to_a_profile_still_signed_in(world: World) -> None:
    controller = signed_in(world)
    first = controller.profile
    assert first is not None
    # A second profile on another server address (so another keychain entry), by pasted token.
    controller.ask_sign_in(None, purpose=SignInPurpose.SWITCH)
    dialog = world.dialog(controller)
    dialog.profile_name.setText("Other")
    dialog.base_url.setText(world.sim.base_url.replace("127.0.0.1", "localhost"))
    dialog.org_id.setText(ORG)
    dialog.set_mode(1)
    dialog.token.setText("seed-token")
    world.qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    world.qtbot.waitUntil(lambda: controller.profile is not None and controller.profile.name == "Other")

    world.sign_out(controller)
    after = world.dialog(controller)
    assert f"go back to “{first.name}”" in after.notice.text()
    after.reject()
    world.qtbot.waitUntil(lambda: controller.session is not None)
    assert controller.profile is not None and controller.profile.name == first.name
    assert not controller.finished.is_set() and controller.dialog is None
    assert controller.session is not None and controller.session.window.isVisible()


def test_a_401_from_webhook_registration_asks_to_sign_in_again(world: World) -> None:
    controller = world.controller("--webhook-port", "0")
    world.sign_in(controller)
    world.opened(controller)
    session = controller.session
    assert session is not None
    world.qtbot.waitUntil(lambda: session.webhooks.listening and session.streams.has_loaded)
    session.poller.set_enabled(False)  # only the registration talks to the server now
    problems: list[Problem] = []
    session.problems.raised.connect(problems.append)
    token = world.stored_token()
    assert token is not None
    world.sim.tokens.revoke(token)
    run(world.qtbot, session.register_webhooks("https://hooks.example.test"))
    dialog = world.dialog(controller)
    assert "expired or was revoked" in dialog.reason.text() and dialog.org_id.isReadOnly()
    assert [p.source for p in problems] == [ProblemSource.WEBHOOKS]
    assert problems[0].report.status == 401
    world.sign_in(controller)  # and once signed in again, the registration is made
    world.qtbot.waitUntil(lambda: session.webhooks.registration is not None)
    assert controller.session is session


def test_the_sign_out_confirmation_is_a_question_with_cancel_as_escape(world: World) -> None:
    controller = signed_in(world)
    controller.sign_out()
    box = controller.sign_out_flow.confirmation
    assert box is not None and box.icon() is QMessageBox.Icon.Question
    assert box.escapeButton() is box.cancel_button
    assert box.sign_out_button.accessibleName() == "Sign out"
    box.reject()


def test_closing_the_signed_out_window_ends_the_app(world: World) -> None:
    controller = signed_in(world)
    assert controller.session is not None
    window = controller.session.window
    world.sign_out(controller)
    world.dialog(controller)
    window.close()  # the dialog goes with it: nothing would be left on screen
    world.qtbot.waitUntil(controller.finished.is_set)
