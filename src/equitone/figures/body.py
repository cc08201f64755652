"""The figure's body: bones, joints with their anatomical ranges, and the spheres that give
each bone its volume.

Coordinates are centimetres in a 170 cm adult. Every bone has its own frame: x forward,
y to the body's left, z up (standing, arms by the sides, palms facing the thighs). A joint
turns its bone through its degrees of freedom in the order listed, each about one axis of the
bone's frame. Signs are chosen so that one number means the same movement on both sides
(hip abduction takes either leg away from the midline), which keeps pose files readable.

Only the right side is written out below; the left is its mirror image (y negated).
"""

from __future__ import annotations

from dataclasses import dataclass

from .geometry import Vec


@dataclass(frozen=True, slots=True)
class Dof:
    """One degree of freedom: ``name`` turns the bone about ``axis`` by ``sign`` × angle on
    the right side (``left_sign`` on the left); the joint's range is ``low``…``high`` degrees."""

    name: str
    axis: str
    sign: int
    left_sign: int
    low: float
    high: float
    label: str


@dataclass(frozen=True, slots=True)
class Bone:
    name: str
    parent: str | None
    offset: Vec  # where this bone's joint sits in the parent's frame
    joint: str | None  # the DOF set that turns it (None: fixed to the parent)
    spheres: tuple[tuple[float, float, float, float], ...]  # x, y, z, radius in own frame
    group: str  # bones drawn as one outline
    side: str = ""  # "r", "l" or "" for the midline
    lobes: tuple[tuple[int, ...], ...] = ()  # sphere indexes drawn as separate hulls (a notch
    # between them, as at the crotch); empty: one hull of all the spheres

    def hulls(self) -> tuple[tuple[int, ...], ...]:
        return self.lobes or (tuple(range(len(self.spheres))),)


def _d(name: str, axis: str, sign: int, left_sign: int, low: float, high: float,
       label: str) -> Dof:
    return Dof(name, axis, sign, left_sign, low, high, label)


# Ranges are generous active ranges of a healthy adult: a pose outside them is a typo.
JOINTS: dict[str, tuple[Dof, ...]] = {
    "lumbar": (
        _d("flex", "y", 1, 1, -35, 60, "flexion"),
        _d("side", "x", 1, 1, -35, 35, "side bend (+ to the right)"),
        _d("rot", "z", -1, -1, -20, 20, "rotation (+ to the right)"),
    ),
    "thoracic": (
        _d("flex", "y", 1, 1, -30, 50, "flexion"),
        _d("side", "x", 1, 1, -35, 35, "side bend (+ to the right)"),
        _d("rot", "z", -1, -1, -45, 45, "rotation (+ to the right)"),
    ),
    "neck": (
        _d("flex", "y", 1, 1, -70, 60, "flexion"),
        _d("side", "x", 1, 1, -45, 45, "side bend (+ to the right)"),
        _d("rot", "z", -1, -1, -80, 80, "rotation (+ to the right)"),
    ),
    "head": (_d("flex", "y", 1, 1, -25, 30, "nod (chin tuck +)"),),
    "girdle": (
        _d("elev", "x", -1, 1, -10, 35, "elevation"),
        _d("protr", "z", 1, -1, -25, 30, "protraction"),
    ),
    "shoulder": (
        _d("flex", "y", -1, -1, -60, 180, "flexion"),
        _d("abd", "x", -1, 1, -40, 180, "abduction"),
        _d("rot", "z", -1, 1, -90, 90, "external rotation"),
    ),
    "elbow": (
        _d("flex", "y", -1, -1, -5, 150, "flexion"),
        _d("sup", "z", -1, 1, -90, 90, "supination"),
    ),
    "wrist": (
        _d("flex", "x", 1, -1, -80, 80, "flexion"),
    ),
    "hip": (
        _d("flex", "y", -1, -1, -30, 135, "flexion"),
        _d("abd", "x", -1, 1, -35, 60, "abduction"),
        _d("rot", "z", -1, 1, -45, 75, "external rotation"),
    ),
    "knee": (_d("flex", "y", 1, 1, -5, 155, "flexion"),),
    "ankle": (
        _d("dorsi", "y", -1, -1, -70, 35, "dorsiflexion"),
        _d("inv", "x", -1, 1, -25, 35, "inversion"),
    ),
}

ROOT_DOFS: dict[str, tuple[float, float]] = {
    # the whole body's orientation (degrees) and position (cm); any value is possible
    "yaw": (-360, 360), "pitch": (-360, 360), "roll": (-360, 360), "turn": (-360, 360),
    "tilt": (-360, 360),
    "x": (-500, 500), "y": (-500, 500), "z": (-500, 500),
}

_MIDLINE: tuple[Bone, ...] = (
    Bone("pelvis", None, (0, 0, 90), None, (
        (-4.5, -8.0, -1.5, 8.5), (-4.5, 8.0, -1.5, 8.5),
        (2.0, -5.5, 6.0, 8.0), (2.0, 5.5, 6.0, 8.0),
        (-1.0, -8.5, 8.5, 6.5), (-1.0, 8.5, 8.5, 6.5),
        (0.5, 0.0, -2.0, 5.5),
    ), "trunk", lobes=((2, 3, 4, 5, 6), (0, 4, 2), (1, 5, 3))),
    Bone("lumbar", "pelvis", (0, 0, 12), "lumbar", (
        (0.5, -5.0, 3.0, 8.5), (0.5, 5.0, 3.0, 8.5),
        (0.5, -5.5, 11.0, 9.0), (0.5, 5.5, 11.0, 9.0),
    ), "trunk"),
    Bone("thorax", "lumbar", (0, 0, 14), "thoracic", (
        (1.5, -7.0, 4.0, 10.2), (1.5, 7.0, 4.0, 10.2),
        (1.0, -7.5, 15.0, 10.8), (1.0, 7.5, 15.0, 10.8),
        (-1.5, -8.0, 24.0, 8.5), (-1.5, 8.0, 24.0, 8.5),
    ), "trunk"),
    Bone("neck", "thorax", (-1.0, 0, 31), "neck", (
        (0.0, 0.0, 0.0, 6.0), (1.0, 0.0, 9.0, 5.2),
    ), "trunk"),
    Bone("head", "neck", (1.0, 0, 9), "head", (
        (-0.5, 0.0, 9.0, 9.6), (4.0, 0.0, 5.0, 6.0), (4.5, 0.0, 0.5, 4.2),
        (9.8, 0.0, 5.5, 1.5),
    ), "trunk"),
)

_RIGHT: tuple[Bone, ...] = (
    Bone("clavicle.r", "thorax", (1.5, -2.0, 27.0), "girdle", (
        (-2.5, -10.5, -2.0, 5.2),
    ), "trunk", "r"),
    Bone("upper_arm.r", "clavicle.r", (-2.5, -14.0, 0.0), "shoulder", (
        (0.0, 0.0, -1.5, 5.3), (0.0, 0.0, -9.0, 4.8), (0.0, 0.0, -27.0, 3.8),
    ), "arm.r", "r"),
    Bone("forearm.r", "upper_arm.r", (0, 0, -29.0), "elbow", (
        (0.0, 0.0, 0.0, 3.9), (0.4, 0.0, -8.0, 4.1), (0.0, 0.0, -23.5, 2.7),
    ), "arm.r", "r"),
    Bone("hand.r", "forearm.r", (0, 0, -25.0), "wrist", (
        (0.0, 0.0, -1.0, 2.6), (1.0, 0.0, -8.0, 3.2), (0.2, 0.0, -15.5, 2.0),
        (3.4, 0.0, -5.5, 1.5),
    ), "arm.r", "r"),
    Bone("thigh.r", "pelvis", (0, -9.0, 0), "hip", (
        (0.5, 0.0, -4.0, 8.3), (1.2, 0.0, -16.0, 7.3), (0.0, 0.0, -40.0, 5.3),
    ), "leg.r", "r"),
    Bone("shank.r", "thigh.r", (0, 0, -42.0), "knee", (
        (0.5, 0.0, -1.0, 5.0), (-2.0, 0.0, -11.5, 5.5), (-0.5, 0.0, -25.0, 4.2),
        (0.0, 0.0, -39.5, 3.1),
    ), "leg.r", "r"),
    Bone("foot.r", "shank.r", (0, 0, -41.5), "ankle", (
        (0.5, 0.0, -0.5, 3.2), (-2.5, 0.0, -3.0, 3.2), (7.0, 0.0, -3.3, 3.0),
        (14.0, 0.0, -4.4, 2.3), (17.5, 0.0, -4.8, 1.6),
    ), "leg.r", "r"),
)


def _left(name: str) -> str:
    return name[:-2] + ".l" if name.endswith(".r") else name


def _mirror(bone: Bone) -> Bone:
    """The left-side twin of a right-side bone."""
    x, y, z = bone.offset
    return Bone(
        _left(bone.name), _left(bone.parent) if bone.parent else None, (x, -y, z), bone.joint,
        tuple((sx, -sy, sz, r) for sx, sy, sz, r in bone.spheres), _left(bone.group), "l",
        bone.lobes,
    )


BONES: tuple[Bone, ...] = (*_MIDLINE, *_RIGHT, *(_mirror(b) for b in _RIGHT))
BONE_BY_NAME: dict[str, Bone] = {b.name: b for b in BONES}

JOINT_NAMES: frozenset[str] = frozenset(
    (b.joint + (f".{b.side}" if b.side else "")) for b in BONES if b.joint
)
"""Joint names as pose files write them: "hip.r", "knee.l", "lumbar", "neck" …"""

JOINT_BONE: dict[str, str] = {
    (b.joint + (f".{b.side}" if b.side else "")): b.name for b in BONES if b.joint
}


def dofs(joint: str) -> tuple[Dof, ...]:
    """The degrees of freedom of "hip.r", "lumbar", …"""
    return JOINTS[joint.split(".")[0]]
