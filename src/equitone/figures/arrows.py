"""The movement arrow: which point moves most between the start and end frames, the joint it
turns about, and an arc just outside its path, so the arrow reads as "this goes there"."""

from __future__ import annotations

import math
from dataclasses import dataclass

from .camera import Projector
from .geometry import PathOp, Point, Vec, polygon_path
from .kinematics import Posed
from .points import world_point

# a moving point and the joints it may turn about, nearest first
CHAINS: dict[str, tuple[str, ...]] = {
    "toe.r": ("ankle.r", "knee.r", "hip.r", "pelvis"),
    "toe.l": ("ankle.l", "knee.l", "hip.l", "pelvis"),
    "heel.r": ("ankle.r", "knee.r", "hip.r", "pelvis"),
    "heel.l": ("ankle.l", "knee.l", "hip.l", "pelvis"),
    "knee.r": ("hip.r", "pelvis"),
    "knee.l": ("hip.l", "pelvis"),
    "fingers.r": ("wrist.r", "elbow.r", "shoulder.r"),
    "fingers.l": ("wrist.l", "elbow.l", "shoulder.l"),
    "hand.r": ("elbow.r", "shoulder.r"),
    "hand.l": ("elbow.l", "shoulder.l"),
    "elbow.r": ("shoulder.r",),
    "elbow.l": ("shoulder.l",),
    "head": ("neck", "pelvis", "hip.r"),
    "forehead": ("neck", "pelvis"),
    "chest": ("pelvis", "hip.r"),
    "upper-back": ("pelvis", "hip.r"),
    "pelvis": ("knee.r", "ankle.r"),
}
CANDIDATES = ("toe.r", "toe.l", "knee.r", "knee.l", "fingers.r", "fingers.l", "elbow.r",
              "elbow.l", "head", "chest", "pelvis", "heel.r", "heel.l")
MIN_MOVE = 4.0  # cm on the picture: less than this is not worth an arrow
GAP = 6.0  # cm between the moving point's path and the arrow
HEAD = 5.5  # arrowhead length, cm
WIDTH = 1.1  # arrow line width, cm


@dataclass(frozen=True, slots=True)
class Arrow:
    line: tuple[PathOp, ...]
    head: tuple[PathOp, ...]


def _xy(name: str, posed: Posed, projector: Projector) -> Point:
    return projector.xy(world_point(name, posed))


def moving_point(start: Posed, end: Posed, projector: Projector,
                 names: tuple[str, ...] = CANDIDATES) -> tuple[str, float]:
    best, distance = names[0], -1.0
    for name in names:
        a, b = _xy(name, start, projector), _xy(name, end, projector)
        d = math.hypot(b[0] - a[0], b[1] - a[1])
        if d > distance + 0.5:
            best, distance = name, d
    return best, distance


def _head(tip: Point, direction: Point) -> tuple[PathOp, ...]:
    dx, dy = direction
    n = math.hypot(dx, dy) or 1.0
    dx, dy = dx / n, dy / n
    base = (tip[0] - dx * HEAD, tip[1] - dy * HEAD)
    half = HEAD * 0.55
    return tuple(polygon_path([tip, (base[0] - dy * half, base[1] + dx * half),
                               (base[0] + dy * half, base[1] - dx * half)]))


def _straight(a: Point, b: Point) -> Arrow:
    dx, dy = b[0] - a[0], b[1] - a[1]
    n = math.hypot(dx, dy) or 1.0
    # beside the path, not on top of the limb: shift sideways by the gap
    ox, oy = -dy / n * GAP, dx / n * GAP
    a2 = (a[0] + ox + dx * 0.12, a[1] + oy + dy * 0.12)
    b2 = (b[0] + ox - dx * 0.06, b[1] + oy - dy * 0.06)
    tail = (b2[0] - dx / n * HEAD * 0.8, b2[1] - dy / n * HEAD * 0.8)
    return Arrow(tuple(polygon_path([a2, tail], closed=False)), _head(b2, (dx, dy)))


def movement_arrow(start: Posed, end: Posed, projector: Projector,
                   point: str = "auto", *, straight: bool = False) -> Arrow | None:
    name = moving_point(start, end, projector)[0] if point == "auto" else point
    a, b = _xy(name, start, projector), _xy(name, end, projector)
    if math.hypot(b[0] - a[0], b[1] - a[1]) < MIN_MOVE:
        return None
    if straight:
        return _straight(a, b)
    best: tuple[float, Point] | None = None
    for joint in CHAINS.get(name, ()):
        c0, c1 = _xy(joint, start, projector), _xy(joint, end, projector)
        drift = math.hypot(c1[0] - c0[0], c1[1] - c0[1])
        r0 = math.hypot(a[0] - c0[0], a[1] - c0[1])
        r1 = math.hypot(b[0] - c1[0], b[1] - c1[1])
        error = drift + abs(r0 - r1)
        if r0 > 3.0 and (best is None or error < best[0]):
            best = (error, ((c0[0] + c1[0]) / 2, (c0[1] + c1[1]) / 2))
    chord = math.hypot(b[0] - a[0], b[1] - a[1])
    if best is None or best[0] > 0.35 * chord:
        return _straight(a, b)
    return _arc(best[1], a, b)


def _arc(centre: Point, a: Point, b: Point) -> Arrow:
    cx, cy = centre
    r = (math.hypot(a[0] - cx, a[1] - cy) + math.hypot(b[0] - cx, b[1] - cy)) / 2 + GAP
    a0 = math.atan2(a[1] - cy, a[0] - cx)
    a1 = math.atan2(b[1] - cy, b[0] - cx)
    sweep = (a1 - a0 + math.pi) % (2 * math.pi) - math.pi  # the shorter way round
    if abs(sweep) < 0.05:
        return _straight(a, b)
    start = a0 + sweep * 0.1
    stop = a0 + sweep * 0.94 - math.copysign(HEAD * 0.8 / r, sweep)
    steps = max(4, int(abs(stop - start) / 0.12))
    points = [(cx + r * math.cos(start + (stop - start) * k / steps),
               cy + r * math.sin(start + (stop - start) * k / steps)) for k in range(steps + 1)]
    end_angle = a0 + sweep * 0.94
    tip = (cx + r * math.cos(end_angle), cy + r * math.sin(end_angle))
    tangent = (-math.sin(end_angle) * math.copysign(1, sweep),
               math.cos(end_angle) * math.copysign(1, sweep))
    return Arrow(tuple(polygon_path(points, closed=False)), _head(tip, tangent))


def push_back_arrow(start: Posed, end: Posed, projector: Projector,
                    point: str = "auto") -> Arrow | None:
    """At the end position, a short arrow back toward the start: "push gently this way"
    (the muscle's contraction against a hand, in hold-relax stretching)."""
    name = moving_point(start, end, projector)[0] if point == "auto" else point
    a, b = _xy(name, start, projector), _xy(name, end, projector)
    return _short(b, (a[0] - b[0], a[1] - b[1]), inward=False)


def _short(p: Point, direction: Point, *, inward: bool) -> Arrow | None:
    dx, dy = direction
    n = math.hypot(dx, dy)
    if n < 1e-6:
        return None
    dx, dy = dx / n, dy / n
    if inward:  # coming from outside, ending at the point
        tip = (p[0] - dx * 3.0, p[1] - dy * 3.0)
        tail = (p[0] - dx * 19.0, p[1] - dy * 19.0)
    else:
        tail = (p[0] + dx * 4.0, p[1] + dy * 4.0)
        tip = (p[0] + dx * 20.0, p[1] + dy * 20.0)
    neck = (tip[0] - dx * HEAD * 0.8, tip[1] - dy * HEAD * 0.8)
    return Arrow(tuple(polygon_path([tail, neck], closed=False)), _head(tip, (dx, dy)))


def push_arrow(posed: Posed, projector: Projector, point: str, push: Vec,
               inward: bool = False) -> Arrow | None:
    """A short arrow from ``point`` along ``push`` (a world direction): which way the body
    presses in isometric work, where nothing visibly moves."""
    p = _xy(point, posed, projector)
    far = projector.xy((push[0] * 100, push[1] * 100, push[2] * 100))
    origin = projector.xy((0.0, 0.0, 0.0))
    return _short(p, (far[0] - origin[0], far[1] - origin[1]), inward=inward)
