"""Pictures for print: exercise thumbnails show the target muscle and side, body maps show
every tagged muscle (front, back, deep when needed)."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication

from equitone.bodymap import pictures
from equitone.bodymap.pictures import (
    ACTIVE_FILL,
    RELAX_FILL,
    THUMB_PX,
    body_map_image,
    exercise_thumbnail,
    map_panels,
    thumbnail_frame,
    thumbnail_panel,
)
from equitone.domain.types import Layer, Side, ToneState, View
from equitone.looks import state_legend

pytestmark = pytest.mark.usefixtures("qapp")


def _image(data: bytes) -> QImage:
    image = QImage.fromData(data)
    assert not image.isNull()
    return image


def _near(colour: QColor, target: QColor, tolerance: int = 40) -> bool:
    return (abs(colour.red() - target.red()) + abs(colour.green() - target.green())
            + abs(colour.blue() - target.blue())) < tolerance


def _filled(image: QImage, target: QColor) -> list[int]:
    """x of every pixel of ``target`` colour, on a coarse grid."""
    return [x for x in range(0, image.width(), 2) for y in range(0, image.height(), 2)
            if _near(image.pixelColor(x, y), target)]


def _midline_px(muscles: tuple[str, ...], sides: tuple[Side, ...]) -> float:
    """Where the body's midline falls in the thumbnail (the artwork is 600 units wide)."""
    frame = thumbnail_frame(muscles, sides)
    assert frame is not None
    _panel, _keys, crop = frame
    return (300 - crop.left()) * THUMB_PX[0] / crop.width()


def test_panel_is_where_the_muscle_shows() -> None:
    from equitone.bodymap.svgregions import RegionKey

    glute = [RegionKey("gluteus-medius", Side.LEFT)]
    tfl = [RegionKey("tensor-fasciae-latae", Side.LEFT)]
    assert thumbnail_panel(glute) == (View.BACK, Layer.SUPERFICIAL)
    assert thumbnail_panel(tfl) == (View.FRONT, Layer.SUPERFICIAL)
    assert thumbnail_panel([RegionKey("no-such-muscle", Side.LEFT)]) is None


def test_thumbnail_highlights_the_worked_side(qapp: QApplication) -> None:
    glute = ("gluteus-medius",)
    both = _image(exercise_thumbnail(glute, (Side.LEFT, Side.RIGHT), False) or b"")
    left = _image(exercise_thumbnail(glute, (Side.LEFT,), False) or b"")
    assert (both.width(), both.height()) == THUMB_PX
    middle = _midline_px(glute, (Side.LEFT, Side.RIGHT))
    xs = _filled(both, ACTIVE_FILL)
    assert sum(x < middle for x in xs) > 50 and sum(x > middle for x in xs) > 50
    # from behind, the patient's left is on the picture's left
    middle = _midline_px(glute, (Side.LEFT,))
    xs = _filled(left, ACTIVE_FILL)
    assert len(xs) > 50 and all(x < middle for x in xs)
    assert _filled(left, RELAX_FILL) == []


def test_front_view_puts_the_left_side_on_the_right() -> None:
    tfl = ("tensor-fasciae-latae",)
    image = _image(exercise_thumbnail(tfl, (Side.LEFT,), True) or b"")
    middle = _midline_px(tfl, (Side.LEFT,))
    xs = _filled(image, RELAX_FILL)
    assert len(xs) > 30 and all(x > middle for x in xs)
    assert _filled(image, ACTIVE_FILL) == []


def test_thumbnails_are_jpeg_cached_and_none_for_unknown_muscles() -> None:
    first = exercise_thumbnail(("gastrocnemius",), (Side.RIGHT,), False)
    assert first is not None and first[:2] == b"\xff\xd8"
    assert exercise_thumbnail(("gastrocnemius",), (Side.RIGHT,), False) is first
    assert exercise_thumbnail(("not-a-muscle",), (Side.LEFT,), True) is None


def test_map_adds_a_deep_view_only_for_muscles_hidden_underneath() -> None:
    surface = {("gluteus-medius", Side.LEFT): ToneState.UNDERACTIVE}
    assert map_panels(surface) == [(View.FRONT, Layer.SUPERFICIAL), (View.BACK, Layer.SUPERFICIAL)]
    deep_only = [key for key in pictures._art((View.BACK, Layer.DEEP)).regions
                 if key not in pictures._art((View.BACK, Layer.SUPERFICIAL)).regions
                 and key not in pictures._art((View.FRONT, Layer.SUPERFICIAL)).regions]
    assert deep_only, "the artwork has muscles drawn only in the deep layer"
    hidden = {(deep_only[0].slug, deep_only[0].side): ToneState.TIGHT}
    assert (View.BACK, Layer.DEEP) in map_panels(surface, hidden)
    two = _image(body_map_image(surface, map_panels(surface), 300))
    three = _image(body_map_image(surface, map_panels(surface, hidden), 300))
    assert two.height() == three.height() == 300 and three.width() > two.width() * 1.3


def test_map_shows_state_colours() -> None:
    tags = {("gluteus-medius", Side.LEFT): ToneState.OVERACTIVE}
    image = _image(body_map_image(tags, map_panels(tags), 600))
    overactive = QColor("#D55E00")
    assert sum(_near(image.pixelColor(x, y), overactive, 60)
               for x in range(0, image.width(), 2) for y in range(0, image.height(), 2)) > 20


def test_legend_lists_present_states_in_palette_order() -> None:
    legend = state_legend([ToneState.BALANCED, ToneState.UNDERACTIVE, ToneState.BALANCED])
    assert [label for label, _colour in legend] == ["Underactive", "Balanced"]
    assert all(colour.startswith("#") and len(colour) == 7 for _label, colour in legend)
