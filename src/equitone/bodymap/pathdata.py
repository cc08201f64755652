"""SVG path ``d`` data and basic shapes to :class:`QPainterPath`.

Why our own parser: the body map needs exact per-region shapes for hit-testing and
recolouring, and ``QSvgRenderer`` only gives pixels or bounding boxes (docs/architecture.md).
The grammar is small: all commands ``MLHVCSQTAZ`` in absolute and relative form, implicit
repetition, compact numbers (``1.5.5`` is two numbers, ``1e-3``), and arcs converted to cubic
Béziers.
"""

from __future__ import annotations

import math
import re

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QPainterPath

_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_SEPARATORS = " \t\r\n,"
_COMMAND = re.compile(r"([MmLlHhVvCcSsQqTtAaZz])")
_JUNK = re.compile(r"[^0-9eE.+\-\s,MmLlHhVvCcSsQqTtAaZz]")
_ARGC = {"M": 2, "L": 2, "H": 1, "V": 1, "C": 6, "S": 4, "Q": 4, "T": 2, "A": 7, "Z": 0}
_WINDING = Qt.FillRule.WindingFill
_ARGC_ANY_CASE = {**_ARGC, **{k.lower(): v for k, v in _ARGC.items()}}


class PathSyntaxError(ValueError):
    """The ``d`` attribute could not be read."""


def _arc_numbers(body: str) -> list[float]:
    """Numbers of an arc segment; flags may be packed (``0 011 0`` is ``0 0 1 1 0``)."""
    out: list[float] = []
    pos, n = 0, len(body)
    while pos < n:
        ch = body[pos]
        if ch in _SEPARATORS:
            pos += 1
            continue
        if len(out) % 7 in (3, 4):
            if ch not in "01":
                raise PathSyntaxError("arc flag must be 0 or 1")
            out.append(float(ch))
            pos += 1
            continue
        m = _NUMBER.match(body, pos)
        if m is None:
            raise PathSyntaxError(f"unexpected {body[pos : pos + 10]!r} in path data")
        out.append(float(m.group()))
        pos = m.end()
    return out


def segments(d: str) -> list[tuple[str, list[float]]]:
    """``d`` as (command letter, its numbers) pairs.

    Speed matters (artwork has thousands of commands): one regex pass rejects stray
    characters, then each segment's numbers come from a single ``findall``.
    """
    junk = _JUNK.search(d)
    if junk is not None:
        raise PathSyntaxError(f"unexpected {d[junk.start() : junk.start() + 10]!r} in path data")
    parts = _COMMAND.split(d)
    if parts[0].strip(_SEPARATORS):
        raise PathSyntaxError(f"path data must start with a command, not {parts[0].strip()[:10]!r}")
    out: list[tuple[str, list[float]]] = []
    argcs = _ARGC_ANY_CASE
    for k in range(1, len(parts), 2):
        cmd, body = parts[k], parts[k + 1]
        nums = _arc_numbers(body) if cmd in "Aa" else list(map(float, _NUMBER.findall(body)))
        argc = argcs[cmd]
        if (argc == 0 and nums) or (argc and (not nums or len(nums) % argc)):
            raise PathSyntaxError(f"command {cmd} needs a multiple of {argc} numbers")
        out.append((cmd, nums))
    return out


def tokenize(d: str) -> list[str | float]:
    """Flat token list (commands as letters, numbers as floats); mainly for tests/tools."""
    out: list[str | float] = []
    for cmd, nums in segments(d):
        out.append(cmd)
        out.extend(nums)
    return out


def _arc_to_cubics(
    path: QPainterPath,
    x1: float,
    y1: float,
    rx: float,
    ry: float,
    phi_deg: float,
    large: bool,
    sweep: bool,
    x2: float,
    y2: float,
) -> None:
    """Append an SVG elliptical arc (endpoint form, SVG 1.1 appendix F.6) as cubic Béziers."""
    if (x1, y1) == (x2, y2):
        return
    rx, ry = abs(rx), abs(ry)
    if rx == 0 or ry == 0:
        path.lineTo(x2, y2)
        return
    phi = math.radians(phi_deg % 360)
    cos_p, sin_p = math.cos(phi), math.sin(phi)
    dx, dy = (x1 - x2) / 2, (y1 - y2) / 2
    x1p, y1p = cos_p * dx + sin_p * dy, -sin_p * dx + cos_p * dy
    lam = (x1p / rx) ** 2 + (y1p / ry) ** 2
    if lam > 1:
        rx, ry = rx * math.sqrt(lam), ry * math.sqrt(lam)
    num = rx * rx * ry * ry - rx * rx * y1p * y1p - ry * ry * x1p * x1p
    den = rx * rx * y1p * y1p + ry * ry * x1p * x1p
    coef = math.sqrt(max(0.0, num / den)) if den else 0.0
    if large == sweep:
        coef = -coef
    cxp, cyp = coef * rx * y1p / ry, -coef * ry * x1p / rx
    cx = cos_p * cxp - sin_p * cyp + (x1 + x2) / 2
    cy = sin_p * cxp + cos_p * cyp + (y1 + y2) / 2
    theta1 = math.atan2((y1p - cyp) / ry, (x1p - cxp) / rx)
    dtheta = math.atan2((-y1p - cyp) / ry, (-x1p - cxp) / rx) - theta1
    if sweep and dtheta < 0:
        dtheta += 2 * math.pi
    elif not sweep and dtheta > 0:
        dtheta -= 2 * math.pi
    segments = max(1, math.ceil(abs(dtheta) / (math.pi / 2) - 1e-9))
    delta = dtheta / segments
    t = 4 / 3 * math.tan(delta / 4)

    def point(theta: float) -> tuple[float, float]:
        ex, ey = rx * math.cos(theta), ry * math.sin(theta)
        return cx + cos_p * ex - sin_p * ey, cy + sin_p * ex + cos_p * ey

    def deriv(theta: float) -> tuple[float, float]:
        ex, ey = -rx * math.sin(theta), ry * math.cos(theta)
        return cos_p * ex - sin_p * ey, sin_p * ex + cos_p * ey

    theta = theta1
    for _ in range(segments):
        p0, d0 = point(theta), deriv(theta)
        p3, d3 = point(theta + delta), deriv(theta + delta)
        path.cubicTo(
            p0[0] + t * d0[0], p0[1] + t * d0[1], p3[0] - t * d3[0], p3[1] - t * d3[1], p3[0], p3[1]
        )
        theta += delta


def parse_path_data(d: str) -> QPainterPath:
    """Build a :class:`QPainterPath` with SVG's default nonzero (winding) fill rule."""
    path = QPainterPath()
    path.setFillRule(_WINDING)
    x = y = sx = sy = 0.0
    ctrl: tuple[float, float] | None = None  # last C/S or Q/T control point, for reflection
    ctrl_kind = ""
    for cmd, nums in segments(d):
        up = cmd.upper()
        if up == "Z":
            path.closeSubpath()
            x, y, ctrl = sx, sy, None
            continue
        rel = cmd != up
        argc = _ARGC[up]
        for k in range(0, len(nums), argc):
            a = nums[k : k + argc]
            ox, oy = (x, y) if rel else (0.0, 0.0)
            kind = ""
            if up == "M":
                x, y = a[0] + ox, a[1] + oy
                if k == 0:
                    path.moveTo(x, y)
                    sx, sy = x, y
                else:
                    path.lineTo(x, y)  # implicit lineto after moveto
            elif up == "L":
                x, y = a[0] + ox, a[1] + oy
                path.lineTo(x, y)
            elif up == "H":
                x = a[0] + ox
                path.lineTo(x, y)
            elif up == "V":
                y = a[0] + oy
                path.lineTo(x, y)
            elif up in "CS":
                if up == "C":
                    c1 = (a[0] + ox, a[1] + oy)
                    a = a[2:]
                elif ctrl is not None and ctrl_kind == "C":
                    c1 = (2 * x - ctrl[0], 2 * y - ctrl[1])
                else:
                    c1 = (x, y)
                c2 = (a[0] + ox, a[1] + oy)
                x, y = a[2] + ox, a[3] + oy
                path.cubicTo(c1[0], c1[1], c2[0], c2[1], x, y)
                ctrl, kind = c2, "C"
            elif up in "QT":
                if up == "Q":
                    c = (a[0] + ox, a[1] + oy)
                    a = a[2:]
                elif ctrl is not None and ctrl_kind == "Q":
                    c = (2 * x - ctrl[0], 2 * y - ctrl[1])
                else:
                    c = (x, y)
                x, y = a[0] + ox, a[1] + oy
                path.quadTo(c[0], c[1], x, y)
                ctrl, kind = c, "Q"
            else:  # A
                nx, ny = a[5] + ox, a[6] + oy
                _arc_to_cubics(path, x, y, a[0], a[1], a[2], a[3] != 0, a[4] != 0, nx, ny)
                x, y = nx, ny
            ctrl_kind = kind
            if not kind:
                ctrl = None
    return path


def points_path(points: str, *, close: bool) -> QPainterPath:
    """``<polyline>``/``<polygon>`` points attribute to a path."""
    nums = [float(t) for t in re.findall(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?", points)]
    path = QPainterPath()
    path.setFillRule(_WINDING)
    pts = [QPointF(nums[k], nums[k + 1]) for k in range(0, len(nums) - 1, 2)]
    if pts:
        path.moveTo(pts[0])
        for p in pts[1:]:
            path.lineTo(p)
        if close:
            path.closeSubpath()
    return path
