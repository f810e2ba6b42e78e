"""Helpers for the packaging tests: the repository paths and the packaging/ scripts as modules."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"

# packaging/ is a folder of scripts, not a package: make its modules importable here.
for folder in (PACKAGING, PACKAGING / "windows"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))
