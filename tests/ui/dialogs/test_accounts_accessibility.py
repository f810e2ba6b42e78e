"""The sign-in dialog and the profile switcher: every interactive widget has a name a screen reader can read.

Walks the widgets as ``test_accessibility.py`` does for the main window. A form's
label beside a field is not enough: Qt does not pass it on as the field's name
on every platform, so each field sets ``setAccessibleName`` itself.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.support.qt import unnamed_widgets
from tpsdesk.accounts.profiles import Profile
from tpsdesk.ui.dialogs.sign_in_dialog import EMAIL, TOKEN, SignInDialog
from tpsdesk.ui.profile_switcher import ProfileSwitcher


def test_sign_in_dialog_fields_have_accessible_names(qtbot: QtBot) -> None:
    dialog = SignInDialog(Profile("Physics", "physics-dept", "https://app.tpstreams.com"))
    qtbot.addWidget(dialog)
    dialog.show()
    for mode in (EMAIL, TOKEN):
        dialog.set_mode(mode)
        assert not unnamed_widgets(dialog), f"widgets without an accessible name: {unnamed_widgets(dialog)}"
    names = {w.accessibleName() for w in (dialog.profile_name, dialog.base_url, dialog.org_id, dialog.email,
                                          dialog.password, dialog.token)}
    assert names == {"Profile name", "Server", "Organization id", "Email", "Password", "API token"}


def test_re_sign_in_dialog_keeps_the_names(qtbot: QtBot) -> None:
    dialog = SignInDialog(Profile("Physics", "physics-dept"), reason="expired", lock_account=True)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.org_id.isReadOnly() and not unnamed_widgets(dialog)


def test_profile_switcher_widgets_have_accessible_names(qtbot: QtBot) -> None:
    switcher = ProfileSwitcher()
    qtbot.addWidget(switcher)
    switcher.set_profiles([Profile("Physics", "physics-dept", "https://a.example", org_name="Physics Dept"),
                           Profile("Maths", "maths-dept")], "Physics")
    for persistent in (True, False):
        switcher.set_keychain_note(persistent)
        switcher.show()
        assert not unnamed_widgets(switcher), f"widgets without an accessible name: {unnamed_widgets(switcher)}"
    assert switcher.combo.accessibleName() == "Profile"
    assert switcher.sign_out.accessibleName()
    assert "session only" in switcher.keychain.accessibleName()  # the "⚠" note is read out in words
    # Each profile's tooltip names its organization and server.
    assert (switcher.combo.itemData(0, Qt.ItemDataRole.ToolTipRole)
            == "Physics Dept (physics-dept) on https://a.example")
