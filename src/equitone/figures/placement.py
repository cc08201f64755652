"""Putting a posed body in the room: on the floor, on a chair or step, on a ball; then its
props; then the checks that it can be done (nothing through the floor, every contact
touching, every prop where it belongs)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from .kinematics import Posed, solve
from .muscles import MuscleShape
from .props import (
    HEIGHTS,
    PlacedProp,
    bottom,
    furniture,
    furniture_height,
    place,
    tool_lift,
    tool_spot,
)
from .spec import FigureSpec, PoseError

FLOOR_TOLERANCE = 1.0  # cm a body may sink into the floor (soft tissue, a mat)
CONTACT_TOLERANCE = 3.0  # cm a contact may be off


@dataclass(frozen=True, slots=True)
class Placed:
    posed: Posed
    props: tuple[PlacedProp, ...]


def _lift(spec: FigureSpec, frame: str, posed: Posed, muscle: MuscleShape | None) -> float:
    """How far to raise (or lower) the body from where the kinematics left it."""
    if spec.frames[frame].air:
        return spec.frames[frame].air - posed.lowest()
    for prop in spec.props:  # a roller carries the body; a ball sinks into it instead
        if (prop.options.get("at") == "muscle" and muscle is not None
                and prop.kind == "foam-roller"
                and prop.options.get("against", "floor") == "floor"):
            return tool_lift(tool_spot(prop.kind, muscle, "r", posed), "floor")
    contacts = spec.frames[frame].contacts
    if not contacts:
        return -posed.lowest()
    part, surface = contacts[0]
    if surface == "floor":  # the lowest of the parts on the floor; the others are checked
        return -min(bottom(posed, [p]) for p, s in contacts if s == "floor")
    return HEIGHTS[surface][0] - bottom(posed, [part])


def _in_room(spec: FigureSpec, frame: str, angles: Mapping[str, float],
             muscle: MuscleShape | None) -> Posed:
    raw = solve(angles)
    return raw.moved((0.0, 0.0, _lift(spec, frame, raw, muscle)))


def _misfit(spec: FigureSpec, frame: str, posed: Posed) -> float:
    """How far the body is from its contacts (and below the floor), squared centimetres."""
    total = 0.0
    heights: dict[str, float] = {}
    for part, surface in spec.frames[frame].contacts:
        height = bottom(posed, [part])
        if surface == "floor":
            total += height * height
        elif surface in heights:
            total += (height - heights[surface]) ** 2
        else:
            heights[surface] = height
            _usual, low, high = HEIGHTS[surface]
            total += max(0.0, low - height) ** 2 + max(0.0, height - high) ** 2
    for spheres in posed.spheres.values():  # every part through the floor counts
        lowest = min(c[2] - r for c, r in spheres)
        if lowest < 0:
            total += 10.0 * lowest * lowest
    return total


def _adjusted(spec: FigureSpec, frame: str, muscle: MuscleShape | None) -> dict[str, float]:
    """The frame's angles after the allowed ones were moved to make the contacts hold:
    coordinate descent from the written values, halving the step down to half a degree."""
    angles = dict(spec.frames[frame].angles)
    adjust = spec.frames[frame].adjust
    if not adjust:
        return angles
    best = _misfit(spec, frame, _in_room(spec, frame, angles, muscle))
    step = 12.0
    while step >= 1.0 and best > 0.05:
        improved = False
        for key, low, high in adjust:
            for delta in (-step, step):
                trial = dict(angles)
                trial[key] = min(high, max(low, trial.get(key, 0.0) + delta))
                score = _misfit(spec, frame, _in_room(spec, frame, trial, muscle))
                if score < best - 1e-6:
                    angles, best, improved = trial, score, True
        if not improved:
            step /= 2
    return angles


def body_in_room(spec: FigureSpec, frame: str, muscle: MuscleShape | None = None) -> Posed:
    return _in_room(spec, frame, _adjusted(spec, frame, muscle), muscle)


def place_frame(spec: FigureSpec, frame: str, muscle: MuscleShape | None = None) -> Placed:
    """The frame ready to draw, or PoseError naming the exercise, frame and part."""
    where = f"{spec.key}, {frame}"
    posed = body_in_room(spec, frame, muscle)
    lowest_bone, lowest = min(((b, min(c[2] - r for c, r in s))
                               for b, s in posed.spheres.items()), key=lambda item: item[1])
    if lowest < -FLOOR_TOLERANCE:
        raise PoseError(f"{where}: {lowest_bone} goes {-lowest:.1f} cm through the floor")
    props: list[PlacedProp] = []
    by_surface: dict[str, list[str]] = {}
    for part, surface in spec.frames[frame].contacts:
        by_surface.setdefault(surface, []).append(part)
    explicit = {p.kind for p in spec.props if "under" in p.options}
    for surface, parts in by_surface.items() if not spec.frames[frame].air else ():
        heights = [(part, bottom(posed, [part])) for part in parts]
        top = heights[0][1]
        if surface == "floor":
            for part, height in heights:
                if abs(height) > CONTACT_TOLERANCE:
                    above = "above" if height > 0 else "below"
                    raise PoseError(f"{where}: {part} should rest on the floor but is "
                                    f"{abs(height):.1f} cm {above} it")
            continue
        for part, height in heights[1:]:
            if abs(height - top) > CONTACT_TOLERANCE:
                raise PoseError(f"{where}: {part} should rest on the {surface} with "
                                f"{parts[0]} but is {height - top:+.1f} cm off")
        furniture_height(where, surface, parts[0], top)
        if surface not in explicit:  # else the pose places it itself (a roller lengthwise)
            props.append(furniture(surface, posed, top, parts))
    for prop in spec.props:
        # a prop that stays put while the body moves (the chair one stands up from) is
        # placed where the body is in the frame it names
        other = prop.options.get("placed_in")
        if other in (None, frame):
            body = posed
        elif other in spec.frames:
            body = body_in_room(spec, str(other), muscle)
        else:  # a stretch shown in one frame keeps its start frame as the ghost
            assert spec.ghost_from is not None
            body = body_in_room(replace(spec, frames={"start": spec.ghost_from}), "start",
                                muscle)
        placed, problems = place(prop, body, where, muscle=muscle, side="r")
        if problems:
            raise PoseError(f"{where}: {problems[0]}")
        props.extend(placed)
    return Placed(posed, tuple(props))
