"""A painter for tests of the services (services/pictures.py): plain JPEGs and PNGs of the
requested sizes, and a note of every request — so the printing and export services are tested
without Qt. The Qt painter itself is tested in tests/ui/test_document_pictures.py, and the
command line and the window use it end to end."""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

from PIL import Image

from equitone.domain.assessment import ToneTag
from equitone.domain.types import Layer, Side, View
from equitone.figures.scene import Scene
from equitone.services.pictures import Panel, StateMap

THUMBNAIL_PX = (260, 330)


def jpeg(width: int, height: int, colour: str = "#2E9D5B") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buffer, "JPEG")
    return buffer.getvalue()


class RecordedPictures:
    def __init__(self) -> None:
        self.asked: list[tuple[object, ...]] = []

    def thumbnail(
        self, muscles: Sequence[str], sides: Sequence[Side], relaxing: bool
    ) -> bytes | None:
        self.asked.append(("thumbnail", tuple(muscles), tuple(sides), relaxing))
        return jpeg(*THUMBNAIL_PX, "#2E9D5B" if relaxing else "#1F5FAF")

    def map_panels(self, *tag_sets: StateMap) -> list[Panel]:
        self.asked.append(("map_panels", *(dict(tags) for tags in tag_sets)))
        return [(View.FRONT, Layer.SUPERFICIAL), (View.BACK, Layer.SUPERFICIAL)]

    def body_map(self, states: StateMap, panels: Sequence[Panel], height_px: int) -> bytes:
        self.asked.append(("body_map", dict(states), tuple(panels), height_px))
        return jpeg(height_px * len(panels) // 2, height_px, "#E3CFC8")

    def write_map(
        self, path: Path, view: View, layer: Layer, tags: Sequence[ToneTag], width_px: int
    ) -> None:
        self.asked.append(("write_map", path, view, layer, tuple(tags), width_px))
        Image.new("RGB", (width_px, width_px * 2), "#E3CFC8").save(path)

    def write_scene_png(self, scene: Scene, path: Path, width_px: int) -> bool:
        self.asked.append(("write_scene_png", path, width_px))
        Image.new("RGB", (width_px, width_px), "#FFFFFF").save(path, "PNG")
        return True
