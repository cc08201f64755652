"""What the engine reads besides the blocks: the catalog, the latest assessment, preferences."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Protocol

from equitone.domain.catalog import RiChoice
from equitone.domain.techniques import Fit, Suitability, TechniqueGuide, adjust_for_tenderness
from equitone.domain.types import Exercise, Muscle, Performer, Side, ToneState

__all__ = [
    "DEFAULT_CEILING",
    "DEFAULT_MODALITY_ORDER",
    "DEFAULT_SESSION_LIMIT_MINUTES",
    "RELEASE_STATES",
    "Assessment",
    "CatalogLike",
    "CatalogView",
    "DoseCeiling",
    "Preferences",
    "patient_name",
    "short_name",
]

#: The session length past which the engine warns, unless the clinic sets its own.
DEFAULT_SESSION_LIMIT_MINUTES = 45
#: States of a compensator that call for its release before its partner is activated (rule 6).
RELEASE_STATES = (ToneState.OVERACTIVE, ToneState.TIGHT, ToneState.SPASM)

#: Used after the patient's and the clinic's own preferences: self-applied modalities first.
DEFAULT_MODALITY_ORDER: tuple[str, ...] = (
    "lacrosse-ball-release",
    "active-stretch",
    "post-isometric-relaxation",
    "foam-roll",
    "myofascial-release",
    "active-release-technique",
    "strain-counterstrain",
)


class CatalogLike(Protocol):
    """What the engine reads from the library: records by slug, where each relaxation
    technique may go, and the reciprocal-inhibition antagonist chosen per muscle.

    `equitone.domain.catalog.Catalog` fits as is; tests and tools can use `CatalogView`.
    """

    @property
    def exercises(self) -> Mapping[str, Exercise]: ...

    @property
    def muscles(self) -> Mapping[str, Muscle]: ...

    def suitability(self, technique: str, muscle: str, *, tenderness: int | None = None) -> Fit:
        ...

    def ri_antagonist(self, muscle: str) -> RiChoice: ...


_SUITABLE = Fit(Suitability.SUITABLE, "", "no-rules")


@dataclass(frozen=True, eq=False)
class CatalogView:
    """A plain `CatalogLike`: two mappings and, optionally, the technique rules (without
    them every technique is suitable wherever it is listed). Nothing is validated."""

    exercises: Mapping[str, Exercise]
    muscles: Mapping[str, Muscle]
    guide: TechniqueGuide | None = None

    @classmethod
    def of(
        cls,
        exercises: Iterable[Exercise],
        muscles: Iterable[Muscle],
        guide: TechniqueGuide | None = None,
    ) -> CatalogView:
        return cls({e.slug: e for e in exercises}, {m.slug: m for m in muscles}, guide)

    def suitability(self, technique: str, muscle: str, *, tenderness: int | None = None) -> Fit:
        exercise = self.exercises[technique]
        fit = _SUITABLE
        if self.guide is not None and self.guide.rules:
            fit = self.guide.resolve(exercise, self.muscles[muscle])
        return adjust_for_tenderness(fit, exercise.family, tenderness)

    def ri_antagonist(self, muscle: str) -> RiChoice:
        record = self.muscles[muscle]
        return RiChoice(record.ri_antagonist, record.ri_cue, record.ri_reason)


def short_name(catalog: CatalogLike, muscle: str) -> str:
    """The clinician's name of a muscle ("glute med"; from its slug if the catalog lacks it)."""
    record = catalog.muscles.get(muscle)
    return record.short_name if record is not None else muscle.replace("-", " ")


def patient_name(catalog: CatalogLike, muscle: str) -> str:
    """The patient's words for a muscle ("outer hip muscle"), else the clinician's name."""
    record = catalog.muscles.get(muscle)
    if record is None:
        return muscle.replace("-", " ")
    return record.plain_name or record.short_name


_Key = tuple[str, Side]


@dataclass(frozen=True, eq=False)
class Assessment:
    """The latest tone tags, per (muscle slug, side), with the measures the engine reads:
    tenderness grade 0-4 (III-IV rules out pressure) and MRC strength 0-5 (the dose ceiling
    and explosive work). A side may carry several states.

    `gentle`: the underactive sides to activate gently — also tender, tight or overactive,
    tenderness grade II or more, or MRC strength 2 or less (`sequencing.tag_view` decides)."""

    tags: Mapping[_Key, frozenset[ToneState]] = field(default_factory=dict)
    tightness: Mapping[_Key, float] = field(default_factory=dict)
    tenderness: Mapping[_Key, int] = field(default_factory=dict)
    strength: Mapping[_Key, int] = field(default_factory=dict)
    gentle: frozenset[_Key] = frozenset()

    @classmethod
    def of(
        cls,
        tags: Mapping[_Key, ToneState | Iterable[ToneState]],
        tightness: Mapping[_Key, float] | None = None,
        *,
        tenderness: Mapping[_Key, int] | None = None,
        strength: Mapping[_Key, int] | None = None,
    ) -> Assessment:
        normal = {
            key: frozenset((value,)) if isinstance(value, ToneState) else frozenset(value)
            for key, value in tags.items()
        }
        return cls(normal, dict(tightness or {}), dict(tenderness or {}), dict(strength or {}))

    def has(self, muscle: str, side: Side, *states: ToneState) -> bool:
        """True if the muscle side carries any of `states`."""
        tagged = self.tags.get((muscle, side))
        return tagged is not None and not tagged.isdisjoint(states)

    @cached_property
    def underactive(self) -> frozenset[_Key]:
        """The muscle sides tagged underactive (read in the engine's hot loops)."""
        return frozenset(k for k, states in self.tags.items() if ToneState.UNDERACTIVE in states)

    @cached_property
    def overworking(self) -> frozenset[_Key]:
        """The muscle sides in one of RELEASE_STATES: compensators to release first (rule 6)."""
        return frozenset(
            k for k, states in self.tags.items() if not states.isdisjoint(RELEASE_STATES)
        )

    def tender_grade(self, muscle: str, side: Side) -> int | None:
        return self.tenderness.get((muscle, side))

    def mrc(self, muscle: str, side: Side) -> int | None:
        return self.strength.get((muscle, side))

    def activate_gently(self, muscle: str, side: Side) -> bool:
        """True for an underactive side whose activation must stay gentle."""
        return (muscle, side) in self.gentle


@dataclass(frozen=True, slots=True)
class Preferences:
    """How the clinician and the patient want automatic blocks made.

    Technique order (see `choice`): the patient's own preference, then a technique made for
    the muscle, then the clinic's preference, then DEFAULT_MODALITY_ORDER. Clinician-only
    techniques (ART, strain-counterstrain, …) are used only when `clinician_present` (an
    in-clinic session); the default is a home program. `warm_down` names the preferred
    warm-down, used when it fits the regions trained.

    `relax_after_every_activation` / `relax_after_muscles`: the per-patient and per-muscle
    setting of rule 1 ("per-rep relaxing is not enough for this person"): a relaxation block
    follows every activation (of those muscles) even when the rep itself relaxes it.
    `session_limit_minutes`: the estimated length past which the session is warned about.
    """

    patient: tuple[str, ...] = ()
    clinic: tuple[str, ...] = ()
    clinician_present: bool = False
    warm_down: str | None = None
    relax_after_every_activation: bool = False
    relax_after_muscles: frozenset[str] = frozenset()
    session_limit_minutes: int = DEFAULT_SESSION_LIMIT_MINUTES

    def allows(self, exercise: Exercise) -> bool:
        return self.clinician_present or exercise.performer is not Performer.CLINICIAN

    def relax_after(self, muscle: str) -> bool:
        return self.relax_after_every_activation or muscle in self.relax_after_muscles

    @property
    def order(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.patient + self.clinic + DEFAULT_MODALITY_ORDER))


@dataclass(frozen=True, slots=True)
class Volume:
    """Work that loads one muscle side over a session: reps (steps count as reps) and seconds
    held (every rep's hold counts)."""

    reps: int = 0
    hold_seconds: int = 0

    def __add__(self, other: Volume) -> Volume:
        return Volume(self.reps + other.reps, self.hold_seconds + other.hold_seconds)


@dataclass(frozen=True, slots=True)
class DoseCeiling:
    """Rule 9's "just enough to turn on": the most work one underactive muscle side gets in a
    session, by MRC grade (index 0-5; unknown strength counts as 5). Lower grades get less:
    a muscle that barely contracts is switched on with a few attempts, not sets to fatigue.
    `flagged` scales the ceiling down for a muscle whose "activated, then tighter" proposal
    the clinician accepted."""

    reps_by_grade: tuple[int, int, int, int, int, int] = (12, 12, 24, 45, 60, 80)
    hold_by_grade: tuple[int, int, int, int, int, int] = (45, 45, 90, 180, 240, 300)
    flagged: float = 2 / 3

    def limit(self, grade: int | None, *, flagged: bool = False) -> Volume:
        index = 5 if grade is None else max(0, min(5, grade))
        scale = self.flagged if flagged else 1.0
        return Volume(
            int(self.reps_by_grade[index] * scale), int(self.hold_by_grade[index] * scale)
        )

    @staticmethod
    def exceeded(volume: Volume, limit: Volume) -> bool:
        return volume.reps > limit.reps or volume.hold_seconds > limit.hold_seconds


DEFAULT_CEILING = DoseCeiling()
