"""Forward kinematics: joint angles → where every bone and sphere of the body is."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .body import BONES, JOINTS, Bone
from .geometry import IDENTITY, Mat, Vec, add, mat_mul, mat_vec, rotation

Angles = Mapping[str, float]
""""hip.r.flex" → degrees; "root.pitch", "root.z" … for the whole body."""


@dataclass(frozen=True, slots=True)
class Frame:
    origin: Vec
    rot: Mat

    def point(self, local: Vec) -> Vec:
        return add(self.origin, mat_vec(self.rot, local))

    def direction(self, local: Vec) -> Vec:
        return mat_vec(self.rot, local)


@dataclass(frozen=True, slots=True)
class Posed:
    """A body in one pose: each bone's frame and its spheres in world coordinates."""

    frames: dict[str, Frame]
    spheres: dict[str, tuple[tuple[Vec, float], ...]]

    def moved(self, offset: Vec) -> Posed:
        frames = {n: Frame(add(f.origin, offset), f.rot) for n, f in self.frames.items()}
        spheres = {n: tuple((add(c, offset), r) for c, r in s) for n, s in self.spheres.items()}
        return Posed(frames, spheres)

    def lowest(self, bones: tuple[str, ...] | None = None) -> float:
        names = bones if bones is not None else tuple(self.spheres)
        return min(c[2] - r for n in names for c, r in self.spheres[n])


def root_rotation(angles: Angles) -> Mat:
    """The whole body's orientation: yaw about the vertical, pitch about the left-right
    axis (pitch -90 lays a standing body on its back), roll about the body's own front-back
    axis (a side-lying body), turn about its own long axis (+ to the right: the pelvis
    turning in a supine twist); last, tilt turns everything in the side view's picture
    plane (+ raises whatever points forward, +x: a side plank's head end)."""
    rot = rotation("y", -angles.get("root.tilt", 0.0))
    rot = mat_mul(rot, rotation("z", angles.get("root.yaw", 0.0)))
    rot = mat_mul(rot, rotation("y", angles.get("root.pitch", 0.0)))
    rot = mat_mul(rot, rotation("x", angles.get("root.roll", 0.0)))
    return mat_mul(rot, rotation("z", -angles.get("root.turn", 0.0)))


def joint_rotation(bone: Bone, angles: Angles) -> Mat:
    if bone.joint is None:
        return IDENTITY
    prefix = bone.joint + (f".{bone.side}" if bone.side else "")
    rot = IDENTITY
    for dof in JOINTS[bone.joint]:
        value = angles.get(f"{prefix}.{dof.name}", 0.0)
        if value:
            sign = dof.left_sign if bone.side == "l" else dof.sign
            rot = mat_mul(rot, rotation(dof.axis, sign * value))
    return rot


def solve(angles: Angles) -> Posed:
    frames: dict[str, Frame] = {}
    spheres: dict[str, tuple[tuple[Vec, float], ...]] = {}
    for bone in BONES:
        if bone.parent is None:
            shift = (angles.get("root.x", 0.0), angles.get("root.y", 0.0),
                     angles.get("root.z", 0.0))
            frame = Frame(add(bone.offset, shift), root_rotation(angles))
        else:
            parent = frames[bone.parent]
            frame = Frame(parent.point(bone.offset),
                          mat_mul(parent.rot, joint_rotation(bone, angles)))
        frames[bone.name] = frame
        spheres[bone.name] = tuple((frame.point((x, y, z)), r) for x, y, z, r in bone.spheres)
    return Posed(frames, spheres)
