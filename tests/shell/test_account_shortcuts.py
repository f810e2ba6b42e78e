"""Account keys (issue 9, item 9) and the zone switch kept in the profile (item 6)."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence

from tests.support.accounts import World
from tpsdesk.ui.dialogs.help_dialog import ACCOUNT_SHORTCUTS


def test_account_shortcuts_are_bound_and_open_the_switcher(world: World) -> None:
    controller = world.controller()
    world.sign_in(controller)
    world.qtbot.waitUntil(lambda: controller.session is not None)
    assert controller.session is not None
    window = controller.session.window
    by_key = {key.toString(): action for action in window.findChildren(QAction) for key in action.shortcuts()}
    for keys, _what in ACCOUNT_SHORTCUTS:
        assert QKeySequence(keys).toString() in by_key, keys
    assert "Sign out" in by_key[QKeySequence("Ctrl+Shift+O").toString()].text()
    combo = window.profileSwitcher().combo  # type: ignore[union-attr, attr-defined]
    by_key[QKeySequence("Ctrl+Shift+P").toString()].trigger()
    world.qtbot.waitUntil(lambda: combo.view().isVisible())
    combo.hidePopup()


def test_a_zone_switched_in_the_window_is_kept_in_the_profile(world: World) -> None:
    controller = world.controller()
    world.sign_in(controller)
    world.qtbot.waitUntil(lambda: controller.session is not None)
    assert controller.session is not None and controller.profile is not None
    name = controller.profile.name
    controller.session.window.serverZoneChosen.emit("Etc/GMT+5")
    saved = controller.settings.profile(name)
    assert saved is not None and saved.server_tz == "Etc/GMT+5"
    assert controller.profile.server_tz == "Etc/GMT+5"
