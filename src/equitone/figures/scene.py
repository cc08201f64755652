"""What a drawn figure is made of, independent of where it is drawn: filled and stroked paths
in paint order, in centimetres with y pointing down (as on a page or a screen).

The SVG writer, the PDF adapter and the QPainter adapter each turn a :class:`Scene` into
their own calls; none of them knows about bones or poses.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

from .geometry import PathOp

Path = tuple[PathOp, ...]
Bounds = tuple[float, float, float, float]  # left, top, right, bottom


@dataclass(frozen=True, slots=True)
class Style:
    fill: str | None = None  # "#rrggbb"
    stroke: str | None = None
    width: float = 0.0  # stroke width in scene units; adapters keep a readable minimum
    opacity: float = 1.0
    dash: tuple[float, ...] = ()  # in stroke widths
    hatch: str | None = None  # a pattern name from :mod:`.hatch`, drawn over the fill
    hatch_colour: str = "#000000"
    cap: str = "round"  # "round" or "butt"


@dataclass(frozen=True, slots=True)
class Shape:
    path: Path
    style: Style
    clip: Path | None = None  # drawn only inside this outline
    role: str = ""  # "body", "muscle", "prop", "arrow", "ghost", "floor", "photo"
    key: str = ""  # what it shows: a bone group, "gluteus-medius:right", "lacrosse-ball" …
    image: bytes | None = None  # a photo (JPEG/PNG) filling the path's bounds, upright


def photo_scene(key: str, data: bytes, width_px: int, height_px: int) -> Scene:
    """A photo as a scene of one shape, 40 units wide, so a clinician's own photographed
    exercise goes wherever a drawn figure goes (lists, cards, files)."""
    width = 40.0
    height = width * height_px / max(1, width_px)
    rect: Path = (("M", (0.0, 0.0)), ("L", (width, 0.0)), ("L", (width, height)),
                  ("L", (0.0, height)), ("Z", ()))
    digest = hashlib.sha256(data).hexdigest()[:16]  # a new photo is a new picture to cache
    return Scene((Shape(rect, Style(), None, "photo", key, data),), (0.0, 0.0, width, height),
                 key=f"photo|{key}|{digest}")


def media_type(data: bytes) -> str:
    """"image/png" or "image/jpeg" from the bytes' signature."""
    return "image/png" if data[:8] == b"\x89PNG\r\n\x1a\n" else "image/jpeg"


@dataclass(frozen=True, slots=True)
class Scene:
    shapes: tuple[Shape, ...]
    bounds: Bounds
    notes: tuple[str, ...] = field(default=())  # what was left out and why (for tests/tools)
    key: str = ""  # names the picture (exercise, frame, side, tags): equal keys, equal shapes

    @property
    def width(self) -> float:
        return self.bounds[2] - self.bounds[0]

    @property
    def height(self) -> float:
        return self.bounds[3] - self.bounds[1]

    def with_margin(self, margin: float) -> Scene:
        left, top, right, bottom = self.bounds
        return Scene(self.shapes, (left - margin, top - margin, right + margin,
                                   bottom + margin), self.notes, self.key)

    def fitted_to(self, aspect: float) -> Scene:
        """The same drawing in a box of width/height ``aspect``, centred (a slot on a card
        is a fixed shape; a lying and a standing figure both fill it as well as they can)."""
        left, top, right, bottom = self.bounds
        width, height = right - left, bottom - top
        if width / height < aspect:
            extra = (height * aspect - width) / 2
            return Scene(self.shapes, (left - extra, top, right + extra, bottom), self.notes,
                         self.key)
        extra = (width / aspect - height) / 2
        return Scene(self.shapes, (left, top - extra, right, bottom + extra), self.notes,
                     self.key)


def replay(path: Path, move: Callable[[float, float], object],
           line: Callable[[float, float], object],
           curve: Callable[[float, float, float, float, float, float], object],
           close: Callable[[], object]) -> None:
    """Hand the path's commands to a drawing API (QPainterPath, a PDF path, …)."""
    for op, v in path:
        if op == "M":
            move(v[0], v[1])
        elif op == "L":
            line(v[0], v[1])
        elif op == "C":
            curve(v[0], v[1], v[2], v[3], v[4], v[5])
        else:
            close()
