"""Render resources/icons/equitone.svg into every icon format the installers need.

    python installer/make_icons.py OUTDIR               # hicolor PNGs, .ico, .icns, .svg
    python installer/make_icons.py --preview SHEET.png  # contact sheet to judge small sizes

OUTDIR receives:
    hicolor/<N>x<N>/apps/equitone.png   freedesktop sizes 16 … 512
    hicolor/scalable/apps/equitone.svg
    equitone.ico    Windows: 16–48 px as 32-bit BMP entries (what every shell and Inno Setup
                    read), 64–256 px as PNG entries (Vista+); BMP keeps old readers happy
    equitone.icns   macOS: PNG entries (icp4 … ic10), 16 px to 512@2x
    equitone.png    256 px, for anything that wants one picture

ICO and ICNS are written by hand: both are a small header plus a table of images, and this
avoids a dependency. Qt's QSvgRenderer draws every size from the same SVG.
"""

from __future__ import annotations

import argparse
import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "resources" / "icons" / "equitone.svg"
NAME = "equitone"

HICOLOR_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 20, 24, 32, 40, 48, 64, 128, 256)
ICO_BMP_MAX = 48
# Apple's PNG-capable icon types: (type, pixel size).
ICNS_TYPES = (
    (b"icp4", 16), (b"icp5", 32), (b"icp6", 64), (b"ic07", 128), (b"ic08", 256),
    (b"ic09", 512), (b"ic10", 1024), (b"ic11", 32), (b"ic12", 64), (b"ic13", 256),
    (b"ic14", 512),
)


class IconRenderer:
    def __init__(self, svg: Path) -> None:
        self._renderer = QSvgRenderer(str(svg))
        if not self._renderer.isValid():
            raise SystemExit(f"make_icons: {svg} is not a valid SVG")
        self._cache: dict[int, QImage] = {}

    def image(self, size: int) -> QImage:
        if size not in self._cache:
            image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
            image.fill(Qt.GlobalColor.transparent)
            painter = QPainter(image)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            self._renderer.render(painter, QRectF(0, 0, size, size))
            painter.end()
            self._cache[size] = image
        return self._cache[size]

    def png(self, size: int) -> bytes:
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        if not self.image(size).save(buffer, "PNG"):  # type: ignore[call-overload]
            raise SystemExit(f"make_icons: cannot encode a {size} px PNG")
        buffer.close()
        return bytes(data.data())


def bmp_entry(image: QImage) -> bytes:
    """A 32-bit DIB as ICO stores it: header with doubled height, BGRA rows bottom-up, then a
    1-bit AND mask (set where fully transparent) with rows padded to 32 bits."""
    straight = image.convertToFormat(QImage.Format.Format_ARGB32)  # not premultiplied
    width, height = straight.width(), straight.height()
    raw = bytes(straight.constBits())  # little-endian ARGB32 = B, G, R, A bytes
    stride = straight.bytesPerLine()
    rows = [raw[y * stride : y * stride + width * 4] for y in range(height)]
    mask_stride = ((width + 31) // 32) * 4
    mask_rows = []
    for row in rows:
        bits = bytearray(mask_stride)
        for x in range(width):
            if row[x * 4 + 3] == 0:
                bits[x // 8] |= 0x80 >> (x % 8)
        mask_rows.append(bytes(bits))
    pixels = b"".join(reversed(rows))
    mask = b"".join(reversed(mask_rows))
    header = struct.pack(
        "<IiiHHIIiiII", 40, width, height * 2, 1, 32, 0, len(pixels) + len(mask), 0, 0, 0, 0
    )
    return header + pixels + mask


def ico_bytes(icons: IconRenderer, sizes: tuple[int, ...] = ICO_SIZES) -> bytes:
    images = [bmp_entry(icons.image(s)) if s <= ICO_BMP_MAX else icons.png(s) for s in sizes]
    offset = 6 + 16 * len(sizes)
    directory = struct.pack("<HHH", 0, 1, len(sizes))
    for size, data in zip(sizes, images, strict=True):
        dim = 0 if size >= 256 else size  # 0 means 256 in an ICONDIRENTRY
        directory += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(data), offset)
        offset += len(data)
    return directory + b"".join(images)


def icns_bytes(icons: IconRenderer) -> bytes:
    body = b"".join(
        kind + struct.pack(">I", 8 + len(png)) + png
        for kind, png in ((kind, icons.png(size)) for kind, size in ICNS_TYPES)
    )
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def build(out: Path, svg: Path = SOURCE) -> list[Path]:
    icons = IconRenderer(svg)
    written = []
    for size in HICOLOR_SIZES:
        target = out / "hicolor" / f"{size}x{size}" / "apps" / f"{NAME}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(icons.png(size))
        written.append(target)
    scalable = out / "hicolor" / "scalable" / "apps" / f"{NAME}.svg"
    scalable.parent.mkdir(parents=True, exist_ok=True)
    scalable.write_bytes(svg.read_bytes())
    written.append(scalable)
    for name, data in (
        (f"{NAME}.ico", ico_bytes(icons)),
        (f"{NAME}.icns", icns_bytes(icons)),
        (f"{NAME}.png", icons.png(256)),
    ):
        (out / name).write_bytes(data)
        written.append(out / name)
    return written


def preview(sheet: Path, svg: Path = SOURCE) -> None:
    """Each size at 1:1 on a light and a dark strip, then 16 and 32 px magnified 8x and 4x
    (nearest neighbour) so blurred or vanishing strokes are obvious."""
    icons = IconRenderer(svg)
    sizes = (16, 24, 32, 48, 64, 128, 256)
    width = sum(sizes) + 12 * (len(sizes) + 1)
    zoom = 128
    image = QImage(max(width, 3 * (zoom + 12) + 12), 2 * (256 + 24) + zoom + 24,
                   QImage.Format.Format_ARGB32)
    image.fill(QColor("#808080"))
    painter = QPainter(image)
    for row, background in enumerate(("#F4F4F4", "#202124")):
        top = 12 + row * (256 + 24)
        painter.fillRect(0, top - 6, image.width(), 256 + 12, QColor(background))
        x = 12
        for size in sizes:
            painter.drawImage(x, top + 256 - size, icons.image(size))
            x += size + 12
    top = 2 * (256 + 24) + 12
    for index, size in enumerate((16, 32, 48)):
        scaled = icons.image(size).scaled(zoom, zoom, Qt.AspectRatioMode.IgnoreAspectRatio,
                                          Qt.TransformationMode.FastTransformation)
        painter.drawImage(12 + index * (zoom + 12), top, scaled)
    painter.end()
    if not image.save(str(sheet)):
        raise SystemExit(f"make_icons: cannot write {sheet}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", type=Path, help="output folder")
    parser.add_argument("--preview", type=Path, metavar="SHEET.png")
    parser.add_argument("--svg", type=Path, default=SOURCE)
    args = parser.parse_args(argv)
    if args.out is None and args.preview is None:
        parser.error("give an output folder or --preview")
    _app = QGuiApplication.instance() or QGuiApplication(["make_icons"])
    if args.preview is not None:
        preview(args.preview, args.svg)
        print(args.preview)
    if args.out is not None:
        for path in build(args.out, args.svg):
            print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
