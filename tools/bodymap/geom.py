"""Tiny geometry DSL for the body map: knots -> cubic bezier outlines, limb frames, straps.

Everything is authored on the VIEWER-LEFT half of the figure (x < 300) and mirrored with
x' = 600 - x.  A *knot* is ``(x, y)`` (smooth, handles derived from neighbours like a
Catmull-Rom spline with chord-length scaling) or ``(x, y, "c")`` (corner: handles point
straight at the neighbours).  A knot may also carry explicit handles:
``(x, y, "h", (in_dx, in_dy), (out_dx, out_dy))``.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

Pt = tuple[float, float]
Knot = tuple[float, float] | tuple[float, float, str] | tuple
Seg = tuple[Pt, Pt, Pt, Pt]  # cubic: p0, c1, c2, p1

MID_X = 300.0
SMOOTH = 0.36  # handle length as a fraction of the chord


def corner(p: Pt) -> tuple[float, float, str]:
    return (p[0], p[1], "c")


def _xy(k: Knot) -> Pt:
    return (float(k[0]), float(k[1]))


def _is_corner(k: Knot) -> bool:
    return len(k) >= 3 and k[2] == "c"


def _dist(a: Pt, b: Pt) -> float:
    return math.hypot(b[0] - a[0], b[1] - a[1]) or 1e-9


def _handles(prev: Pt, cur: Pt, nxt: Pt, k: Knot, smooth: float) -> tuple[Pt, Pt]:
    """Return (in_handle, out_handle) absolute points for knot ``cur``."""
    if len(k) >= 5 and k[2] == "h":
        (ix, iy), (ox, oy) = k[3], k[4]
        return (cur[0] + ix, cur[1] + iy), (cur[0] + ox, cur[1] + oy)
    d1, d2 = _dist(prev, cur), _dist(cur, nxt)
    if _is_corner(k):
        hin = (cur[0] + (prev[0] - cur[0]) * smooth, cur[1] + (prev[1] - cur[1]) * smooth)
        hout = (cur[0] + (nxt[0] - cur[0]) * smooth, cur[1] + (nxt[1] - cur[1]) * smooth)
        return hin, hout
    tx, ty = (nxt[0] - prev[0]) / (d1 + d2), (nxt[1] - prev[1]) / (d1 + d2)
    return (cur[0] - tx * d1 * smooth, cur[1] - ty * d1 * smooth), (cur[0] + tx * d2 * smooth, cur[1] + ty * d2 * smooth)


def closed(knots: Sequence[Knot], smooth: float = SMOOTH) -> list[Seg]:
    """A closed smooth outline through ``knots``."""
    pts = [_xy(k) for k in knots]
    n = len(pts)
    hs = [_handles(pts[i - 1], pts[i], pts[(i + 1) % n], knots[i], smooth) for i in range(n)]
    return [(pts[i], hs[i][1], hs[(i + 1) % n][0], pts[(i + 1) % n]) for i in range(n)]


def open_curve(knots: Sequence[Knot], smooth: float = SMOOTH) -> list[Seg]:
    """An open smooth curve through ``knots`` (end tangents one-sided)."""
    pts = [_xy(k) for k in knots]
    n = len(pts)
    if n == 2:
        a, b = pts
        return [(a, _lerp(a, b, 1 / 3), _lerp(a, b, 2 / 3), b)]
    hs = []
    for i in range(n):
        prev = pts[i - 1] if i > 0 else pts[i]
        nxt = pts[i + 1] if i < n - 1 else pts[i]
        k = knots[i] if 0 < i < n - 1 else (pts[i][0], pts[i][1], "c")
        if i == 0:
            prev = (2 * pts[0][0] - pts[1][0], 2 * pts[0][1] - pts[1][1])
        if i == n - 1:
            nxt = (2 * pts[-1][0] - pts[-2][0], 2 * pts[-1][1] - pts[-2][1])
        hs.append(_handles(prev, pts[i], nxt, k if 0 < i < n - 1 else (0, 0), smooth))
    return [(pts[i], hs[i][1], hs[i + 1][0], pts[i + 1]) for i in range(n - 1)]


def _lerp(a: Pt, b: Pt, t: float) -> Pt:
    return (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t)


def bez(seg: Seg, t: float) -> Pt:
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = seg
    u = 1 - t
    a, b, c, d = u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t
    return (a * x0 + b * x1 + c * x2 + d * x3, a * y0 + b * y1 + c * y2 + d * y3)


def sample(segs: Sequence[Seg], per_seg: int = 12) -> list[Pt]:
    out: list[Pt] = []
    for s in segs:
        for i in range(per_seg):
            out.append(bez(s, i / per_seg))
    out.append(segs[-1][3])
    return out


def mirror_pt(p: Pt) -> Pt:
    return (2 * MID_X - p[0], p[1])


def mirror_segs(segs: Sequence[Seg]) -> list[Seg]:
    return [tuple(mirror_pt(p) for p in s) for s in segs]  # type: ignore[misc]


def reverse_segs(segs: Sequence[Seg]) -> list[Seg]:
    return [(s[3], s[2], s[1], s[0]) for s in reversed(segs)]


def fmt(v: float) -> str:
    s = f"{v:.1f}"
    return s[:-2] if s.endswith(".0") else s


def segs_to_d(subpaths: Iterable[Sequence[Seg]], close: bool = True) -> str:
    """Compact path data: one ``C`` per subpath with implicitly repeated coordinate triples."""
    parts: list[str] = []
    for segs in subpaths:
        if not segs:
            continue
        if close and len(segs) >= 3 and all(_straight(sg) for sg in segs):
            parts.append(poly_d([sg[0] for sg in segs], close=True))
            continue
        p0 = segs[0][0]
        coords = " ".join(
            f"{fmt(c1[0])} {fmt(c1[1])} {fmt(c2[0])} {fmt(c2[1])} {fmt(p1[0])} {fmt(p1[1])}"
            for _, c1, c2, p1 in segs
        )
        parts.append(f"M{fmt(p0[0])} {fmt(p0[1])}C{coords}{'Z' if close else ''}")
    return "".join(parts)


def rdp(pts: Sequence[Pt], tol: float) -> list[Pt]:
    """Douglas-Peucker simplification of an open polyline (iterative; endpoints kept)."""
    n = len(pts)
    if n < 3:
        return list(pts)
    keep = [False] * n
    keep[0] = keep[-1] = True
    stack = [(0, n - 1)]
    while stack:
        i0, i1 = stack.pop()
        (ax, ay), (bx, by) = pts[i0], pts[i1]
        dx, dy = bx - ax, by - ay
        seg_len = math.hypot(dx, dy)
        dmax, idx = -1.0, -1
        for i in range(i0 + 1, i1):
            px, py = pts[i]
            if seg_len < 1e-9:
                d = math.hypot(px - ax, py - ay)
            else:
                d = abs((px - ax) * dy - (py - ay) * dx) / seg_len
            if d > dmax:
                dmax, idx = d, i
        if idx >= 0 and dmax > tol:
            keep[idx] = True
            stack += [(i0, idx), (idx, i1)]
    return [p for p, k in zip(pts, keep, strict=True) if k]


def rdp_ring(ring: Sequence[Pt], tol: float) -> list[Pt]:
    """Douglas-Peucker for a closed ring: split at the two mutually far points."""
    n = len(ring)
    if n < 4:
        return list(ring)
    far = max(range(n), key=lambda i: (ring[i][0] - ring[0][0]) ** 2 + (ring[i][1] - ring[0][1]) ** 2)
    a = rdp([*ring[: far + 1]], tol)
    b = rdp([*ring[far:], ring[0]], tol)
    return a[:-1] + b[:-1]


def _dedupe(pts: Sequence[Pt]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for x, y in pts:
        q = (fmt(x), fmt(y))
        if not out or out[-1] != q:
            out.append(q)
    return out


def poly_d(pts: Sequence[Pt], close: bool) -> str:
    """``Mx y x y x y ...`` rounded to 0.1 px.

    The pairs after the moveto are implicit absolute linetos (SVG 1.1, 8.3.2), so a whole
    polyline is a single command for the app's parser.
    """
    q = _dedupe(pts)
    if close and len(q) > 1 and q[0] == q[-1]:
        q.pop()
    if len(q) < 2:
        return ""
    return "M" + " ".join(f"{x} {y}" for x, y in q) + ("Z" if close else "")


def _straight(seg: Seg, tol: float = 0.05) -> bool:
    (ax, ay), c1, c2, (bx, by) = seg
    dx, dy = bx - ax, by - ay
    L = math.hypot(dx, dy)
    if L < 1e-9:
        return False
    return all(abs((cx - ax) * dy - (cy - ay) * dx) / L <= tol for cx, cy in (c1, c2))


# --------------------------------------------------------------------------- limb frames
@dataclass(frozen=True)
class Frame:
    """Limb segment from ``a`` (proximal) to ``b`` (distal).

    ``p(t, off)``: t along the bone (0 proximal, 1 distal), off = px perpendicular,
    positive = LATERAL (away from the midline on the viewer-left half).
    """

    a: Pt
    b: Pt

    @property
    def length(self) -> float:
        return _dist(self.a, self.b)

    def normal(self) -> Pt:
        dx, dy = (self.b[0] - self.a[0]) / self.length, (self.b[1] - self.a[1]) / self.length
        n = (-dy, dx)
        if n[0] > 0:  # lateral on the viewer-left half points to smaller x
            n = (dy, -dx)
        return n

    def p(self, t: float, off: float = 0.0, flag: str | None = None) -> Knot:
        nx, ny = self.normal()
        x = self.a[0] + (self.b[0] - self.a[0]) * t + nx * off
        y = self.a[1] + (self.b[1] - self.a[1]) * t + ny * off
        return (x, y, flag) if flag else (x, y)

    def c(self, t: float, off: float = 0.0) -> Knot:
        return self.p(t, off, "c")


@dataclass
class Profile:
    """Piecewise-linear width table: [(t, width), ...]."""

    table: list[tuple[float, float]] = field(default_factory=list)

    def __call__(self, t: float) -> float:
        tb = self.table
        if t <= tb[0][0]:
            return tb[0][1]
        for (t0, w0), (t1, w1) in itertools.pairwise(tb):
            if t <= t1:
                u = (t - t0) / (t1 - t0)
                s = u * u * (3 - 2 * u)  # smoothstep for softer contours
                return w0 + (w1 - w0) * s
        return tb[-1][1]


def strap(center: Sequence[Pt], widths: Sequence[float], round_ends: bool = False) -> list[Knot]:
    """Closed knot list for a band of given widths along a centre polyline."""
    left: list[Knot] = []
    right: list[Knot] = []
    n = len(center)
    for i, (x, y) in enumerate(center):
        a = center[max(i - 1, 0)]
        b = center[min(i + 1, n - 1)]
        dx, dy = b[0] - a[0], b[1] - a[1]
        L = math.hypot(dx, dy) or 1.0
        nx, ny = -dy / L, dx / L
        w = widths[i] / 2
        flag = "c" if (i in (0, n - 1) and not round_ends) else None
        pl = (x + nx * w, y + ny * w)
        pr = (x - nx * w, y - ny * w)
        left.append((*pl, flag) if flag else pl)
        right.append((*pr, flag) if flag else pr)
    return left + list(reversed(right))


def ellipse_knots(cx: float, cy: float, rx: float, ry: float, n: int = 8, rot: float = 0.0) -> list[Knot]:
    out: list[Knot] = []
    cr, sr = math.cos(math.radians(rot)), math.sin(math.radians(rot))
    for i in range(n):
        a = 2 * math.pi * i / n
        x, y = rx * math.cos(a), ry * math.sin(a)
        out.append((cx + x * cr - y * sr, cy + x * sr + y * cr))
    return out


# --------------------------------------------------------------------------- fibre specs
@dataclass
class Between:
    """Fibres running from points along polyline ``a`` to matching points along ``b``.

    ``bend`` bows each fibre sideways (px, + = to the left of the a->b direction).
    """

    a: list[Pt]
    b: list[Pt]
    n: int = 14
    bend: float = 0.0


@dataclass
class Parallel:
    """Straight parallel fibres at ``angle`` degrees (0 = +x, 90 = +y / down), ``spacing`` px."""

    angle: float
    spacing: float = 5.0


@dataclass
class Along:
    """Fibres parallel to a centre polyline (strap muscles), at the given perpendicular offsets."""

    center: list[Pt]
    offsets: list[float]


FibreSpec = Between | Parallel | Along


def polyline_at(poly: Sequence[Pt], s: float) -> Pt:
    """Point at arclength fraction s along a polyline (a single point is allowed)."""
    if len(poly) == 1:
        return poly[0]
    lens = [_dist(a, b) for a, b in itertools.pairwise(poly)]
    total = sum(lens)
    target = s * total
    for (a, b), L in zip(itertools.pairwise(poly), lens, strict=False):
        if target <= L:
            return _lerp(a, b, target / L)
        target -= L
    return poly[-1]


def fibre_lines(spec: FibreSpec, bbox: tuple[float, float, float, float]) -> list[list[Pt]]:
    """Unclipped fibre polylines for a spec."""
    lines: list[list[Pt]] = []
    if isinstance(spec, Along):
        c = spec.center
        n = len(c)
        for off in spec.offsets:
            pts = []
            for i, (x, y) in enumerate(c):
                a, b = c[max(i - 1, 0)], c[min(i + 1, n - 1)]
                dx, dy = b[0] - a[0], b[1] - a[1]
                L = math.hypot(dx, dy) or 1.0
                pts.append((x - dy / L * off, y + dx / L * off))
            segs = open_curve(pts)
            lines.append(sample(segs, 8))
        return lines
    if isinstance(spec, Between):
        for i in range(spec.n):
            s = (i + 0.5) / spec.n
            p, q = polyline_at(spec.a, s), polyline_at(spec.b, s)
            dx, dy = q[0] - p[0], q[1] - p[1]
            L = math.hypot(dx, dy) or 1.0
            mx, my = (p[0] + q[0]) / 2 + dy / L * spec.bend, (p[1] + q[1]) / 2 - dx / L * spec.bend
            pts = []
            for j in range(41):
                t = j / 40
                u = 1 - t
                pts.append((u * u * p[0] + 2 * u * t * mx + t * t * q[0], u * u * p[1] + 2 * u * t * my + t * t * q[1]))
            lines.append(pts)
    else:
        x0, y0, x1, y1 = bbox
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        R = math.hypot(x1 - x0, y1 - y0) / 2 + 2
        a = math.radians(spec.angle)
        dx, dy = math.cos(a), math.sin(a)
        nx, ny = -dy, dx
        k = -R
        while k <= R:
            px, py = cx + nx * k, cy + ny * k
            steps = max(8, int(2 * R / 2.5))
            lines.append([(px + dx * (-R + 2 * R * j / steps), py + dy * (-R + 2 * R * j / steps)) for j in range(steps + 1)])
            k += spec.spacing
    return lines
