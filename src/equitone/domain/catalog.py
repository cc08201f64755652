"""The shipped catalogs (muscles, exercises, templates) as validated domain objects.

Parsing is pure: it takes already-decoded JSON so it can be tested without files, and raises
`CatalogError` naming the offending entry rather than a KeyError deep inside.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from equitone.domain.types import (
    Dose,
    Exercise,
    ExerciseKind,
    JandaType,
    Layer,
    Muscle,
    Performer,
    View,
)

REQUIRED_MUSCLES: tuple[str, ...] = (
    "sternocleidomastoid", "upper-trapezius", "middle-trapezius", "lower-trapezius",
    "levator-scapulae", "scalenes", "suboccipitals", "rhomboids", "serratus-anterior",
    "pectoralis-major", "pectoralis-minor", "anterior-deltoid", "lateral-deltoid",
    "posterior-deltoid", "supraspinatus", "infraspinatus", "teres-minor", "teres-major",
    "subscapularis", "latissimus-dorsi", "biceps-brachii", "triceps-brachii", "brachioradialis",
    "wrist-flexors", "wrist-extensors", "rectus-abdominis", "external-oblique",
    "internal-oblique", "transversus-abdominis", "erector-spinae", "multifidus",
    "quadratus-lumborum", "diaphragm", "iliopsoas", "gluteus-maximus", "gluteus-medius",
    "gluteus-minimus", "piriformis", "tensor-fasciae-latae", "hip-adductors", "sartorius",
    "rectus-femoris", "vastus-lateralis", "vastus-medialis", "hamstrings", "gastrocnemius",
    "soleus", "tibialis-anterior", "tibialis-posterior", "fibularis", "deep-neck-flexors",
)

REQUIRED_EXERCISES: tuple[str, ...] = (
    "clamshell", "reverse-clamshell", "hip-hike", "lateral-band-walk",
    "side-lying-wall-abduction", "lacrosse-ball-release", "active-stretch",
    "post-isometric-relaxation", "myofascial-release", "active-release-technique",
    "strain-counterstrain", "foam-roll",
)


class CatalogError(ValueError):
    """A catalog file that does not describe a consistent catalog."""


@dataclass(frozen=True, slots=True)
class TemplateBlock:
    exercise: str
    muscle: str | None
    side: str


@dataclass(frozen=True, slots=True)
class Template:
    slug: str
    name: str
    description: str
    frequency_per_week: int
    blocks: tuple[TemplateBlock, ...]


def _field(entry: Mapping[str, Any], key: str, where: str) -> Any:
    try:
        return entry[key]
    except KeyError:
        raise CatalogError(f"{where}: missing field '{key}'") from None


def parse_muscle(entry: Mapping[str, Any]) -> Muscle:
    where = f"muscle {entry.get('slug', '?')!r}"
    try:
        return Muscle(
            slug=str(_field(entry, "slug", where)),
            name=str(_field(entry, "name", where)),
            short_name=str(entry.get("short_name") or entry["name"]).strip(),
            region=str(_field(entry, "region", where)),
            layer=Layer(_field(entry, "layer", where)),
            views=tuple(View(v) for v in _field(entry, "views", where)),
            janda=JandaType(_field(entry, "janda", where)),
            antagonists=tuple(entry.get("antagonists", ())),
            compensators=tuple(entry.get("compensators", ())),
            description=str(entry.get("description", "")),
        )
    except ValueError as exc:
        raise CatalogError(f"{where}: {exc}") from None


def parse_dose(raw: Mapping[str, Any]) -> Dose:
    def optional_int(key: str) -> int | None:
        value = raw.get(key)
        return None if value is None else int(value)

    return Dose(
        sets=int(raw.get("sets", 1)),
        reps=optional_int("reps"),
        hold_seconds=optional_int("hold_seconds"),
        rest_seconds=int(raw.get("rest_seconds", 0)),
    )


def parse_exercise(entry: Mapping[str, Any], *, custom: bool = False) -> Exercise:
    where = f"exercise {entry.get('slug', '?')!r}"
    try:
        return Exercise(
            slug=str(_field(entry, "slug", where)),
            name=str(_field(entry, "name", where)),
            kind=ExerciseKind(_field(entry, "kind", where)),
            muscles=tuple(_field(entry, "muscles", where)),
            performer=Performer(_field(entry, "performer", where)),
            dose=parse_dose(_field(entry, "dose", where)),
            sustained=bool(entry.get("sustained", False)),
            muscle_parameter=bool(entry.get("muscle_parameter", False)),
            equipment=tuple(str(e) for e in entry.get("equipment", ()) if e and e != "none"),
            instruction=str(entry.get("instruction", "")),
            custom=custom,
            tags=tuple(entry.get("tags", ())),
        )
    except (ValueError, TypeError) as exc:
        raise CatalogError(f"{where}: {exc}") from None


def parse_template(entry: Mapping[str, Any]) -> Template:
    where = f"template {entry.get('slug', '?')!r}"
    blocks = tuple(
        TemplateBlock(
            exercise=str(_field(b, "exercise", where)),
            muscle=b.get("muscle"),
            side=str(b.get("side", "both")),
        )
        for b in _field(entry, "blocks", where)
    )
    return Template(
        slug=str(_field(entry, "slug", where)),
        name=str(_field(entry, "name", where)),
        description=str(entry.get("description", "")),
        frequency_per_week=int(entry.get("frequency_per_week", 3)),
        blocks=blocks,
    )


class Catalog:
    """Muscles and exercises with the look-ups the method needs."""

    def __init__(self, muscles: Iterable[Muscle], exercises: Iterable[Exercise]) -> None:
        self.muscles: dict[str, Muscle] = {}
        for muscle in muscles:
            if muscle.slug in self.muscles:
                raise CatalogError(f"muscle {muscle.slug!r} is listed twice")
            self.muscles[muscle.slug] = muscle
        self.exercises: dict[str, Exercise] = {}
        for exercise in exercises:
            if exercise.slug in self.exercises:
                raise CatalogError(f"exercise {exercise.slug!r} is listed twice")
            self.exercises[exercise.slug] = exercise
        self._check_references()

    def _check_references(self) -> None:
        for muscle in self.muscles.values():
            for other in (*muscle.antagonists, *muscle.compensators):
                if other not in self.muscles:
                    raise CatalogError(f"muscle {muscle.slug!r} refers to unknown muscle {other!r}")
        for exercise in self.exercises.values():
            if not exercise.muscles:
                raise CatalogError(f"exercise {exercise.slug!r} targets no muscle")
            for slug in exercise.muscles:
                if slug not in self.muscles:
                    raise CatalogError(
                        f"exercise {exercise.slug!r} targets unknown muscle {slug!r}"
                    )

    def muscle(self, slug: str) -> Muscle:
        return self.muscles[slug]

    def exercise(self, slug: str) -> Exercise:
        return self.exercises[slug]

    def options_for(self, muscle: str) -> list[Exercise]:
        return [e for e in self.exercises.values() if muscle in e.muscles]

    def activations_for(self, muscle: str) -> list[Exercise]:
        return [e for e in self.options_for(muscle) if e.kind.trains]

    def relaxations_for(self, muscle: str) -> list[Exercise]:
        return [e for e in self.options_for(muscle) if e.kind.relaxes]

    def missing_options(self) -> list[str]:
        """Muscles lacking an activation or a relaxation option (should be none)."""
        problems = []
        for slug in self.muscles:
            if not self.activations_for(slug):
                problems.append(f"{slug}: no activation exercise")
            if not self.relaxations_for(slug):
                problems.append(f"{slug}: no relaxation exercise")
        return problems


def parse_catalog(
    muscles_doc: Mapping[str, Any],
    exercises_doc: Mapping[str, Any],
    custom_exercises: Sequence[Exercise] = (),
) -> Catalog:
    muscles = [parse_muscle(m) for m in muscles_doc.get("muscles", [])]
    exercises = [parse_exercise(e) for e in exercises_doc.get("exercises", [])]
    return Catalog(muscles, [*exercises, *custom_exercises])
