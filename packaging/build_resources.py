"""Compile resources/ (icons, style) into tpsdesk/ui/_resources_rc.py with pyside6-rcc.

Qt resources live inside the package, so the installed and the frozen app find
them without any path relative to the working directory. Run after editing
anything in resources/; a test checks the compiled module is current.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QRC = ROOT / "resources" / "tpsdesk.qrc"
OUT = ROOT / "tpsdesk" / "ui" / "_resources_rc.py"


def compile_resources() -> bytes:
    # -no-compress keeps the output byte-for-byte reproducible across zlib builds.
    cmd = [sys.executable, "-m", "PySide6.scripts.pyside_tool", "rcc", "-g", "python", "-no-compress",
           str(QRC)]
    try:
        return subprocess.run(cmd, check=True, capture_output=True, cwd=QRC.parent).stdout
    except (subprocess.CalledProcessError, FileNotFoundError):
        rcc = Path(sys.executable).with_name("pyside6-rcc")
        return subprocess.run([str(rcc), "-g", "python", "-no-compress", str(QRC)], check=True,
                              capture_output=True, cwd=QRC.parent).stdout


def main() -> int:
    OUT.write_bytes(compile_resources())
    print(f"wrote {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
