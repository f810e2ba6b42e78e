"""Runtime hook of the frozen tpsdesk: runs before the app's first import.

superqt reaches Qt through qtpy, which picks a binding from ``QT_API`` (and may
honour a user's ``QT_API=pyqt5`` from their shell). Only PySide6 is in the
bundle, so say so before qtpy is imported.
"""

import os

os.environ["QT_API"] = "pyside6"
