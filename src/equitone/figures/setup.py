"""What a figure's geometry says about setting up: which side lies down, which leg stands,
which knee kneels, which forearm props, which hand holds a weight; and whether the two sides
do the same thing at once.

Read from the placed body and the pose's contacts and props, for the pose as written (the
right side working), so the answers are relative to the worked side and hold for the mirror
image too (:class:`equitone.domain.setup_words.Setup`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from equitone.domain.setup_words import Relative, Setup

from .placement import Placed
from .spec import FigureSpec, FrameSpec

LYING = 0.6  # the pelvis's left-right axis this close to vertical: lying on a side
UPRIGHT = 0.75  # the thorax's long axis at least this vertical: standing or kneeling
HELD = {"dumbbell": "weight", "kettlebell": "kettlebell", "medicine-ball": "ball"}
_FEET = ("foot", "heel", "toe")
_KNEES = ("knee", "shank", "thigh")
_FOREARMS = ("forearm", "elbow")


def _relative(name: str) -> Relative | None:
    if name.endswith(".r"):
        return Relative.WORKED
    if name.endswith(".l"):
        return Relative.OTHER
    return None


def _sided(contacts: tuple[tuple[str, str], ...], parts: tuple[str, ...]) -> set[Relative]:
    found = set()
    for part, _surface in contacts:
        base, _, side = part.partition(".")
        relative = _relative(part)
        if base in parts and side and relative is not None:
            found.add(relative)
    return found


def _only(found: set[Relative]) -> Relative | None:
    return next(iter(found)) if len(found) == 1 else None


def _mirrored(name: str) -> str:
    if name.endswith(".r"):
        return name[:-2] + ".l"
    if name.endswith(".l"):
        return name[:-2] + ".r"
    return name


_TURNING = ("root.roll", "root.yaw", "root.turn", "lumbar.side", "lumbar.rot",
            "thoracic.side", "thoracic.rot", "neck.side", "neck.rot")


def _symmetric_frame(frame: FrameSpec) -> bool:
    angles = frame.angles
    for key, value in angles.items():
        if key in _TURNING and abs(value) > 1.0 and key != "root.yaw":
            return False
        mirror = key.replace(".r.", ".l.") if ".r." in key else key.replace(".l.", ".r.")
        if abs(angles.get(mirror, 0.0) - value) > 2.0:
            return False
    contacts = {(part, surface) for part, surface in frame.contacts}
    return contacts == {(_mirrored(part), surface) for part, surface in frame.contacts}


def _mirrored_options(options: Mapping[str, Any]) -> str:
    def flip(value: Any) -> Any:
        if isinstance(value, str):
            return _mirrored(value)
        if isinstance(value, list):
            return sorted((flip(v) for v in value), key=repr)
        return value

    return repr(sorted((k, flip(v)) for k, v in options.items()))


def _symmetric(spec: FigureSpec) -> bool:
    if spec.muscle is not None:  # a ball, roller or hand on one muscle: one side at a time
        return False
    if not all(_symmetric_frame(frame) for frame in spec.frames.values()):
        return False
    props = sorted(repr(sorted((k, v if not isinstance(v, list) else sorted(v, key=repr))
                               for k, v in p.options.items())) for p in spec.props)
    mirrored = sorted(_mirrored_options(p.options) for p in spec.props)
    return props == mirrored


def setup_of(spec: FigureSpec, placed: Placed) -> Setup:
    """The set-up facts of the pose's first frame (``placed``). Standing on one leg means the
    other foot stays off the floor in every frame (a side step is not a single-leg stance);
    kneeling means a knee down, the pelvis up and the trunk upright."""
    first = spec.frames[spec.frame_names[0]]
    posed = placed.posed
    left_axis = posed.frames["pelvis"].direction((0.0, 1.0, 0.0))
    long_axis = posed.frames["thorax"].direction((0.0, 0.0, 1.0))
    lies_on = propped_on = stands_on = kneels_on = None
    seated = any(part in ("pelvis", "sacrum") or (part.startswith("thigh.") and
                 surface != "floor") for part, surface in first.contacts)
    hands_down = _sided(first.contacts, ("hand", "fingers", "wrist", "forearm", "elbow"))
    if abs(left_axis[2]) > LYING and long_axis[2] < UPRIGHT:
        # the body's left side up: it lies on its right side, the side the pose works
        lies_on = Relative.WORKED if left_axis[2] > 0 else Relative.OTHER
        propped_on = _only(_sided(first.contacts, _FOREARMS))
    elif long_axis[2] >= UPRIGHT and not seated and not hands_down:
        kneeling = {(part, surface) for part, surface in first.contacts
                    if part.partition(".")[0] in _KNEES and surface == "floor"}
        kneels_on = _only(_sided(tuple(kneeling), _KNEES))
        feet = [_sided(f.contacts, _FEET) for f in spec.frames.values()]
        if kneels_on is None and all(len(f) == 1 for f in feet) and len(set.union(*feet)) == 1:
            stands_on = _only(feet[0])
    holds = []
    for prop in spec.props:
        word = HELD.get(prop.kind)
        hand = prop.options.get("in")
        if word and isinstance(hand, str) and (relative := _relative(hand)) is not None:
            holds.append((word, relative))
    held_hands = {hand for _word, hand in holds}
    if len(held_hands) > 1:  # a weight in each hand: nothing to tell apart
        holds = []
    return Setup(lies_on=lies_on, stands_on=stands_on, kneels_on=kneels_on,
                 propped_on=propped_on, holds=tuple(holds), one_sided=not _symmetric(spec))
