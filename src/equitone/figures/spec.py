"""Pose files as checked data: base positions, each exercise's frames, props and arrow.

Checks made here need no geometry: every angle names a real joint and lies within its range,
bases, props, body parts and points exist. Whether a placed body touches what it should is
checked when a frame is solved (:mod:`.placement`). Every message names the exercise (and the
frame and joint or part) so a typo in a pose file is found in seconds.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .body import BONE_BY_NAME, JOINT_NAMES, ROOT_DOFS, dofs
from .camera import Camera, camera_from
from .points import locate

Contact = tuple[str, str]  # (bone, surface)

SURFACES = frozenset({"floor", "chair", "step", "box", "table", "bed", "wall", "swiss-ball",
                      "foam-roller", "towel"})
FRAME_NAMES = ("start", "end", "hold")


class PoseError(ValueError):
    """A pose that cannot be drawn: names the exercise, the frame and the joint or part."""


@dataclass(frozen=True, slots=True)
class FrameSpec:
    angles: Mapping[str, float]
    contacts: tuple[Contact, ...]
    air: float = 0.0  # cm between the lowest point and the floor (a jump); contacts then unused
    adjust: tuple[tuple[str, float, float], ...] = ()
    """Angles the placement may change (within low…high) until the contacts hold: a pose on a
    roller or ball adapts to where that muscle's spot puts the tool."""


@dataclass(frozen=True, slots=True)
class PropSpec:
    kind: str
    options: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class ArrowSpec:
    """Which point's path the arrow follows ("auto": the one that moves most), or a short
    straight arrow where nothing visibly moves: ``push`` starts at ``point`` and shows which
    way the body presses (isometric work, a breath filling the belly); ``inward`` ends at the
    point (draw the belly in, press the knee down)."""

    point: str = "auto"
    push: tuple[float, float, float] | None = None
    show: bool = True
    inward: bool = False
    reverse: bool = False  # a short push back the way the movement came (hold-relax work)
    straight: bool = False  # a straight arrow, not an arc about a joint (a pull toward you)


@dataclass(frozen=True, slots=True)
class FigureSpec:
    key: str  # "clamshell", "lacrosse-ball-release:gluteus-medius"
    camera: Camera
    frames: Mapping[str, FrameSpec]  # "start" and "end", or "hold" alone
    props: tuple[PropSpec, ...] = ()
    arrow: ArrowSpec = field(default_factory=ArrowSpec)
    in_front: tuple[str, ...] = ()
    muscle: str | None = None  # the muscle a ball, roller or hand is placed on
    ghost_from: FrameSpec | None = None  # a one-frame picture's movement (a stretch's start)
    show_ghost: bool = True
    xray: bool = False  # draw a worked muscle on the far side faintly (no view shows it)

    @property
    def frame_names(self) -> tuple[str, ...]:
        return tuple(name for name in FRAME_NAMES if name in self.frames)


def check_angle(where: str, key: str, value: object) -> float:
    """The angle as a float, or PoseError naming the joint and its range."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise PoseError(f"{where}: {key} must be a number of degrees, not {value!r}")
    number = float(value)
    if key.startswith("root."):
        if key[5:] not in ROOT_DOFS:
            raise PoseError(f"{where}: unknown body placement {key!r} (use "
                            f"{', '.join('root.' + d for d in ROOT_DOFS)})")
        return number
    joint, _, wanted = key.rpartition(".")
    if joint not in JOINT_NAMES:
        raise PoseError(f"{where}: unknown joint {joint or key!r}")
    for dof in dofs(joint):
        if dof.name == wanted:
            if not dof.low <= number <= dof.high:
                raise PoseError(
                    f"{where}: {joint} {dof.label} {number:g}° is outside its range "
                    f"{dof.low:g}…{dof.high:g}°"
                )
            return number
    names = ", ".join(d.name for d in dofs(joint))
    raise PoseError(f"{where}: {joint} has no {wanted!r} (it has {names})")


def expand(key: str) -> list[str]:
    """"hip.flex" is both hips; "hip.r.flex" one of them."""
    parts = key.split(".")
    if len(parts) == 2 and parts[0] != "root" and f"{parts[0]}.r" in JOINT_NAMES:
        return [f"{parts[0]}.r.{parts[1]}", f"{parts[0]}.l.{parts[1]}"]
    return [key]


def angles_from(where: str, raw: Mapping[str, Any]) -> dict[str, float]:
    angles: dict[str, float] = {}
    for key, value in raw.items():
        if key in ("base", "contacts", "air", "adjust"):
            continue
        for name in expand(key):
            angles[name] = check_angle(where, name, value)
    return angles


def adjust_from(where: str, raw: object) -> tuple[tuple[str, float, float], ...]:
    """{"root.pitch": [-40, 10], …}: each angle's own range is checked too."""
    if raw is None:
        return ()
    if not isinstance(raw, dict):
        raise PoseError(f"{where}: adjust is {{angle: [lowest, highest]}}")
    out = []
    for key, bounds in raw.items():
        if not (isinstance(bounds, list) and len(bounds) == 2):
            raise PoseError(f"{where}: adjust {key} needs [lowest, highest]")
        for name in expand(key):
            low, high = (check_angle(where, name, b) for b in bounds)
            out.append((name, min(low, high), max(low, high)))
    return tuple(out)


def contacts_from(where: str, raw: object) -> tuple[Contact, ...]:
    if not isinstance(raw, list):
        raise PoseError(f"{where}: contacts must be a list of [body part, surface]")
    contacts: list[Contact] = []
    for item in raw:
        if not (isinstance(item, list) and len(item) == 2):
            raise PoseError(f"{where}: a contact is [body part, surface], not {item!r}")
        part, surface = str(item[0]), str(item[1])
        if part not in BONE_BY_NAME:
            raise PoseError(f"{where}: unknown body part {part!r} in a contact")
        if surface not in SURFACES:
            raise PoseError(f"{where}: unknown surface {surface!r} (use "
                            f"{', '.join(sorted(SURFACES))})")
        contacts.append((part, surface))
    return tuple(contacts)


def check_point(where: str, name: object) -> str:
    try:
        locate(str(name))
    except KeyError:
        raise PoseError(f"{where}: unknown body point {name!r}") from None
    return str(name)


def arrow_from(where: str, raw: object) -> ArrowSpec:
    if raw is None:
        return ArrowSpec()
    if raw == "none":
        return ArrowSpec(show=False)
    if isinstance(raw, str):
        return ArrowSpec(point=check_point(where, raw))
    if isinstance(raw, dict):
        point = check_point(where, raw.get("point", ""))
        inward = "press" in raw
        push = raw.get("press" if inward else "push")
        if push is not None:
            if not (isinstance(push, list) and len(push) == 3):
                raise PoseError(f"{where}: an arrow's push or press is [x, y, z]")
            return ArrowSpec(point, (float(push[0]), float(push[1]), float(push[2])),
                             inward=inward)
        return ArrowSpec(point, straight=bool(raw.get("straight", False)))
    raise PoseError(f"{where}: an arrow is \"none\", a body point or "
                    "{\"point\": …, \"push\" or \"press\": [x, y, z]}")


def view_from(where: str, raw: object) -> Camera:
    try:
        return camera_from(raw if raw is not None else "side")
    except ValueError as exc:
        raise PoseError(f"{where}: {exc}") from None
