"""Signing out or switching profile while a stop counts down asks first, as quitting does
(review of issue 9: the pending stop was dropped, then "internal error: stop is closed")."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from tests.support.accounts import ORG, World
from tpsdesk.services.stop_tracker import StopState
from tpsdesk.shell.controller import AppController
from tpsdesk.shell.session import Session
from tpsdesk.shell.sign_in_flow import SignInPurpose
from tpsdesk.ui.stop.quit_guard import quit_question


def signed_in(world: World) -> tuple[AppController, Session]:
    controller = world.controller()
    world.sign_in(controller)
    world.qtbot.waitUntil(lambda: controller.session is not None)
    assert controller.session is not None
    return controller, controller.session


def start_countdown(world: World, session: Session) -> str:
    window = session.window
    window.workspace.tracker.setUndoSeconds(15)
    world.qtbot.waitUntil(lambda: window.model.rowCount() == 12)
    asset_id = world.sim.streaming_ids()[0]
    window.table.selectAssetId(asset_id)
    world.qtbot.waitUntil(lambda: window.workspace.asset_id == asset_id)
    window.workspace.request_stop()
    dialog = window.workspace.confirm_dialog
    assert dialog is not None
    world.qtbot.waitUntil(dialog.isVisible)
    world.qtbot.mouseClick(dialog.stop_button, Qt.MouseButton.LeftButton)
    world.qtbot.waitUntil(lambda: window.workspace.tracker.state(asset_id) is StopState.COUNTDOWN)
    return asset_id


def question(world: World, session: Session) -> QMessageBox:
    world.qtbot.waitUntil(lambda: quit_question(session.window) is not None)
    box = quit_question(session.window)
    assert box is not None
    world.qtbot.waitUntil(box.isVisible)
    return box


def press(box: QMessageBox, name: str) -> None:
    next(b for b in box.buttons() if b.accessibleName() == name).click()


def test_sign_out_during_a_countdown_asks_and_can_stay(world: World) -> None:
    controller, session = signed_in(world)
    asset_id = start_countdown(world, session)
    world.sign_out(controller)
    box = question(world, session)
    assert box.textFormat() is Qt.TextFormat.PlainText
    press(box, "Don't sign out")
    tracker = session.window.workspace.tracker
    world.qtbot.waitUntil(lambda: quit_question(session.window) is None)
    assert controller.session is session and tracker.state(asset_id) is StopState.COUNTDOWN
    assert world.stored_token() is not None and world.sim.stop_requests(asset_id) == []


def test_sign_out_during_a_countdown_can_send_the_stop_first(world: World) -> None:
    controller, session = signed_in(world)
    asset_id = start_countdown(world, session)
    world.sign_out(controller)
    press(question(world, session), "Send the stop, then sign out")
    world.qtbot.waitUntil(lambda: controller.session is None and controller.dialog is not None)
    assert len(world.sim.stop_requests(asset_id)) == 1
    assert session.window.workspace.tracker.state(asset_id) is StopState.STOPPED  # signed out once answered
    assert world.stored_token() is None


def test_sign_out_during_a_countdown_can_cancel_it(world: World) -> None:
    controller, session = signed_in(world)
    asset_id = start_countdown(world, session)
    world.sign_out(controller)
    press(question(world, session), "Cancel the stop and sign out")
    world.qtbot.waitUntil(lambda: controller.session is None and controller.dialog is not None)
    tracker = session.window.workspace.tracker
    world.qtbot.waitUntil(lambda: tracker.remaining(asset_id) == 0)
    assert world.sim.stop_requests(asset_id) == []


def test_switching_profile_during_a_countdown_asks(world: World) -> None:
    controller, first = signed_in(world)
    # A second profile (pasted token), then back to the first with a stop counting down in the second.
    controller.add_profile()
    dialog = world.dialog(controller)
    dialog.profile_name.setText("Seed")
    dialog.base_url.setText(world.sim.base_url)
    dialog.org_id.setText(ORG)
    dialog.set_mode(1)
    dialog.token.setText("seed-token")
    world.qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    world.qtbot.waitUntil(lambda: controller.session is not first and controller.session is not None)
    second = controller.session
    assert second is not None
    asset_id = start_countdown(world, second)

    controller.switch_to("acc-org")
    press(question(world, second), "Don't switch profile")
    assert controller.session is second and second.window.workspace.tracker.state(asset_id) is StopState.COUNTDOWN

    controller.add_profile()  # adding a profile replaces the session too: asked first
    press(question(world, second), "Don't switch profile")
    assert controller.dialog is None

    controller.switch_to("acc-org")
    press(question(world, second), "Cancel the stop and switch profile")
    world.qtbot.waitUntil(lambda: controller.profile is not None and controller.profile.name == "acc-org")
    assert world.sim.stop_requests(asset_id) == []


def test_add_profile_with_nothing_pending_opens_the_sign_in_at_once(world: World) -> None:
    controller, session = signed_in(world)
    controller.add_profile()
    dialog = world.dialog(controller)
    assert dialog is controller.dialog and quit_question(session.window) is None
    assert controller.sign_in_flow.purpose is SignInPurpose.SWITCH
