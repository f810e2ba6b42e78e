"""The local record of the user's actions and their outcomes (sqlite3, no Qt)."""

from tpsdesk.journal.entries import Action, JournalEntry, JournalFilter, Outcome

__all__ = ["Action", "JournalEntry", "JournalFilter", "Outcome"]
