"""Exercise figures (:mod:`equitone.figures` scenes) painted with QPainter: the designer's
library rows, timeline cards and inspector, and PNG files from the command line.

Here rather than under ``ui`` because the command line draws PNGs too and may not import the
UI; QtGui only, like the body map it sits beside.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QImage, QPainter, QPainterPath, QPen

from equitone.figures.geometry import path_bounds
from equitone.figures.hatch import hatch_lines
from equitone.figures.scene import Path as ScenePath
from equitone.figures.scene import Scene, Shape, replay

HATCH_PX = 3.2  # hatch spacing on screen, whatever the picture's size
_CAPS = {"round": Qt.PenCapStyle.RoundCap, "butt": Qt.PenCapStyle.FlatCap}


def qt_path(path: ScenePath) -> QPainterPath:
    out = QPainterPath()
    out.setFillRule(Qt.FillRule.WindingFill)  # a bone of several lobes clips as their union
    replay(path, out.moveTo, out.lineTo, out.cubicTo, out.closeSubpath)
    return out


def fit(scene: Scene, target: QRectF) -> tuple[float, QPointF]:
    """Scale and offset that fit the scene's bounds into ``target``, centred."""
    left, top, right, bottom = scene.bounds
    scale = min(target.width() / (right - left), target.height() / (bottom - top))
    dx = target.left() + (target.width() - (right - left) * scale) / 2 - left * scale
    dy = target.top() + (target.height() - (bottom - top) * scale) / 2 - top * scale
    return scale, QPointF(dx, dy)


def _pen(shape: Shape, scale: float, min_px: float) -> QPen:
    style = shape.style
    assert style.stroke is not None
    pen = QPen(QColor(style.stroke), max(style.width, min_px / scale))
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    pen.setCapStyle(_CAPS.get(style.cap, Qt.PenCapStyle.RoundCap))
    if style.dash:
        pen.setDashPattern(list(style.dash))
    return pen


def _hatch(painter: QPainter, shape: Shape, path: QPainterPath, scale: float) -> None:
    assert shape.style.hatch is not None
    segments = hatch_lines(shape.path, shape.style.hatch, HATCH_PX / scale)
    if not segments:
        return
    painter.save()
    painter.setClipPath(path, Qt.ClipOperation.IntersectClip)
    pen = QPen(QColor(shape.style.hatch_colour), 0.9 / scale)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    for (x0, y0), (x1, y1) in segments:
        painter.drawLine(QPointF(x0, y0), QPointF(x1, y1))
    painter.restore()


def _photo(painter: QPainter, shape: Shape) -> None:
    """A photo drawn into its rectangle (smoothly scaled)."""
    assert shape.image is not None
    image = QImage.fromData(shape.image)
    if image.isNull():
        return
    left, top, right, bottom = path_bounds(shape.path)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    painter.drawImage(QRectF(left, top, right - left, bottom - top), image)
    painter.restore()


def paint_scene(painter: QPainter, scene: Scene, target: QRectF, *, min_line_px: float = 0.75,
                hatch: bool = True) -> None:
    """Draw ``scene`` fitted into ``target``. Lines never get thinner than ``min_line_px``
    (a 40-px library thumbnail keeps its outline); hatches can be left out where a picture
    is too small for them to read."""
    scale, offset = fit(scene, target)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.translate(offset)
    painter.scale(scale, scale)
    cache: dict[ScenePath, QPainterPath] = {}

    def path_of(p: ScenePath) -> QPainterPath:
        found = cache.get(p)
        if found is None:
            found = cache[p] = qt_path(p)
        return found

    for shape in scene.shapes:
        style = shape.style
        if shape.image is not None:
            _photo(painter, shape)
            continue
        painter.save()
        if shape.clip is not None:
            painter.setClipPath(path_of(shape.clip))
        if style.opacity < 1:
            painter.setOpacity(style.opacity)
        path = path_of(shape.path)
        painter.setBrush(QBrush(QColor(style.fill)) if style.fill else Qt.BrushStyle.NoBrush)
        painter.setPen(_pen(shape, scale, min_line_px) if style.stroke else Qt.PenStyle.NoPen)
        painter.drawPath(path)
        if hatch and style.hatch:
            _hatch(painter, shape, path, scale)
        painter.restore()
    painter.restore()


def scene_image(scene: Scene, width_px: int, height_px: int | None = None, *,
                background: QColor | None = None, device_pixel_ratio: float = 1.0) -> QImage:
    """The scene as an image ``width_px`` wide (height from the scene's shape unless given)."""
    height = height_px or max(1, round(width_px * scene.height / scene.width))
    image = QImage(round(width_px * device_pixel_ratio), round(height * device_pixel_ratio),
                   QImage.Format.Format_ARGB32_Premultiplied)
    image.setDevicePixelRatio(device_pixel_ratio)
    image.fill(background if background is not None else QColor(Qt.GlobalColor.transparent))
    painter = QPainter(image)
    try:
        paint_scene(painter, scene, QRectF(0, 0, width_px, height),
                    hatch=width_px >= 90)
    finally:
        painter.end()
    return image


def save_png(scene: Scene, path: Path, width_px: int) -> bool:
    """The scene on white as a PNG file; False when the file cannot be written."""
    image = scene_image(scene, width_px, background=QColor(Qt.GlobalColor.white))
    return bool(image.save(str(path), "PNG"))  # type: ignore[call-overload]
