"""A body-map image of an assessment as a file (`equitone assessment map`)."""

from __future__ import annotations

from pathlib import Path

from equitone.domain.assessment import Assessment
from equitone.domain.types import Layer, View
from equitone.errors import EquitoneError
from equitone.services.pictures import Pictures


def export_assessment_map(
    assessment: Assessment, output: Path, *, view: str, layer: str, pictures: Pictures,
    width_px: int = 1200,
) -> None:
    """One view of the tagged body: SVG for .svg, else a raster image by its suffix."""
    try:
        pictures.write_map(output, View(view), Layer(layer), assessment.tags, width_px)
    except OSError as exc:
        raise EquitoneError(f"Cannot write {output}: {exc.strerror or exc}.") from None
    if not output.exists():
        raise EquitoneError(f"Cannot write {output}.")
