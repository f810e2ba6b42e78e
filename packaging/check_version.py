"""Check that a release tag names the version in tpsdesk/__init__.py.

    python packaging/check_version.py v0.2.0

The release workflow runs it first on a tag push: tagging v0.2.0 without bumping
``__version__`` would otherwise publish the old version's installers under the new tag.
Exit status 0 when the tag without its leading "v" equals ``__version__``, 1 otherwise.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bundle_rules import ROOT, read_version  # noqa: E402


def check(tag: str, root: Path = ROOT) -> str | None:
    """None when ``tag`` ("v0.2.0" or "0.2.0") names the version in ``root``; else the problem."""
    version = read_version(root)
    tagged = tag.removeprefix("v")
    if tagged != version:
        return (f"tag {tag} names version {tagged}, but tpsdesk/__init__.py has __version__ = {version!r}: "
                f"bump __version__ and tag that commit, or tag v{version}")
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("tag", help='the release tag, e.g. "v0.2.0"')
    args = parser.parse_args(argv)
    problem = check(args.tag)
    if problem:
        print(problem, file=sys.stderr)
        return 1
    print(f"tag {args.tag} matches tpsdesk {read_version()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
