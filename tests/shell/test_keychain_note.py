"""The toolbar's keychain note: with a token from the environment no keychain is read at start;
the note is found when the profile list is opened (issue 11: keyring loads when first needed)."""

from __future__ import annotations

from keyring.backends import fail

from tests.support.accounts import ORG, World
from tests.support.memkeyring import installed
from tpsdesk.ui.profile_switcher import ProfileSwitcher


def test_an_environment_token_reads_no_keychain_until_the_profile_list_opens(world: World) -> None:
    with installed(fail.Keyring()):
        controller = world.controller("--org", ORG, env={"TPSDESK_TOKEN": "seed-token"})
        world.qtbot.waitUntil(lambda: controller.session is not None and controller.session.streams.has_loaded,
                              timeout=10_000)
        assert controller.session is not None
        switcher = controller.session.window.profileSwitcher()
        assert isinstance(switcher, ProfileSwitcher)
        world.qtbot.waitUntil(lambda: controller._tasks.running == 0, timeout=10_000)  # start-up's work is done
        assert not controller.vault.state_known and switcher.keychain.text() == ""

        switcher.combo.showPopup()  # the person looks at their profiles: now it matters
        world.qtbot.waitUntil(lambda: switcher.keychain.text() == "⚠ session only", timeout=5_000)
        assert controller.vault.state_known and not controller.vault.persistent
        switcher.combo.hidePopup()
