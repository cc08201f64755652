"""What the engine reads besides the blocks: the catalog, the latest assessment, preferences."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Protocol

from equitone.domain.types import Dose, Exercise, Muscle, Performer, Side, ToneState

__all__ = [
    "DEFAULT_CEILING",
    "DEFAULT_MODALITY_ORDER",
    "Assessment",
    "CatalogLike",
    "CatalogView",
    "DoseCeiling",
    "Preferences",
    "short_name",
]

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
    """What the engine reads from the library: records by slug.

    `equitone.domain.catalog.Catalog` fits as is; tests and tools can use `CatalogView`.
    """

    @property
    def exercises(self) -> Mapping[str, Exercise]: ...

    @property
    def muscles(self) -> Mapping[str, Muscle]: ...


@dataclass(frozen=True, eq=False)
class CatalogView:
    """A plain `CatalogLike`: two mappings, nothing validated."""

    exercises: Mapping[str, Exercise]
    muscles: Mapping[str, Muscle]

    @classmethod
    def of(cls, exercises: Iterable[Exercise], muscles: Iterable[Muscle]) -> CatalogView:
        return cls({e.slug: e for e in exercises}, {m.slug: m for m in muscles})


def short_name(catalog: CatalogLike, muscle: str) -> str:
    """The patient-readable name of a muscle (from its slug if the catalog lacks it)."""
    record = catalog.muscles.get(muscle)
    return record.short_name if record is not None else muscle.replace("-", " ")


@dataclass(frozen=True, eq=False)
class Assessment:
    """The latest tone tags, per (muscle slug, side). A side may carry several states.

    `gentle`: the underactive sides to activate gently — also tender, tight or overactive,
    tenderness grade II or more, or MRC strength 2 or less (`sequencing.tag_view` decides);
    `strength` (MRC 0–5) and `tenderness` (grade 0–4) per side where recorded."""

    tags: Mapping[tuple[str, Side], frozenset[ToneState]] = field(default_factory=dict)
    tightness: Mapping[tuple[str, Side], float] = field(default_factory=dict)
    gentle: frozenset[tuple[str, Side]] = frozenset()
    strength: Mapping[tuple[str, Side], int] = field(default_factory=dict)
    tenderness: Mapping[tuple[str, Side], int] = field(default_factory=dict)

    @classmethod
    def of(
        cls,
        tags: Mapping[tuple[str, Side], ToneState | Iterable[ToneState]],
        tightness: Mapping[tuple[str, Side], float] | None = None,
    ) -> Assessment:
        normal = {
            key: frozenset((value,)) if isinstance(value, ToneState) else frozenset(value)
            for key, value in tags.items()
        }
        return cls(normal, dict(tightness or {}))

    def has(self, muscle: str, side: Side, *states: ToneState) -> bool:
        """True if the muscle side carries any of `states`."""
        tagged = self.tags.get((muscle, side))
        return tagged is not None and not tagged.isdisjoint(states)

    def activate_gently(self, muscle: str, side: Side) -> bool:
        """True for an underactive side whose activation must stay gentle."""
        return (muscle, side) in self.gentle


@dataclass(frozen=True, slots=True)
class Preferences:
    """Which relaxation modality automatic blocks use.

    The order tried is `patient`, then `clinic`, then DEFAULT_MODALITY_ORDER; the first that
    relaxes the muscle wins, else any relaxation/stretch naming it. Clinician-only modalities
    (ART, strain-counterstrain, …) are allowed only when `clinician_present` (an in-clinic
    session); the default is a home program. `warm_down` names the preferred warm-down exercise.
    """

    patient: tuple[str, ...] = ()
    clinic: tuple[str, ...] = ()
    clinician_present: bool = False
    warm_down: str | None = None

    def allows(self, exercise: Exercise) -> bool:
        return self.clinician_present or exercise.performer is not Performer.CLINICIAN

    @property
    def order(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.patient + self.clinic + DEFAULT_MODALITY_ORDER))


@dataclass(frozen=True, slots=True)
class DoseCeiling:
    """Rule 9's "just enough to turn on" for an underactive muscle; above it the engine warns."""

    max_sets: int = 3
    max_reps: int = 15
    max_hold_seconds: int = 45

    def exceeded_by(self, dose: Dose) -> bool:
        return (
            dose.sets > self.max_sets
            or (dose.reps is not None and dose.reps > self.max_reps)
            or (dose.hold_seconds is not None and dose.hold_seconds > self.max_hold_seconds)
        )


DEFAULT_CEILING = DoseCeiling()
