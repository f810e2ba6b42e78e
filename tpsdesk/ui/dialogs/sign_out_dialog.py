"""Sign out asks first, naming the profile and its organization; Cancel is the default."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from tpsdesk.ui.owned import add_message_button


class SignOutDialog(QMessageBox):
    def __init__(self, profile_name: str, org_label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("signOutDialog")
        self.setIcon(QMessageBox.Icon.Question)
        self.setWindowTitle("Sign out")
        self.setAccessibleName("Confirm sign out")
        self.setTextFormat(self.textFormat().PlainText)  # names are data, never markup
        named = profile_name if profile_name == org_label else f"{profile_name} · {org_label}"
        self.setText(f"Sign out of “{named}”?")
        self.setInformativeText("Its token is revoked on the server and removed from this computer. "
                                "Signing in again needs your password (or a new API token).")
        self.sign_out_button = add_message_button(self, "Sign out", QMessageBox.ButtonRole.AcceptRole)
        self.sign_out_button.setAccessibleName("Sign out")
        self.cancel_button = add_message_button(self, "Cancel", QMessageBox.ButtonRole.RejectRole)
        self.cancel_button.setAccessibleName("Cancel sign out")
        # Enter on an unread dialog must not end the session.
        self.setDefaultButton(self.cancel_button)
        self.setEscapeButton(self.cancel_button)
