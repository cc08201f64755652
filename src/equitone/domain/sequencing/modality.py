"""Choosing the relaxation modality (and the warm-down) automatic blocks use."""

from __future__ import annotations

from equitone.domain.sequencing.inputs import CatalogLike, Preferences
from equitone.domain.types import Exercise, ExerciseKind

__all__ = ["ModalityChooser"]


class ModalityChooser:
    """Picks, per muscle, the first preferred relaxation that applies; memoised for one run.

    A modality applies to a muscle when its kind relaxes (relaxation or stretch), it names the
    muscle, and its performer is allowed (clinician-only work needs `clinician_present`). If no
    preferred slug applies, the applicable relaxation/stretch with the smallest slug is used;
    None means the catalog has nothing allowed that relaxes the muscle.
    """

    def __init__(self, catalog: CatalogLike, preferences: Preferences) -> None:
        self._catalog = catalog
        self._preferences = preferences
        self._order = preferences.order
        self._memo: dict[str, Exercise | None] = {}

    def _applies(self, exercise: Exercise, muscle: str) -> bool:
        return (
            exercise.kind in (ExerciseKind.RELAXATION, ExerciseKind.STRETCH)
            and muscle in exercise.muscles
            and self._preferences.allows(exercise)
        )

    def relaxation(self, muscle: str) -> Exercise | None:
        if muscle in self._memo:
            return self._memo[muscle]
        exercises = self._catalog.exercises
        chosen: Exercise | None = None
        for slug in self._order:
            candidate = exercises.get(slug)
            if candidate is not None and self._applies(candidate, muscle):
                chosen = candidate
                break
        else:
            fallback = [e for e in exercises.values() if self._applies(e, muscle)]
            chosen = min(fallback, key=_slug, default=None)
        self._memo[muscle] = chosen
        return chosen

    def warm_down(self) -> Exercise | None:
        """The preferred warm-down exercise, else the first allowed one in the catalog."""
        slug = self._preferences.warm_down
        if slug is not None:
            preferred = self._catalog.exercises.get(slug)
            if preferred is not None and preferred.kind is ExerciseKind.WARM_DOWN:
                return preferred
        candidates = [
            e
            for e in self._catalog.exercises.values()
            if e.kind is ExerciseKind.WARM_DOWN and self._preferences.allows(e)
        ]
        return min(candidates, key=_slug, default=None)


def _slug(exercise: Exercise) -> str:
    return exercise.slug
