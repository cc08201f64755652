"""Arrow-key navigation between regions: pure geometry, no Qt widgets (easy to test)."""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping
from typing import TypeVar

from PySide6.QtCore import QPointF

K = TypeVar("K", bound=Hashable)

DIRECTIONS: dict[str, tuple[float, float]] = {
    "left": (-1.0, 0.0),
    "right": (1.0, 0.0),
    "up": (0.0, -1.0),
    "down": (0.0, 1.0),
}


def nearest_in_direction(
    centres: Mapping[K, QPointF], origin: K, direction: tuple[float, float]
) -> K | None:
    """The region whose centre lies best in ``direction`` (screen axes) from ``origin``'s centre.

    Candidates must be ahead (within a 60° half-cone); among them the score is the distance
    plus twice the sideways offset, so a slightly farther region straight ahead beats a near
    one off to the side — what people expect from arrow keys on a map.
    """
    start = centres[origin]
    dx, dy = direction
    best: K | None = None
    best_score = math.inf
    for key, c in centres.items():
        if key == origin:
            continue
        vx, vy = c.x() - start.x(), c.y() - start.y()
        along = vx * dx + vy * dy
        side = abs(vx * dy - vy * dx)
        if along <= 1e-6 or side > along * math.tan(math.radians(60)):
            continue
        score = math.hypot(vx, vy) + 2 * side
        if score < best_score:
            best, best_score = key, score
    return best
