"""Render the accounts screenshots (sign-in dialog, profile switcher) offscreen.

    .venv/bin/python docs/make_account_screenshots.py

Uses the real controller against the in-process simulator, an in-memory
keychain and a throw-away settings file; saves ``QWidget.grab()`` images.
"""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path

from screenshot_kit import OUT, run_offscreen, until


async def scenario() -> None:
    from tests.support.memkeyring import MemoryKeyring, installed
    from tpsdesk.accounts.profiles import Profile
    from tpsdesk.accounts.vault import TokenVault
    from tpsdesk.shell.config import load_config
    from tpsdesk.shell.controller import AppController
    from tpsdesk.shell.settings import AppSettings
    from tpsdesk.shell.sign_in_flow import SignInPurpose
    from tpsdesk.sim import SimConfig, SimServer

    with tempfile.TemporaryDirectory() as tmp, installed(MemoryKeyring()):
        async with SimServer(SimConfig(stream_count=40, org_id="physics-dept", token="seed-token", seed=1,
                                       random_disconnects=False)) as sim:
            settings = AppSettings.at(Path(tmp) / "tpsdesk.ini")
            settings.save_profile(Profile("Maths", "maths-dept", "https://app.tpstreams.com",
                                          org_name="Maths Department"))
            config = load_config(["--base-url", sim.base_url, "--refresh", "0"], env={})
            controller = AppController(config, settings, TokenVault())
            controller.ask_sign_in(Profile("Physics", "physics-dept", sim.base_url), purpose=SignInPurpose.START)
            dialog = controller.dialog
            assert dialog is not None
            dialog.email.setText("demo@example.com")
            dialog.password.setText("not-the-password")
            dialog.sign_in_button.click()
            await until(lambda: dialog.error.isVisible())
            dialog.password.setText("demo-password")  # shows masked, as a user would see it mid-typing
            dialog.adjustSize()
            await asyncio.sleep(0.2)
            dialog.grab().save(str(OUT / "sign-in.png"))
            dialog.password.clear()
            dialog.password.setText("demo-password")
            dialog.sign_in_button.click()
            await until(lambda: controller.session is not None)
            assert controller.session is not None
            window = controller.session.window
            window.resize(1360, 860)  # the README shows it at this size: nothing clipped, no scroll bar
            await until(lambda: window.model.rowCount() == 40)
            await asyncio.sleep(0.3)
            window.grab().save(str(OUT / "profiles.png"))
            await controller.aclose()


if __name__ == "__main__":
    # The sign-in dialog closes before the window opens: don't quit on it.
    raise SystemExit(run_offscreen(scenario, keep_app=True))
