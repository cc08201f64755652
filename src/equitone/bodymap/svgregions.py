"""Body-map artwork: one SVG file → interactive regions plus decoration.

The artwork contract (resources/bodymap/{front,back}-{superficial,deep}.svg, viewBox
``0 0 600 1200``): ``<g id="muscles">`` holds one ``<path id="{slug}_{side}">`` per muscle side
(side is the *patient's* left/right, absolute coordinates); ``silhouette``, ``structures`` and
``fibres`` groups are decoration. Regions become :class:`QPainterPath` objects so the view gets
exact hit-testing and cheap recolouring (``QGraphicsSvgItem`` cannot: docs/architecture.md).

Only QtCore/QtGui are used, so this also works under a bare ``QGuiApplication`` (exports).
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import NamedTuple

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QPainterPath, QTransform

from equitone.bodymap.pathdata import parse_path_data, points_path
from equitone.domain.types import Layer, Side, View
from equitone.resources_access import resource

DECORATION_GROUPS = ("silhouette", "structures", "fibres")
MUSCLE_GROUP = "muscles"
_REGION_ID = re.compile(r"^([a-z0-9]+(?:-[a-z0-9]+)*)_(left|right)$")


class RegionKey(NamedTuple):
    """One muscle side on the map, e.g. ``RegionKey("gluteus-medius", Side.LEFT)``."""

    slug: str
    side: Side

    @property
    def region_id(self) -> str:
        return f"{self.slug}_{self.side.value}"

    @property
    def mirrored(self) -> RegionKey:
        return RegionKey(self.slug, self.side.other)

    @classmethod
    def parse(cls, region_id: str) -> RegionKey:
        """``"tensor-fasciae-latae_left"`` → key; raises ``ValueError`` on any other form."""
        m = _REGION_ID.match(region_id)
        if m is None:
            raise ValueError(f"region id {region_id!r} is not '<slug>_<left|right>'")
        return cls(m.group(1), Side(m.group(2)))


@dataclass(frozen=True, slots=True)
class DecorationShape:
    """A non-interactive shape with its resolved paint (``None`` means not painted)."""

    group: str
    path: QPainterPath
    fill: QColor | None
    stroke: QColor | None
    stroke_width: float
    above_regions: bool


@dataclass(frozen=True, slots=True)
class BodyMapArt:
    """Everything needed to draw one view/layer; immutable and shared through the cache."""

    source: str
    view_box: QRectF
    regions: dict[RegionKey, QPainterPath]
    decoration: tuple[DecorationShape, ...]

    def decoration_below(self) -> tuple[DecorationShape, ...]:
        return tuple(d for d in self.decoration if not d.above_regions)

    def decoration_above(self) -> tuple[DecorationShape, ...]:
        return tuple(d for d in self.decoration if d.above_regions)


class ArtworkError(ValueError):
    """The SVG does not follow the body-map contract."""


def default_art_dir() -> Traversable:
    """The packaged artwork folder (``equitone.resources/bodymap``), via importlib.resources so
    it works from a checkout, a wheel and a frozen bundle alike."""
    return resource("bodymap")


ArtDir = Traversable | Path | str
"""Where the four artwork files live: a package resource, a folder path or its string."""


def art_file(directory: ArtDir, view: View, layer: Layer) -> Traversable | Path:
    folder = Path(directory) if isinstance(directory, str) else directory
    return folder / f"{view.value}-{layer.value}.svg"


_CACHE: dict[str, BodyMapArt] = {}


def load_art(directory: ArtDir, view: View, layer: Layer) -> BodyMapArt:
    """Parse (once per file; cached) the artwork for ``view``/``layer`` in ``directory``."""
    return load_svg(art_file(directory, view, layer))


def load_svg(file: Traversable | Path) -> BodyMapArt:
    key = str(file)
    art = _CACHE.get(key)
    if art is None:
        art = parse_svg(file.read_bytes(), source=key)
        _CACHE[key] = art
    return art


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _style(elem: ET.Element, inherited: dict[str, str]) -> dict[str, str]:
    """Presentation attributes plus ``style="…"`` declarations, inheriting from ancestors."""
    style = dict(inherited)
    for name in ("fill", "stroke", "stroke-width", "opacity", "fill-opacity", "stroke-opacity"):
        if name in elem.attrib:
            style[name] = elem.attrib[name]
    for decl in elem.attrib.get("style", "").split(";"):
        if ":" in decl:
            k, v = decl.split(":", 1)
            style[k.strip()] = v.strip()
    if "opacity" in elem.attrib or "opacity" in style:
        own = float(elem.attrib.get("opacity", "1"))
        style["_opacity"] = str(float(inherited.get("_opacity", "1")) * own)
    return style


def _colour(value: str | None, opacity: float) -> QColor | None:
    if value is None or value in ("none", "transparent") or value.startswith("url("):
        return None
    colour = QColor(value.strip())
    if not colour.isValid():
        return None
    colour.setAlphaF(colour.alphaF() * max(0.0, min(1.0, opacity)))
    return colour


_TRANSFORM = re.compile(r"(matrix|translate|scale|rotate|skewX|skewY)\s*\(([^)]*)\)")


def parse_transform(text: str) -> QTransform:
    """SVG ``transform`` attribute → :class:`QTransform` (decoration may use them)."""
    result = QTransform()
    for name, arg_text in _TRANSFORM.findall(text):
        a = [float(v) for v in re.split(r"[\s,]+", arg_text.strip()) if v]
        t = QTransform()
        if name == "matrix" and len(a) == 6:
            t = QTransform(a[0], a[1], a[2], a[3], a[4], a[5])
        elif name == "translate":
            t.translate(a[0], a[1] if len(a) > 1 else 0.0)
        elif name == "scale":
            t.scale(a[0], a[1] if len(a) > 1 else a[0])
        elif name == "rotate":
            if len(a) == 3:
                t.translate(a[1], a[2])
                t.rotate(a[0])
                t.translate(-a[1], -a[2])
            else:
                t.rotate(a[0])
        elif name == "skewX":
            t.shear(_tan(a[0]), 0)
        elif name == "skewY":
            t.shear(0, _tan(a[0]))
        result = t * result  # SVG lists outermost first: apply the later ones first
    return result


def _tan(deg: float) -> float:
    return math.tan(math.radians(deg))


def _num(elem: ET.Element, name: str) -> float:
    return float(re.sub(r"[a-z%]+$", "", elem.attrib.get(name, "0")) or 0)


def shape_path(elem: ET.Element) -> QPainterPath | None:
    """The geometry of one SVG shape element, or ``None`` if it is not a shape."""
    tag = _local(elem.tag)
    path = QPainterPath()
    if tag == "path":
        return parse_path_data(elem.attrib.get("d", ""))
    if tag == "rect":
        rx, ry = _num(elem, "rx"), _num(elem, "ry")
        rect = QRectF(_num(elem, "x"), _num(elem, "y"), _num(elem, "width"), _num(elem, "height"))
        if rx or ry:
            path.addRoundedRect(rect, rx or ry, ry or rx)
        else:
            path.addRect(rect)
    elif tag in ("circle", "ellipse"):
        r = _num(elem, "r")
        rx, ry = (r, r) if tag == "circle" else (_num(elem, "rx"), _num(elem, "ry"))
        path.addEllipse(QPointF(_num(elem, "cx"), _num(elem, "cy")), rx, ry)
    elif tag == "line":
        path.moveTo(_num(elem, "x1"), _num(elem, "y1"))
        path.lineTo(_num(elem, "x2"), _num(elem, "y2"))
    elif tag in ("polyline", "polygon"):
        return points_path(elem.attrib.get("points", ""), close=tag == "polygon")
    else:
        return None
    return path


def parse_svg(data: bytes, *, source: str = "<bytes>") -> BodyMapArt:
    """Parse SVG bytes following the body-map contract."""
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise ArtworkError(f"{source}: not valid XML ({exc})") from exc
    box = [
        float(v) for v in re.split(r"[\s,]+", root.attrib.get("viewBox", "0 0 600 1200").strip())
    ]
    if len(box) != 4:
        raise ArtworkError(f"{source}: bad viewBox")
    regions: dict[RegionKey, QPainterPath] = {}
    decoration: list[DecorationShape] = []
    seen_muscles = False

    def walk(elem: ET.Element, group: str | None, style: dict[str, str], tf: QTransform) -> None:
        nonlocal seen_muscles
        gid = elem.attrib.get("id", "")
        if _local(elem.tag) == "g" and group is None and gid in (*DECORATION_GROUPS, MUSCLE_GROUP):
            group = gid
            seen_muscles = seen_muscles or gid == MUSCLE_GROUP
        style = _style(elem, style)
        if "transform" in elem.attrib:
            tf = parse_transform(elem.attrib["transform"]) * tf
        path = shape_path(elem)
        if path is not None and group is not None and not path.isEmpty():
            path = tf.map(path) if not tf.isIdentity() else path
            if group == MUSCLE_GROUP:
                key = RegionKey.parse(gid) if gid else None
                if key is None:
                    raise ArtworkError(f"{source}: muscle shape without an id")
                if key in regions:
                    raise ArtworkError(f"{source}: duplicate region {gid}")
                regions[key] = path
            else:
                decoration.append(_decoration(group, path, style, above=seen_muscles))
        for child in elem:
            walk(child, group, style, tf)

    walk(root, None, {}, QTransform())
    if not seen_muscles:
        raise ArtworkError(f"{source}: no <g id='muscles'> group")
    return BodyMapArt(source, QRectF(*box), regions, tuple(decoration))


def _decoration(
    group: str, path: QPainterPath, style: dict[str, str], *, above: bool
) -> DecorationShape:
    opacity = float(style.get("_opacity", "1"))
    fill = _colour(style.get("fill", "black"), opacity * float(style.get("fill-opacity", "1")))
    stroke = _colour(style.get("stroke"), opacity * float(style.get("stroke-opacity", "1")))
    width = float(re.sub(r"[a-z%]+$", "", style.get("stroke-width", "1")) or 1)
    if group == "fibres" and "fill" not in style:
        fill = None  # fibre lines are strokes; an unstyled default black fill would blot them
    return DecorationShape(group, path, fill, stroke, width, above)


def interior_point(path: QPainterPath, samples: int = 48) -> QPointF:
    """A point well inside ``path`` (bounding-box centre fails on concave shapes).

    Takes the widest inside run on the horizontal line through the box centre (or the first
    line that has one), then the middle of the vertical inside run through that run's middle.
    """
    box = path.boundingRect()
    rows = [box.center().y()] + [
        box.top() + box.height() * (k + 0.5) / samples for k in range(samples)
    ]
    for y in rows:
        run = _widest_run(
            path,
            [QPointF(box.left() + box.width() * (k + 0.5) / samples, y) for k in range(samples)],
        )
        if run is not None:
            x = (run[0].x() + run[1].x()) / 2
            col = [
                QPointF(x, box.top() + box.height() * (k + 0.5) / samples) for k in range(samples)
            ]
            vrun = _run_containing(path, col, y)
            return QPointF(x, (vrun[0].y() + vrun[1].y()) / 2) if vrun else QPointF(x, y)
    return box.center()


def _runs(path: QPainterPath, pts: list[QPointF]) -> list[tuple[QPointF, QPointF]]:
    runs: list[tuple[QPointF, QPointF]] = []
    start: QPointF | None = None
    prev: QPointF | None = None
    for p in pts:
        if path.contains(p):
            if start is None:
                start = p
            prev = p
        elif start is not None and prev is not None:
            runs.append((start, prev))
            start = None
    if start is not None and prev is not None:
        runs.append((start, prev))
    return runs


def _widest_run(path: QPainterPath, pts: list[QPointF]) -> tuple[QPointF, QPointF] | None:
    runs = _runs(path, pts)
    return max(runs, key=lambda r: r[1].x() - r[0].x()) if runs else None


def _run_containing(
    path: QPainterPath, pts: list[QPointF], y: float
) -> tuple[QPointF, QPointF] | None:
    runs = _runs(path, pts)
    step = pts[1].y() - pts[0].y() if len(pts) > 1 else 0.0
    for run in runs:
        if run[0].y() - step <= y <= run[1].y() + step:
            return run
    return max(runs, key=lambda r: r[1].y() - r[0].y()) if runs else None


_CENTRES: dict[str, tuple[BodyMapArt, dict[RegionKey, QPointF]]] = {}


def region_centres(art: BodyMapArt) -> dict[RegionKey, QPointF]:
    """Interior point of every region (cached per artwork): keyboard navigation, tests, labels."""
    cached = _CENTRES.get(art.source)
    if cached is None or cached[0] is not art:
        cached = (art, {key: interior_point(path) for key, path in art.regions.items()})
        _CENTRES[art.source] = cached
    return cached[1]


def locate(
    art_dir: ArtDir, key: RegionKey, current: tuple[View, Layer]
) -> tuple[View, Layer] | None:
    """Where ``key`` is drawn, preferring the current view, then the current view's other layer,
    then the other view; ``None`` if no artwork has it."""
    view, layer = current
    other_view = View.BACK if view is View.FRONT else View.FRONT
    other_layer = Layer.DEEP if layer is Layer.SUPERFICIAL else Layer.SUPERFICIAL
    for candidate in ((view, layer), (view, other_layer), (other_view, layer),
                      (other_view, other_layer)):
        try:
            art = load_art(art_dir, *candidate)
        except FileNotFoundError:
            continue
        if key in art.regions:
            return candidate
    return None
