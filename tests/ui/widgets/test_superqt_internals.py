"""The trim timeline reaches into superqt's private API (pinned to 0.9 in pyproject.toml).

If an upgrade moves or renames any of these, this fails with the name, before a user
finds a handle that no longer grabs where it is.
"""

from __future__ import annotations

import inspect

from PySide6.QtWidgets import QStyle, QStyleOptionSlider
from pytestqt.qtbot import QtBot
from superqt import QRangeSlider

from tests.support.paths import ROOT
from tpsdesk.ui.widgets.trim_timeline import TrimRangeSlider

# What trim_timeline.py uses: (name, kind, parameter names after self).
METHODS = {"_getControlAtPos": ["pos", "opt"], "_setClickOffset": ["pos"]}
STATE = {"_pressedControl": QStyle.SubControl, "_pressedIndex": int,
         "_hoverControl": QStyle.SubControl, "_hoverIndex": int}


def test_the_private_members_the_timeline_uses_are_still_there(qtbot: QtBot) -> None:
    slider = QRangeSlider()
    qtbot.addWidget(slider)
    for name, params in METHODS.items():
        method = getattr(type(slider), name, None)
        assert callable(method), f"superqt no longer has {name}"
        assert list(inspect.signature(method).parameters)[1:] == params, f"{name} changed its parameters"
    for name, kind in STATE.items():
        assert isinstance(getattr(slider, name, None), kind), f"superqt's {name} is gone or changed type"
    assert isinstance(inspect.getattr_static(type(slider), "_styleOption", None), property)
    assert isinstance(slider._styleOption, QStyleOptionSlider)
    assert isinstance(QRangeSlider.MAX_DISPLAY, int) and QRangeSlider.MAX_DISPLAY > 0


def test_the_timeline_still_overrides_what_it_means_to(qtbot: QtBot) -> None:
    # Our override must keep superqt's signature, or superqt's own calls into it break.
    ours = inspect.signature(TrimRangeSlider._getControlAtPos)
    theirs = inspect.signature(QRangeSlider._getControlAtPos)
    assert list(ours.parameters) == list(theirs.parameters)


def test_superqt_is_pinned_to_the_minor_version_checked() -> None:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"superqt>=0.9,<0.10"' in text
    import superqt

    assert superqt.__version__.startswith("0.9."), "superqt moved: re-check trim_timeline.py's private calls"
