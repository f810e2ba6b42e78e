"""The Journal window: every action and its outcome, filtered, searched, exported."""

from tpsdesk.ui.journal.model import JournalTableModel
from tpsdesk.ui.journal.window import JournalWindow

__all__ = ["JournalTableModel", "JournalWindow"]
