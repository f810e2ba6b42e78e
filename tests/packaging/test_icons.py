"""The icon files generated from resources/icons/tpsdesk.svg: valid containers, expected sizes, current."""

from __future__ import annotations

import os
from pathlib import Path

import make_icons
import pytest

from tests.support.paths import ROOT

ICONS = ROOT / "resources" / "icons"


def test_ico_is_a_valid_multi_size_icon() -> None:
    images = make_icons.parse_ico((ICONS / "tpsdesk.ico").read_bytes())
    assert [size for size, _ in images] == sorted(make_icons.ICO_SIZES)
    for size, payload in images:
        assert make_icons.png_size(payload) == (size, size)


def test_icns_holds_every_apple_size() -> None:
    elements = make_icons.parse_icns((ICONS / "tpsdesk.icns").read_bytes())
    assert [kind for kind, _ in elements] == [kind for kind, _ in make_icons.ICNS_TYPES]
    for (kind, payload), (_, size) in zip(elements, make_icons.ICNS_TYPES, strict=True):
        assert make_icons.png_size(payload) == (size, size), kind
    assert max(size for _, size in make_icons.ICNS_TYPES) == 1024


@pytest.mark.parametrize("size", make_icons.PNG_SIZES)
def test_png_sizes(size: int) -> None:
    png = (ICONS / "png" / f"tpsdesk-{size}.png").read_bytes()
    assert make_icons.png_size(png) == (size, size)


def test_containers_embed_the_committed_pngs() -> None:
    ico = dict(make_icons.parse_ico((ICONS / "tpsdesk.ico").read_bytes()))
    icns = dict(make_icons.parse_icns((ICONS / "tpsdesk.icns").read_bytes()))
    for size in (16, 32, 48, 64, 128, 256):
        assert ico[size] == (ICONS / "png" / f"tpsdesk-{size}.png").read_bytes()
    assert icns["ic10"] == (ICONS / "png" / "tpsdesk-1024.png").read_bytes()


def test_parsers_reject_other_files() -> None:
    with pytest.raises(ValueError):
        make_icons.parse_ico(b"\x00\x00\x02\x00\x01\x00" + b"\x00" * 16)  # a cursor, not an icon
    with pytest.raises(ValueError):
        make_icons.parse_icns(b"icns\x00\x00\x00\x09x")
    with pytest.raises(ValueError):
        make_icons.png_size(b"GIF89a")


def _pixels_match(a: bytes, b: bytes) -> bool:
    """Same image, allowing a rendering difference of a few levels per channel (another Qt/zlib)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QImage

    first, second = QImage.fromData(a), QImage.fromData(b)
    if first.size() != second.size():
        return False
    first = first.convertToFormat(QImage.Format.Format_RGBA8888)
    second = second.convertToFormat(QImage.Format.Format_RGBA8888)
    x, y = bytes(first.constBits()), bytes(second.constBits())
    diffs = [abs(p - q) for p, q in zip(x, y, strict=True)]
    return max(diffs) <= 16 and sum(diffs) / len(diffs) <= 1.0


def test_icons_are_current_with_the_svg(tmp_path: Path, qapp: object) -> None:
    # qapp: pytest-qt's QApplication, so that make_icons does not create a bare QGuiApplication
    # that later widget tests in the same process would inherit.
    make_icons.make_icons(tmp_path)
    stale = []
    for fresh in sorted(tmp_path.rglob("*.png")):
        committed = ICONS / fresh.relative_to(tmp_path)
        if not committed.exists() or (committed.read_bytes() != fresh.read_bytes()
                                      and not _pixels_match(committed.read_bytes(), fresh.read_bytes())):
            stale.append(str(committed.relative_to(ROOT)))
    for name in ("tpsdesk.ico", "tpsdesk.icns"):
        committed, fresh = ICONS / name, tmp_path / name
        if committed.read_bytes() != fresh.read_bytes():
            # Byte differences are fine when every embedded image matches pixel for pixel (almost).
            parse = make_icons.parse_ico if name.endswith(".ico") else make_icons.parse_icns
            pairs = zip(parse(committed.read_bytes()), parse(fresh.read_bytes()), strict=False)
            if not all(c[0] == f[0] and _pixels_match(c[1], f[1]) for c, f in pairs):
                stale.append(str(committed.relative_to(ROOT)))
    assert not stale, f"out of date with tpsdesk.svg: {stale}; run python packaging/make_icons.py"
