"""Sign out and the profile switch have keys (issue 9, item 9), as Help and the README say."""

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
    combo = window.switcher.combo  # type: ignore[attr-defined]
    by_key[QKeySequence("Ctrl+Shift+P").toString()].trigger()
    world.qtbot.waitUntil(lambda: combo.view().isVisible())
    combo.hidePopup()
