"""README's "Accessible names" table is the window's public face: every name in it exists."""

from __future__ import annotations

import re

from PySide6.QtWidgets import QWidget

from tests.support.paths import ROOT
from tests.support.qt import Demo, select_streaming
from tpsdesk.ui.profile_switcher import ProfileSwitcher
from tpsdesk.ui.widgets.trim_timeline import TrimRangeSlider

# One widget, two thumbs: the timeline's description names the handle the keys move.
HANDLE_NAMES = ("start handle", "end handle")
ROW = re.compile(r"^\|\s*(?P<what>[^|]+?)\s*\|\s*`(?P<name>[^`]+)`\s*\|\s*$")


def documented_names() -> dict[str, str]:
    """accessible name → what it names, from the README section's table."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("\n## Accessible names\n", 1)[1].split("\n## ", 1)[0]
    return {m["name"]: m["what"] for line in section.splitlines() if (m := ROW.match(line))}


def names_under(*roots: QWidget) -> set[str]:
    found: set[str] = set()
    for root in roots:
        for widget in [root, *root.findChildren(QWidget)]:
            if widget.accessibleName():
                found.add(widget.accessibleName())
    return found


def test_the_table_is_there_and_parsed() -> None:
    names = documented_names()
    assert len(names) >= 20
    for required in ("Live streams", "Selected stream", "Kept part of the recording", "Keep from", "Keep to",
                     "Stop stream", "Confirm stop stream", "Cancel stop", "Stop result", "Server message",
                     "Recording journey", "Webhook status", "Stream counts", *HANDLE_NAMES):
        assert required in names, f"README's table lacks {required!r}"


def test_every_documented_name_exists_in_the_running_window(demo: Demo) -> None:
    select_streaming(demo)
    window = demo.session.window
    window.setProfileSwitcher(ProfileSwitcher(window))  # as the shell adds it for an account
    workspace = window.workspace
    workspace.trim.setTrimEnabled(True)
    workspace.request_stop()  # the confirmation, for its buttons (nothing is sent without its Stop)
    demo.qtbot.waitUntil(lambda: workspace.confirm_dialog is not None and workspace.confirm_dialog.isVisible())
    dialog = workspace.confirm_dialog
    assert dialog is not None
    demo.qtbot.waitUntil(lambda: window.findChild(TrimRangeSlider) is not None)  # built a turn after it is asked for
    found = names_under(window, dialog)
    slider = window.findChild(TrimRangeSlider)
    assert slider is not None
    for index in (0, 1):  # the handles are announced as the timeline's description
        slider.setCurrentHandle(index)
        description = slider.accessibleDescription()
        found.update(name for name in HANDLE_NAMES[index:index + 1] if name in description)
    missing = {name: what for name, what in documented_names().items() if name not in found}
    dialog.reject()
    assert not missing, f"documented in README but not in the window: {missing}"
