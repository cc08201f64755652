"""The shipped catalogs (muscles, exercises, techniques, templates) as validated domain objects.

Parsing is pure: it takes already-decoded JSON so it can be tested without files, and raises
`CatalogError` naming the offending entry rather than a KeyError deep inside.

The catalog answers the three questions the session designer asks of the content:
:meth:`Catalog.suitability` (may this technique go on this muscle?),
:meth:`Catalog.ri_antagonist` (which muscle to contract for reciprocal inhibition) and
:meth:`Catalog.technique_text` (what the card says for this technique on this muscle).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from equitone.domain.dose_words import DOSE_FIELDS, fill_dose, placeholders
from equitone.domain.techniques import (
    Fit,
    TechniqueGuide,
    TechniqueGuideError,
    adjust_for_tenderness,
    infer_family,
    parse_guide,
)
from equitone.domain.types import (
    Contraction,
    Dose,
    Exercise,
    ExerciseKind,
    JandaType,
    Layer,
    Muscle,
    Performer,
    TechniqueFamily,
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
class RiChoice:
    """The reciprocal-inhibition antagonist chosen for a muscle (`antagonist` None: no cue).

    `cue` is what the patient does, without its timing; `reason` is for the clinician: when
    to leave the cue out, or why there is no antagonist at all.
    """

    antagonist: str | None
    cue: str
    reason: str


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
            plain_name=str(entry.get("plain_name") or "").strip(),
            ri_antagonist=entry.get("ri_antagonist") or None,
            ri_cue=str(entry.get("ri_cue") or "").strip(),
            ri_reason=str(entry.get("ri_reason") or "").strip(),
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
            family=TechniqueFamily(entry["family"]) if entry.get("family") else None,
            made_for=tuple(str(m) for m in entry.get("made_for", ())),
            contraction=Contraction(entry["contraction"]) if entry.get("contraction") else None,
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
    """Muscles and exercises with the look-ups the method needs.

    Built with a :class:`TechniqueGuide`, it resolves every relaxation technique x muscle pair
    up front (each modality against every muscle, each fixed exercise against its own muscles)
    and fails to load when one is unanswered, when a shipped exercise lists a muscle it must
    not go on, or when a modality lacks the card text for a muscle it lists.
    """

    def __init__(
        self,
        muscles: Iterable[Muscle],
        exercises: Iterable[Exercise],
        guide: TechniqueGuide | None = None,
        templates: Mapping[str, str] | None = None,
    ) -> None:
        """``templates``: shipped instructions still naming their dose fields, by slug, for
        exercises handed in already filled (a database's catalog reuses the shipped one's
        exercises, whose instructions show the default dose)."""
        self.muscles: dict[str, Muscle] = {}
        for muscle in muscles:
            if muscle.slug in self.muscles:
                raise CatalogError(f"muscle {muscle.slug!r} is listed twice")
            self.muscles[muscle.slug] = muscle
        self.exercises: dict[str, Exercise] = {}
        self._instructions: dict[str, str] = {}  # shipped instructions that name dose fields
        exercises = list(exercises)
        names = {e.slug for e in exercises if not e.custom}
        self._instructions.update((k, v) for k, v in (templates or {}).items() if k in names)
        for exercise in exercises:
            if exercise.slug in self.exercises:
                raise CatalogError(f"exercise {exercise.slug!r} is listed twice")
            self.exercises[exercise.slug] = self._with_dose(_with_family(exercise))
        self.guide = guide if guide is not None else TechniqueGuide.empty()
        self._check_references()
        try:
            self.guide.check_names(self.muscles, self.exercises)
            self._fits = self._resolve_fits()
            self._texts = self._compose_texts()
        except TechniqueGuideError as exc:
            raise CatalogError(str(exc)) from None

    def _with_dose(self, exercise: Exercise) -> Exercise:
        """A shipped instruction writes its numbers as dose fields ("hold {hold}"): keep it to
        fill from each block's dose, and show it filled from the default dose. A clinician's
        own text is kept as typed (a brace there is just a brace)."""
        if exercise.custom:
            return exercise
        asked = placeholders(exercise.instruction)
        if not asked:
            return exercise
        unknown = sorted(asked - set(DOSE_FIELDS))
        if unknown:
            raise CatalogError(
                f"exercise {exercise.slug!r}: its instruction uses unknown field(s) {unknown}")
        self._instructions[exercise.slug] = exercise.instruction
        return replace(exercise, instruction=fill_dose(exercise.instruction, exercise.dose))

    def _check_references(self) -> None:
        for muscle in self.muscles.values():
            for other in (*muscle.antagonists, *muscle.compensators):
                if other not in self.muscles:
                    raise CatalogError(f"muscle {muscle.slug!r} refers to unknown muscle {other!r}")
            ri = muscle.ri_antagonist
            if ri is not None and (ri not in self.muscles or ri == muscle.slug):
                raise CatalogError(
                    f"muscle {muscle.slug!r}: reciprocal-inhibition antagonist {ri!r} is not "
                    "another muscle of the catalog"
                )
        for exercise in self.exercises.values():
            if not exercise.muscles:
                raise CatalogError(f"exercise {exercise.slug!r} targets no muscle")
            for slug in exercise.muscles:
                if slug not in self.muscles:
                    raise CatalogError(
                        f"exercise {exercise.slug!r} targets unknown muscle {slug!r}"
                    )
            stray = [m for m in exercise.made_for if m not in exercise.muscles]
            if stray:
                raise CatalogError(
                    f"exercise {exercise.slug!r} is made for {stray}, which it does not list"
                )

    def technique_pairs(self) -> Iterable[tuple[Exercise, Muscle]]:
        """Every relaxation technique x muscle pair the catalog answers for."""
        for exercise in self.exercises.values():
            if not exercise.kind.relaxes:
                continue
            targets = self.muscles if exercise.muscle_parameter else exercise.muscles
            for slug in targets:
                yield exercise, self.muscles[slug]

    def _resolve_fits(self) -> dict[tuple[str, str], Fit]:
        fits: dict[tuple[str, str], Fit] = {}
        for exercise, muscle in self.technique_pairs():
            fit = self.guide.resolve(exercise, muscle)
            if not fit.allowed and not exercise.custom and muscle.slug in exercise.muscles:
                raise CatalogError(
                    f"exercise {exercise.slug!r} lists {muscle.slug!r}, where rule "
                    f"{fit.rule!r} forbids it"
                )
            fits[exercise.slug, muscle.slug] = fit
        return fits

    def _compose_texts(self) -> dict[tuple[str, str], str]:
        texts: dict[tuple[str, str], str] = {}
        for exercise in self.exercises.values():
            for muscle in exercise.muscles:
                text = self.guide.compose(exercise, muscle)
                if text is not None:
                    texts[exercise.slug, muscle] = text
        return texts

    # ------------------------------------------------------------------ clinical content
    def suitability(self, technique: str, muscle: str, *, tenderness: int | None = None) -> Fit:
        """Whether relaxation `technique` may go on `muscle`: suitable, precaution (with the
        note to show) or contraindicated (with the reason).

        `tenderness` is the muscle side's tenderness grade (0-4) when known: pressure never
        goes into a grade III-IV spot. Raises KeyError for an unknown slug and CatalogError for
        an exercise that does not relax.
        """
        exercise = self.exercises[technique]
        record = self.muscles[muscle]
        if not exercise.kind.relaxes:
            raise CatalogError(f"{technique!r} is not a relaxation technique")
        fit = self._fits.get((technique, muscle))
        if fit is None:
            try:
                fit = self.guide.resolve(exercise, record)
            except TechniqueGuideError as exc:
                raise CatalogError(str(exc)) from None
        return adjust_for_tenderness(fit, exercise.family, tenderness)

    def ri_antagonist(self, muscle: str) -> RiChoice:
        """The antagonist to contract at the end of the eccentric phase, chosen for that
        purpose (None when no antagonist is suitable; `reason` says why)."""
        record = self.muscles[muscle]
        return RiChoice(record.ri_antagonist, record.ri_cue, record.ri_reason)

    def technique_text(self, technique: str, muscle: str | None = None,
                       dose: Dose | None = None) -> str:
        """What the card says for `technique` applied to `muscle`: the muscle's own placement,
        position and hold for a modality; the exercise's instruction otherwise. Holds,
        rounds and passes are written from `dose` (default: the exercise's own), the one
        place a card's numbers come from."""
        exercise = self.exercises[technique]
        template = self._texts.get((technique, muscle)) if muscle is not None else None
        if template is None:
            template = self._instructions.get(technique)
        if template is None:
            return exercise.instruction
        return fill_dose(template, dose or exercise.dose)

    def instruction_templates(self) -> Mapping[str, str]:
        """The shipped instructions that name dose fields ("hold {hold}"), by slug."""
        return dict(self._instructions)

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


def _with_family(exercise: Exercise) -> Exercise:
    if exercise.family is not None or not exercise.kind.relaxes:
        return exercise
    return replace(exercise, family=infer_family(exercise.kind, exercise.equipment, exercise.tags))


def parse_techniques(doc: Mapping[str, Any]) -> TechniqueGuide:
    try:
        return parse_guide(doc)
    except TechniqueGuideError as exc:
        raise CatalogError(str(exc)) from None


def parse_catalog(
    muscles_doc: Mapping[str, Any],
    exercises_doc: Mapping[str, Any],
    custom_exercises: Sequence[Exercise] = (),
    techniques_doc: Mapping[str, Any] | None = None,
) -> Catalog:
    muscles = [parse_muscle(m) for m in muscles_doc.get("muscles", [])]
    exercises = [parse_exercise(e) for e in exercises_doc.get("exercises", [])]
    guide = parse_techniques(techniques_doc) if techniques_doc is not None else None
    return Catalog(muscles, [*exercises, *custom_exercises], guide)
