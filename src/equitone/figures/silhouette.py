"""The posed body as outlines: one outline per bone, bones grouped into trunk, arms and legs,
the groups ordered back to front.

A group is painted as all its outlines' strokes, then all its fills: the fills cover the
strokes where bones overlap, so a leg reads as one shape with one contour. A leg in front of
the trunk has the pelvis filled again between its strokes and its fill, so no line runs
across the hip where the thigh joins it; a shoulder keeps its contour, which is the deltoid's
real edge.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .body import BONES, Bone
from .camera import Projector
from .geometry import PathOp, Vec, closed_path, hull_pieces, sub
from .kinematics import Posed
from .scene import Path

LEGS = frozenset({"leg.r", "leg.l"})


@dataclass(frozen=True, slots=True)
class Group:
    name: str
    order: float  # paint order: larger is nearer the viewer
    far: bool  # a limb on the far side of the body
    fills: dict[str, Path]  # bone → outline
    strokes: tuple[Path, ...]
    box: tuple[float, float, float, float]  # left, top, right, bottom of the outlines


def _bones_by_group() -> dict[str, tuple[Bone, ...]]:
    groups: dict[str, list[Bone]] = {}
    for bone in BONES:
        if bone.spheres:
            groups.setdefault(bone.group, []).append(bone)
    return {name: tuple(bones) for name, bones in groups.items()}


GROUPS: dict[str, tuple[Bone, ...]] = _bones_by_group()


def _horizontal(v: Vec) -> Vec:
    n = math.hypot(v[0], v[1])
    return (0.0, 0.0, 0.0) if n < 1e-6 else (v[0] / n, v[1] / n, 0.0)


def _order(name: str, bones: tuple[Bone, ...], posed: Posed, projector: Projector) -> float:
    """Limbs are ordered by which side of the trunk they join (the leg whose hip is nearer
    the viewer is in front), nudged by where the limb reaches (an arm across the chest is in
    front of it). Depth along the horizontal only for the reach, so a camera looking down on
    a standing figure does not put its legs behind its trunk. Poses can override this with
    ``in_front`` where a limb crosses the body in a way these rules miss."""
    if name == "trunk":
        return 0.0
    root = bones[0]
    if name in LEGS:
        # a leg seen from the front or back goes under the pelvis, whose lower edge then
        # draws the crotch; only a leg clearly on the viewer's side is drawn over the trunk
        assert root.parent is not None
        lateral = projector.depth(sub(posed.frames[root.name].origin,
                                      posed.frames[root.parent].origin))
        if lateral < 4.0:
            return lateral - 20.0
    assert root.parent is not None
    joint = posed.frames[root.name].origin
    attach = posed.frames[root.parent].origin
    side = projector.depth(sub(joint, attach))
    centres = [c for bone in bones for c, _r in posed.spheres[bone.name]]
    centroid = tuple(sum(c[i] for c in centres) / len(centres) for i in range(3))
    reach = sub((centroid[0], centroid[1], centroid[2]), attach)
    toward = _horizontal(projector.toward)
    return side + 0.5 * (reach[0] * toward[0] + reach[1] * toward[1])


def _far(bones: tuple[Bone, ...], posed: Posed, projector: Projector) -> bool:
    side = bones[0].side
    if not side:
        return False
    left = posed.frames["pelvis"].direction((0.0, 1.0, 0.0))
    facing = projector.depth(left)  # > 0: the body's left side faces the viewer
    return facing < -0.35 if side == "l" else facing > 0.35


def silhouette(posed: Posed, projector: Projector, *,
               in_front: tuple[str, ...] = ()) -> list[Group]:
    """The body's groups, back to front; ``in_front`` names groups a pose wants on top."""
    groups: list[Group] = []
    for name, bones in GROUPS.items():
        fills: dict[str, Path] = {}
        strokes: list[Path] = []
        box = [1e9, 1e9, -1e9, -1e9]
        for bone in bones:
            circles = []
            for centre, radius in posed.spheres[bone.name]:
                x, y = projector.xy(centre)
                circles.append((x, y, radius))
                box[0], box[1] = min(box[0], x - radius), min(box[1], y - radius)
                box[2], box[3] = max(box[2], x + radius), max(box[3], y + radius)
            outline: list[PathOp] = []
            for lobe in bone.hulls():
                pieces = hull_pieces([circles[i] for i in lobe])
                lobe_path = tuple(closed_path(pieces))
                outline.extend(lobe_path)
                strokes.append(lobe_path)
            fills[bone.name] = tuple(outline)
        order = _order(name, bones, posed, projector)
        if name in in_front:
            order += 1000.0 + in_front.index(name)
        groups.append(Group(name, order, _far(bones, posed, projector), fills, tuple(strokes),
                            (box[0], box[1], box[2], box[3])))
    groups.sort(key=lambda g: g.order)
    return groups
