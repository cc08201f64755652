"""Pictures for printed documents, drawn off-screen with Qt: exercise thumbnails and body maps
with tone states.

Separate from the renderers (which only see image bytes) so documents stay testable without
Qt; callers need a QApplication (:func:`equitone.offscreen.ensure_application`).

Pictures come back as JPEG bytes (see :func:`jpeg_bytes`). Sizes are chosen for print: a
thumbnail is about 62 × 78 pt on the card, so it is cropped around its target (a whole body
at that size makes a muscle a few points wide) and drawn at ~300 dpi. Trend charts are not
pictures: reportlab draws them (:mod:`.chart`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPen

from equitone.bodymap.palette import STATE_STYLES
from equitone.bodymap.render import paint_map
from equitone.bodymap.svgregions import BodyMapArt, RegionKey, default_art_dir, load_art
from equitone.domain.types import Layer, Side, ToneState, View

StateMap = Mapping[tuple[str, Side], ToneState | tuple[ToneState, ...]]
"""The state of each tagged muscle side, or every state (primary first: drawn striped)."""
Panel = tuple[View, Layer]

THUMB_PX = (260, 330)  # ~62 × 78 pt at 300 dpi
RELAX_FILL = QColor("#2E9D5B")
ACTIVE_FILL = QColor("#1F5FAF")
TARGET_OUTLINE = QColor("#111111")
LABEL_INK = QColor("#5B6770")
_MIN_CROP_H = 420.0  # artwork units (the body is ~1,200 tall): pelvis-to-knee or so
_PANEL_GAP = 60.0
_LABEL_H = 70.0


JPEG_QUALITY = 92


def jpeg_bytes(image: QImage) -> bytes:
    """JPEG, not PNG: reportlab embeds a JPEG as it is, while a PNG is decoded and
    recompressed for every document (5–15 ms a picture); at ~300 dpi and quality 92 the
    difference cannot be seen on paper."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "JPG", JPEG_QUALITY)  # type: ignore[call-overload]
    buffer.close()
    return bytes(data.data())


def _art(panel: Panel) -> BodyMapArt:
    return load_art(default_art_dir(), *panel)


def _label_font(pixels: float) -> QFont:
    font = QFont("DejaVu Sans")
    font.setPixelSize(max(1, round(pixels)))
    font.setBold(True)
    return font


def thumbnail_panel(keys: Sequence[RegionKey]) -> Panel | None:
    """Where the targets show best: superficial before deep, then the larger drawing."""
    best: tuple[float, Panel] | None = None
    for layer in (Layer.SUPERFICIAL, Layer.DEEP):
        for view in (View.BACK, View.FRONT):
            regions = _art((view, layer)).regions
            area = 0.0
            for key in keys:
                path = regions.get(key)
                if path is not None:
                    box = path.boundingRect()
                    area += box.width() * box.height()
            if area and (best is None or area > best[0]):
                best = (area, (view, layer))
        if best is not None:
            return best[1]
    return None


def _crop(target: QRectF, frame: QRectF, aspect: float) -> QRectF:
    """A window of width/height ``aspect`` around ``target``, with context, inside ``frame``."""
    height = max(_MIN_CROP_H, target.height() * 2.2, target.width() * 1.6 / aspect)
    height = min(height, frame.height())
    width = min(height * aspect, frame.width())
    height = width / aspect
    left = min(max(target.center().x() - width / 2, frame.left()), frame.right() - width)
    top = min(max(target.center().y() - height / 2, frame.top()), frame.bottom() - height)
    return QRectF(left, top, width, height)


def thumbnail_frame(
    muscles: Sequence[str], sides: Sequence[Side]
) -> tuple[Panel, list[RegionKey], QRectF] | None:
    """The view, the regions to fill and the part of the artwork a thumbnail shows."""
    wanted = [RegionKey(muscle, side) for muscle in muscles for side in sides]
    panel = thumbnail_panel(wanted)
    if panel is None:
        return None
    art = _art(panel)
    keys = [key for key in wanted if key in art.regions]
    target = QRectF()
    for key in keys:
        target = target.united(art.regions[key].boundingRect())
    return panel, keys, _crop(target, art.view_box, THUMB_PX[0] / THUMB_PX[1])


@lru_cache(maxsize=512)
def exercise_thumbnail(
    muscles: tuple[str, ...], sides: tuple[Side, ...], relaxing: bool
) -> bytes | None:
    """The body around the target muscles with the worked side(s) filled in: green for a
    relaxing block, blue for work, with L/R marks (left is on the right in the front view).

    Independent of any assessment, so one render serves every plan (cached): a first
    thumbnail costs ~20–60 ms, a repeat nothing."""
    frame = thumbnail_frame(muscles, sides)
    if frame is None:
        return None
    panel, keys, crop = frame
    art = _art(panel)
    width_px, height_px = THUMB_PX
    scale = width_px / crop.width()
    image = QImage(width_px, height_px, QImage.Format.Format_RGB32)
    image.fill(QColor(Qt.GlobalColor.white))
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.save()
        painter.scale(scale, scale)
        painter.translate(-crop.left(), -crop.top())
        paint_map(painter, art, {}, line_scale=max(1.0, scale))
        outline = QPen(TARGET_OUTLINE, 2.2)
        outline.setCosmetic(True)
        painter.setPen(outline)
        painter.setBrush(RELAX_FILL if relaxing else ACTIVE_FILL)
        for key in keys:
            painter.drawPath(art.regions[key])
        painter.restore()
        size = width_px * 0.11
        painter.setFont(_label_font(size))
        _side_marks(painter, panel[0], QRectF(size * 0.45, size * 0.3, width_px - size * 0.9,
                                              size * 1.3))
    finally:
        painter.end()
    return jpeg_bytes(image)


def _side_marks(painter: QPainter, view: View, box: QRectF) -> None:
    """"L" and "R" in the corners of ``box`` (current font): the patient's left is on the
    picture's left from behind, on its right from the front."""
    left, right = ("L", "R") if view is View.BACK else ("R", "L")
    painter.setPen(LABEL_INK)
    painter.drawText(box, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, left)
    painter.drawText(box, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, right)


def map_panels(*tag_sets: StateMap) -> list[Panel]:
    """Front and back; a deep view is added only for a tagged muscle that the superficial
    views do not show (else it would be missing from the picture)."""
    panels: list[Panel] = [(View.FRONT, Layer.SUPERFICIAL), (View.BACK, Layer.SUPERFICIAL)]
    shown = {key for panel in panels for key in _art(panel).regions}
    for view in (View.FRONT, View.BACK):
        deep = _art((view, Layer.DEEP)).regions
        if any(RegionKey(*key) not in shown and RegionKey(*key) in deep
               for tags in tag_sets for key in tags):
            panels.append((view, Layer.DEEP))
    return panels


@lru_cache(maxsize=8)
def _content(panel: Panel) -> QRectF:
    """The drawn part of the artwork (the view box has wide empty margins), padded a little."""
    art = _art(panel)
    box = QRectF()
    for shape in art.decoration:
        box = box.united(shape.path.boundingRect())
    for path in art.regions.values():
        box = box.united(path.boundingRect())
    return box.adjusted(-8, -8, 8, 8).intersected(art.view_box)


def body_map_image(states: StateMap, panels: Sequence[Panel], height_px: int = 900) -> bytes:
    """The tagged map, panels side by side under their names ("Front", "Back", "Back, deep"),
    each with L/R marks."""
    boxes = [_content(panel) for panel in panels]
    units_h = max(box.height() for box in boxes) + _LABEL_H
    units_w = sum(box.width() for box in boxes) + _PANEL_GAP * (len(boxes) - 1)
    scale = height_px / units_h
    image = QImage(round(units_w * scale), height_px, QImage.Format.Format_RGB32)
    image.fill(QColor(Qt.GlobalColor.white))
    tags = {RegionKey(*key): state for key, state in states.items()}
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setFont(_label_font(_LABEL_H * 0.55 * scale))
        x = 0.0
        for panel, box in zip(panels, boxes, strict=True):
            view, layer = panel
            name = view.value.capitalize() + (", deep" if layer is Layer.DEEP else "")
            painter.setPen(LABEL_INK)
            label_box = QRectF(x * scale, 0, box.width() * scale, _LABEL_H * scale)
            painter.drawText(label_box, Qt.AlignmentFlag.AlignCenter, name)
            _side_marks(painter, view, label_box.adjusted(box.width() * scale * 0.08, 0,
                                                          -box.width() * scale * 0.08, 0))
            painter.save()
            painter.scale(scale, scale)
            painter.translate(QPointF(x - box.left(), _LABEL_H - box.top()))
            paint_map(painter, _art(panel), tags, line_scale=max(1.0, scale * 1.2))
            painter.restore()
            x += box.width() + _PANEL_GAP
    finally:
        painter.end()
    return jpeg_bytes(image)


def state_colours() -> dict[ToneState, str]:
    """#rrggbb per tone state, as the body map paints it."""
    return {state: style.colour.name() for state, style in STATE_STYLES.items()}


COMBINED_NOTE = "striped: several states"


def state_legend(states: Iterable[ToneState], *, combined: bool = False
                 ) -> tuple[tuple[str, str], ...]:
    """(label, #rrggbb) for the states that appear, in the palette's order; with `combined`
    a last entry without a colour says what the stripes mean."""
    present = set(states)
    found = tuple(
        (style.label, style.colour.name()) for state, style in STATE_STYLES.items()
        if state in present
    )
    return (*found, (COMBINED_NOTE, "")) if combined else found
