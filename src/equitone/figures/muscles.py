"""Where each muscle sits on the figure (resources/poses/muscles.json), for highlighting it and
for putting a ball, roller or hand on it."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from equitone.resources_access import read_text

from .body import BONE_BY_NAME
from .geometry import Vec, add, normalized, scale, sub
from .kinematics import Posed

Sphere = tuple[float, float, float, float]
SIDED_BONES = frozenset({"clavicle", "upper_arm", "forearm", "hand", "thigh", "shank", "foot"})


class MuscleDataError(ValueError):
    """resources/poses/muscles.json does not describe the figure's muscles."""


@dataclass(frozen=True, slots=True)
class Piece:
    bone: str  # "thigh", "pelvis" … (sided bones get ".r"/".l" when drawn)
    spheres: tuple[Sphere, ...]  # right side
    normal: Vec  # which way the piece faces, in the bone's frame (right side)

    def bone_for(self, side: str) -> str:
        return f"{self.bone}.{side}" if self.bone in SIDED_BONES else self.bone

    def local(self, side: str) -> tuple[Sphere, ...]:
        if side == "r":
            return self.spheres
        return tuple((x, -y, z, r) for x, y, z, r in self.spheres)

    def local_normal(self, side: str) -> Vec:
        x, y, z = self.normal
        return (x, y, z) if side == "r" else (x, -y, z)


@dataclass(frozen=True, slots=True)
class MuscleShape:
    slug: str
    pieces: tuple[Piece, ...]  # the first is where a tool or a hand goes


def _piece(slug: str, bone: str, raw: Any) -> Piece:
    if bone not in SIDED_BONES and bone not in BONE_BY_NAME:
        raise MuscleDataError(f"muscle {slug!r}: unknown bone {bone!r}")
    try:
        spheres = tuple((float(x), float(y), float(z), float(r)) for x, y, z, r in raw)
    except (TypeError, ValueError):
        raise MuscleDataError(f"muscle {slug!r}: spheres on {bone!r} must be [x, y, z, r]"
                              ) from None
    if not spheres or any(s[3] <= 0 for s in spheres):
        raise MuscleDataError(f"muscle {slug!r}: {bone!r} needs spheres with a radius")
    mean_x = sum(s[0] for s in spheres) / len(spheres)
    mean_y = sum(s[1] for s in spheres) / len(spheres)
    normal = normalized((mean_x, mean_y, 0.0))
    if normal == (0.0, 0.0, 0.0):
        normal = (1.0, 0.0, 0.0)
    return Piece(bone, spheres, normal)


def parse_muscles(data: Any) -> dict[str, MuscleShape]:
    if not isinstance(data, dict) or not isinstance(data.get("muscles"), dict):
        raise MuscleDataError("muscles.json: expected {\"muscles\": {slug: {bone: spheres}}}")
    shapes: dict[str, MuscleShape] = {}
    for slug, bones in data["muscles"].items():
        if not isinstance(bones, dict) or not bones:
            raise MuscleDataError(f"muscle {slug!r}: expected {{bone: spheres}}")
        shapes[slug] = MuscleShape(slug, tuple(_piece(slug, b, s) for b, s in bones.items()))
    return shapes


@lru_cache(maxsize=1)
def muscle_shapes() -> dict[str, MuscleShape]:
    return parse_muscles(json.loads(read_text("poses", "muscles.json")))


def world_spheres(piece: Piece, side: str, posed: Posed) -> list[tuple[Vec, float]]:
    frame = posed.frames[piece.bone_for(side)]
    return [(frame.point((x, y, z)), r) for x, y, z, r in piece.local(side)]


def world_normal(piece: Piece, side: str, posed: Posed) -> Vec:
    return posed.frames[piece.bone_for(side)].direction(piece.local_normal(side))


def anchor(shape: MuscleShape, side: str, posed: Posed) -> tuple[Vec, Vec]:
    """The point on the skin over the muscle and the outward direction there: where a ball,
    a roller or a hand goes. Found by walking out from the muscle's centre along its normal
    until leaving the bone's volume."""
    piece = shape.pieces[0]
    bone = BONE_BY_NAME[piece.bone_for(side)]
    spheres = piece.local(side)
    centre = (sum(s[0] for s in spheres) / len(spheres), sum(s[1] for s in spheres) /
              len(spheres), sum(s[2] for s in spheres) / len(spheres))
    normal = piece.local_normal(side)
    exit_at = 0.0
    for x, y, z, r in bone.spheres:
        offset = sub(centre, (x, y, z))
        b = offset[0] * normal[0] + offset[1] * normal[1] + offset[2] * normal[2]
        c = offset[0] ** 2 + offset[1] ** 2 + offset[2] ** 2 - r * r
        disc = b * b - c
        if disc >= 0:
            exit_at = max(exit_at, -b + math.sqrt(disc))
    frame = posed.frames[bone.name]
    surface = frame.point(add(centre, scale(normal, exit_at)))
    return surface, frame.direction(normal)
