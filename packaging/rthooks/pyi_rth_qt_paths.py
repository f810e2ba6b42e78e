"""Runtime hook: where the frozen app's Qt finds its plugins, without importing Qt.

It replaces PyInstaller's own PySide6 runtime hook (left out in tpsdesk.spec), which
imports PySide6.QtCore at every start to look for an embedded ``qt.conf``: PySide6's
wheels make that file themselves when QtCore is first imported, and ``--version`` or
``--help`` (which import no Qt) would otherwise load Qt for nothing.
"""

import os
import sys

_qt = os.path.join(sys._MEIPASS, "PySide6") if sys.platform.startswith("win") \
    else os.path.join(sys._MEIPASS, "PySide6", "Qt")
os.environ["QT_PLUGIN_PATH"] = os.path.join(_qt, "plugins")
os.environ["QML2_IMPORT_PATH"] = os.path.join(_qt, "qml")
if sys.platform.startswith("win"):  # DLLs collected next to the app (as PyInstaller's hook does)
    os.environ["PATH"] = sys._MEIPASS + os.pathsep + os.environ.get("PATH", "")
