"""Interactive body map: SVG artwork → clickable, recolourable muscle regions.

The widgets are thin views: they emit *intent* signals (tag, clear, note, mirror) and show
whatever tags their owner pushes back with ``set_tags``. ``render`` draws the same map offscreen
for PNG/SVG export and PDF thumbnails.
"""

from equitone.bodymap.info import NameLookup, RegionInfo, default_name
from equitone.bodymap.palette import STATE_BY_SHORTCUT, STATE_STYLES, StateStyle, swatch_pixmap
from equitone.bodymap.render import export_map, paint_map, render_map_image, render_map_svg
from equitone.bodymap.svgregions import (
    ArtDir,
    ArtworkError,
    BodyMapArt,
    DecorationShape,
    RegionKey,
    default_art_dir,
    interior_point,
    load_art,
    load_svg,
    parse_svg,
    region_centres,
)

from .view import BodyMapView
from .widget import BodyMapLegend, BodyMapPanel

__all__ = [
    "STATE_BY_SHORTCUT",
    "STATE_STYLES",
    "ArtDir",
    "ArtworkError",
    "BodyMapArt",
    "BodyMapLegend",
    "BodyMapPanel",
    "BodyMapView",
    "DecorationShape",
    "NameLookup",
    "RegionInfo",
    "RegionKey",
    "StateStyle",
    "default_art_dir",
    "default_name",
    "export_map",
    "interior_point",
    "load_art",
    "load_svg",
    "paint_map",
    "parse_svg",
    "region_centres",
    "render_map_image",
    "render_map_svg",
    "swatch_pixmap",
]
