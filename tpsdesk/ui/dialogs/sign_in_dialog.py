"""The sign-in dialog: email + password (used once) or a pasted API token.

It never signs in by itself: ``submitted`` carries a :class:`SignInRequest`
and the controller answers with :meth:`SignInDialog.show_error` or
``accept()``. Opened with ``open()`` — ``exec()`` cannot nest in the qasync loop.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from tpsdesk.accounts.profiles import ORG_ID_RULE, Profile, is_valid_org_id
from tpsdesk.domain.checks import token_problem
from tpsdesk.domain.server import DEFAULT_BASE_URL, check_base_url
from tpsdesk.ui.owned import add_box_button

EMAIL, TOKEN = 0, 1


@dataclass(frozen=True, slots=True)
class SignInRequest:
    profile: Profile
    email: str = ""
    password: str = field(default="", repr=False)
    token: str = field(default="", repr=False)

    @property
    def with_token(self) -> bool:
        return bool(self.token)


class SignInDialog(QDialog):
    submitted = Signal(object)  # SignInRequest

    def __init__(self, profile: Profile | None = None, *, reason: str = "", notice: str = "",
                 vault_note: str = "", lock_account: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("signInDialog")
        self.setWindowTitle("Sign in to TPStreams")
        self.setMinimumWidth(460)
        self._profile = profile or Profile(name="", org_id="")

        heading = QLabel("<h2 style='margin:0'>Sign in to TPStreams</h2>", self)
        self.reason = QLabel(reason or "Sign in once; tpsdesk remembers you in the system keychain.", self)
        self.reason.setWordWrap(True)
        self.reason.setObjectName("muted")

        self.profile_name = QLineEdit(self._profile.name, self, placeholderText="e.g. Physics department")
        self.base_url = QLineEdit(self._profile.base_url or DEFAULT_BASE_URL, self)
        self.org_id = QLineEdit(self._profile.org_id, self, placeholderText="organization id, e.g. 4xu8ay")
        for widget, name in ((self.profile_name, "Profile name"), (self.base_url, "Server"),
                             (self.org_id, "Organization id")):
            widget.setAccessibleName(name)
            widget.setReadOnly(lock_account)  # re-signing in keeps the profile as it is
        # One form, so every label lines up; the email and token rows are shown by mode.
        account = QFormLayout()
        account.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        account.addRow("Profile name", self.profile_name)
        account.addRow("Server", self.base_url)
        account.addRow("Organization", self.org_id)
        self.form = account

        self.email = QLineEdit(self._profile.email, self, placeholderText="you@example.com")
        self.password = QLineEdit(self, placeholderText="used once, never stored")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.token = QLineEdit(self, placeholderText="paste the organization's API token")
        self.token.setEchoMode(QLineEdit.EchoMode.Password)
        for widget, name in ((self.email, "Email"), (self.password, "Password"), (self.token, "API token")):
            widget.setAccessibleName(name)
        account.addRow("Email", self.email)
        account.addRow("Password", self.password)
        account.addRow("API token", self.token)
        self._mode = EMAIL
        self.switch_mode = QPushButton(self)
        self.switch_mode.setFlat(True)
        self.switch_mode.setObjectName("linkButton")
        self.switch_mode.setStyleSheet("QPushButton { color: #1565c0; text-decoration: underline; border: none;"
                                       " padding: 0; text-align: left; }")
        self.switch_mode.setCursor(Qt.CursorShape.PointingHandCursor)
        self.switch_mode.setAccessibleName("Switch between password and API token sign-in")
        self.switch_mode.clicked.connect(lambda: self.set_mode(TOKEN if self.mode == EMAIL else EMAIL))

        self.notice = QLabel(notice, self)  # e.g. "Signed out; the token was revoked"
        self.notice.setWordWrap(True)
        self.notice.setVisible(bool(notice))
        self.error = QLabel(self)
        self.error.setObjectName("errorText")
        self.error.setStyleSheet("color: #c62828;")
        self.error.setWordWrap(True)
        self.error.setAccessibleName("Sign-in problem")
        self.error.setVisible(False)
        self.vault_note = QLabel(vault_note, self)
        self.vault_note.setObjectName("muted")
        self.vault_note.setWordWrap(True)
        self.vault_note.setVisible(bool(vault_note))

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.sign_in_button = add_box_button(self.buttons, "Sign in", QDialogButtonBox.ButtonRole.AcceptRole)
        self.sign_in_button.setDefault(True)
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(heading)
        layout.addWidget(self.reason)
        layout.addWidget(self.notice)
        layout.addLayout(account)
        row = QHBoxLayout()
        label = account.labelForField(self.profile_name)  # line the link up with the fields
        row.addSpacing((label.sizeHint().width() if label is not None else 0) + account.horizontalSpacing())
        row.addWidget(self.switch_mode)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(self.error)
        layout.addWidget(self.vault_note)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.set_mode(EMAIL)
        first_empty = next((w for w in (self.org_id, self.email, self.password) if not w.text()), self.password)
        first_empty.setFocus()

    @property
    def mode(self) -> int:
        return self._mode

    def set_mode(self, mode: int) -> None:
        self._mode = mode
        for widget in (self.email, self.password):
            self.form.setRowVisible(widget, mode == EMAIL)
        self.form.setRowVisible(self.token, mode == TOKEN)
        self.switch_mode.setText("Paste an API token instead" if mode == EMAIL
                                 else "Sign in with email and password instead")
        self.error.setVisible(False)

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(True)
        self.set_busy(False)
        self.password.clear()  # never kept around longer than one attempt
        self.password.setFocus()

    def set_busy(self, busy: bool) -> None:
        self.sign_in_button.setEnabled(not busy)
        self.sign_in_button.setText("Signing in…" if busy else "Sign in")

    def _problem(self) -> str | None:
        try:
            check_base_url(self.base_url.text().strip())
        except ValueError as exc:
            return str(exc)
        org = self.org_id.text().strip()
        if not org:
            return "Enter the organization id (shown in the TPStreams dashboard's URL)."
        if not is_valid_org_id(org):
            return ORG_ID_RULE  # it goes into every request's URL path
        if self.mode == EMAIL and (not self.email.text().strip() or not self.password.text()):
            return "Enter your email and password."
        if self.mode == TOKEN and not self.token.text().strip():
            return "Paste the API token."
        if self.mode == TOKEN and token_problem(self.token.text().strip()):
            problem = token_problem(self.token.text().strip()) or ""
            return f"{problem[0].upper()}{problem[1:]}: paste it again, in one piece."
        return None

    def request(self) -> SignInRequest:
        org = self.org_id.text().strip()
        base = self.base_url.text().strip().rstrip("/")
        profile = replace(self._profile, name=self.profile_name.text().strip() or self._profile.name or org,
                          org_id=org, base_url=base)
        if (org, base) != (self._profile.org_id, self._profile.base_url.rstrip("/")):
            profile = replace(profile, org_name="")  # another org: its old name no longer applies
        if self.mode == TOKEN:
            return SignInRequest(profile, token=self.token.text().strip())
        return SignInRequest(replace(profile, email=self.email.text().strip()),
                             email=self.email.text().strip(), password=self.password.text())

    def _submit(self) -> None:
        problem = self._problem()
        if problem:
            self.error.setText(problem)
            self.error.setVisible(True)
            return
        self.error.setVisible(False)
        self.set_busy(True)
        request = self.request()
        # Secrets leave the widgets now: a failed attempt means typing them again.
        self.token.clear()
        self.password.clear()
        self.submitted.emit(request)
