"""Real pictures for printed documents, drawn by the production code offscreen (needs a
QApplication): exercise thumbnails and tagged body maps."""

from __future__ import annotations

from equitone.bodymap.pictures import body_map_image, exercise_thumbnail, map_panels
from equitone.domain.types import Side, ToneState

ASSESSMENT_TAGS = {
    ("gluteus-medius", Side.LEFT): ToneState.UNDERACTIVE,
    ("gluteus-medius", Side.RIGHT): ToneState.UNDERACTIVE,
    ("hip-adductors", Side.LEFT): ToneState.OVERACTIVE,
    ("erector-spinae", Side.RIGHT): ToneState.TIGHT,
    ("gluteus-maximus", Side.RIGHT): ToneState.TENDER,
}


def thumbnail_png(slug: str, side: Side, *, relaxing: bool = False) -> bytes:
    png = exercise_thumbnail((slug,), (side,), relaxing)
    assert png is not None, f"{slug} is not on the body map"
    return png


def assessment_map_png(height_px: int = 600) -> bytes:
    return body_map_image(ASSESSMENT_TAGS, map_panels(ASSESSMENT_TAGS), height_px)
