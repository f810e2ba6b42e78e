"""Accounts end to end: the real controller, sessions and simulator over loopback.

The keychain is an in-memory keyring backend; settings go to a temporary INI file.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction

from tests.support.accounts import EMAIL, ORG, PASSWORD, World
from tests.support.memkeyring import PromptingKeyring, installed
from tests.support.qt import run
from tpsdesk.accounts.profiles import ORG_ID_RULE, Profile
from tpsdesk.accounts.vault import SERVICE
from tpsdesk.shell.config import ConfigError
from tpsdesk.shell.controller import AppController
from tpsdesk.shell.settings import AppSettings
from tpsdesk.shell.sign_in_flow import SignInPurpose


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
    world.opened(again)
    assert again.dialog is None
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
    world.sign_out(controller)
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
    controller.ask_sign_in(None, purpose=SignInPurpose.SWITCH)
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


def reauth_action(controller: AppController) -> QAction:
    assert controller.session is not None
    action = controller.session.window.findChild(QAction, "reauthAction")
    assert isinstance(action, QAction)
    return action


def test_sign_in_again_is_offered_only_once_the_token_is_rejected(world: World) -> None:
    controller = world.controller()
    world.sign_in(controller)
    world.opened(controller)
    session = controller.session
    assert session is not None
    world.qtbot.waitUntil(lambda: session.window.model.rowCount() == 12)
    tokens = world.token_count()
    working = world.stored_token()
    assert working is not None

    # The token works: "Sign in again…" is greyed out, and asking anyway creates no token.
    assert not reauth_action(controller).isEnabled()
    controller.ask_sign_in(controller.profile, purpose=SignInPurpose.REAUTH)
    if controller.dialog is not None:  # (it used to open) go through with it, as a user would
        world.sign_in(controller)
        world.qtbot.waitUntil(lambda: controller.dialog is None)
        world.qtbot.waitUntil(lambda: world.stored_token() != working)
    assert controller.dialog is None
    assert world.token_count() == tokens, "a second token while the first one still worked"
    assert world.stored_token() == working and world.status_of(working) == 200
    assert "sign out first" in session.window.statusBar().currentMessage().lower()

    # Rejected (revoked elsewhere): now it is offered, and replacing the token keeps the count.
    world.sim.tokens.revoke(working)
    session.window.refresh()
    world.dialog(controller)
    assert reauth_action(controller).isEnabled()
    world.sign_in(controller)
    world.qtbot.waitUntil(lambda: controller.dialog is None)
    assert world.token_count() == tokens
    assert not reauth_action(controller).isEnabled()


def test_re_sign_in_resumes_following_and_watching_and_reloads_the_list(world: World) -> None:
    controller = world.controller()
    world.sign_in(controller)
    world.opened(controller)
    session = controller.session
    assert session is not None
    window = session.window
    world.qtbot.waitUntil(lambda: window.model.rowCount() == 12)
    followed = world.sim.streaming_ids()[0]
    watched = next(i for i in (s.id for s in world.sim.world.newest_first()) if i != followed)
    world.sim.set_status(watched, "Streaming")  # not final: polled while selected
    poller = session.poller
    poller.follow(followed)  # as after a stop: follow until the recording is final
    window.table.selectAssetId(watched)  # the selected stream is polled too
    world.qtbot.waitUntil(lambda: world.requests_to(f"/assets/{followed}/") >= 2
                          and world.requests_to(f"/assets/{watched}/") >= 2)

    old = world.stored_token()
    assert old is not None
    world.sim.tokens.revoke(old)
    dialog = world.dialog(controller)  # the poller's 401 asks (the list timer is off)
    world.qtbot.waitUntil(lambda: not poller.is_following(followed) and not poller.is_following(watched))
    lists = world.requests_to("/live_streams/")
    polls = {i: world.requests_to(f"/assets/{i}/") for i in (followed, watched)}
    dialog.email.setText(EMAIL)
    dialog.password.setText(PASSWORD)
    world.qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    world.qtbot.waitUntil(lambda: controller.dialog is None)

    # A new list request reached the server, and both streams are polled again (more than once).
    world.qtbot.waitUntil(lambda: world.requests_to("/live_streams/") > lists)
    world.qtbot.waitUntil(lambda: all(world.requests_to(f"/assets/{i}/") >= polls[i] + 2 for i in polls))
    assert poller.is_following(followed) and poller.is_following(watched)
    assert window.workspace.asset_id == watched


def test_keychain_prompts_do_not_freeze_the_window(world: World) -> None:
    keychain = PromptingKeyring(patience_s=3.0)
    mine = Profile("Mine", ORG, world.sim.base_url)
    other = Profile("Other", ORG, world.sim.base_url.replace("127.0.0.1", "localhost"))
    settings = AppSettings.at(world.settings_path)
    for profile in (mine, other):
        settings.save_profile(profile)
        keychain.items[(SERVICE, profile.vault_key)] = "seed-token"
    settings.set_last_profile(mine.name)
    with installed(keychain):
        controller = world.controller()  # returns at once: the keychain is asked in a worker thread
        world.qtbot.waitUntil(keychain.asked.is_set)
        assert controller.session is None  # waiting for the user to unlock the keychain...
        QTimer.singleShot(50, keychain.answered.set)  # ...who can, as the Qt loop is free
        world.opened(controller)
        first = controller.session
        controller.switch_to(other.name)
        world.qtbot.waitUntil(lambda: controller.session is not first and controller.session is not None)
        world.sign_out(controller)
        world.dialog(controller)
    # Start, switch, sign out; then is "Mine" still signed in (cancelling the dialog goes back there)?
    assert keychain.calls == ["get", "get", "delete", "get"]
    assert keychain.on_main_thread == [] and keychain.timed_out == []


def test_an_unsafe_organization_id_never_reaches_a_url(world: World) -> None:
    with pytest.raises(ConfigError, match="organization id"):  # from the command line: refused at once
        world.controller("--org", "acc-org/../other")
    controller = world.controller()
    dialog = world.dialog(controller)  # typed into the dialog: refused before any request
    assert controller.session is None
    for bad in ("acc-org/../x", "acc org", "acc-org?x=1", "acc-org#", "ü"):
        dialog.org_id.setText(bad)
        dialog.email.setText(EMAIL)
        dialog.password.setText(PASSWORD)
        world.qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
        assert dialog.error.isVisible() and dialog.error.text() == ORG_ID_RULE
        assert bad not in dialog.error.text()
    assert world.sim.requests == []  # not even the login
    world.sign_in(controller)
    world.opened(controller)


def test_a_sessions_undo_window_comes_from_the_settings_and_is_saved(world: World) -> None:
    AppSettings.at(world.settings_path).set_undo_seconds(9)
    controller = world.controller()
    world.sign_in(controller)
    world.qtbot.waitUntil(lambda: controller.session is not None)
    assert controller.session is not None
    tracker = controller.session.window.workspace.tracker
    assert tracker.undoSeconds() == 9
    tracker.setUndoSeconds(2)  # Preferences
    assert AppSettings.at(world.settings_path).undo_seconds() == 2


def test_a_bad_token_in_the_environment_is_named_as_such(world: World) -> None:
    """A TPSDESK_TOKEN the server refuses is not "your sign-in has expired": it is the variable's token."""
    controller = world.controller("--org", ORG, env={"TPSDESK_TOKEN": "not-a-token-the-server-knows"})
    dialog = world.dialog(controller)
    text = dialog.reason.text()
    assert "The token in TPSDESK_TOKEN was not accepted by the server" in text
    assert "expired or was revoked" not in text and "not-a-token" not in text
