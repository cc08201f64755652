"""Which way the figure faces: hair, face, eyes and ears on the head, toes on a foot that
points at the viewer.

The body is drawn as smooth volumes, so without these a figure seen from the front and one
seen from the back are the same outline, and a patient cannot tell whether the picture shows
their left or their right. The cues are drawn over the head's (or foot's) fill and under its
highlighted muscles and everything in front of it (a hand pressing the forehead covers
them). All positions are in the bone's own frame (x forward, y to the body's left, z up) and
sit on the head's spheres in `body.py`.
"""

from __future__ import annotations

import math

from . import style
from .camera import Projector
from .geometry import Vec, circle_path, sub
from .kinematics import Posed
from .scene import Path, Shape, Style

_HEAD_CENTRE: Vec = (-0.5, 0.0, 9.0)  # the skull's sphere
_HAIR = ((-2.5, 0.0, 10.8), 9.0)  # a sphere set back and up: the hair seen from any side
_FACE = (((2.5, 0.0, 7.8), 7.2), ((4.0, 0.0, 5.0), 6.0), ((4.5, 0.0, 0.5), 4.2),
         ((9.8, 0.0, 5.5), 1.5))  # forehead, face, jaw, nose
_EYES: tuple[Vec, ...] = ((8.3, -3.0, 8.0), (8.3, 3.0, 8.0))
_EARS: tuple[Vec, ...] = ((-0.8, -9.3, 7.0), (-0.8, 9.3, 7.0))
_EYE_RADIUS = 0.75
_EAR_RADIUS = 1.9
_TOES = (((15.0, 0.0, -4.5), 2.2),)

FACE_AWAY = -0.35  # the face turned further from the viewer than this is not drawn
SEEN = 0.12  # an eye or ear facing the viewer at least this much is drawn
TOES_TOWARD = 0.55  # a foot pointing at the viewer this much shows its toes


def _unit(v: Vec) -> Vec:
    n = math.sqrt(sum(c * c for c in v)) or 1.0
    return (v[0] / n, v[1] / n, v[2] / n)


def _disc(posed: Posed, projector: Projector, bone: str, local: Vec, radius: float) -> Path:
    x, y = projector.xy(posed.frames[bone].point(local))
    return tuple(circle_path(x, y, radius))


def _facing(posed: Posed, projector: Projector, bone: str, local: Vec, centre: Vec) -> float:
    """How far the surface at ``local`` faces the viewer (1: straight at them)."""
    return projector.depth(posed.frames[bone].direction(_unit(sub(local, centre))))


def head_features(posed: Posed, projector: Projector, head: Path) -> list[Shape]:
    """Hair, then the face over it when it is turned toward the viewer, the eyes that face
    the viewer and the ears that show; clipped to the head's outline except the ears, which
    stand out from it."""
    facing = projector.depth(posed.frames["head"].direction((1.0, 0.0, 0.0)))
    hair_at, hair_r = _HAIR
    shapes = [Shape(_disc(posed, projector, "head", hair_at, hair_r), Style(fill=style.HAIR),
                    head, "body", "hair")]
    if facing > FACE_AWAY:
        face: Path = tuple(op for at, r in _FACE
                           for op in _disc(posed, projector, "head", at, r))
        shapes.append(Shape(face, Style(fill=style.SKIN), head, "body", "face"))
        for eye in _EYES:
            if _facing(posed, projector, "head", eye, _HEAD_CENTRE) > SEEN:
                shapes.append(Shape(_disc(posed, projector, "head", eye, _EYE_RADIUS),
                                    Style(fill=style.EYE), head, "body", "eye"))
    for ear in _EARS:
        if _facing(posed, projector, "head", ear, _HEAD_CENTRE) > -SEEN:
            disc = _disc(posed, projector, "head", ear, _EAR_RADIUS)
            shapes += [Shape(disc, Style(fill=style.SKIN, stroke=style.OUTLINE,
                                         width=style.OUTLINE_WIDTH), None, "body", "ear")]
    return shapes


def toe_features(posed: Posed, projector: Projector, foot: str, outline: Path) -> list[Shape]:
    """The toes' outline on a foot pointing at the viewer, so a figure seen from the front
    has feet that come toward the patient (seen from behind, the heel is a plain round)."""
    if projector.depth(posed.frames[foot].direction((1.0, 0.0, 0.0))) < TOES_TOWARD:
        return []
    toes: Path = tuple(op for at, r in _TOES for op in _disc(posed, projector, foot, at, r))
    return [Shape(toes, Style(stroke=style.OUTLINE, width=style.OUTLINE_WIDTH), outline,
                  "body", "toes")]
