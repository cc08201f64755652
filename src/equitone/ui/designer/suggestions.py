""""Suggested for this patient": what the latest assessment asks for (pure Python).

Released first (overactive, tight or spasm muscles, with the technique the engine itself would
choose for them: gentle for spasm, no firm pressure on a grade III-IV tender spot), then the
activations of the underactive muscles (never explosive work for one graded MRC 3 or less).
Both sides tagged alike become one suggestion for both sides.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from equitone.domain.assessment import ToneTag
from equitone.domain.catalog import Catalog
from equitone.domain.sequencing import RELEASE_STATES, BlockSide, Preferences
from equitone.domain.sequencing.choice import Profile, Purpose, TechniqueChooser
from equitone.domain.sequencing.tag_view import activate_gently, engine_assessment
from equitone.domain.sequencing.volume import WEAK_MRC
from equitone.domain.types import ExerciseKind, Side, ToneState

#: How many activation exercises to offer per underactive muscle.
ACTIVATIONS_PER_MUSCLE = 4


@dataclass(frozen=True, slots=True)
class Suggestion:
    slug: str
    muscle: str | None
    side: BlockSide
    why: str
    release: bool


def _sides_by_muscle(
    tags: Iterable[ToneTag], states: tuple[ToneState, ...]
) -> dict[str, set[Side]]:
    found: dict[str, set[Side]] = {}
    for tag in tags:
        if tag.has(*states):  # any of its states (a tight and weak muscle is in both lists)
            found.setdefault(tag.muscle, set()).add(tag.side)
    return found


def suggest(
    catalog: Catalog, tags: Iterable[ToneTag], preferences: Preferences
) -> list[Suggestion]:
    tags = list(tags)
    snapshot = engine_assessment(tags)
    chooser = TechniqueChooser(catalog, preferences)
    out: list[Suggestion] = []
    for muscle, sides in sorted(_sides_by_muscle(tags, RELEASE_STATES).items()):
        if muscle not in catalog.muscles:
            continue
        profile = Profile.of(snapshot, muscle, sides)
        choice = chooser.one(muscle, profile, Purpose.RELEASE)
        if choice is None:
            continue
        modality = choice.exercise
        states = sorted({s.value for t in tags if t.muscle == muscle for s in t.states})
        name = catalog.muscles[muscle].short_name
        out.append(
            Suggestion(
                modality.slug,
                muscle,
                BlockSide.of(sides),
                f"Release {name} ({', '.join(states)})",
                True,
            )
        )
    underactive = _sides_by_muscle(tags, (ToneState.UNDERACTIVE,))
    for muscle, sides in sorted(underactive.items()):
        if muscle not in catalog.muscles:
            continue
        name = catalog.muscles[muscle].short_name
        weak = any(
            t.measures.strength is not None and t.measures.strength <= WEAK_MRC
            for t in tags
            if t.muscle == muscle and t.has(ToneState.UNDERACTIVE)
        )
        gently = any(t.muscle == muscle and activate_gently(t) for t in tags)
        why = f"Activate {name} gently" if gently else f"Activate {name}"
        options = [
            e
            for e in catalog.activations_for(muscle)
            if preferences.allows(e) and not (weak and e.kind is ExerciseKind.EXPLOSIVE)
        ]
        options.sort(key=lambda e: (len(e.muscles), e.name))
        for exercise in options[:ACTIVATIONS_PER_MUSCLE]:
            out.append(Suggestion(exercise.slug, None, BlockSide.of(sides), why, False))
    return out
