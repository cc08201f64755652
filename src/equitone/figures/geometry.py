"""Small vector maths for the figure: 3-vectors, rotation matrices and the outline of a set of
circles (what a chain of spheres looks like from any side).

Plain tuples rather than numpy: a figure has a few dozen spheres, and tuple arithmetic in
pure Python is faster than creating numpy arrays that small.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from itertools import chain

Vec = tuple[float, float, float]
Mat = tuple[Vec, Vec, Vec]  # rows
Point = tuple[float, float]
Circle = tuple[float, float, float]  # x, y, radius (2-D)

IDENTITY: Mat = ((1.0, 0.0, 0.0), (0.0, 1.0, 0.0), (0.0, 0.0, 1.0))


def add(a: Vec, b: Vec) -> Vec:
    return (a[0] + b[0], a[1] + b[1], a[2] + b[2])


def sub(a: Vec, b: Vec) -> Vec:
    return (a[0] - b[0], a[1] - b[1], a[2] - b[2])


def scale(a: Vec, k: float) -> Vec:
    return (a[0] * k, a[1] * k, a[2] * k)


def dot(a: Vec, b: Vec) -> float:
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]


def length(a: Vec) -> float:
    return math.sqrt(dot(a, a))


def normalized(a: Vec) -> Vec:
    n = length(a)
    return (0.0, 0.0, 0.0) if n == 0 else (a[0] / n, a[1] / n, a[2] / n)


def mat_vec(m: Mat, v: Vec) -> Vec:
    return (
        m[0][0] * v[0] + m[0][1] * v[1] + m[0][2] * v[2],
        m[1][0] * v[0] + m[1][1] * v[1] + m[1][2] * v[2],
        m[2][0] * v[0] + m[2][1] * v[1] + m[2][2] * v[2],
    )


def mat_mul(a: Mat, b: Mat) -> Mat:
    cols = ((b[0][0], b[1][0], b[2][0]), (b[0][1], b[1][1], b[2][1]),
            (b[0][2], b[1][2], b[2][2]))
    return (
        (dot(a[0], cols[0]), dot(a[0], cols[1]), dot(a[0], cols[2])),
        (dot(a[1], cols[0]), dot(a[1], cols[1]), dot(a[1], cols[2])),
        (dot(a[2], cols[0]), dot(a[2], cols[1]), dot(a[2], cols[2])),
    )


def rotation(axis: str, degrees: float) -> Mat:
    """Right-handed rotation about a coordinate axis ('x', 'y' or 'z')."""
    if not degrees:
        return IDENTITY
    a = math.radians(degrees)
    c, s = math.cos(a), math.sin(a)
    if axis == "x":
        return ((1.0, 0.0, 0.0), (0.0, c, -s), (0.0, s, c))
    if axis == "y":
        return ((c, 0.0, s), (0.0, 1.0, 0.0), (-s, 0.0, c))
    return ((c, -s, 0.0), (s, c, 0.0), (0.0, 0.0, 1.0))


# -- outlines --------------------------------------------------------------------------------

PathOp = tuple[str, tuple[float, ...]]
"""("M", (x, y)), ("L", (x, y)), ("C", (x1, y1, x2, y2, x, y)) or ("Z", ())."""


def circle_path(x: float, y: float, r: float) -> list[PathOp]:
    ops: list[PathOp] = [("M", (x + r, y))]
    for quarter in range(4):
        ops.append(_arc(x, y, r, quarter * math.pi / 2, (quarter + 1) * math.pi / 2))
    ops.append(("Z", ()))
    return ops


def _arc(cx: float, cy: float, r: float, a0: float, a1: float) -> PathOp:
    """One cubic Bézier for an arc of at most 90° (angles grow with the path's orientation)."""
    k = 4.0 / 3.0 * math.tan((a1 - a0) / 4.0) * r
    c0, s0, c1, s1 = math.cos(a0), math.sin(a0), math.cos(a1), math.sin(a1)
    return ("C", (cx + r * c0 - k * s0, cy + r * s0 + k * c0,
                  cx + r * c1 + k * s1, cy + r * s1 - k * c1,
                  cx + r * c1, cy + r * s1))


def _arcs(cx: float, cy: float, r: float, a0: float, a1: float) -> list[PathOp]:
    while a1 < a0:
        a1 += 2 * math.pi
    pieces = max(1, math.ceil((a1 - a0) / (math.pi / 2) - 1e-9))
    step = (a1 - a0) / pieces
    return [_arc(cx, cy, r, a0 + i * step, a0 + (i + 1) * step) for i in range(pieces)]


def _outer(circles: Sequence[Circle]) -> list[int]:
    """Indexes of the circles that do not lie inside another one."""
    kept: list[int] = []
    for i, (x, y, r) in enumerate(circles):
        inside = False
        for j, (x2, y2, r2) in enumerate(circles):
            if i != j and math.hypot(x - x2, y - y2) + r <= r2 + 1e-9 and (r < r2 or j < i):
                inside = True
                break
        if not inside:
            kept.append(i)
    return kept


def _cross(o: Point, a: Point, b: Point) -> float:
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])


def _tangent_normal(a: Circle, b: Circle) -> tuple[float, float] | None:
    """The outward normal of the common tangent that has both circles on its left when
    walking from ``a`` to ``b`` (None when one circle holds the other)."""
    ax, ay, ar = a
    bx, by, br = b
    dx, dy = bx - ax, by - ay
    dist = math.hypot(dx, dy)
    if dist < 1e-9:
        return None
    cos_phi = (ar - br) / dist
    if cos_phi <= -1.0 or cos_phi >= 1.0:
        return None
    ux, uy = dx / dist, dy / dist
    sin_phi = math.sqrt(1.0 - cos_phi * cos_phi)
    return cos_phi * ux + sin_phi * uy, cos_phi * uy - sin_phi * ux


def _inside(circles: Sequence[Circle], i: int, j: int, normal: tuple[float, float],
            k: int) -> bool:
    """Circle ``k`` on the inner side of the tangent from ``i`` to ``j``. One touching the
    line counts only between them (the middle sphere of a tapered limb), so each circle has
    a single next one."""
    nx, ny = normal
    ax, ay, ar = circles[i]
    kx, ky, kr = circles[k]
    slack = nx * ax + ny * ay + ar - (nx * kx + ny * ky + kr)
    if slack > 1e-6:
        return True
    if slack < -1e-7:
        return False
    bx, by, _br = circles[j]
    dx, dy = bx - ax, by - ay
    along = ((kx - ax) * dx + (ky - ay) * dy) / (dx * dx + dy * dy or 1e-12)
    return 0.0 < along < 1.0


def _hull_order(circles: Sequence[Circle], candidates: list[int]) -> list[int]:
    """Which circles the outline touches, in the outline's (positive) order.

    The outline's straight pieces are the common tangents that leave every other circle on
    the inner side. Walking them, the outward normal turns steadily, so at each circle the
    next piece is the one whose normal turns least from the last: that also finds a circle
    the outline meets twice (a thick middle sphere seen end-on, with thinner ends beside
    it). Should the walk not close, points sampled on every circle are wrapped instead."""
    if len(candidates) == 2:
        return list(candidates)
    leaving: dict[int, list[tuple[float, int]]] = {}
    for i in candidates:
        for j in candidates:
            if i == j:
                continue
            normal = _tangent_normal(circles[i], circles[j])
            if normal is not None and all(_inside(circles, i, j, normal, k)
                                          for k in candidates if k != i and k != j):
                leaving.setdefault(i, []).append((math.atan2(normal[1], normal[0]), j))
    if not leaving:
        return [max(candidates, key=lambda k: circles[k][2])]
    first = next(iter(leaving))
    angle, current = leaving[first][0]
    start = (first, current)
    order = [first]
    for _step in range(2 * len(candidates) + 2):
        options = leaving.get(current)
        if not options:
            break
        turn, nxt = min(options, key=lambda o: (o[0] - angle) % (2 * math.pi))
        if (current, nxt) == start:
            return order
        order.append(current)
        angle, current = turn, nxt
    return _sampled_order(circles, candidates)


_SAMPLES = 24
_COS = tuple(math.cos(2 * math.pi * k / _SAMPLES) for k in range(_SAMPLES))
_SIN = tuple(math.sin(2 * math.pi * k / _SAMPLES) for k in range(_SAMPLES))


def _sampled_order(circles: Sequence[Circle], candidates: list[int]) -> list[int]:
    points: list[tuple[float, float, int]] = []
    for index in candidates:
        x, y, r = circles[index]
        points.extend((x + r * c, y + r * s, index) for c, s in zip(_COS, _SIN, strict=True))
    points.sort()
    lower: list[tuple[float, float, int]] = []
    for p in points:
        while len(lower) >= 2 and _cross(lower[-2][:2], lower[-1][:2], p[:2]) <= 0:
            lower.pop()
        lower.append(p)
    upper: list[tuple[float, float, int]] = []
    for p in reversed(points):
        while len(upper) >= 2 and _cross(upper[-2][:2], upper[-1][:2], p[:2]) <= 0:
            upper.pop()
        upper.append(p)
    order: list[int] = []
    for _x, _y, index in lower[:-1] + upper[:-1]:
        if not order or order[-1] != index:
            order.append(index)
    while len(order) > 1 and order[0] == order[-1]:
        order.pop()
    return order


Piece = tuple[int, Point, list[PathOp]]
"""(circle index, where the arc starts, the arc) — one stretch of an outline."""


def hull_pieces(circles: Sequence[Circle]) -> list[Piece]:
    """The outline of the convex hull of ``circles`` as arcs joined by exact common tangents
    (each arc is followed by a straight line to the next arc's start).

    A tapered capsule (two spheres and the cone between them) seen from any side is exactly
    this shape for its two projected circles, which is why the figure is built from spheres.
    """
    candidates = _outer(circles)
    order = _hull_order(circles, candidates) if len(candidates) > 1 else candidates
    if len(order) == 1:
        x, y, r = circles[order[0]]
        return [(order[0], (x + r, y), circle_path(x, y, r)[1:-1])]
    n = len(order)
    tangents: list[tuple[Point, Point]] = []  # (leaving order[i], arriving at order[i+1])
    for i in range(n):
        ax, ay, ar = circles[order[i]]
        bx, by, br = circles[order[(i + 1) % n]]
        nx, ny = _tangent_normal(circles[order[i]], circles[order[(i + 1) % n]]) or (0.0, 1.0)
        tangents.append(((ax + ar * nx, ay + ar * ny), (bx + br * nx, by + br * ny)))
    pieces: list[Piece] = []
    for i in range(n):
        cx, cy, r = circles[order[i]]
        arrive = tangents[i - 1][1]
        leave = tangents[i][0]
        a0 = math.atan2(arrive[1] - cy, arrive[0] - cx)
        a1 = math.atan2(leave[1] - cy, leave[0] - cx)
        pieces.append((order[i], arrive, _arcs(cx, cy, r, a0, a1)))  # angles grow
    return pieces


def closed_path(pieces: Sequence[Piece]) -> list[PathOp]:
    ops: list[PathOp] = []
    for _index, start, arc in pieces:
        ops.append(("L" if ops else "M", start))
        ops.extend(arc)
    ops.append(("Z", ()))
    return ops


def hull_path(circles: Sequence[Circle]) -> list[PathOp]:
    return closed_path(hull_pieces(circles))


def convex_hull(points: Sequence[Point]) -> list[Point]:
    """Andrew's monotone chain: the hull's corners in positive order."""
    ordered = sorted(set(points))
    if len(ordered) < 3:
        return ordered
    lower: list[Point] = []
    for p in ordered:
        while len(lower) >= 2 and _cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    upper: list[Point] = []
    for p in reversed(ordered):
        while len(upper) >= 2 and _cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return lower[:-1] + upper[:-1]


def polygon_path(points: Sequence[Point], closed: bool = True) -> list[PathOp]:
    ops: list[PathOp] = [("M", points[0])]
    ops.extend(("L", p) for p in points[1:])
    if closed:
        ops.append(("Z", ()))
    return ops


def path_bounds(ops: Sequence[PathOp]) -> tuple[float, float, float, float]:
    """A box around every point of the path (control points included: never too small)."""
    xs = list(chain.from_iterable(values[0::2] for _op, values in ops))
    ys = list(chain.from_iterable(values[1::2] for _op, values in ops))
    return min(xs), min(ys), max(xs), max(ys)
