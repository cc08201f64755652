"""Simple 3-D solids for props (boxes, balls, cylinders, straps) and how each looks from the
camera, as filled outlines."""

from __future__ import annotations

import math
from dataclasses import dataclass

from .camera import Projector
from .geometry import (
    PathOp,
    Point,
    Vec,
    add,
    circle_path,
    convex_hull,
    normalized,
    polygon_path,
    scale,
    sub,
)
from .scene import Shape, Style


@dataclass(frozen=True, slots=True)
class Box:
    centre: Vec
    half: Vec  # half sizes along the box's own x, y, z
    yaw: float  # degrees about the vertical
    fill: str
    edge: str


@dataclass(frozen=True, slots=True)
class Ball:
    centre: Vec
    radius: float
    fill: str
    edge: str


@dataclass(frozen=True, slots=True)
class Cylinder:
    start: Vec
    end: Vec
    radius: float
    fill: str
    edge: str


@dataclass(frozen=True, slots=True)
class Strap:
    """A band, cable or towel between points: a thick line."""

    points: tuple[Vec, ...]
    width: float
    colour: str


Solid = Box | Ball | Cylinder | Strap

_EDGE = 0.35  # cm


def _shade(colour: str, factor: float) -> str:
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    if factor >= 1:
        r, g, b = (round(v + (255 - v) * (factor - 1)) for v in (r, g, b))
    else:
        r, g, b = (round(v * factor) for v in (r, g, b))
    return f"#{min(r, 255):02X}{min(g, 255):02X}{min(b, 255):02X}"


def _box_shapes(box: Box, projector: Projector) -> list[Shape]:
    a = math.radians(box.yaw)
    ux, uy = (math.cos(a), math.sin(a), 0.0), (-math.sin(a), math.cos(a), 0.0)
    uz = (0.0, 0.0, 1.0)
    hx, hy, hz = box.half
    axes = (scale(ux, hx), scale(uy, hy), scale(uz, hz))
    faces: list[tuple[float, list[Point], float]] = []
    for axis_index in range(3):
        for sign in (1.0, -1.0):
            normal = scale(axes[axis_index], sign)
            facing = projector.depth(normalized(normal))
            if facing <= 1e-3:
                continue
            centre = add(box.centre, normal)
            others = [axes[i] for i in range(3) if i != axis_index]
            corners = [add(add(centre, scale(others[0], s0)), scale(others[1], s1))
                       for s0, s1 in ((1, 1), (1, -1), (-1, -1), (-1, 1))]
            light = 1.08 if axis_index == 2 and sign > 0 else (1.0 if facing > 0.7 else 0.9)
            faces.append((projector.depth(centre), [projector.xy(c) for c in corners], light))
    faces.sort(key=lambda f: f[0])
    return [Shape(tuple(polygon_path(points)), Style(fill=_shade(box.fill, light),
                                                       stroke=box.edge, width=_EDGE))
            for _depth, points, light in faces]


def _perpendiculars(axis: Vec) -> tuple[Vec, Vec]:
    helper = (0.0, 0.0, 1.0) if abs(axis[2]) < 0.9 else (1.0, 0.0, 0.0)
    u = normalized((axis[1] * helper[2] - axis[2] * helper[1],
                    axis[2] * helper[0] - axis[0] * helper[2],
                    axis[0] * helper[1] - axis[1] * helper[0]))
    v = (axis[1] * u[2] - axis[2] * u[1], axis[2] * u[0] - axis[0] * u[2],
         axis[0] * u[1] - axis[1] * u[0])
    return u, v


def _cylinder_shapes(cyl: Cylinder, projector: Projector) -> list[Shape]:
    axis = normalized(sub(cyl.end, cyl.start))
    u, v = _perpendiculars(axis)
    rims: list[list[Point]] = []
    for centre in (cyl.start, cyl.end):
        rim = []
        for k in range(20):
            a = 2 * math.pi * k / 20
            p = add(centre, add(scale(u, cyl.radius * math.cos(a)),
                                scale(v, cyl.radius * math.sin(a))))
            rim.append(projector.xy(p))
        rims.append(rim)
    outline = convex_hull([p for rim in rims for p in rim])
    body = Shape(tuple(polygon_path(outline)), Style(fill=cyl.fill, stroke=cyl.edge,
                                                    width=_EDGE))
    facing = projector.depth(axis)
    if abs(facing) < 0.05:
        return [body]
    cap = rims[1] if facing > 0 else rims[0]
    return [body, Shape(tuple(polygon_path(cap)), Style(fill=_shade(cyl.fill, 1.15),
                                                          stroke=cyl.edge, width=_EDGE))]


def solid_shapes(solid: Solid, projector: Projector, role: str, key: str) -> list[Shape]:
    if isinstance(solid, Box):
        shapes = _box_shapes(solid, projector)
    elif isinstance(solid, Ball):
        x, y = projector.xy(solid.centre)
        path: list[PathOp] = circle_path(x, y, solid.radius)
        shapes = [Shape(tuple(path), Style(fill=solid.fill, stroke=solid.edge, width=_EDGE))]
    elif isinstance(solid, Cylinder):
        shapes = _cylinder_shapes(solid, projector)
    else:
        points = [projector.xy(p) for p in solid.points]
        shapes = [Shape(tuple(polygon_path(points, closed=False)),
                        Style(stroke=solid.colour, width=solid.width))]
    return [Shape(s.path, s.style, s.clip, role, key) for s in shapes]


def solid_depth(solid: Solid, projector: Projector) -> float:
    if isinstance(solid, Box | Ball):
        return projector.depth(solid.centre)
    if isinstance(solid, Cylinder):
        return projector.depth(scale(add(solid.start, solid.end), 0.5))
    return sum(projector.depth(p) for p in solid.points) / len(solid.points)


def lowest(solid: Solid) -> float:
    if isinstance(solid, Box):
        return solid.centre[2] - solid.half[2]
    if isinstance(solid, Ball):
        return solid.centre[2] - solid.radius
    if isinstance(solid, Cylinder):
        return min(solid.start[2], solid.end[2]) - solid.radius
    return min(p[2] for p in solid.points)
