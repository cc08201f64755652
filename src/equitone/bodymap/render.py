"""Offscreen body-map pictures: PNG export, SVG export and PDF thumbnails.

No view or widgets needed — only QtGui/QtSvg — so this runs under a bare ``QGuiApplication``
with ``QT_QPA_PLATFORM=offscreen``. The painting is the same as on screen
(:func:`palette.paint_region`), so exported maps look like the app.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtSvg import QSvgGenerator

from equitone.bodymap.info import RegionInfo
from equitone.bodymap.palette import RegionLook, paint_decoration, paint_region
from equitone.bodymap.svgregions import ArtDir, BodyMapArt, RegionKey, default_art_dir, load_art
from equitone.domain.types import Layer, ToneState, View

TagMap = Mapping[RegionKey, RegionInfo | ToneState | tuple[ToneState, ...] | None]
"""Tags for export: a full :class:`RegionInfo`, the state, or every state (primary first)."""

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp", ".webp")


def _states(value: RegionInfo | ToneState | tuple[ToneState, ...] | None,
            ) -> tuple[ToneState, ...]:
    if isinstance(value, RegionInfo):
        return value.states
    if isinstance(value, ToneState):
        return (value,)
    return value or ()


def _keys(highlight: RegionKey | Iterable[RegionKey] | None) -> set[RegionKey]:
    if highlight is None:
        return set()
    if isinstance(highlight, RegionKey):
        return {highlight}
    return set(highlight)


def paint_map(
    painter: QPainter,
    art: BodyMapArt,
    tags: TagMap,
    *,
    highlight: RegionKey | Iterable[RegionKey] | None = None,
    dim_others: bool = False,
    line_scale: float = 1.0,
) -> None:
    """Paint the whole map in scene (viewBox) coordinates; the caller sets the transform.

    ``highlight`` regions get a bold outline and are drawn last; with ``dim_others`` every
    other region is drawn untagged so the target stands out (PDF exercise thumbnails).
    """
    marked = _keys(highlight)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    paint_decoration(painter, art.decoration_below())
    later: list[RegionKey] = []
    for key, path in art.regions.items():
        if key in marked:
            later.append(key)
            continue
        states = () if dim_others and marked else _states(tags.get(key))
        paint_region(painter, path, RegionLook.of(states), scale=line_scale)
    paint_decoration(painter, art.decoration_above())
    for key in later:
        look = RegionLook.of(_states(tags.get(key)), highlighted=True)
        paint_region(painter, art.regions[key], look, scale=line_scale)


def render_map_image(
    art: BodyMapArt,
    tags: TagMap,
    width_px: int,
    *,
    highlight: RegionKey | Iterable[RegionKey] | None = None,
    dim_others: bool = False,
    background: QColor | None = None,
) -> QImage:
    """The map as an ARGB image ``width_px`` wide (height follows the viewBox aspect).

    ``background`` defaults to white (print); pass a transparent colour for overlays.
    """
    box = art.view_box
    scale = width_px / box.width()
    image = QImage(
        width_px, max(1, round(box.height() * scale)), QImage.Format.Format_ARGB32_Premultiplied
    )
    image.fill(background if background is not None else QColor(Qt.GlobalColor.white))
    painter = QPainter(image)
    try:
        painter.scale(scale, scale)
        painter.translate(-box.left(), -box.top())
        paint_map(
            painter,
            art,
            tags,
            highlight=highlight,
            dim_others=dim_others,
            line_scale=max(1.0, scale * 1.2),
        )
    finally:
        painter.end()
    return image


def render_map_svg(
    art: BodyMapArt,
    tags: TagMap,
    path: Path | str,
    *,
    highlight: RegionKey | Iterable[RegionKey] | None = None,
    dim_others: bool = False,
    title: str = "Equitone body map",
) -> None:
    """Vector export; hatch patterns survive as SVG ``<pattern>`` fills (Qt 6.12 generator)."""
    box = art.view_box
    generator = QSvgGenerator()
    generator.setFileName(str(path))
    generator.setSize(QSize(round(box.width()), round(box.height())))
    generator.setViewBox(QRectF(box))
    generator.setTitle(title)
    generator.setDescription("Tone states: colour plus hatch pattern per state.")
    painter = QPainter(generator)
    try:
        painter.translate(-box.left(), -box.top())
        paint_map(painter, art, tags, highlight=highlight, dim_others=dim_others)
    finally:
        painter.end()


def export_map(
    path: Path | str,
    view: View,
    layer: Layer,
    tags: TagMap,
    *,
    art_dir: ArtDir | None = None,
    width_px: int = 1200,
    highlight: RegionKey | Iterable[RegionKey] | None = None,
) -> Path:
    """Save the map to ``path``: SVG for ``.svg``, a raster image for ``.png``/``.jpg``…"""
    target = Path(path)
    art = load_art(art_dir if art_dir is not None else default_art_dir(), view, layer)
    suffix = target.suffix.lower()
    if suffix == ".svg":
        render_map_svg(art, tags, target, highlight=highlight)
    elif suffix in IMAGE_SUFFIXES:
        image = render_map_image(art, tags, width_px, highlight=highlight)
        if not image.save(str(target)):
            raise OSError(f"could not write {target}")
    else:
        raise ValueError(f"unsupported export format {suffix!r} (use .png or .svg)")
    return target
