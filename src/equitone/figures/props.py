"""Props: what each one is made of and where it goes relative to the posed body.

Props follow the body, never the other way round: a chair is put under the pelvis at the
height the pose gives it (and refused if no chair is that tall), a wall at the body part it
touches, a ball on the muscle's skin between the body and the floor or wall. So a pose file
only says *what* touches *what*; the geometry is worked out, and checked, here.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from . import style
from .body import BONE_BY_NAME
from .geometry import Vec, add, normalized, scale
from .kinematics import Posed
from .muscles import MuscleShape, anchor
from .points import world_point
from .solids import Ball, Box, Cylinder, Solid, Strap
from .spec import PoseError, PropSpec, check_point

# surface → (usual height, lowest, highest) of its top, cm
HEIGHTS: dict[str, tuple[float, float, float]] = {
    "floor": (0.0, 0.0, 0.0),
    "chair": (45.0, 38.0, 56.0),
    "step": (18.0, 10.0, 26.0),
    "box": (50.0, 30.0, 65.0),
    "table": (75.0, 60.0, 95.0),
    "bed": (65.0, 50.0, 80.0),
    "swiss-ball": (64.0, 42.0, 76.0),
    "foam-roller": (15.0, 14.0, 16.5),
}
TOOL_RADIUS = {"lacrosse-ball": 4.2, "foam-roller": 7.5, "hand": 4.0}
"""A lacrosse ball is 3.2 cm in radius; drawn a little larger so a 2-cm figure still shows it."""
TOOL_SINK = {"lacrosse-ball": 0.35, "foam-roller": 0.1, "hand": 0.0}
"""How much of a tool's thickness the body sinks onto it ("let your weight sink onto it")."""

KINDS = frozenset({
    "mat", "wall", "door", "chair", "step", "box", "table", "bed", "swiss-ball", "foam-roller",
    "lacrosse-ball", "towel", "mini-band", "long-band", "cable", "dumbbell", "kettlebell",
    "medicine-ball", "hand",
})
_SIDES: dict[str, Vec] = {"+x": (1.0, 0.0, 0.0), "-x": (-1.0, 0.0, 0.0),
                          "+y": (0.0, 1.0, 0.0), "-y": (0.0, -1.0, 0.0)}

CONTACT_REACH = 3.0  # cm a ball under a muscle may be short of it (the tissue sags onto it)
WALL_TOLERANCE = 3.5  # cm between a part said to touch a wall and the wall (backs are curved)
BEHIND = -300.0
UNDER = -60.0  # furniture: under the whole body (it rests on it), over walls and mats
FRONT = 500.0


@dataclass(frozen=True, slots=True)
class ToolSpot:
    """Where a ball, roller or hand goes: its centre, the skin's outward direction there."""

    centre: Vec
    normal: Vec
    radius: float
    along: Vec = (0.0, 0.0, 1.0)  # the bone's long axis there (a hand's fingers follow it)


@dataclass(frozen=True, slots=True)
class PlacedProp:
    kind: str
    solids: tuple[Solid, ...]
    order: float  # paint order among the body's groups (trunk 0, near limbs > 0)
    with_group: str | None = None  # drawn right after this body group (a dumbbell in a hand)
    hand_at: ToolSpot | None = None  # a helper's hand pressing here (drawn flat, on top)


def prop_from(where: str, raw: object) -> PropSpec:
    if isinstance(raw, str):
        raw = {"prop": raw}
    if not isinstance(raw, dict) or not isinstance(raw.get("prop"), str):
        raise PoseError(f"{where}: a prop is a name or {{\"prop\": name, …}}, not {raw!r}")
    kind = raw["prop"]
    if kind not in KINDS:
        raise PoseError(f"{where}: unknown prop {kind!r} (use {', '.join(sorted(KINDS))})")
    options = {k: v for k, v in raw.items() if k != "prop"}
    for key in ("between", "in"):
        values = options.get(key)
        if values is not None:
            for value in values if isinstance(values, list) else [values]:
                check_point(f"{where}, {kind}", value)
    for key in ("from", "hold"):
        if key in options:
            check_point(f"{where}, {kind}", options[key])
    if "to" in options and isinstance(options["to"], str):
        check_point(f"{where}, {kind}", options["to"])
    for key in ("under", "touch"):
        values = options.get(key)
        for value in (values if isinstance(values, list) else [values]) if values else []:
            if value not in BONE_BY_NAME:
                raise PoseError(f"{where}, {kind}: unknown body part {value!r}")
    if "gap" in options and not isinstance(options["gap"], int | float):
        raise PoseError(f"{where}, {kind}: gap is a distance in cm")
    if options.get("against") not in (None, "floor", "table", *_SIDES):
        raise PoseError(f"{where}, {kind}: against is floor, table or a wall side "
                        f"({', '.join(_SIDES)})")
    if kind in ("wall", "door") and options.get("side") not in _SIDES:
        raise PoseError(f"{where}, {kind}: side must be one of {', '.join(_SIDES)}")
    if options.get("at") not in (None, "muscle") and kind in ("lacrosse-ball", "foam-roller",
                                                              "hand"):
        check_point(f"{where}, {kind}", options["at"])
    return PropSpec(kind, options)


# -- measuring the body -----------------------------------------------------------------------

def bottom(posed: Posed, bones: list[str]) -> float:
    return min(c[2] - r for b in bones for c, r in posed.spheres[b])


def extreme(posed: Posed, bones: list[str], direction: Vec) -> float:
    """How far the body parts reach along ``direction``."""
    return max(c[0] * direction[0] + c[1] * direction[1] + c[2] * direction[2] + r
               for b in bones for c, r in posed.spheres[b])


def _centre_under(posed: Posed, bones: list[str]) -> Vec:
    """The middle of the parts' lowest spheres (where something under them goes)."""
    low = bottom(posed, bones)
    near = [c for b in bones for c, r in posed.spheres[b] if c[2] - r < low + 4.0]
    return (sum(c[0] for c in near) / len(near), sum(c[1] for c in near) / len(near), low)


def _span(posed: Posed, bones: list[str]) -> tuple[float, float, float, float]:
    xs = [c[0] + s * r for b in bones for c, r in posed.spheres[b] for s in (-1, 1)]
    ys = [c[1] + s * r for b in bones for c, r in posed.spheres[b] for s in (-1, 1)]
    return min(xs), max(xs), min(ys), max(ys)


def _yaw(posed: Posed) -> float:
    forward = posed.frames["pelvis"].direction((1.0, 0.0, 0.0))
    if math.hypot(forward[0], forward[1]) < 0.3:  # lying: the body's length gives the yaw
        forward = posed.frames["pelvis"].direction((0.0, 0.0, 1.0))
    return math.degrees(math.atan2(forward[1], forward[0]))


def _listed(value: object) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


# -- furniture --------------------------------------------------------------------------------

def furniture_height(where: str, kind: str, part: str, height: float) -> float:
    _usual, low, high = HEIGHTS[kind]
    if not low - 1.5 <= height <= high + 1.5:
        raise PoseError(f"{where}: {part} rests on the {kind} at {height:.0f} cm, but a "
                        f"{kind} is {low:.0f}–{high:.0f} cm high")
    return height


def _chair_solids(seat_xy: tuple[float, float], seat_top: float, back_top: float,
                  yaw: float) -> list[Solid]:
    """Four legs, a seat and a backrest; the backrest on the chair's back edge (-x)."""
    a = math.radians(yaw)
    fx, fy = math.cos(a), math.sin(a)
    seat = (seat_xy[0], seat_xy[1], seat_top - 2.5)
    leg_h = (seat_top - 5.0) / 2
    legs: list[Solid] = [
        Box((seat[0] + fx * dx - fy * dy, seat[1] + fy * dx + fx * dy, leg_h),
            (1.5, 1.5, leg_h), yaw, style.WOOD, style.WOOD_EDGE)
        for dx in (-19.0, 19.0) for dy in (-19.0, 19.0)
    ]
    back_h = (back_top - seat_top) / 2
    back = (seat[0] - fx * 21.0, seat[1] - fy * 21.0, seat_top + back_h)
    return [*legs, Box(seat, (22.0, 22.0, 2.5), yaw, style.WOOD, style.WOOD_EDGE),
            Box(back, (1.8, 21.0, back_h), yaw, style.WOOD, style.WOOD_EDGE)]


def _chair(posed: Posed, top: float, under: list[str]) -> list[Solid]:
    """Under the seated body, the backrest behind it."""
    centre = _centre_under(posed, under)
    yaw = _yaw(posed)
    a = math.radians(yaw)
    return _chair_solids((centre[0] + math.cos(a) * 3.0, centre[1] + math.sin(a) * 3.0), top,
                         top + 40.0, yaw)


def _chair_to_hold(posed: Posed, point: str) -> list[Solid]:
    """A chair beside the body, its backrest under the hand that holds it."""
    hand = world_point(point, posed)
    yaw = _yaw(posed)
    a = math.radians(yaw)
    seat = (hand[0] + math.cos(a) * 21.0, hand[1] + math.sin(a) * 21.0)
    return _chair_solids(seat, 45.0, hand[2] - 3.0, yaw)


def _block(posed: Posed, top: float, under: list[str], half: tuple[float, float],
           fill: str, edge: str) -> Solid:
    centre = _centre_under(posed, under)
    return Box((centre[0], centre[1], top / 2), (half[0], half[1], top / 2), _yaw(posed),
               fill, edge)


def _bed(posed: Posed, top: float, under: list[str]) -> list[Solid]:
    """A treatment table as long as the body lying on it, along its longer extent."""
    x0, x1, y0, y1 = _span(posed, list(posed.spheres))
    along_x = (x1 - x0) >= (y1 - y0)
    long_side = max(x1 - x0 if along_x else y1 - y0, 150.0) / 2 + 5
    half = (long_side, 32.0) if along_x else (32.0, long_side)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    base = (cx, cy, top - 4.0)
    legs = [Box((cx + sx * (half[0] - 6), cy + sy * (half[1] - 6), (top - 8) / 2),
                (2.5, 2.5, (top - 8) / 2), 0.0, style.PROP_FILL, style.PROP_EDGE)
            for sx in (-1, 1) for sy in (-1, 1)]
    return [*legs, Box(base, (half[0], half[1], 4.0), 0.0, style.MAT, style.PROP_EDGE)]


def _table(posed: Posed, top: float, under: list[str]) -> list[Solid]:
    """A table whose edge is under the parts, reaching away from the body."""
    return _table_at(_centre_under(posed, under), posed, top)


def _table_at(centre: Vec, posed: Posed, top: float) -> list[Solid]:
    pelvis = posed.frames["pelvis"].origin
    away = normalized((centre[0] - pelvis[0], centre[1] - pelvis[1], 0.0))
    if away == (0.0, 0.0, 0.0):
        away = (1.0, 0.0, 0.0)
    mid = add(centre, scale(away, 25.0))
    yaw = math.degrees(math.atan2(away[1], away[0]))
    legs = [Box((mid[0] + dx * away[0] - dy * away[1], mid[1] + dx * away[1] + dy * away[0],
                 (top - 4) / 2), (2.0, 2.0, (top - 4) / 2), yaw, style.WOOD, style.WOOD_EDGE)
            for dx in (-24.0, 24.0) for dy in (-32.0, 32.0)]
    return [*legs, Box((mid[0], mid[1], top - 2.0), (30.0, 38.0, 2.0), yaw, style.WOOD,
                       style.WOOD_EDGE)]


def furniture(kind: str, posed: Posed, top: float, under: list[str]) -> PlacedProp:
    if kind == "chair":
        return PlacedProp(kind, tuple(_chair(posed, top, under)), UNDER)
    if kind == "bed":
        return PlacedProp(kind, tuple(_bed(posed, top, under)), BEHIND)
    if kind == "table":
        return PlacedProp(kind, tuple(_table(posed, top, under)), UNDER)
    if kind == "swiss-ball":
        centre = _centre_under(posed, under)
        radius = top / 2
        return PlacedProp(kind, (Ball((centre[0], centre[1], radius), radius, style.PROP_FILL,
                                      style.PROP_EDGE),), UNDER)
    if kind == "foam-roller":
        return PlacedProp(kind, (_roller_across(posed, under, top / 2),), FRONT)
    if kind == "foam-roller-along":
        return PlacedProp("foam-roller", (_roller_along(posed, under, top / 2),), UNDER)
    half = (15.0, 20.0) if kind == "step" else (25.0, 25.0)
    return PlacedProp(kind, (_block(posed, top, under, half, style.PROP_FILL,
                                    style.PROP_EDGE),), UNDER)


def _roller_across(posed: Posed, under: list[str], radius: float) -> Cylinder:
    centre = _centre_under(posed, under)
    bone = posed.frames[under[0]]
    along = bone.direction((0.0, 0.0, 1.0))
    across = normalized((-along[1], along[0], 0.0))
    if across == (0.0, 0.0, 0.0):
        across = (0.0, 1.0, 0.0)
    mid = (centre[0], centre[1], radius)
    return Cylinder(add(mid, scale(across, -22.0)), add(mid, scale(across, 22.0)), radius,
                    style.TOOL, style.TOOL_EDGE)


# -- tools on a muscle ------------------------------------------------------------------------

def tool_spot(kind: str, shape: MuscleShape, side: str, posed: Posed) -> ToolSpot:
    skin, normal = anchor(shape, side, posed)
    radius = TOOL_RADIUS[kind]
    centre = add(skin, scale(normal, radius * (1.0 - 2.0 * TOOL_SINK[kind])))
    along = posed.frames[shape.pieces[0].bone_for(side)].direction((0.0, 0.0, 1.0))
    return ToolSpot(centre, normal, radius, along)


def tool_lift(spot: ToolSpot, against: str) -> float:
    """How far to raise the body so a tool between it and the floor rests on the floor."""
    return spot.radius - spot.centre[2] if against == "floor" else 0.0


def check_tool(where: str, kind: str, spot: ToolSpot, against: str) -> None:
    if against in ("floor", "table") and spot.normal[2] > -0.5:
        raise PoseError(f"{where}: the {kind} is not between the body and the {against} "
                        "(the muscle does not face down in this pose)")
    if against in _SIDES:
        direction = _SIDES[against]
        if spot.normal[0] * direction[0] + spot.normal[1] * direction[1] < 0.5:
            raise PoseError(f"{where}: the {kind} is not between the body and the wall "
                            f"(the muscle does not face {against} in this pose)")


def _tool(kind: str, spot: ToolSpot, posed: Posed, shape: MuscleShape, side: str) -> Solid:
    if kind == "lacrosse-ball":
        return Ball(spot.centre, spot.radius, style.TOOL, style.TOOL_EDGE)
    bone = posed.frames[shape.pieces[0].bone_for(side)]
    along = bone.direction((0.0, 0.0, 1.0))
    across = normalized((along[1], -along[0], 0.0))  # level: a roller lies on the floor
    if across == (0.0, 0.0, 0.0):  # an upright bone (a roller against a wall)
        n = spot.normal
        across = normalized((along[1] * n[2] - along[2] * n[1],
                             along[2] * n[0] - along[0] * n[2],
                             along[0] * n[1] - along[1] * n[0]))
    return Cylinder(add(spot.centre, scale(across, -22.0)), add(spot.centre, scale(across, 22.0)),
                    spot.radius, style.TOOL, style.TOOL_EDGE)


# -- the rest ---------------------------------------------------------------------------------

def _wall(posed: Posed, options: Mapping[str, Any], extra: list[Vec]) -> Box:
    direction = _SIDES[options["side"]]
    touch = _listed(options.get("touch", []))
    reach = extreme(posed, touch, direction) + float(options.get("gap", 0.0)) if touch else -1e9
    for point in extra:
        reach = max(reach, point[0] * direction[0] + point[1] * direction[1])
    x0, x1, y0, y1 = _span(posed, list(posed.spheres))
    top = max(50.0, max(c[2] + r for s in posed.spheres.values() for c, r in s) + 20.0)
    face = reach + 3.0  # the wall's middle, measured along ``direction``
    if direction[0]:
        centre = (direction[0] * face, (y0 + y1) / 2, top / 2)
        half = (3.0, max(60.0, (y1 - y0) / 2 + 30.0), top / 2)
    else:
        centre = ((x0 + x1) / 2, direction[1] * face, top / 2)
        half = (max(60.0, (x1 - x0) / 2 + 30.0), 3.0, top / 2)
    return Box(centre, half, 0.0, style.WALL, style.PROP_EDGE)


def _door(posed: Posed, options: Mapping[str, Any]) -> list[Solid]:
    """A door frame: a post where the touching part leans on it, another a door's width
    across the body, and the lintel."""
    direction = _SIDES[options["side"]]
    touch = _listed(options.get("touch", []))
    face = extreme(posed, touch, direction) + 5.0
    across = (-direction[1], direction[0])  # along the frame's plane
    parts = [c for b in touch for c, _r in posed.spheres[b]]
    here = sum(c[0] * across[0] + c[1] * across[1] for c in parts) / len(parts)
    body = posed.frames["pelvis"].origin
    there = here + (85.0 if body[0] * across[0] + body[1] * across[1] > here else -85.0)
    solids: list[Solid] = []
    for along in (here, there):
        centre = (direction[0] * face + across[0] * along, direction[1] * face + across[1] * along,
                  102.0)
        solids.append(Box(centre, (5.0, 5.0, 102.0), math.degrees(math.atan2(direction[1],
                                                                            direction[0])),
                          style.WOOD, style.WOOD_EDGE))
    middle = (here + there) / 2
    lintel = (direction[0] * face + across[0] * middle, direction[1] * face + across[1] * middle,
              208.0)
    solids.append(Box(lintel, (5.0, abs(there - here) / 2 + 5.0, 4.0),
                      math.degrees(math.atan2(direction[1], direction[0])), style.WOOD,
                      style.WOOD_EDGE))
    return solids


def wall_gap(posed: Posed, options: Mapping[str, Any], wall: Box) -> list[tuple[str, float]]:
    """How far each touching part is from the wall's face (0: touching)."""
    direction = _SIDES[options["side"]]
    face = (wall.centre[0] * direction[0] + wall.centre[1] * direction[1]) - 3.0
    face -= float(options.get("gap", 0.0))
    return [(part, face - extreme(posed, [part], direction))
            for part in _listed(options.get("touch", []))]


def _anchor_point(posed: Posed, raw: Any) -> Vec:
    """A fixed point (a door, a post) given relative to the body: [forward, left, height]."""
    if isinstance(raw, str):
        return world_point(raw, posed)
    forward, left, height = (float(v) for v in raw)
    pelvis = posed.frames["pelvis"].origin
    a = math.radians(_yaw(posed))
    return (pelvis[0] + forward * math.cos(a) - left * math.sin(a),
            pelvis[1] + forward * math.sin(a) + left * math.cos(a), height)


def _held(kind: str, posed: Posed, points: list[Vec], hand: str) -> list[Solid]:
    centre = scale(add(points[0], points[-1]), 0.5)
    if kind == "dumbbell":
        frame = posed.frames.get(hand)
        axis = frame.direction((1.0, 0.0, 0.0)) if frame else (1.0, 0.0, 0.0)
        a, b = add(centre, scale(axis, -8.0)), add(centre, scale(axis, 8.0))
        return [Cylinder(a, b, 1.4, style.PROP_EDGE, style.TOOL_EDGE),
                Cylinder(add(a, scale(axis, -2.5)), add(a, scale(axis, 2.5)), 4.5,
                         style.TOOL, style.TOOL_EDGE),
                Cylinder(add(b, scale(axis, -2.5)), add(b, scale(axis, 2.5)), 4.5,
                         style.TOOL, style.TOOL_EDGE)]
    if kind == "kettlebell":
        bell = (centre[0], centre[1], centre[2] - 12.0)
        return [Strap((add(centre, (0, -4, -3)), add(centre, (0, 0, 1)), add(centre, (0, 4, -3))),
                      1.6, style.TOOL),
                Ball(bell, 9.0, style.TOOL, style.TOOL_EDGE)]
    radius = 11.0
    return [Ball(centre, radius, style.PROP_FILL, style.PROP_EDGE)]


def _place_tool(kind: str, options: Mapping[str, Any], posed: Posed, where: str,
                muscle: MuscleShape, side: str) -> tuple[list[PlacedProp], list[str]]:
    """A ball, roller or hand on the muscle, and the wall or table it is pressed against."""
    problems: list[str] = []
    spot = tool_spot(kind, muscle, side, posed)
    against = str(options.get("against", "floor" if kind != "hand" else ""))
    if against:
        try:
            check_tool(where, kind, spot, against)
        except PoseError as exc:
            problems.append(str(exc).removeprefix(f"{where}: "))
    if kind == "lacrosse-ball" and against == "floor":
        # the body lies where its own contacts put it; the ball sits on the floor under the
        # muscle, and the muscle sinks onto it
        skin_height = spot.centre[2] - spot.radius * (1.0 - 2.0 * TOOL_SINK[kind])
        if skin_height > 2 * spot.radius + CONTACT_REACH:
            problems.append(f"the muscle is {skin_height:.0f} cm above the floor: the ball "
                            "under it cannot reach it")
        spot = ToolSpot((spot.centre[0], spot.centre[1], spot.radius), spot.normal, spot.radius,
                        spot.along)
    if kind == "hand":
        if spot.normal[2] < -0.6:
            if options.get("optional"):  # a stretch that lies on the muscle: no hand shown
                return [], problems
            problems.append("the hand would be under the body (the muscle faces down here)")
        return [PlacedProp(kind, (), FRONT + 1, hand_at=spot)], problems
    placed = [PlacedProp(kind, (_tool(kind, spot, posed, muscle, side),), FRONT)]
    if against in _SIDES:
        wall = _wall(posed, {"side": against}, [add(spot.centre, scale(_SIDES[against],
                                                                       spot.radius))])
        placed.append(PlacedProp("wall", (wall,), BEHIND))
    if against == "table":
        top = spot.centre[2] - spot.radius
        try:
            furniture_height(where, "table", "the ball", top)
        except PoseError as exc:
            problems.append(str(exc).removeprefix(f"{where}: "))
        table = _table_at((spot.centre[0], spot.centre[1], top), posed, top)
        placed.append(PlacedProp("table", tuple(table), UNDER))
    return placed, problems


def place(spec: PropSpec, posed: Posed, where: str, *, muscle: MuscleShape | None,
          side: str) -> tuple[list[PlacedProp], list[str]]:
    """Put one prop (and what it rests against) in the scene; returns them and any problem
    found, for the caller to raise with the pose's name."""
    kind, options = spec.kind, spec.options
    problems: list[str] = []
    if kind == "mat":
        near = [b for b, spheres in posed.spheres.items()
                if min(c[2] - r for c, r in spheres) < 6.0]
        x0, x1, y0, y1 = _span(posed, near or list(posed.spheres))
        pad = 6.0
        box = Box(((x0 + x1) / 2, (y0 + y1) / 2, -0.6),
                  ((x1 - x0) / 2 + pad, max((y1 - y0) / 2 + pad, 25.0), 0.6), 0.0,
                  style.MAT, style.PROP_EDGE)
        return [PlacedProp(kind, (box,), BEHIND - 50.0)], problems
    if kind == "door":
        return [PlacedProp(kind, tuple(_door(posed, options)), BEHIND)], problems
    if kind == "wall":
        wall = _wall(posed, options, [])
        for part, gap in wall_gap(posed, options, wall):
            if gap > WALL_TOLERANCE:
                problems.append(f"{part} should touch the wall but is {gap:.1f} cm from it")
        return [PlacedProp(kind, (wall,), BEHIND)], problems
    if options.get("at") == "muscle" and kind in TOOL_RADIUS:
        if muscle is None:
            return [], [f"the {kind} is placed on a muscle, but no muscle is chosen"]
        return _place_tool(kind, options, posed, where, muscle, side)
    if kind == "foam-roller" and "between" in options:
        a, b = (world_point(p, posed) for p in _listed(options["between"])[:2])
        shift = tuple(float(v) for v in options.get("offset", (0, 0, 0)))
        axis = normalized((b[0] - a[0], b[1] - a[1], b[2] - a[2]))
        a = add(add(a, scale(axis, -10.0)), shift)  # type: ignore[arg-type]
        b = add(add(b, scale(axis, 10.0)), shift)  # type: ignore[arg-type]
        return [PlacedProp(kind, (Cylinder(a, b, 7.5, style.TOOL, style.TOOL_EDGE),),
                          FRONT)], problems
    if kind == "towel" and "at" in options:
        point = world_point(str(options["at"]), posed)
        radius = max(2.5, min(7.0, (point[2] - 3.0) / 2))
        centre = (point[0], point[1], radius)
        across = posed.frames["pelvis"].direction((0.0, 1.0, 0.0))
        return [PlacedProp(kind, (Cylinder(add(centre, scale(across, -12.0)),
                                          add(centre, scale(across, 12.0)), radius,
                                          style.TOWEL, style.PROP_EDGE),), FRONT)], problems
    if kind == "chair" and "hold" in options:
        return [PlacedProp(kind, tuple(_chair_to_hold(posed, str(options["hold"]))),
                          UNDER)], problems
    if kind in HEIGHTS and "under" in options:
        under = _listed(options["under"])
        top = bottom(posed, under)
        try:
            furniture_height(where, kind, under[0], top)
        except PoseError as exc:
            problems.append(str(exc).removeprefix(f"{where}: "))
        if kind == "foam-roller" and options.get("along"):
            return [furniture("foam-roller-along", posed, top, under)], problems
        return [furniture(kind, posed, top, under)], problems
    if kind in ("mini-band", "long-band", "cable", "towel", "lacrosse-ball") and (
            "between" in options or "from" in options):
        if "between" in options:
            ends = [world_point(p, posed) for p in _listed(options["between"])]
        else:
            ends = [world_point(str(options["from"]), posed),
                    _anchor_point(posed, options.get("to", [60, 0, 100]))]
        if kind == "lacrosse-ball":
            centre = scale(add(ends[0], ends[-1]), 0.5)
            return [PlacedProp(kind, (Ball(centre, 3.2, style.TOOL, style.TOOL_EDGE),),
                              FRONT)], problems
        width = {"mini-band": 1.6, "long-band": 1.2, "cable": 0.6, "towel": 5.0}[kind]
        colour = style.BAND if kind != "towel" else style.TOWEL
        solids: list[Solid] = [Strap(tuple(ends), width, colour)]
        if "from" in options and not isinstance(options.get("to"), str):
            post = ends[-1]
            if kind == "cable":
                solids.append(Box((post[0], post[1], 100.0), (5.0, 5.0, 100.0), 0.0,
                                  style.PROP_FILL, style.PROP_EDGE))
            else:
                solids.append(Ball(post, 1.6, style.PROP_EDGE, style.TOOL_EDGE))
        return [PlacedProp(kind, tuple(solids), FRONT - 100.0)], problems
    if kind == "towel" and "under" in options:
        under = _listed(options["under"])
        gap = bottom(posed, under)
        radius = max(2.5, min(7.0, gap / 2 + 1.0))
        return [PlacedProp(kind, (_roller_like(posed, under, radius),), UNDER)], problems
    if kind in ("dumbbell", "kettlebell", "medicine-ball") and "in" in options:
        hands = _listed(options["in"])
        points = [world_point(h, posed) for h in hands]
        group = f"arm.{hands[0][-1]}" if len(hands) == 1 else None
        order = FRONT - 200.0 if group is None else 0.0
        hand_bone = hands[0] if len(hands) == 1 else ""
        return [PlacedProp(kind, tuple(_held(kind, posed, points, hand_bone)), order,
                          group)], problems
    return [], [f"the {kind} needs {_NEEDS.get(kind, 'a place to go')}"]


def _roller_along(posed: Posed, under: list[str], radius: float) -> Cylinder:
    """A roller lying along the body (under the spine)."""
    centre = _centre_under(posed, under)
    along = normalized(posed.frames["pelvis"].direction((0.0, 0.0, 1.0)))
    along = normalized((along[0], along[1], 0.0))
    mid = (centre[0], centre[1], radius)
    return Cylinder(add(mid, scale(along, -25.0)), add(mid, scale(along, 65.0)), radius,
                    style.TOOL, style.TOOL_EDGE)


def _roller_like(posed: Posed, under: list[str], radius: float) -> Cylinder:
    roller = _roller_across(posed, under, radius)
    return Cylinder(roller.start, roller.end, radius, style.TOWEL, style.PROP_EDGE)


_NEEDS = {
    "lacrosse-ball": "\"at\": \"muscle\" or \"between\": [two points]",
    "foam-roller": "\"at\": \"muscle\" or \"under\": a body part",
    "hand": "\"at\": \"muscle\"",
    "towel": "\"under\": a body part or \"between\": [two points]",
    "dumbbell": "\"in\": a hand",
    "kettlebell": "\"in\": [hands]",
    "medicine-ball": "\"in\": [hands]",
    "mini-band": "\"between\": [two points]",
    "long-band": "\"from\": a point and \"to\": a point or [forward, left, height]",
    "cable": "\"from\": a hand and \"to\": [forward, left, height]",
}
