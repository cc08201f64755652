"""installer/make_icons.py: every size renders, and the ICO/ICNS containers are valid (read back
with Pillow, an independent reader) and show the mark the right way up."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import IcoImagePlugin, Image
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from tests.installer.conftest import load_script

make_icons = load_script("make_icons.py")


@pytest.fixture(scope="module")
def icons(tmp_path_factory: pytest.TempPathFactory) -> Path:
    _app = QApplication.instance() or QApplication([])
    out = tmp_path_factory.mktemp("icons")
    make_icons.build(out)
    return out


def _pixel(image: Image.Image, x: int, y: int) -> tuple[int, int, int, int]:
    value = image.getpixel((x, y))
    assert isinstance(value, tuple) and len(value) == 4
    return (int(value[0]), int(value[1]), int(value[2]), int(value[3]))


def _is_white(pixel: tuple[int, ...]) -> bool:
    return min(pixel[:3]) > 220 and pixel[3] > 200


def _is_amber(pixel: tuple[int, ...]) -> bool:
    r, g, b, a = pixel
    return r > 180 and 120 < g < 220 and b < 120 and a > 200


def test_hicolor_pngs_in_every_freedesktop_size(icons: Path) -> None:
    for size in make_icons.HICOLOR_SIZES:
        image = QImage(str(icons / "hicolor" / f"{size}x{size}" / "apps" / "equitone.png"))
        assert (image.width(), image.height()) == (size, size)
        assert image.hasAlphaChannel()
        assert image.pixelColor(0, 0).alpha() == 0  # rounded corner: transparent
    assert (icons / "hicolor" / "scalable" / "apps" / "equitone.svg").read_bytes().startswith(
        b"<?xml"
    )


def test_ico_holds_all_sizes_the_right_way_up(icons: Path) -> None:
    with Image.open(icons / "equitone.ico") as ico:
        assert ico.format == "ICO"
        assert set(ico.info["sizes"]) == {(s, s) for s in make_icons.ICO_SIZES}
    with (icons / "equitone.ico").open("rb") as handle:
        entries = IcoImagePlugin.IcoFile(handle)
        for size in (16, 32, 48, 256):  # BMP entries (<= 48) and PNG entries alike
            image = entries.getimage((size, size)).convert("RGBA")
            assert image.size == (size, size)
            bar = _pixel(image, size // 2, round(size * 0.75))
            wave = _pixel(image, round(size * 0.34), round(size * 0.31))
            assert _is_white(bar), (size, bar)  # the level line sits low (BMP rows bottom-up)
            assert _is_amber(wave), (size, wave)
            assert _pixel(image, 0, 0)[3] == 0


def test_icns_has_retina_sizes(icons: Path) -> None:
    with Image.open(icons / "equitone.icns") as icns:
        assert icns.format == "ICNS"
        sizes = set(icns.info["sizes"])
        assert {(16, 16, 1), (32, 32, 2), (128, 128, 1), (512, 512, 1), (512, 512, 2)} <= sizes
        icns.load()
        assert icns.size == (1024, 1024)


def test_an_invalid_svg_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "bad.svg"
    bad.write_text("not svg", encoding="utf-8")
    with pytest.raises(SystemExit, match="not a valid SVG"):
        make_icons.build(tmp_path / "out", bad)
