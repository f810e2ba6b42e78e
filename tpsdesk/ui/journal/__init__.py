"""The Journal window: every action and its outcome, filtered, searched, exported.

Nothing is imported here: the window and its model load when the journal is first
opened (File ▸ Journal…), not with the main window (issue 11: start-up).
"""
