"""Demo mode as an account like any other: the in-process simulator, and a profile for it.

The controller opens the demo profile exactly as it opens a real one. The demo never
touches the user's real settings or keychain: its settings live in a temporary file
and its tokens in memory, and its profile is never saved.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from tpsdesk.accounts.profiles import Profile
from tpsdesk.accounts.vault import TokenVault
from tpsdesk.shell.config import AppConfig
from tpsdesk.shell.settings import AppSettings

DEMO_PROFILE_NAME = "Demo"


@dataclass(frozen=True, slots=True)
class DemoAccount:
    """A profile opened with a token held in memory: never saved, never in the keychain."""

    profile: Profile
    token: str = field(repr=False)


class DemoServer:
    """The simulator behind ``--demo``, with the sandboxed settings and vault the demo uses."""

    def __init__(self, config: AppConfig) -> None:
        from tpsdesk.sim import SimConfig, SimServer  # only a demo pays for importing the simulator

        self._config = config
        self._sim = SimServer(SimConfig(stream_count=config.demo_streams, org_id=config.org_id,
                                        token=config.token, server_tz=config.server_tz_name))
        self._folder = tempfile.TemporaryDirectory(prefix="tpsdesk-demo-")
        self.settings = AppSettings.at(Path(self._folder.name) / "demo.ini")
        self.vault = TokenVault(keychain=False)

    async def start(self) -> DemoAccount:
        base_url = await self._sim.start(host="127.0.0.1", port=0)
        profile = Profile(DEMO_PROFILE_NAME, self._config.org_id, base_url, self._config.server_tz_name)
        return DemoAccount(profile, self._config.token)

    async def stop(self) -> None:
        await self._sim.stop()
        self._folder.cleanup()
