"""Choosing the technique of an automatic relaxation, and the warm-down.

What may be chosen for a muscle (`TechniqueChooser.eligible`):
- a relaxation or a stretch (a warm-down is not a technique) that lists the muscle, performed
  by someone who is there (clinician-only work needs `clinician_present`);
- never a pair the catalog contraindicates, tenderness included: grade III-IV rules out firm
  pressure (`Catalog.suitability(..., tenderness=)`);
- for a muscle in spasm, only gentle families (PIR at 10-20 % effort, strain-counterstrain,
  positional rest, breathing): no loading, no vigorous stretch, no deep pressure;
- for a quick relax between postural sets or a brief one before sport, a stretch or an easy
  movement (20-30 seconds, not ball work), unless nothing of the kind is allowed.

Among those, in order: the most muscles of the group covered with one block (fewer, shorter
blocks); suitable before a precaution (a technique made for the muscle counts as suitable: it
carries its own safety line for it); no firm pressure on a tender muscle; the patient's own
preference; a technique made for the muscle (a scalene stretch for the scalenes); the clinic's
preference and the default order; the slug. A group is covered greedily, one block at a time.

The answers depend only on the catalog, the preferences and the muscle's profile, so they are
remembered per catalog object and preferences across engine runs: the designer re-runs the
engine on every edit with the same ones.
"""

from __future__ import annotations

import contextlib
import weakref
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import NamedTuple

from equitone.domain.sequencing.body import region_of
from equitone.domain.sequencing.inputs import Assessment, CatalogLike, Preferences
from equitone.domain.techniques import Suitability
from equitone.domain.types import (
    Exercise,
    ExerciseKind,
    Pressure,
    Side,
    TechniqueFamily,
    ToneState,
)

__all__ = [
    "Choice",
    "Profile",
    "Purpose",
    "TechniqueChooser",
    "missing_regions",
    "relaxing_index",
]


class Purpose(Enum):
    """What an automatic relaxation is for; decides which families fit first."""

    RELEASE = "release"  # an overactive compensator before its partner works (rule 6)
    AFTER = "after"  # after sustained or explosive work, or when a setting asks (rules 1, 3, 4, 9)
    QUICK = "quick"  # one short block between postural sets (rule 5)
    BRIEF = "brief"  # before sport: loosen, never switch off (rule 8)


#: Families for a quick or brief relaxation: lengthening that takes seconds, not minutes.
_QUICK_FAMILIES = frozenset({TechniqueFamily.STRETCH, TechniqueFamily.MOVEMENT})
_TECHNIQUE_KINDS = (ExerciseKind.RELAXATION, ExerciseKind.STRETCH)


_PROFILES: weakref.WeakKeyDictionary[object, dict[tuple[str, tuple[Side, ...]], Profile]] = (
    weakref.WeakKeyDictionary()
)


class Profile(NamedTuple):
    """What the assessment says about the muscle side(s) a block relaxes."""

    spasm: bool = False
    tender: bool = False
    tenderness: int | None = None  # the highest grade of the sides (0-4)

    @classmethod
    def of(cls, assessment: Assessment, muscle: str, sides: Iterable[Side]) -> Profile:
        sides = tuple(sides)
        try:
            memo = _PROFILES.get(assessment)
            if memo is None:
                memo = _PROFILES[assessment] = {}
        except TypeError:  # not weak-referenceable
            memo = {}
        found = memo.get((muscle, sides))
        if found is None:
            found = memo[(muscle, sides)] = cls._of(assessment, muscle, sides)
        return found

    @classmethod
    def _of(cls, assessment: Assessment, muscle: str, sides: tuple[Side, ...]) -> Profile:
        grades = [g for s in sides if (g := assessment.tender_grade(muscle, s)) is not None]
        return cls(
            spasm=any(assessment.has(muscle, s, ToneState.SPASM) for s in sides),
            tender=any(assessment.has(muscle, s, ToneState.TENDER) for s in sides) or any(grades),
            tenderness=max(grades) if grades else None,
        )


@dataclass(frozen=True, slots=True)
class Choice:
    """One automatic block's technique and the muscles of its group it covers; `notes` are
    the precautions that apply (shown on the card)."""

    exercise: Exercise
    muscles: tuple[str, ...]
    notes: tuple[str, ...] = ()


_INDEX: weakref.WeakKeyDictionary[object, dict[str, tuple[Exercise, ...]]] = (
    weakref.WeakKeyDictionary()
)


def relaxing_index(catalog: CatalogLike) -> Mapping[str, tuple[Exercise, ...]]:
    """Muscle slug -> the relaxations and stretches that list it, in slug order (once per
    catalog object: the designer re-runs the engine on every edit)."""
    try:
        found = _INDEX.get(catalog)
    except TypeError:  # not weak-referenceable: build each time
        found = None
    if found is None:
        index: dict[str, list[Exercise]] = {}
        for exercise in sorted(catalog.exercises.values(), key=lambda e: e.slug):
            if exercise.kind in _TECHNIQUE_KINDS:
                for muscle in exercise.muscles:
                    index.setdefault(muscle, []).append(exercise)
        found = {muscle: tuple(found_list) for muscle, found_list in index.items()}
        with contextlib.suppress(TypeError):
            _INDEX[catalog] = found
    return found


class _Option(NamedTuple):
    rank: tuple[int, int, int, int, str]  # lower is better, for one muscle
    note: str


_OptionsMemo = dict[tuple[str, Profile, Purpose], dict[str, _Option]]
_CoversMemo = dict[tuple[tuple[str, ...], tuple[Profile, ...], Purpose], list[Choice]]
_MEMOS: weakref.WeakKeyDictionary[object, dict[Preferences, tuple[_OptionsMemo, _CoversMemo]]] = (
    weakref.WeakKeyDictionary()
)
_MEMO_PREFERENCES = 64  # distinct preferences remembered per catalog (patients, in clinic or not)


def _memos(catalog: CatalogLike, preferences: Preferences) -> tuple[_OptionsMemo, _CoversMemo]:
    try:
        per_catalog = _MEMOS.get(catalog)
        if per_catalog is None:
            per_catalog = _MEMOS[catalog] = {}
    except TypeError:  # not weak-referenceable: remember for this run only
        return {}, {}
    found = per_catalog.get(preferences)
    if found is None:
        if len(per_catalog) >= _MEMO_PREFERENCES:
            per_catalog.clear()
        found = per_catalog[preferences] = ({}, {})
    return found


class TechniqueChooser:
    def __init__(self, catalog: CatalogLike, preferences: Preferences) -> None:
        self._catalog = catalog
        self._preferences = preferences
        self._index = relaxing_index(catalog)
        self._patient = {slug: n for n, slug in enumerate(preferences.patient)}
        order = tuple(s for s in preferences.order if s not in self._patient)
        self._order = {slug: n for n, slug in enumerate(order)}
        self._options, self._covers = _memos(catalog, preferences)

    # -- one muscle -------------------------------------------------------------------------
    def options(self, muscle: str, profile: Profile, purpose: Purpose) -> dict[str, _Option]:
        """Slug -> rank for every technique the engine may choose for `muscle` (memoised)."""
        key = (muscle, profile, purpose)
        found = self._options.get(key)
        if found is None:
            found = self._options[key] = self._rank(muscle, profile, purpose, narrow=True)
            if not found and purpose in (Purpose.QUICK, Purpose.BRIEF):
                found.update(self._rank(muscle, profile, purpose, narrow=False))
        return found

    def _rank(
        self, muscle: str, profile: Profile, purpose: Purpose, *, narrow: bool
    ) -> dict[str, _Option]:
        ranked: dict[str, _Option] = {}
        quick = narrow and purpose in (Purpose.QUICK, Purpose.BRIEF) and not profile.spasm
        for exercise in self._index.get(muscle, ()):
            if not self._preferences.allows(exercise):
                continue
            family = exercise.family
            if profile.spasm and (family is None or not family.gentle):
                continue
            if quick and family not in _QUICK_FAMILIES:
                continue
            fit = self._catalog.suitability(exercise.slug, muscle, tenderness=profile.tenderness)
            if fit.level is Suitability.CONTRAINDICATED:
                continue
            firm = family is not None and family.pressure is Pressure.FIRM
            slug = exercise.slug
            made_for = muscle in exercise.made_for
            if slug in self._patient:
                preference = (0, self._patient[slug])
            elif made_for:
                preference = (1, 0)
            elif slug in self._order:
                preference = (2, self._order[slug])
            else:
                preference = (3, 0)
            # a technique made for the muscle carries its own safety line for it: its
            # precaution counts as suitable; a generic technique's precaution ranks lower
            level = 0 if made_for else fit.level.rank
            rank = (level, int(profile.tender and firm), *preference, slug)
            note = fit.note if fit.level is Suitability.PRECAUTION else ""
            ranked[slug] = _Option(rank, note)
        return ranked

    def one(self, muscle: str, profile: Profile, purpose: Purpose) -> Choice | None:
        found = self.cover((muscle,), (profile,), purpose)
        return found[0] if found else None

    # -- a group ----------------------------------------------------------------------------
    def cover(
        self, muscles: Sequence[str], profiles: Sequence[Profile], purpose: Purpose
    ) -> list[Choice]:
        """Blocks covering `muscles` (one region, same sides), greedily: each pick covers as
        many of the remaining muscles as one technique can. Muscles nothing allowed relaxes
        are left out (the caller warns)."""
        key = (tuple(muscles), tuple(profiles), purpose)
        found = self._covers.get(key)
        if found is not None:
            return found
        per_muscle = {
            m: self.options(m, p, purpose) for m, p in zip(muscles, profiles, strict=True)
        }
        remaining = [m for m in muscles if per_muscle[m]]
        chosen: list[Choice] = []
        exercises = self._catalog.exercises
        while remaining:
            best: tuple[tuple[int, int, int, int, int, str], str, list[str]] | None = None
            for slug in {s for m in remaining for s in per_muscle[m]}:
                covered = [m for m in remaining if slug in per_muscle[m]]
                if exercises[slug].muscle_parameter:
                    covered = covered[:1]  # a modality is applied to one muscle per block
                worst = max(per_muscle[m][slug].rank for m in covered)
                rank = (-len(covered), *worst)
                if best is None or rank < best[0]:
                    best = (rank, slug, covered)
            assert best is not None
            _rank, slug, covered = best
            exercise = exercises[slug]
            notes = tuple(
                dict.fromkeys(per_muscle[m][slug].note for m in covered if per_muscle[m][slug].note)
            )
            chosen.append(Choice(exercise, tuple(covered), notes))
            remaining = [m for m in remaining if m not in covered]
        self._covers[key] = chosen
        return chosen

    # -- the warm-down ---------------------------------------------------------------------
    def warm_down(self, trained: Sequence[str]) -> Exercise | None:
        """The warm-down for the regions trained (rule 7): the one covering most of them
        (the preferred one when it covers as many as the best), then the fewest other regions
        (a hip session gets a lower-body warm-down, not a whole-body one), then the most
        trained muscles. A warm-down listing no muscles counts as whole-body."""
        catalog = self._catalog
        wanted = {region_of(catalog, m) for m in trained}
        trained_set = set(trained)
        best: tuple[tuple[int, int, int, int, str], Exercise] | None = None
        for exercise in self._catalog.exercises.values():
            if exercise.kind is not ExerciseKind.WARM_DOWN or not self._preferences.allows(
                exercise
            ):
                continue
            if exercise.muscles:
                covers = {region_of(catalog, m) for m in exercise.muscles}
                regions_hit = len(wanted & covers)
                muscles_hit = len(trained_set & set(exercise.muscles))
                extra = len(covers - wanted)
            else:
                regions_hit, muscles_hit, extra = len(wanted), len(trained_set), 99
            preferred = 0 if exercise.slug == self._preferences.warm_down else 1
            rank = (-regions_hit, preferred, extra, -muscles_hit, exercise.slug)
            if best is None or rank < best[0]:
                best = (rank, exercise)
        return best[1] if best is not None else None


def missing_regions(catalog: CatalogLike, exercise: Exercise, trained: Sequence[str]) -> set[str]:
    """The regions of `trained` a warm-down leaves out (empty when it fits)."""
    if not exercise.muscles:
        return set()
    wanted = {region_of(catalog, m) for m in trained}
    return wanted - {region_of(catalog, m) for m in exercise.muscles}
