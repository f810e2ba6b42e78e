"""Non-secret settings in QSettings: profiles, the last profile, window layout.

Tokens never come here (they live in the keychain, see ``accounts.vault``);
passwords are never kept anywhere. Tests point this at a temporary INI file.

Saved values go through the same checks as flags (``domain.checks``,
``domain.server``): a value edited by hand or written by an older version
is replaced by the default for that field, and the replacement is kept in
``problems`` so the window can say so and offer to save the fix.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from tpsdesk.accounts.profiles import InvalidOrgId, Profile
from tpsdesk.domain.checks import check_zone
from tpsdesk.domain.logsafe import printable
from tpsdesk.domain.server import DEFAULT_BASE_URL, DEFAULT_SERVER_TZ, check_base_url

log = logging.getLogger(__name__)

_FIELDS = ("name", "org_id", "base_url", "server_tz", "org_name", "email")
# The checked fields: (label, check, default).
_CHECKED: dict[str, tuple[str, Callable[[str], str], str]] = {
    "base_url": ("server address", check_base_url, DEFAULT_BASE_URL),
    "server_tz": ("time zone", check_zone, DEFAULT_SERVER_TZ),
}


@dataclass(frozen=True, slots=True)
class SavedValueProblem:
    """A saved value that failed its check and was replaced by the default for this run."""

    profile: str
    field: str
    bad_value: str
    used: str
    reason: str

    @property
    def message(self) -> str:
        label = _CHECKED[self.field][0]
        return (f"The saved {label} for profile “{printable(self.profile, 60)}” was invalid "
                f"({printable(self.bad_value, 60)}); using {self.used}.")


class AppSettings:
    def __init__(self, settings: QSettings | None = None) -> None:
        # Default: the platform's own place (registry, plist, ~/.config) for org "tpsdesk".
        self._s = settings if settings is not None else QSettings("tpsdesk", "tpsdesk")
        self.problems: list[SavedValueProblem] = []  # found by the last profiles() read

    @classmethod
    def at(cls, path: str | Path) -> AppSettings:
        return cls(QSettings(str(path), QSettings.Format.IniFormat))

    @property
    def file_name(self) -> str:
        return self._s.fileName()

    def sync(self) -> None:
        self._s.sync()

    # -- profiles ------------------------------------------------------------
    def profiles(self) -> list[Profile]:
        out: list[Profile] = []
        problems: list[SavedValueProblem] = []
        count = self._s.beginReadArray("profiles")
        for i in range(count):
            self._s.setArrayIndex(i)
            values = {f: str(self._s.value(f, "") or "") for f in _FIELDS}
            if values["name"] and values["org_id"]:
                for name, (_label, check, default) in _CHECKED.items():
                    try:
                        values[name] = check(values[name]) if values[name] else default
                    except ValueError as exc:
                        problems.append(SavedValueProblem(values["name"], name, values[name], default, str(exc)))
                        values[name] = default
                try:
                    out.append(Profile(**values))
                except InvalidOrgId:  # edited by hand: never put it into a URL
                    log.warning("ignoring saved profile %d: its organization id is not valid", i)
        self._s.endArray()
        self.problems = problems
        return out

    def problems_of(self, profile_name: str) -> list[SavedValueProblem]:
        """The saved values of this profile that were replaced (reads the profiles again)."""
        self.profiles()
        return [p for p in self.problems if p.profile == profile_name]

    def _write_profiles(self, profiles: list[Profile]) -> None:
        self._s.remove("profiles")
        self._s.beginWriteArray("profiles", len(profiles))
        for i, profile in enumerate(profiles):
            self._s.setArrayIndex(i)
            for f in _FIELDS:
                self._s.setValue(f, getattr(profile, f))
        self._s.endArray()
        self._s.sync()

    def profile(self, name: str) -> Profile | None:
        return next((p for p in self.profiles() if p.name == name), None)

    def save_profile(self, profile: Profile) -> None:
        """Add, or replace the one with the same name."""
        profiles = [p for p in self.profiles() if p.name != profile.name]
        profiles.append(profile)
        self._write_profiles(profiles)

    def remove_profile(self, name: str) -> None:
        self._write_profiles([p for p in self.profiles() if p.name != name])
        if self.last_profile() == name:
            self._s.remove("last_profile")

    def last_profile(self) -> str | None:
        value = self._s.value("last_profile")
        return str(value) if value else None

    def set_last_profile(self, name: str) -> None:
        self._s.setValue("last_profile", name)
        self._s.sync()

    # -- stop ----------------------------------------------------------------
    def undo_seconds(self, default: int = 5) -> int:
        """The undo window before a stop is sent, 0–15 s (Preferences)."""
        try:
            value = int(str(self._s.value("stop/undo_seconds", default)))
        except ValueError:  # edited by hand
            return default
        return max(0, min(15, value))

    def set_undo_seconds(self, seconds: int) -> None:
        self._s.setValue("stop/undo_seconds", int(seconds))
        self._s.sync()

    # -- window --------------------------------------------------------------
    def window_geometry(self) -> QByteArray | None:
        value = self._s.value("window/geometry")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def set_window_geometry(self, geometry: QByteArray) -> None:
        self._s.setValue("window/geometry", geometry)
