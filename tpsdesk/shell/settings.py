"""Non-secret settings in QSettings: profiles, the last profile, window layout.

Tokens never come here (they live in the keychain, see ``accounts.vault``);
passwords are never kept anywhere. Tests point this at a temporary INI file.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from tpsdesk.accounts.profiles import InvalidOrgId, Profile
from tpsdesk.domain.server import DEFAULT_BASE_URL, DEFAULT_SERVER_TZ

log = logging.getLogger(__name__)

_FIELDS = ("name", "org_id", "base_url", "server_tz", "org_name", "email")


class AppSettings:
    def __init__(self, settings: QSettings | None = None) -> None:
        # Default: the platform's own place (registry, plist, ~/.config) for org "tpsdesk".
        self._s = settings if settings is not None else QSettings("tpsdesk", "tpsdesk")

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
        count = self._s.beginReadArray("profiles")
        for i in range(count):
            self._s.setArrayIndex(i)
            values = {f: str(self._s.value(f, "") or "") for f in _FIELDS}
            if values["name"] and values["org_id"]:
                values["base_url"] = values["base_url"] or DEFAULT_BASE_URL
                values["server_tz"] = values["server_tz"] or DEFAULT_SERVER_TZ
                try:
                    out.append(Profile(**values))
                except InvalidOrgId:  # edited by hand: never put it into a URL
                    log.warning("ignoring saved profile %d: its organization id is not valid", i)
        self._s.endArray()
        return out

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

    # -- window --------------------------------------------------------------
    def window_geometry(self) -> QByteArray | None:
        value = self._s.value("window/geometry")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def set_window_geometry(self, geometry: QByteArray) -> None:
        self._s.setValue("window/geometry", geometry)
