"""Titles are data (issue 9, item 11): a title with tags is shown with its tags, never rendered."""

from __future__ import annotations

import asyncio

from PySide6.QtCore import Qt
from PySide6.QtGui import Qt as TextQt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from tests.support.qt import Demo, confirm, make_demo, select_streaming
from tpsdesk.sim import SimServer
from tpsdesk.ui.streams.row import Column

MARKUP = "<b>bold?</b> Optics & <i>Waves</i>"


def shown(text: str, fmt: Qt.TextFormat) -> str:
    """What a person reads: rich text is rendered (tags gone), plain text stays as it is."""
    rich = fmt == Qt.TextFormat.RichText or (fmt == Qt.TextFormat.AutoText and TextQt.mightBeRichText(text))
    if not rich:
        return text
    document = QTextDocument()
    document.setHtml(text)
    return document.toPlainText()


def wrong_renderings(root: QWidget) -> list[str]:
    """Labels and tooltips under ``root`` that mention the title but do not show it as written."""
    wrong = []
    for widget in [root, *root.findChildren(QWidget)]:
        if isinstance(widget, QLabel) and "bold?" in widget.text() \
                and MARKUP not in shown(widget.text(), widget.textFormat()):
            wrong.append(f"label {widget.objectName() or widget.accessibleName()!r}: {widget.text()!r}")
        tip = widget.toolTip()
        if "bold?" in tip and MARKUP not in shown(tip, Qt.TextFormat.AutoText):
            wrong.append(f"tooltip of {type(widget).__name__} {widget.accessibleName()!r}: {tip!r}")
    return wrong


def mentions(root: QWidget) -> int:
    return sum(1 for w in [root, *root.findChildren(QWidget)]
               if "bold?" in w.toolTip() or (isinstance(w, QLabel) and "bold?" in w.text()))


def test_a_title_with_tags_is_plain_text_in_every_label_tooltip_and_cell(demo: Demo) -> None:
    asset_id = select_streaming(demo, min_elapsed=0)
    demo.sim.world.get(asset_id).title = MARKUP
    window = demo.session.window
    window.refresh()
    demo.qtbot.waitUntil(lambda: (a := demo.session.store.asset(asset_id)) is not None and a.title == MARKUP)
    demo.qtbot.waitUntil(lambda: mentions(window) >= 1)
    assert wrong_renderings(window) == []

    index = window.table._index_of(asset_id)
    tip = index.sibling(index.row(), Column.TITLE).data(Qt.ItemDataRole.ToolTipRole)
    assert MARKUP in shown(tip, Qt.TextFormat.AutoText)

    workspace = window.workspace
    workspace.request_stop()
    demo.qtbot.waitUntil(lambda: workspace.confirm_dialog is not None and workspace.confirm_dialog.isVisible())
    assert workspace.confirm_dialog is not None and mentions(workspace.confirm_dialog) >= 1
    assert wrong_renderings(workspace.confirm_dialog) == []
    confirm(demo)
    demo.qtbot.waitUntil(lambda: "stopped successfully" in workspace.result.headline_text())
    assert wrong_renderings(window) == []
    assert "<" not in window.windowTitle()


def test_the_servers_words_on_the_error_page_are_shown_as_written(qtbot: QtBot,
                                                                   qloop: asyncio.AbstractEventLoop) -> None:
    def arm(sim: SimServer) -> None:
        sim.fault_next(method="GET", path_contains="live_streams", status=400, body={"detail": MARKUP}, times=3)

    gen = make_demo(qtbot, arm=arm)
    demo = next(gen)
    try:
        window = demo.session.window
        demo.qtbot.waitUntil(lambda: "Could not load" in window.state_text())
        assert "bold?" in window.state_text()
        assert wrong_renderings(window) == []
    finally:
        gen.close()


# A right-to-left override at the end of a title (and a line separator in it): unisolated, it
# reversed everything after the title ("Stop “…evil”?" read "?”live…", the countdown's "in 5 s").
BIDI_TITLE = "Optics line\u2028two\u202eevil"
SHOWN_TITLE = "\u2068Optics line twoevil\u2069"


def bidi_spills(root: QWidget) -> list[str]:
    """Labels and tooltips under ``root`` naming the title with a control in it or not isolated."""
    wrong = []
    for widget in [root, *root.findChildren(QWidget)]:
        texts = [widget.toolTip(), widget.text() if isinstance(widget, QLabel) else ""]
        for text in texts:
            if "Optics" in text and ("\u202e" in text or "\u2028" in text or SHOWN_TITLE not in text):
                wrong.append(f"{type(widget).__name__} {widget.accessibleName()!r}: {text!r}")
    return wrong


def test_a_title_with_bidi_controls_is_isolated_and_the_text_after_it_reads_right(demo: Demo) -> None:
    asset_id = select_streaming(demo, min_elapsed=0)
    demo.sim.world.get(asset_id).title = BIDI_TITLE
    window = demo.session.window
    window.workspace.tracker.setUndoSeconds(5)
    window.refresh()
    demo.qtbot.waitUntil(lambda: (a := demo.session.store.asset(asset_id)) is not None and a.title == BIDI_TITLE)
    demo.qtbot.waitUntil(lambda: sum("Optics" in w.text() for w in window.findChildren(QLabel)) >= 1)
    assert bidi_spills(window) == []

    workspace = window.workspace
    workspace.request_stop()
    demo.qtbot.waitUntil(lambda: workspace.confirm_dialog is not None and workspace.confirm_dialog.isVisible())
    assert workspace.confirm_dialog is not None
    dialog_texts = [w.text() for w in workspace.confirm_dialog.findChildren(QLabel) if "Optics" in w.text()]
    assert dialog_texts and all(f"“{SHOWN_TITLE}”?" in t for t in dialog_texts)
    assert bidi_spills(workspace.confirm_dialog) == []
    confirm(demo)
    demo.qtbot.waitUntil(lambda: workspace.outcome_bar.headlineText().endswith(" s</b>"))
    assert f"Stopping “{SHOWN_TITLE}” in " in workspace.outcome_bar.headlineText()
    assert bidi_spills(window) == []

    # A notice about it (the encoder dropped) names it isolated too.
    window.workspace.undo_countdown()
    demo.sim.set_status(asset_id, "Disconnected")
    window.refresh()
    demo.qtbot.waitUntil(lambda: any("lost its encoder" in w.text() and "Optics" in w.text()
                                     for w in window.findChildren(QLabel)), timeout=10_000)
    assert bidi_spills(window) == []
