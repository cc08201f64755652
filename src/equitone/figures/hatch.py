"""Hatch patterns as line segments, so every adapter draws the same second cue over a tone
state's colour (the body map's rule: a state is never told by colour alone).

The adapters clip the segments to the shape; dots are segments too short to see as lines,
drawn with round caps.
"""

from __future__ import annotations

import math

from .geometry import PathOp, Point, path_bounds

Segment = tuple[Point, Point]

PATTERNS: dict[str, tuple[float, ...]] = {
    # name → line angles in degrees (empty: dots)
    "dots": (),
    "bdiag": (45.0,),
    "cross": (0.0, 90.0),
    "diagcross": (45.0, -45.0),
    "horizontal": (0.0,),
}


def hatch_lines(path: tuple[PathOp, ...] | list[PathOp], kind: str,
                spacing: float) -> list[Segment]:
    """Segments covering the path's bounding box at ``spacing`` apart."""
    if kind not in PATTERNS or spacing <= 0:
        return []
    left, top, right, bottom = path_bounds(path)
    if PATTERNS[kind] == ():
        step = spacing * 1.6
        dots: list[Segment] = []
        row = 0
        y = top + step / 2
        while y < bottom:
            x = left + step / 2 + (step / 2 if row % 2 else 0.0)
            while x < right:
                dots.append(((x, y), (x + spacing * 0.01, y)))
                x += step
            y += step
            row += 1
        return dots
    segments: list[Segment] = []
    cx, cy = (left + right) / 2, (top + bottom) / 2
    reach = math.hypot(right - left, bottom - top) / 2 + spacing
    for angle in PATTERNS[kind]:
        a = math.radians(angle)
        ux, uy = math.cos(a), -math.sin(a)  # along the line (y down: 45° rises to the right)
        nx, ny = -uy, ux
        count = int(reach / spacing)
        for k in range(-count, count + 1):
            ox, oy = cx + nx * k * spacing, cy + ny * k * spacing
            segments.append(((ox - ux * reach, oy - uy * reach), (ox + ux * reach,
                                                                   oy + uy * reach)))
    return segments
