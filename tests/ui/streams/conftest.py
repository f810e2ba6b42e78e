from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from tests.support.list_page import Page, make_page


@pytest.fixture
def page(qtbot: QtBot) -> Iterator[Page]:
    """The stream list on its page, shown, saying "Loading streams…" (tests/support/list_page.py)."""
    yield from make_page(qtbot)
