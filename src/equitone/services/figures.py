"""Exercise pictures for a plan's blocks, the designer and ``equitone exercise picture``.

The pictures themselves are pure geometry (:mod:`equitone.figures`); this is where a block
(its exercise, muscle and side) and the patient's tags become a request for them, and where a
picture is written to a file: SVG here, PNG by the painter the caller hands in
(services/pictures.py).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path

from equitone.domain.catalog import Catalog
from equitone.domain.sequencing import Block, BlockSide
from equitone.domain.setup_words import Setup
from equitone.domain.types import Exercise, Side, ToneState
from equitone.errors import EquitoneError, NotFoundError, ValidationError
from equitone.figures import FigureSpec, PoseError, Scene, library
from equitone.figures.scene import photo_scene
from equitone.figures.svg import to_svg
from equitone.services.pictures import Pictures

log = logging.getLogger(__name__)

StateMap = Mapping[tuple[str, Side], ToneState]
SIDE_SHOWN = {BlockSide.LEFT: Side.LEFT, BlockSide.RIGHT: Side.RIGHT, BlockSide.BOTH: None}
MAX_WIDTH_PX = 4000  # a poster; anything wider is a typo that would allocate gigabytes
MIN_WIDTH_PX = 16


def _muscle_for(exercise: Exercise | None, muscles: tuple[str, ...]) -> str | None:
    """The muscle a technique is applied to (a ball, roller or hand goes there)."""
    if exercise is not None and exercise.muscle_parameter and muscles:
        return muscles[0]
    return None


def _spec_of(slug: str, exercise: Exercise | None, muscle: str | None) -> FigureSpec | None:
    """The figure a shipped exercise is drawn with, or the pose a clinician chose for their
    own (None: no figure, or a photo)."""
    own = exercise.picture if exercise is not None and exercise.custom else None
    if own is None:
        return library().spec(slug, muscle)
    if own.photo:
        return None
    return library().posed_like(base=own.base, like=own.like)


def exercise_pictures(slug: str, exercise: Exercise | None, muscles: tuple[str, ...],
                      side: Side | None, states: StateMap | None = None) -> tuple[Scene, ...]:
    """Every frame of the exercise's picture (start and end, or one; a clinician's photo),
    or () when Equitone has no picture of it. A pose that cannot be drawn is logged, never
    raised: a print or a screen must not fail over one picture."""
    own = exercise.picture if exercise is not None and exercise.custom else None
    if own is not None and own.photo:
        return (photo_scene(slug, own.photo, *own.size),)
    muscle = _muscle_for(exercise, muscles)
    try:
        spec = _spec_of(slug, exercise, muscle)
        if spec is None:
            return ()
        wanted = muscles or ((muscle,) if muscle else ())
        return tuple(library().picture(spec, frame=frame, side=side, muscles=wanted,
                                       states=states)
                     for frame in spec.frame_names)
    except PoseError as exc:
        log.warning("no picture for %s: %s", slug, exc)
        return ()


def block_pictures(block: Block, catalog: Catalog,
                   states: StateMap | None = None) -> tuple[Scene, ...]:
    return exercise_pictures(block.exercise, catalog.exercises.get(block.exercise),
                             block.muscles, SIDE_SHOWN[block.side], states)


def block_setup(block: Block, catalog: Catalog) -> Setup | None:
    """How to set up for the block's exercise, read from its picture (which side lies down,
    which leg stands, which hand holds), or None when Equitone has no figure for it."""
    exercise = catalog.exercises.get(block.exercise)
    own = exercise.picture if exercise is not None and exercise.custom else None
    if own is not None and own.base:
        return None  # a base position says how the body lies, not which side the clinician
        # meant to work: the card names the side and leaves the set-up to the instruction
    try:
        spec = _spec_of(block.exercise, exercise, _muscle_for(exercise, block.muscles))
        if spec is None:
            return None
        return library().setup(spec)
    except PoseError as exc:
        log.warning("no set-up for %s: %s", block.exercise, exc)
        return None


def check_picture_target(path: Path, width: int) -> str:
    """"png" or "svg" for a writable target, else a one-line error."""
    suffix = path.suffix.lower()
    if suffix not in (".png", ".svg"):
        raise ValidationError("The output file must end in .png or .svg.")
    if not MIN_WIDTH_PX <= width <= MAX_WIDTH_PX:
        raise ValidationError(f"The width must be {MIN_WIDTH_PX}–{MAX_WIDTH_PX} pixels.")
    if path.is_dir():
        raise ValidationError(f"{path} is a folder; give a file name ending in {suffix}.")
    if not path.parent.is_dir():
        raise ValidationError(f"The folder {path.parent} does not exist.")
    return suffix[1:]


def write_exercise_picture(catalog: Catalog, slug: str, path: Path, *, pictures: Pictures,
                           frame: str = "start", side: Side | None = Side.RIGHT,
                           width: int = 600, muscle: str | None = None) -> Path:
    """One frame of a catalog exercise's picture as a PNG or SVG file."""
    kind = check_picture_target(path, width)
    exercise = catalog.exercises.get(slug)
    if exercise is None:
        raise NotFoundError(f"Unknown exercise '{slug}'.")
    if muscle is not None and muscle not in exercise.muscles:
        raise ValidationError(f"'{muscle}' is not one of {exercise.name}'s muscles.")
    muscles = (muscle or exercise.muscles[0],) if exercise.muscle_parameter else exercise.muscles
    scenes = exercise_pictures(slug, exercise, muscles, side)
    if not scenes:
        raise NotFoundError(f"Equitone has no picture of '{slug}' yet.")
    scene = scenes[-1] if frame == "end" else scenes[0]
    try:
        if kind == "svg":
            path.write_text(to_svg(scene.with_margin(2.0), width, background="#FFFFFF"),
                            encoding="utf-8")
        elif not pictures.write_scene_png(scene.with_margin(2.0), path, width):
            raise EquitoneError(f"Cannot write {path}.")
    except OSError as exc:
        raise EquitoneError(f"Cannot write {path}: {exc.strerror or exc}.") from None
    return path
