"""The toolbar's profile switcher: a combo of saved profiles, plus Add and Sign out."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QToolButton, QWidget

from tpsdesk.accounts.profiles import Profile

ADD = "\0add"  # item data of the "Add profile…" entry; no profile can be named this


class _ProfileCombo(QComboBox):
    popupShown = Signal()

    def showPopup(self) -> None:
        self.popupShown.emit()
        super().showPopup()


class ProfileSwitcher(QWidget):
    profileChosen = Signal(str)  # a saved profile's name
    addRequested = Signal()
    signOutRequested = Signal()
    keychainNoteWanted = Signal()  # the profile list opened: the keychain note matters now (once)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("profileSwitcher")
        self.combo = _ProfileCombo(self)
        self.combo.popupShown.connect(self._want_keychain_note)
        self._keychain_wanted = False
        self.combo.setAccessibleName("Profile")
        self.combo.setMinimumContentsLength(16)
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.combo.activated.connect(self._activated)
        self.sign_out = QToolButton(self)
        self.sign_out.setText("Sign out")
        self.sign_out.setAccessibleName("Sign out of this profile")
        self.sign_out.setToolTip("Revoke this profile's token on the server and forget it here")
        self.sign_out.clicked.connect(self.signOutRequested)
        self.keychain = QLabel(self)
        self.keychain.setObjectName("muted")
        self.set_keychain_note(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 0, 6, 0)
        layout.setSpacing(6)
        label = QLabel("Profile", self)
        label.setBuddy(self.combo)
        layout.addWidget(label)
        layout.addWidget(self.combo)
        layout.addWidget(self.sign_out)
        layout.addWidget(self.keychain)
        self._current = ""

    def set_profiles(self, profiles: Sequence[Profile], current: str) -> None:
        self.combo.blockSignals(True)
        self.combo.clear()
        for profile in profiles:
            org = profile.org_name or profile.org_id
            self.combo.addItem(profile.name if org == profile.name else f"{profile.name} · {org}", profile.name)
            self.combo.setItemData(self.combo.count() - 1, f"{profile.org_label} on {profile.base_url}",
                                   Qt.ItemDataRole.ToolTipRole)
        if current and self.combo.findData(current) < 0:
            self.combo.addItem(current, current)  # from flags/env, not saved
        self.combo.insertSeparator(self.combo.count())
        self.combo.addItem("Add profile…", ADD)
        self.combo.setCurrentIndex(max(0, self.combo.findData(current)))
        self.combo.blockSignals(False)
        self._current = current

    def set_keychain_note(self, persistent: bool) -> None:
        self.keychain.setText("" if persistent else "⚠ session only")
        self.keychain.setAccessibleName("Token kept in the system keychain" if persistent else
                                        "No system keychain: token kept for this session only")
        self.keychain.setToolTip("" if persistent else
                                 "No system keychain is available: the token is kept until tpsdesk closes.")

    def _want_keychain_note(self) -> None:
        if not self._keychain_wanted:
            self._keychain_wanted = True
            self.keychainNoteWanted.emit()

    def _activated(self, index: int) -> None:
        data = self.combo.itemData(index)
        # Put the combo back on the current profile: the switch happens only once it succeeded.
        self.combo.setCurrentIndex(max(0, self.combo.findData(self._current)))
        if data == ADD:
            self.addRequested.emit()
        elif isinstance(data, str) and data != self._current:
            self.profileChosen.emit(data)
