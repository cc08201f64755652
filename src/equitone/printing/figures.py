"""Exercise figures in a PDF, as vectors: sharp at any zoom and a few kilobytes each.

Each picture becomes a PDF form (drawn once per document, placed as often as it repeats:
a plan with seven lacrosse-ball cards stores each distinct picture once). Line widths have a
floor in points so a 2-cm figure keeps its outline on paper.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from reportlab.lib.colors import HexColor
from reportlab.pdfgen.canvas import FILL_NON_ZERO, Canvas
from reportlab.pdfgen.pathobject import PDFPathObject

from equitone.figures.geometry import path_bounds
from equitone.figures.hatch import hatch_lines
from equitone.figures.scene import Path, Scene, Shape, replay

from .platypus import Flowable

MIN_LINE_PT = 0.35
HATCH_PT = 1.6  # hatch spacing on paper
ARROW_GAP = 9.0  # points between the start and end frames, where the "→" goes
_CAPS = {"round": 1, "butt": 0}
_COLOURS: dict[str, HexColor] = {}


def _colour(value: str) -> HexColor:
    colour = _COLOURS.get(value)
    if colour is None:
        colour = _COLOURS[value] = HexColor(value)
    return colour


def _path(canvas: Canvas, path: Path) -> PDFPathObject:
    out = canvas.beginPath()
    replay(path, out.moveTo, out.lineTo, out.curveTo, out.close)
    return out


def _faded(colour: str, opacity: float) -> str:
    """The colour as it shows over white at ``opacity``: PDF forms cannot carry the
    transparency state reportlab would use (viewers reject it), and paper is white."""
    if opacity >= 1:
        return colour
    channels = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(c * opacity + 255 * (1 - opacity)):02X}" for c in channels)


def _photo(canvas: Canvas, shape: Shape) -> None:
    """A photo in its rectangle, upright (the form's y axis points down the page)."""
    from .layout import image_reader

    assert shape.image is not None
    reader = image_reader(shape.image)
    if reader is None:  # unreadable: left out rather than failing the print
        return
    left, top, right, bottom = path_bounds(shape.path)
    canvas.saveState()
    canvas.transform(1, 0, 0, -1, 0, top + bottom)
    canvas.drawImage(reader, left, top, right - left, bottom - top)
    canvas.restoreState()


def _shape(canvas: Canvas, shape: Shape, scale: float) -> None:
    if shape.image is not None:
        _photo(canvas, shape)
        return
    style = shape.style
    clipped = shape.clip is not None
    if clipped:
        canvas.saveState()
    if shape.clip is not None:
        canvas.clipPath(_path(canvas, shape.clip), stroke=0, fill=0, fillMode=FILL_NON_ZERO)
    if style.fill:
        canvas.setFillColor(_colour(_faded(style.fill, style.opacity)))
    if style.stroke:
        canvas.setStrokeColor(_colour(_faded(style.stroke, style.opacity)))
        width = max(style.width, MIN_LINE_PT / scale)
        canvas.setLineWidth(width)
        canvas.setLineCap(_CAPS.get(style.cap, 1))
        canvas.setDash([d * width for d in style.dash] if style.dash else [])
    # non-zero winding: a shape made of overlapping outlines (a bone's lobes, a whole limb)
    # fills and clips as their union
    canvas.drawPath(_path(canvas, shape.path), stroke=1 if style.stroke else 0,
                    fill=1 if style.fill else 0, fillMode=FILL_NON_ZERO)
    if style.hatch:
        _hatch(canvas, shape, scale)
    if clipped:
        canvas.restoreState()


def _hatch(canvas: Canvas, shape: Shape, scale: float) -> None:
    segments = hatch_lines(shape.path, shape.style.hatch or "", HATCH_PT / scale)
    if not segments:
        return
    canvas.saveState()
    canvas.clipPath(_path(canvas, shape.path), stroke=0, fill=0, fillMode=FILL_NON_ZERO)
    canvas.setStrokeColor(_colour(shape.style.hatch_colour))
    canvas.setLineWidth(0.4 / scale)
    canvas.setLineCap(1)
    canvas.setDash([])
    lines = canvas.beginPath()
    for (x0, y0), (x1, y1) in segments:
        lines.moveTo(x0, y0)
        lines.lineTo(x1, y1)
    canvas.drawPath(lines, stroke=1, fill=0)
    canvas.restoreState()


def fit(scene: Scene, width: float, height: float) -> tuple[float, float, float]:
    """(scale, x, y): the scene's bounds centred in a width × height box (y up, points)."""
    left, top, right, bottom = scene.bounds
    scale = min(width / (right - left), height / (bottom - top))
    x = (width - (right - left) * scale) / 2
    y = (height - (bottom - top) * scale) / 2
    return scale, x, y


def form_name(scene: Scene, width: float, height: float) -> str:
    """Same picture at the same size → same form; anything else gets its own."""
    what = scene.key or repr(scene.shapes)
    digest = hashlib.blake2b(repr((what, scene.bounds, round(width, 1),
                                   round(height, 1))).encode(), digest_size=10)
    return "fig" + digest.hexdigest()


def draw_scene(canvas: Canvas, scene: Scene, x: float, y: float, width: float,
               height: float) -> None:
    """The scene fitted into the box whose lower-left corner is (x, y)."""
    name = form_name(scene, width, height)
    if not canvas.hasForm(name):
        scale, dx, dy = fit(scene, width, height)
        left, _top, _right, bottom = scene.bounds
        canvas.beginForm(name, 0, 0, width, height)
        canvas.saveState()
        canvas.setLineJoin(1)
        # scene units are centimetres with y down; the page is points with y up
        canvas.transform(scale, 0, 0, -scale, dx - left * scale, dy + bottom * scale)
        for shape in scene.shapes:
            _shape(canvas, shape, scale)
        canvas.restoreState()
        canvas.endForm()
    canvas.saveState()
    canvas.translate(x, y)
    canvas.doForm(name)
    canvas.restoreState()


WIDE = 2.2  # a picture this much wider than tall (a body lying down) is stacked, not paired


class FigureStrip(Flowable):  # type: ignore[misc]
    """A card's pictures in a column of fixed width: one frame fills it; start → end sit side
    by side for upright figures and one above the other for lying ones, so a lying body
    gets the column's whole width instead of half of it."""

    MIN_W = 44.0  # even one standing figure keeps a column this wide

    def __init__(self, scenes: Sequence[Scene], column_w: float, height: float) -> None:
        super().__init__()
        self.scenes = tuple(scenes)
        self.widest = self.column_w = column_w
        self.stacked = len(self.scenes) > 1 and all(
            s.width / s.height > WIDE for s in self.scenes)
        self.resize(height)

    def narrow_to(self, height: float) -> None:
        """Take only the width the pictures need at ``height`` (at most the width given):
        a standing figure leaves the rest of the card to the text."""
        count = len(self.scenes)
        aspects = [s.width / s.height for s in self.scenes]
        if self.stacked:
            need = max(aspects) * (height - (count - 1) * ARROW_GAP) / count
        else:
            need = sum(a * height for a in aspects) + (count - 1) * ARROW_GAP
        self.column_w = max(self.MIN_W, min(self.widest, need))
        self.resize(height)

    def resize(self, height: float) -> None:
        """Fit the frames into ``height`` (a short card gets shorter pictures)."""
        count = len(self.scenes)
        if count == 1:
            self.frame_w, self.frame_h = self.column_w, height
        elif self.stacked:
            self.frame_w = self.column_w
            self.frame_h = (height - (count - 1) * ARROW_GAP) / count
        else:
            self.frame_w = (self.column_w - (count - 1) * ARROW_GAP) / count
            self.frame_h = height
        self.width, self.height = self.column_w, height

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        aspect = self.frame_w / self.frame_h
        for index, scene in enumerate(self.scenes):
            if self.stacked:
                x, y = 0.0, self.height - (index + 1) * self.frame_h - index * ARROW_GAP
                if index:
                    _arrow(canvas, self.frame_w / 2, y + self.frame_h + ARROW_GAP, down=True)
            else:
                x, y = index * (self.frame_w + ARROW_GAP), 0.0
                if index:
                    _arrow(canvas, x - ARROW_GAP, self.frame_h / 2, down=False)
            draw_scene(canvas, scene.fitted_to(aspect), x, y, self.frame_w, self.frame_h)


def _arrow(canvas: Canvas, x: float, y: float, *, down: bool) -> None:
    """A small "then" arrow in the gap after (x, y): rightwards, or downwards when stacked."""
    canvas.saveState()
    canvas.setStrokeColor(_colour("#8A96A0"))
    canvas.setFillColor(_colour("#8A96A0"))
    canvas.setLineWidth(0.9)
    head = canvas.beginPath()
    if down:
        canvas.line(x, y - 1.0, x, y - ARROW_GAP + 3.5)
        head.moveTo(x, y - ARROW_GAP + 1.0)
        head.lineTo(x - 2.2, y - ARROW_GAP + 4.0)
        head.lineTo(x + 2.2, y - ARROW_GAP + 4.0)
    else:
        canvas.line(x + 1.5, y, x + ARROW_GAP - 3.5, y)
        head.moveTo(x + ARROW_GAP - 1.0, y)
        head.lineTo(x + ARROW_GAP - 4.0, y + 2.2)
        head.lineTo(x + ARROW_GAP - 4.0, y - 2.2)
    head.close()
    canvas.drawPath(head, stroke=0, fill=1)
    canvas.restoreState()
