"""The pictures services need drawn, as an interface: the services import no Qt.

A printed plan shows exercise thumbnails, a clinician copy and a progress report show tagged
body maps, and `equitone assessment map` / `equitone exercise picture` write images. Drawing
them takes Qt's painter, which lives above the services: the window and the command line pass
a painter in (bodymap.pictures.QtPictures), and the services only say what to draw.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Protocol

from equitone.domain.assessment import ToneTag
from equitone.domain.types import Layer, Side, ToneState, View
from equitone.figures.scene import Scene

StateMap = Mapping[tuple[str, Side], ToneState | tuple[ToneState, ...]]
"""The state of each tagged muscle side, or every state (primary first: drawn striped)."""
Panel = tuple[View, Layer]


class Pictures(Protocol):
    def thumbnail(
        self, muscles: Sequence[str], sides: Sequence[Side], relaxing: bool
    ) -> bytes | None:
        """A crop of the body around `muscles`, the worked `sides` filled in (JPEG), or None
        when no drawing shows them."""
        ...

    def map_panels(self, *tag_sets: StateMap) -> list[Panel]:
        """The views a body map needs so that every tagged muscle of every set shows."""
        ...

    def body_map(self, states: StateMap, panels: Sequence[Panel], height_px: int) -> bytes:
        """The tagged body, `panels` side by side (JPEG)."""
        ...

    def write_map(
        self, path: Path, view: View, layer: Layer, tags: Sequence[ToneTag], width_px: int
    ) -> None:
        """One view of the tagged body as a file: SVG for .svg, else a raster image; raises
        OSError when it cannot be written."""
        ...

    def write_scene_png(self, scene: Scene, path: Path, width_px: int) -> bool:
        """An exercise figure as a PNG on white; False when the file cannot be written."""
        ...
