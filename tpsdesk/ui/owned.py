"""Buttons and menus made in Python, then handed to their box or bar.

With PySide6 6.11 the Python wrapper of a button or action that a Qt factory made
(``QDialogButtonBox.addButton(text)``, ``QMessageBox.addButton(text)``,
``QWidget.addAction(text)``) was seen to go invalid while the object still lived:
"Internal C++ object … already deleted" on its next use, depending on what else the
process had made and freed (also reported elsewhere, e.g. hydrusnetwork/hydrus#1908).
Objects made from Python are tracked until Qt deletes them.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox, QMenu, QMenuBar, QMessageBox, QPushButton


def add_box_button(box: QDialogButtonBox, text: str, role: QDialogButtonBox.ButtonRole) -> QPushButton:
    button = QPushButton(text, box)
    box.addButton(button, role)
    return button


def add_message_button(box: QMessageBox, text: str, role: QMessageBox.ButtonRole) -> QPushButton:
    button = QPushButton(text, box)
    box.addButton(button, role)
    return button


def add_menu(bar: QMenuBar, title: str) -> QMenu:
    menu = QMenu(title, bar)
    bar.addMenu(menu)
    return menu
