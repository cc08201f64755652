"""Loading the shipped catalogs into the database and reading the catalog back."""

from __future__ import annotations

import hashlib
import json
import weakref
from functools import cache
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from equitone.domain.catalog import Catalog, Template, parse_catalog, parse_exercise, parse_template
from equitone.domain.types import Dose, Exercise, ExerciseKind, ExercisePicture, Performer
from equitone.errors import ValidationError
from equitone.resources_access import read_bytes
from equitone.storage.database import Database
from equitone.storage.models import ExerciseRow, MetaRow, MuscleRow

CATALOG_FILES = ("muscles.json", "exercises.json")
TECHNIQUES_FILE = "techniques.json"
_HASH_KEY = "catalog_sha256"


@cache
def _shipped_documents() -> tuple[str, dict[str, Any], dict[str, Any]]:
    raw = [read_bytes("catalog", name) for name in CATALOG_FILES]
    digest = hashlib.sha256(b"\0".join(raw)).hexdigest()
    return digest, json.loads(raw[0]), json.loads(raw[1])


@cache
def shipped_catalog() -> Catalog:
    """The catalog as shipped (no custom exercises); parsed and checked once per process."""
    _digest, muscles, exercises = _shipped_documents()
    techniques = json.loads(read_bytes("catalog", TECHNIQUES_FILE))
    return parse_catalog(muscles, exercises, techniques_doc=techniques)


def shipped_templates() -> list[Template]:
    doc = json.loads(read_bytes("catalog", "templates.json"))
    return [parse_template(t) for t in doc.get("templates", [])]


def picture_json(picture: ExercisePicture | None) -> dict[str, Any] | None:
    """What `exercises.picture` stores (the photo's bytes go in `exercises.photo`)."""
    if picture is None:
        return None
    if picture.photo:
        width, height = picture.size
        return {"photo": {"media_type": picture.media_type, "width": width, "height": height}}
    return {"like": picture.like} if picture.like else {"base": picture.base}


def picture_from(stored: Any, photo: bytes | None) -> ExercisePicture | None:
    """The picture a row stores (None for none, or for what this version cannot read)."""
    if not isinstance(stored, dict):
        return None
    shot = stored.get("photo")
    if isinstance(shot, dict) and photo:
        size = (int(shot.get("width") or 0), int(shot.get("height") or 0))
        return ExercisePicture(photo=photo, media_type=str(shot.get("media_type") or ""),
                               size=size)
    if isinstance(stored.get("like"), str):
        return ExercisePicture(like=stored["like"])
    if isinstance(stored.get("base"), str):
        return ExercisePicture(base=stored["base"])
    return None


def exercise_fields(exercise: Exercise) -> dict[str, Any]:
    """What an exercise is and its dose, in the shape both the stored catalog row and the
    command line's JSON use."""
    return {
        "slug": exercise.slug,
        "name": exercise.name,
        "kind": exercise.kind.value,
        "muscles": list(exercise.muscles),
        "muscle_parameter": exercise.muscle_parameter,
        "sustained": exercise.sustained,
        "performer": exercise.performer.value,
        "sets": exercise.dose.sets,
        "reps": exercise.dose.reps,
        "hold_seconds": exercise.dose.hold_seconds,
        "rest_seconds": exercise.dose.rest_seconds,
        "equipment": list(exercise.equipment),
        "instruction": exercise.instruction,
        "tags": list(exercise.tags),
        "custom": exercise.custom,
    }


def _exercise_values(exercise: Exercise) -> dict[str, Any]:
    return {
        **exercise_fields(exercise),
        "retired": False,
        "picture": picture_json(exercise.picture),
        "photo": exercise.picture.photo if exercise.picture is not None else None,
    }


def sync_catalog(db: Database, *, force: bool = False) -> bool:
    """Bring the shipped catalog rows up to date with the resource files.

    Shipped exercises are upserted by slug; one that left the catalog is marked retired (old
    sessions still name it); custom exercises are never touched. Skipped when the files'
    hash matches the last load. Returns True when anything was written.
    """
    digest, _m, _e = _shipped_documents()
    with db.transaction() as session:
        stored = session.get(MetaRow, _HASH_KEY)
        if stored is not None and stored.value == digest and not force:
            return False
        catalog = shipped_catalog()
        session.execute(delete(MuscleRow))
        session.add_all(
            MuscleRow(
                slug=m.slug, name=m.name, short_name=m.short_name, region=m.region,
                layer=m.layer.value, views=[v.value for v in m.views], janda=m.janda.value,
                antagonists=list(m.antagonists), compensators=list(m.compensators),
                description=m.description,
            )
            for m in catalog.muscles.values()
        )
        existing = {row.slug: row for row in session.scalars(select(ExerciseRow))}
        for exercise in catalog.exercises.values():
            row = existing.pop(exercise.slug, None)
            if row is None:
                session.add(ExerciseRow(**_exercise_values(exercise)))
            elif not row.custom:
                for key, value in _exercise_values(exercise).items():
                    setattr(row, key, value)
        for row in existing.values():
            if not row.custom:
                row.retired = True
        if stored is None:
            session.add(MetaRow(key=_HASH_KEY, value=digest))
        else:
            stored.value = digest
    load_catalog.cache_clear()
    return True


def _row_to_exercise(row: ExerciseRow) -> Exercise:
    return Exercise(
        slug=row.slug,
        name=row.name,
        kind=ExerciseKind(row.kind),
        muscles=tuple(row.muscles),
        performer=Performer(row.performer),
        dose=Dose(row.sets, row.reps, row.hold_seconds, row.rest_seconds),
        sustained=row.sustained,
        muscle_parameter=row.muscle_parameter,
        equipment=tuple(row.equipment),
        instruction=row.instruction,
        custom=row.custom,
        tags=tuple(row.tags),
        picture=picture_from(row.picture, row.photo),
    )


def _load(session: Session) -> Catalog:
    """The catalog this program understands plus the clinic's own exercises.

    Muscles, technique rules and texts are not stored per database (nobody edits them), so
    they come from the shipped files; shipped exercises likewise, by slug, so they carry the
    fields the table has no column for. Rows are still the authority on which exercises exist:
    custom ones, and a shipped one a newer release added to a shared database.
    """
    shipped = shipped_catalog()
    rows = session.scalars(select(ExerciseRow).where(ExerciseRow.retired.is_(False)))
    exercises = [
        _row_to_exercise(row) if row.custom or row.slug not in shipped.exercises
        else shipped.exercises[row.slug]
        for row in rows
    ]
    return Catalog(shipped.muscles.values(), exercises, shipped.guide,
                   shipped.instruction_templates())


class _CatalogCache:
    """The catalog changes only when custom exercises are added, so readers share one copy
    per database until a write invalidates it."""

    def __init__(self) -> None:
        self._by_db: weakref.WeakKeyDictionary[Database, Catalog] = weakref.WeakKeyDictionary()

    def __call__(self, db: Database) -> Catalog:
        catalog = self._by_db.get(db)
        if catalog is None:
            with db.reading() as session:
                catalog = _load(session)
            self._by_db[db] = catalog
        return catalog

    def cache_clear(self) -> None:
        self._by_db.clear()


load_catalog = _CatalogCache()


def add_custom_exercise(db: Database, entry: dict[str, Any]) -> Exercise:
    """Validate and store a clinician's own exercise; it survives catalog updates."""
    from equitone.domain.catalog import CatalogError

    try:
        exercise = parse_exercise(entry, custom=True)
    except CatalogError as exc:
        raise ValidationError(str(exc)) from None
    catalog = load_catalog(db)
    if exercise.slug in catalog.exercises:
        raise ValidationError(f"An exercise with the slug '{exercise.slug}' already exists.")
    unknown = [m for m in exercise.muscles if m not in catalog.muscles]
    if unknown or not exercise.muscles:
        raise ValidationError(f"Unknown muscle(s): {', '.join(unknown) or 'none given'}.")
    with db.transaction() as session:
        session.add(ExerciseRow(**_exercise_values(exercise)))
    load_catalog.cache_clear()
    return exercise
