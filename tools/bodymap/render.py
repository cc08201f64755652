"""Render the generated SVGs to PNG for visual review (not part of the app).

.venv/bin/python tools/bodymap/render.py [outdir]  ->  <outdir>/<view>.png (1x) and crops at 3x.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

SRC = Path(__file__).resolve().parent.parent.parent / "resources" / "bodymap"
CROPS = {  # name: (view, x, y, w, h) in SVG units, rendered at 3x
    "shoulder": ("front-superficial", 140, 140, 180, 240),
    "hip-front": ("front-superficial", 180, 480, 130, 200),
    "hip-back": ("back-superficial", 180, 480, 130, 200),
    "back-shoulder": ("back-superficial", 140, 140, 170, 240),
    "leg-front": ("front-superficial", 190, 760, 130, 410),
    "thigh-back": ("back-superficial", 180, 560, 130, 330),
    "leg-back": ("back-superficial", 190, 800, 130, 370),
    "back-deep-trunk": ("back-deep", 180, 140, 130, 480),
    "front-deep-trunk": ("front-deep", 180, 140, 130, 520),
    # the muscles the clinical review asked to redraw
    "thigh-front": ("front-superficial", 180, 560, 130, 300),  # vastus lateralis / medialis
    "hip-back-deep": ("back-deep", 180, 420, 130, 200),  # glute min fan, multifidus L/R
    "abdomen-front-deep": ("front-deep", 180, 280, 130, 340),  # diaphragm, transversus
    "axilla-front-deep": ("front-deep", 180, 230, 100, 130),  # subscapularis vs pec minor
}


def render(view: str, scale: float, rect: tuple[float, float, float, float] | None, out: Path) -> None:
    r = QSvgRenderer(str(SRC / f"{view}.svg"))
    assert r.isValid(), view
    x, y, w, h = rect or (0, 0, 600, 1200)
    img = QImage(int(w * scale), int(h * scale), QImage.Format.Format_ARGB32)
    img.fill(QColor("white"))
    p = QPainter(img)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    r.setViewBox(QRectF(x, y, w, h))
    r.render(p)
    p.end()
    img.save(str(out))


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/bodymap_renders")
    out.mkdir(parents=True, exist_ok=True)
    app = QGuiApplication.instance() or QGuiApplication([])  # noqa: F841
    for v in ("front-superficial", "front-deep", "back-superficial", "back-deep"):
        render(v, 1, None, out / f"{v}.png")
    for name, (v, *rect) in CROPS.items():
        render(v, 3, tuple(rect), out / f"crop-{name}.png")
    print(out)


if __name__ == "__main__":
    main()
