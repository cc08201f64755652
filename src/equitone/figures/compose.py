"""One picture: the placed body, its worked muscles, its props, the start position faintly
behind the end frame and the movement arrow, as a :class:`~.scene.Scene`.

Poses are written for the right side; the left side is their mirror image (the exercise done
with the other side), drawn by mirroring the projection, which is why highlights are looked
up for the side they will show.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace

from equitone.domain.types import Side, ToneState
from equitone.looks import TONE_LOOKS, hatch_ink

from . import style
from .arrows import WIDTH as ARROW_WIDTH
from .arrows import Arrow, movement_arrow, push_arrow, push_back_arrow
from .body import BONE_BY_NAME
from .camera import Projector
from .features import head_features, toe_features
from .geometry import PathOp, hull_path, path_bounds, polygon_path
from .kinematics import Posed
from .muscles import MuscleShape, world_normal, world_spheres
from .placement import Placed
from .props import PlacedProp, ToolSpot
from .scene import Bounds, Path, Scene, Shape, Style
from .silhouette import LEGS, Group, silhouette
from .solids import solid_depth, solid_shapes
from .spec import FigureSpec

StateMap = Mapping[tuple[str, Side], ToneState]
HIDDEN_FACING = -0.3  # a muscle facing further away than this is behind its bone
FRONT_OF_BODY = 450.0
MARGIN = 4.0

_OUTLINE = Style(stroke=style.OUTLINE, width=2 * style.OUTLINE_WIDTH)
# solid, not dashed: a dashed outline costs painters more than the rest of the figure
_GHOST_OUTLINE = Style(stroke=style.GHOST, width=2 * style.OUTLINE_WIDTH)
_GHOST_FILL = Style(fill="#F7F3EE")


@dataclass(frozen=True, slots=True)
class Request:
    """What to draw: the frame, the side shown, which muscles, the patient's tags."""

    frame: str
    side: Side | None  # None: both sides
    muscles: tuple[str, ...]
    states: tuple[tuple[tuple[str, Side], ToneState], ...] = ()


def _blend(ink: str, opacity: float, under: str) -> str:
    a = [int(ink[i:i + 2], 16) for i in (1, 3, 5)]
    b = [int(under[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x * opacity + y * (1 - opacity)):02X}" for x, y in zip(a, b,
                                                                                      strict=True))


def muscle_style(state: ToneState | None) -> Style:
    if state is None:
        return Style(fill=style.MUSCLE, stroke=style.MUSCLE_EDGE, width=0.35)
    look = TONE_LOOKS[state]
    ink, opacity = hatch_ink(look.colour)
    edge = _blend("#000000", 0.45, look.colour)
    return Style(fill=look.colour, stroke=edge, width=0.35, hatch=look.hatch,
                 hatch_colour=_blend(ink, opacity, look.colour),
                 dash=(3.0, 2.0) if look.dashed else ())


def slug_xray(spec: FigureSpec) -> bool:
    return spec.xray


def _actual(canonical: str, side: Side | None) -> Side:
    if side is None:
        return Side.RIGHT if canonical == "r" else Side.LEFT
    return side


def _muscle_shapes(group: Group, posed: Posed, projector: Projector,
                   highlights: Iterable[tuple[MuscleShape, str, Style, str]],
                   xray: bool) -> list[Shape]:
    """The highlighted muscles on this group's bones. One on the far side of its limb is
    left out, unless ``xray``: then it is drawn faint with a dashed edge, "on the other
    side" (a technique's muscle must show wherever it is)."""
    shapes: list[Shape] = []
    for shape, canonical, look, key in highlights:
        pieces = [p for p in shape.pieces
                  if BONE_BY_NAME[p.bone_for(canonical)].group == group.name]
        hidden = [projector.depth(world_normal(p, canonical, posed)) < HIDDEN_FACING
                  for p in pieces]
        for piece, behind in zip(pieces, hidden, strict=True):
            if behind and not xray:
                continue
            bone = piece.bone_for(canonical)
            circles = []
            for centre, radius in world_spheres(piece, canonical, posed):
                x, y = projector.xy(centre)
                circles.append((x, y, radius))
            style = replace(look, opacity=0.5, dash=(2.5, 1.5), hatch=None) if behind else look
            shapes.append(Shape(tuple(hull_path(circles)), style, group.fills[bone],
                                "muscle-behind" if behind else "muscle", key))
    return shapes


def _group_shapes(group: Group, pelvis: Path | None, muscles: list[Shape], *,
                  ghost: bool = False, on_pelvis: list[Shape] | None = None,
                  features: list[Shape] | None = None) -> list[Shape]:
    outline = _GHOST_OUTLINE if ghost else _OUTLINE
    fill = _GHOST_FILL if ghost else Style(fill=style.SKIN_FAR if group.far else style.SKIN)
    role = "ghost" if ghost else "body"
    # one path per group for the strokes and one for the fills: every outline in a path
    # runs the same way round, so the fill is their union (and a third of the drawing calls)
    shapes = [Shape(_joined(group.strokes), outline, None, role, group.name)]
    if pelvis is not None:  # the thigh joins the hip without a line across it
        shapes.append(Shape(pelvis, Style(fill=style.SKIN), None, role, "trunk"))
        shapes += on_pelvis or []  # the hip's muscles, covered by that fill, go back on top
    shapes.append(Shape(_joined(tuple(group.fills.values())), fill, None, role, group.name))
    return shapes + (features or []) + muscles


def _features(group: Group, posed: Posed, projector: Projector) -> list[Shape]:
    """Which way the body faces: the head's hair, face, eyes and ears, a foot's toes."""
    if group.name == "trunk":
        return head_features(posed, projector, group.fills["head"])
    foot = "foot." + group.name[-1]
    if group.name in LEGS:
        return toe_features(posed, projector, foot, group.fills[foot])
    return []


def _joined(paths: tuple[Path, ...]) -> Path:
    return tuple(op for path in paths for op in path)


# a helper's hand, in its own frame: u along the fingers, v across (cm)
_PALM = ((0.0, -2.3, 3.0), (0.0, 2.3, 3.0), (5.0, -2.2, 2.7), (5.0, 2.2, 2.7))
_FINGERS = tuple(((4.5, v, 1.1), (11.0 - abs(v) * 0.6, v, 1.0)) for v in (-3.1, -1.05, 1.05, 3.1))
_THUMB = ((1.5, 3.6, 1.3), (5.5, 6.4, 1.1))
_WRIST = ((-2.5, 0.0, 2.8), (-7.0, 0.0, 3.0))


def _hand_glyph(spot: ToolSpot, projector: Projector) -> list[Shape]:
    """A helper's hand flat on the skin, fingers along the limb: "pressure here". Seen
    from the side it is flattened and sits on the body's contour."""
    x, y = projector.xy(spot.centre)
    ox, oy = projector.xy((0.0, 0.0, 0.0))
    nx, ny = projector.xy(spot.normal)
    nx, ny = nx - ox, ny - oy
    ax, ay = projector.xy(spot.along)
    ax, ay = ax - ox, ay - oy
    length = math.hypot(ax, ay)
    ux, uy = (ax / length, ay / length) if length > 0.2 else (1.0, 0.0)
    vx, vy = -uy, ux
    facing = min(1.0, abs(projector.depth(spot.normal)))
    squash = max(0.35, facing)
    out = math.hypot(nx, ny)
    push = 2.5 * (1.0 - facing) / out if out > 0.05 else 0.0
    cx, cy = x + nx * push, y + ny * push

    def place(u: float, v: float, r: float) -> tuple[float, float, float]:
        # a little smaller than life, and with the palm just beside the muscle's middle, so
        # the highlighted muscle still shows around it
        u, v, r = (u + 3.0) * 0.85, v * 0.85, r * 0.85
        return (cx + ux * (u - 4.0) + vx * v * squash, cy + uy * (u - 4.0) + vy * v * squash, r)

    outlines = [hull_path([place(*c) for c in part])
                for part in (_WRIST, _PALM, _THUMB, *_FINGERS)]
    joined: Path = tuple(op for path in outlines for op in path)
    edge = Style(stroke=style.HAND_EDGE, width=1.4)  # one outline round the whole hand
    fill = Style(fill=style.HAND)
    return [Shape(joined, edge, None, "prop", "hand"), Shape(joined, fill, None, "prop", "hand")]


def _prop_shapes(prop: PlacedProp, projector: Projector) -> list[Shape]:
    shapes: list[Shape] = []
    for solid in prop.solids:
        shapes += solid_shapes(solid, projector, "prop", prop.kind)
    if prop.hand_at is not None:
        shapes += _hand_glyph(prop.hand_at, projector)
    return shapes


def _arrow_shapes(arrow: Arrow) -> list[Shape]:
    halo = Style(stroke="#FFFFFF", width=ARROW_WIDTH * 2.6)
    line = Style(stroke=style.ARROW, width=ARROW_WIDTH, cap="butt")
    head = Style(fill=style.ARROW, stroke=style.ARROW, width=0.3)
    return [Shape(arrow.line, halo, None, "arrow", "halo"),
            Shape(arrow.line, line, None, "arrow", "line"),
            Shape(arrow.head, head, None, "arrow", "head")]


def _floor(bounds: Bounds, projector: Projector) -> list[Shape]:
    if projector.up[2] < 0.95:  # looking down on the floor: it is a plane, not a line
        return []
    left, _top, right, _bottom = bounds
    y = projector.xy((0.0, 0.0, 0.0))[1]
    path: list[PathOp] = polygon_path([(left - 6, y), (right + 6, y)], closed=False)
    return [Shape(tuple(path), Style(stroke=style.FLOOR, width=0.8, cap="butt"), None,
                  "floor", "floor")]


def _union(boxes: Iterable[Bounds]) -> Bounds:
    left, top, right, bottom = zip(*boxes, strict=True)
    return min(left), min(top), max(right), max(bottom)


def _moved_groups(start: list[Group], end: list[Group]) -> set[str]:
    before = {g.name: g.box for g in start}
    moved = set()
    for group in end:
        a, b = before[group.name], group.box
        if max(abs(x - y) for x, y in zip(a, b, strict=True)) > 3.0:
            moved.add(group.name)
    return moved


def compose(spec: FigureSpec, request: Request, placed: Placed, ghost: Placed | None,
            muscle_shape: Callable[[str], MuscleShape | None]) -> Scene:
    # the left side is the mirror image of the right: drawn mirrored, not flipped afterwards
    projector = spec.camera.projector(mirror=request.side is Side.LEFT)
    states = dict(request.states)
    canonical_sides = ("r",) if request.side is not None else ("r", "l")
    highlights = []
    for slug in request.muscles:
        shape = muscle_shape(slug)
        if shape is None:
            continue
        for canonical in canonical_sides:
            actual = _actual(canonical, request.side)
            look = muscle_style(states.get((slug, actual)))
            highlights.append((shape, canonical, look, f"{slug}:{actual.value}"))
    groups = silhouette(placed.posed, projector, in_front=spec.in_front)
    pelvis = next(g for g in groups if g.name == "trunk").fills["pelvis"]
    layers: list[tuple[float, list[Shape]]] = []
    orders = {g.name: g.order for g in groups}
    on_pelvis: list[Shape] = []
    for group in groups:
        muscles = _muscle_shapes(group, placed.posed, projector, highlights,
                                 xray=spec.muscle is not None or slug_xray(spec))
        if group.name == "trunk":
            on_pelvis = [m for m in muscles if m.clip == pelvis]
        refill = pelvis if group.name in LEGS and group.order > 0 else None
        layers.append((group.order, _group_shapes(group, refill, muscles, on_pelvis=on_pelvis,
                                                  features=_features(group, placed.posed,
                                                                     projector))))
    pelvis_depth = projector.depth(placed.posed.frames["pelvis"].origin)
    for prop in placed.props:
        order = orders[prop.with_group] + 0.01 if prop.with_group else prop.order
        shapes = _prop_shapes(prop, projector)
        if prop.kind == "wall" and solid_depth(prop.solids[0], projector) > pelvis_depth + 5:
            # a wall between the viewer and the body: its edges only, drawn over the body
            shapes = [Shape(s.path, Style(stroke=style.PROP_EDGE, width=0.5), None, s.role,
                            s.key) for s in shapes]
            order = FRONT_OF_BODY
        layers.append((order, shapes))
    arrow: Arrow | None = None
    if ghost is not None and spec.show_ghost:
        before = silhouette(ghost.posed, projector, in_front=spec.in_front)
        moved = _moved_groups(before, groups)
        ghost_shapes: list[Shape] = []
        for group in before:
            if group.name in moved:
                ghost_shapes += _group_shapes(group, None, [], ghost=True)
        layers.append((-250.0, ghost_shapes))
    if ghost is not None and spec.arrow.show and spec.arrow.push is None:
        if spec.arrow.reverse:
            arrow = push_back_arrow(ghost.posed, placed.posed, projector, spec.arrow.point)
        else:
            arrow = movement_arrow(ghost.posed, placed.posed, projector, spec.arrow.point,
                                   straight=spec.arrow.straight)
    if spec.arrow.show and spec.arrow.push is not None and request.frame != "start":
        arrow = push_arrow(placed.posed, projector, spec.arrow.point, spec.arrow.push,
                           spec.arrow.inward)
    layers.sort(key=lambda layer: layer[0])
    shapes = [shape for _order, layer in layers for shape in layer]
    if arrow is not None:
        shapes += _arrow_shapes(arrow)
    # the body's extent from its circles; props, ghost and arrow from their paths (muscles
    # lie inside the body)
    boxes = [g.box for g in groups]
    boxes += [path_bounds(s.path) for s in shapes
              if s.role in ("prop", "arrow") or (s.role == "ghost" and s.style.fill)]
    bounds = _union(boxes)
    shapes = _floor(bounds, projector) + shapes
    left, top, right, bottom = _union([bounds, *(path_bounds(s.path) for s in shapes[:1]
                                                 if s.role == "floor")])
    return Scene(tuple(shapes), (left - MARGIN, top - MARGIN, right + MARGIN,
                                 bottom + MARGIN))

