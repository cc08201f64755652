"""Where the figure is seen from: an orthographic camera turned around the body.

Azimuth 0 looks at the body's right side (the figure faces the picture's right), 90 at its
front, -90 at its back; elevation tilts the camera up to look down on a figure on the floor.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .geometry import Vec, dot

NAMED_VIEWS: dict[str, tuple[float, float]] = {
    "side": (0.0, 0.0),
    "front": (90.0, 0.0),
    "back": (-90.0, 0.0),
    "top": (0.0, 90.0),
}


@dataclass(frozen=True, slots=True)
class Camera:
    azimuth: float = 0.0
    elevation: float = 0.0

    @property
    def axes(self) -> tuple[Vec, Vec, Vec]:
        """(screen right, screen up, toward the camera) in world coordinates."""
        a, e = math.radians(self.azimuth), math.radians(self.elevation)
        toward_h = (math.sin(a), -math.cos(a), 0.0)
        right = (math.cos(a), math.sin(a), 0.0)
        ce, se = math.cos(e), math.sin(e)
        toward = (toward_h[0] * ce, toward_h[1] * ce, se)
        up = (-toward_h[0] * se, -toward_h[1] * se, ce)
        return right, up, toward

    def projector(self, *, mirror: bool = False) -> Projector:
        """``mirror``: the picture flipped left to right (the same exercise done with the
        other side of the body)."""
        right, up, toward = self.axes
        if mirror:
            right = (-right[0], -right[1], -right[2])
        return Projector(right, up, toward)


@dataclass(frozen=True, slots=True)
class Projector:
    right: Vec
    up: Vec
    toward: Vec

    def xy(self, p: Vec) -> tuple[float, float]:
        """Picture coordinates (y down)."""
        return (p[0] * self.right[0] + p[1] * self.right[1] + p[2] * self.right[2],
                -(p[0] * self.up[0] + p[1] * self.up[1] + p[2] * self.up[2]))

    def depth(self, p: Vec) -> float:
        """Larger is nearer the viewer."""
        return dot(p, self.toward)


def camera_from(value: object) -> Camera:
    """A camera from a pose file: "side", "front", … or {"azimuth": a, "elevation": e}."""
    if isinstance(value, str):
        if value not in NAMED_VIEWS:
            raise ValueError(f"unknown view {value!r} (use {', '.join(NAMED_VIEWS)} or "
                             "an azimuth/elevation)")
        return Camera(*NAMED_VIEWS[value])
    if isinstance(value, dict):
        base = NAMED_VIEWS.get(str(value.get("from", "side")))
        if base is None:
            raise ValueError(f"unknown view {value.get('from')!r}")
        return Camera(base[0] + float(value.get("azimuth", 0.0)),
                      base[1] + float(value.get("elevation", 0.0)))
    raise ValueError(f"a view is a name or an object, not {value!r}")
