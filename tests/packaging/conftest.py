"""packaging/ is a folder of scripts: tests/support/paths.py makes them importable before collection."""

import tests.support.paths  # noqa: F401
