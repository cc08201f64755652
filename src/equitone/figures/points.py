"""Named points on the body, for pose files: where a band is tied, what a dumbbell is held in,
where an arrow starts. "hand.r" is the palm's centre, "knee.r" the knee joint, and so on."""

from __future__ import annotations

from .geometry import Vec
from .kinematics import Posed

_SIDED: dict[str, tuple[str, Vec]] = {
    "hand": ("hand", (1.0, 0.0, -8.0)),
    "fingers": ("hand", (0.2, 0.0, -15.5)),
    "wrist": ("hand", (0.0, 0.0, 0.0)),
    "forearm": ("forearm", (0.0, 0.0, -12.0)),
    "elbow": ("forearm", (0.0, 0.0, 0.0)),
    "upper_arm": ("upper_arm", (0.0, 0.0, -14.0)),
    "shoulder": ("upper_arm", (0.0, 0.0, 0.0)),
    "hip": ("thigh", (0.0, 0.0, 0.0)),
    "thigh": ("thigh", (0.0, 0.0, -20.0)),
    "knee": ("shank", (0.0, 0.0, 0.0)),
    "shank": ("shank", (0.0, 0.0, -20.0)),
    "ankle": ("foot", (0.0, 0.0, 0.0)),
    "foot": ("foot", (7.0, 0.0, -3.0)),
    "heel": ("foot", (-2.5, 0.0, -4.0)),
    "toe": ("foot", (17.5, 0.0, -4.8)),
}

_MIDLINE: dict[str, tuple[str, Vec]] = {
    "pelvis": ("pelvis", (0.0, 0.0, 0.0)),
    "sacrum": ("pelvis", (-9.0, 0.0, 4.0)),
    "belly": ("lumbar", (9.0, 0.0, 6.0)),
    "lower-back": ("lumbar", (-8.5, 0.0, 6.0)),
    "chest": ("thorax", (11.5, 0.0, 14.0)),
    "upper-back": ("thorax", (-10.0, 0.0, 18.0)),
    "neck": ("neck", (0.0, 0.0, 4.0)),
    "head": ("head", (0.5, 0.0, 9.0)),
    "chin": ("head", (5.0, 0.0, -2.0)),
    "forehead": ("head", (7.5, 0.0, 12.0)),
    "back-of-head": ("head", (-10.0, 0.0, 9.0)),
}


def locate(name: str) -> tuple[str, Vec]:
    """(bone, point in the bone's frame) for "hand.r", "chest", …; KeyError when unknown."""
    if name in _MIDLINE:
        return _MIDLINE[name]
    base, _, side = name.rpartition(".")
    if side not in ("r", "l") or base not in _SIDED:
        raise KeyError(name)
    bone, (x, y, z) = _SIDED[base]
    return f"{bone}.{side}", (x, y if side == "r" else -y, z)


def world_point(name: str, posed: Posed) -> Vec:
    bone, local = locate(name)
    return posed.frames[bone].point(local)
