"""A clinician's own exercises: add, edit, list and show, for the window and the command line.

An own exercise has what a shipped one has — name, kind, muscles, dose, instruction,
performer, equipment — and a picture: a figure drawn in one of the base positions or in a
shipped exercise's pose (its muscles highlighted), or a photo imported from a file
(services/photos.py). It lives in the database with the picture, so backups and patient
archives carry it, and every change is in the audit trail. Shipped exercises are the
program's: they are never edited here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from equitone.domain.limits import check_text, unstorable
from equitone.domain.types import Dose, Exercise, ExerciseKind, ExercisePicture, Performer
from equitone.errors import NotFoundError, ValidationError
from equitone.figures import PoseError, library
from equitone.services.catalog import _exercise_values, load_catalog
from equitone.services.photos import Photo
from equitone.storage.database import Database
from equitone.storage.models import ExerciseRow

__all__ = ["DOSE_LIMITS", "ExerciseDraft", "add_exercise", "draft_of", "edit_exercise",
           "get_exercise", "list_exercises", "picture_choice", "pose_choices", "preview"]

DOSE_LIMITS = {"sets": (1, 20), "reps": (1, 200), "hold_seconds": (1, 3600),
               "rest_seconds": (0, 3600)}
"""The archive's limits for a dose, so whatever is stored can be exported and imported."""
SLUG_PREFIX = "own-"


@dataclass(frozen=True, slots=True)
class ExerciseDraft:
    """What the clinician typed or chose. ``base``, ``like`` and ``photo`` are the three
    kinds of picture, exactly one of them."""

    name: str
    kind: ExerciseKind
    muscles: tuple[str, ...]
    dose: Dose
    instruction: str = ""
    performer: Performer = Performer.SELF
    equipment: tuple[str, ...] = ()
    sustained: bool = False
    base: str | None = "standing"
    like: str | None = None
    photo: Photo | None = None
    tags: tuple[str, ...] = field(default=())


def picture_choice(draft: ExerciseDraft) -> ExercisePicture:
    """The draft's picture, checked: a base position or shipped pose that exists, or the
    photo; one of them."""
    chosen = [k for k, v in (("base", draft.base), ("like", draft.like),
                             ("photo", draft.photo)) if v]
    if len(chosen) != 1:
        raise ValidationError("Choose one picture: a position to draw, an exercise's pose "
                              "to draw, or a photo.")
    if draft.photo is not None:
        photo = draft.photo
        return ExercisePicture(photo=photo.data, media_type=photo.media_type,
                               size=(photo.width, photo.height))
    try:
        library().posed_like(base=draft.base, like=draft.like)
    except PoseError:
        if draft.like is not None:
            raise ValidationError(f"There is no picture of '{draft.like}' to start from.") \
                from None
        raise ValidationError(f"Unknown position '{draft.base}'; choose one of "
                              f"{', '.join(library().bases())}.") from None
    return ExercisePicture(base=draft.base) if draft.base else ExercisePicture(like=draft.like)


def _slugify(name: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-")[:60].strip("-")
    return slug or "exercise"


def _check_dose(dose: Dose) -> Dose:
    for name, (low, high) in DOSE_LIMITS.items():
        value = getattr(dose, name)
        if value is not None and not low <= value <= high:
            raise ValidationError(f"The {name.replace('_', ' ')} must be {low}–{high}, "
                                  f"not {value}.")
    if dose.reps is None and dose.hold_seconds is None:
        raise ValidationError("Give the dose reps, a hold in seconds, or both.")
    return dose


def _checked(draft: ExerciseDraft, slug: str) -> Exercise:
    """The draft as a catalog exercise, or one line saying what is wrong."""
    name = check_text(" ".join(draft.name.split()), "exercises.name")
    if not name:
        raise ValidationError("An exercise needs a name.")
    instruction = check_text(draft.instruction.strip(), "exercises.instruction")
    muscles = tuple(dict.fromkeys(draft.muscles))
    if not muscles:
        raise ValidationError("Choose at least one muscle the exercise works.")
    if len(muscles) > 100:
        raise ValidationError("An exercise works at most 100 muscles.")
    for text in (*draft.equipment, *draft.tags):
        bad = unstorable(text)
        if bad is not None or len(text) > 80:
            raise ValidationError(f"An equipment or tag entry is {bad or 'longer than 80 '}"
                                  f"{'' if bad else 'characters'}: {text[:40]!r}.")
    return Exercise(
        slug=slug, name=name, kind=draft.kind, muscles=muscles, performer=draft.performer,
        dose=_check_dose(draft.dose), sustained=draft.sustained and draft.kind.trains,
        equipment=tuple(e.strip() for e in draft.equipment if e.strip()),
        instruction=instruction, custom=True, tags=tuple(draft.tags),
        picture=picture_choice(draft),
    )


def _known_muscles(db: Database, muscles: Sequence[str]) -> None:
    known = load_catalog(db).muscles
    unknown = [m for m in muscles if m not in known]
    if unknown:
        raise ValidationError(f"Unknown muscle(s): {', '.join(unknown)} (see: catalog "
                              "muscles).")


def add_exercise(db: Database, draft: ExerciseDraft) -> Exercise:
    """Store a new own exercise (one transaction, in the audit trail); its slug is made from
    its name ("own-towel-press", "own-towel-press-2" for a namesake)."""
    exercise = _checked(draft, "pending")
    _known_muscles(db, exercise.muscles)
    with db.transaction() as session:
        taken = set(session.scalars(select(ExerciseRow.slug)))
        base = slug = SLUG_PREFIX + _slugify(exercise.name)
        n = 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        exercise = replace(exercise, slug=slug)
        session.add(ExerciseRow(**_exercise_values(exercise)))
    load_catalog.cache_clear()
    return get_exercise(db, slug)


def _own_row(session: Session, slug: str) -> ExerciseRow:
    row = session.scalar(select(ExerciseRow).where(ExerciseRow.slug == slug))
    if row is None:
        raise NotFoundError(f"There is no exercise '{slug}'.")
    if not row.custom:
        raise ValidationError(f"'{slug}' is one of Equitone's own exercises and cannot be "
                              "edited; add your own version instead.")
    return row


def edit_exercise(db: Database, slug: str, draft: ExerciseDraft) -> Exercise:
    """Replace an own exercise's definition (its slug stays: sessions name it)."""
    exercise = _checked(draft, slug)
    _known_muscles(db, exercise.muscles)
    with db.transaction() as session:
        row = _own_row(session, slug)
        for key, value in _exercise_values(exercise).items():
            if key not in ("slug", "retired") and getattr(row, key) != value:
                setattr(row, key, value)
    load_catalog.cache_clear()
    return get_exercise(db, slug)


def draft_of(exercise: Exercise) -> ExerciseDraft:
    """An own exercise as a draft to edit (its photo kept as it is stored)."""
    picture = exercise.picture or ExercisePicture(base="standing")
    photo = None
    if picture.photo:
        photo = Photo(picture.photo, picture.media_type, *picture.size)
    return ExerciseDraft(
        name=exercise.name, kind=exercise.kind, muscles=exercise.muscles, dose=exercise.dose,
        instruction=exercise.instruction, performer=exercise.performer,
        equipment=exercise.equipment, sustained=exercise.sustained,
        base=picture.base if not picture.photo and not picture.like else None,
        like=picture.like, photo=photo, tags=exercise.tags,
    )


def get_exercise(db: Database, slug: str) -> Exercise:
    exercise = load_catalog(db).exercises.get(slug)
    if exercise is None:
        raise NotFoundError(f"There is no exercise '{slug}'.")
    return exercise


def list_exercises(db: Database, *, own_only: bool = False) -> list[Exercise]:
    """The library (by name), or only the clinic's own exercises."""
    found = [e for e in load_catalog(db).exercises.values() if e.custom or not own_only]
    return sorted(found, key=lambda e: (e.name.casefold(), e.slug))


def pose_choices(exercises: Sequence[Exercise]) -> list[Exercise]:
    """The shipped exercises an own exercise can borrow a pose from (by name): those drawn
    start and end for themselves, not a technique placed on a chosen muscle."""
    found = [e for e in exercises if not e.custom and not e.muscle_parameter
             and library().spec(e.slug) is not None]
    return sorted(found, key=lambda e: e.name.casefold())


def preview(draft: ExerciseDraft) -> Exercise:
    """The draft as the exercise it would be, to draw its picture before it is saved; a
    one-line ValidationError for what is missing or wrong."""
    return _checked(draft, SLUG_PREFIX + "preview")
