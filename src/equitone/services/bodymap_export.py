"""Body-map images of an assessment, rendered off-screen (CLI export, printed documents)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from equitone.domain.assessment import Assessment
from equitone.domain.types import Layer, Side, View
from equitone.errors import EquitoneError
from equitone.offscreen import ensure_application

if TYPE_CHECKING:
    from equitone.bodymap.info import RegionInfo
    from equitone.bodymap.svgregions import RegionKey


def tag_infos(assessment: Assessment) -> dict[RegionKey, RegionInfo]:
    from equitone.bodymap.info import RegionInfo
    from equitone.bodymap.svgregions import RegionKey

    return {
        RegionKey(t.muscle, t.side): RegionInfo(t.state, t.tightness, t.note,
                                                others=tuple(o.state for o in t.others))
        for t in assessment.tags
    }


def export_assessment_map(
    assessment: Assessment, output: Path, *, view: str, layer: str, width_px: int = 1200
) -> None:
    from equitone.bodymap.render import export_map

    ensure_application()
    try:
        export_map(output, View(view), Layer(layer), tag_infos(assessment), width_px=width_px)
    except OSError as exc:
        raise EquitoneError(f"Cannot write {output}: {exc.strerror or exc}.") from None
    if not output.exists():
        raise EquitoneError(f"Cannot write {output}.")


def map_png(
    assessment: Assessment | None,
    *,
    view: str = "front",
    layer: str = "superficial",
    width_px: int = 600,
    highlight: tuple[str, Side] | None = None,
) -> bytes:
    """PNG bytes of a body map (optionally highlighting one muscle side)."""
    from equitone.bodymap.offscreen import png_bytes
    from equitone.bodymap.render import render_map_image
    from equitone.bodymap.svgregions import RegionKey, default_art_dir, load_art

    ensure_application()
    art = load_art(default_art_dir(), View(view), Layer(layer))
    tags = tag_infos(assessment) if assessment is not None else {}
    key = RegionKey(*highlight) if highlight else None
    return png_bytes(render_map_image(art, tags, width_px, highlight=key))
