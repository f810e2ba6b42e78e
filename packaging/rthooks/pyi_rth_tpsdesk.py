"""Runtime hook of the frozen tpsdesk: runs before the app's first import.

A windowed Windows exe whose output goes to a pipe (``run_self_test.py``, a log
redirect) writes in the ANSI code page, and cp932 (Japanese) or cp949 (Korean)
has no en dash: a print would raise, and the bootloader would then wait on a
traceback dialog. Characters a stream cannot encode are escaped instead
(the Wine proof runs the self-test under cp932 to keep it so).
"""

import sys

for _stream in (sys.stdout, sys.stderr):
    if _stream is not None and hasattr(_stream, "reconfigure"):
        _stream.reconfigure(errors="backslashreplace")
