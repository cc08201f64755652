"""The cues the engine puts on blocks (rules 1, 2, 4, 5, 9) and the warnings they raise.

Cues are engine-owned: recomputed on every run from the exercise, the assessment and what
follows the block. The clinician's own text lives in `Block.note`.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Collection, Iterable

from equitone.domain.sequencing.body import group_name
from equitone.domain.sequencing.facts import BlockFacts, MuscleSide
from equitone.domain.sequencing.inputs import Assessment, CatalogLike, patient_name, short_name
from equitone.domain.sequencing.model import Block, BlockSide, Cue, RuleId, WarningCode, with_cues
from equitone.domain.sequencing.reasons import (
    RI_PHASES,
    cue_text,
    join_names,
    per_rep_cue,
    relaxed_within_rep_text,
    ri_cue_text,
)
from equitone.domain.techniques import SEVERE_TENDERNESS
from equitone.domain.types import (
    Exercise,
    ExerciseKind,
    Pressure,
    Side,
    ToneState,
    contraction_of,
)

__all__ = ["RI_SKIP_STATES", "CueMaker"]

#: An antagonist in one of these states is not contracted on cue (rule 2): tightening a muscle
#: that is already too active, too short or in spasm works against its release.
RI_SKIP_STATES = (ToneState.SPASM, ToneState.OVERACTIVE, ToneState.TIGHT)

Warn = Callable[[WarningCode, str, "str | None"], None]


_Warned = tuple[tuple[WarningCode, str], ...]


class Memo:
    """What was worked out for one catalog and assessment, kept across engine runs (the
    designer re-runs the engine on every edit with the same ones): the cues of clinician blocks
    (with the warnings they raise) and the automatic blocks made."""

    SIZE = 20_000

    def __init__(self) -> None:
        self.cues: dict[tuple[object, ...], tuple[tuple[Cue, ...], _Warned]] = {}
        self.blocks: dict[tuple[object, ...], tuple[Block, BlockFacts]] = {}

    @property
    def full(self) -> bool:
        return len(self.cues) + len(self.blocks) > self.SIZE


_MEMOS: weakref.WeakKeyDictionary[object, weakref.WeakKeyDictionary[object, Memo]] = (
    weakref.WeakKeyDictionary()
)


def memo_for(catalog: CatalogLike, assessment: Assessment) -> Memo:
    try:
        per_catalog = _MEMOS.get(catalog)
        if per_catalog is None:
            per_catalog = _MEMOS[catalog] = weakref.WeakKeyDictionary()
        found = per_catalog.get(assessment)
        if found is None or found.full:
            found = per_catalog[assessment] = Memo()
    except TypeError:  # not weak-referenceable: this run only
        return Memo()
    return found


class CueMaker:
    def __init__(self, catalog: CatalogLike, assessment: Assessment, warn: Warn) -> None:
        self.catalog = catalog
        self.assessment = assessment
        self.warn = warn
        self._short: dict[str, str] = {}
        self._plain: dict[str, str] = {}
        self.memo = memo_for(catalog, assessment)

    def short(self, muscle: str) -> str:
        """The clinician's name ("glute med"), for warnings."""
        name = self._short.get(muscle)
        if name is None:
            name = self._short[muscle] = short_name(self.catalog, muscle)
        return name

    def plain(self, muscle: str) -> str:
        """The patient's words ("outer hip muscle"), for cues and reasons."""
        name = self._plain.get(muscle)
        if name is None:
            name = self._plain[muscle] = patient_name(self.catalog, muscle)
        return name

    def cued(
        self,
        block: Block,
        fact: BlockFacts,
        relaxed: Collection[MuscleSide],
        covered: Collection[MuscleSide],
        pre_sport: bool,
    ) -> Block:
        """A clinician block with its cues recomputed, and its warnings raised.

        The cues depend only on the exercise, its muscles and side, which of them a
        relaxation follows and (for the reciprocal-inhibition progression) which antagonists
        were just released: remembered under those."""
        exercise = fact.exercise
        sides = block.side.sides
        alone: tuple[str, ...] = ()
        if (
            exercise is not None
            and exercise.kind is ExerciseKind.ACTIVATION
            and not exercise.sustained
            and not pre_sport
        ):
            alone = fact.targets if not covered else tuple(
                m for m in fact.targets if any((m, s) not in covered for s in sides)
            )
        released: tuple[bool, ...] = ()
        if block.reciprocal_inhibition:
            released = tuple(
                (antagonist, s) in relaxed
                for m in fact.targets
                if m in self.catalog.muscles
                and (antagonist := self.catalog.ri_antagonist(m).antagonist) is not None
                for s in sides
            )
        key = (block.exercise, fact.targets, block.side, alone, pre_sport,
               block.reciprocal_inhibition, released)
        found = self.memo.cues.get(key)
        if found is None:
            raised: list[tuple[WarningCode, str]] = []
            found = self.memo.cues[key] = (
                self.cues(block, fact, relaxed, covered, pre_sport,
                          lambda code, text, _id: raised.append((code, text))),
                tuple(raised),
            )
        cues, warned = found
        for code, text in warned:
            self.warn(code, text, block.id)
        return block if block.cues == cues else with_cues(block, cues)

    def cues(
        self,
        block: Block,
        fact: BlockFacts,
        relaxed: Collection[MuscleSide],
        covered: Collection[MuscleSide],
        pre_sport: bool,
        warn: Warn | None = None,
    ) -> tuple[Cue, ...]:
        exercise = fact.exercise
        if exercise is None:
            return ()
        warn = warn or self.warn
        kind = exercise.kind
        rep_based = kind is ExerciseKind.ACTIVATION and not exercise.sustained
        if block.reciprocal_inhibition and not rep_based:
            warn(
                WarningCode.RECIPROCAL_INHIBITION_NOT_APPLICABLE,
                f"Reciprocal inhibition needs a rep-based activation; {exercise.name} is not.",
                block.id,
            )
        if not kind.trains:
            return ()
        plain = self.plain
        names = group_name(self.catalog, fact.targets, plain)
        cues: list[Cue] = []
        if rep_based:
            contraction = contraction_of(exercise)
            ri: list[Cue] = []
            if block.reciprocal_inhibition:
                phase = RI_PHASES.get(contraction)
                if phase is None:
                    warn(
                        WarningCode.RECIPROCAL_INHIBITION_NOT_APPLICABLE,
                        f"Reciprocal inhibition needs a lowering or return phase; {exercise.name}"
                        " works in holds or as a drill.",
                        block.id,
                    )
                else:
                    ri = self.ri_cues(block, fact, phase, relaxed, warn)
            cues += ri or [Cue(RuleId.PER_REP_RELAX, per_rep_cue(contraction, names))]
            alone = [
                m for m in fact.targets if any((m, s) not in covered for s in block.side.sides)
            ]
            if alone and not pre_sport:
                text = relaxed_within_rep_text(contraction, join_names([plain(m) for m in alone]))
                cues.append(Cue(RuleId.RELAXED_WITHIN_REP, text))
        elif kind is ExerciseKind.EXPLOSIVE:
            rule = RuleId.EXPLOSIVE_POST_RELAX
            cues.append(Cue(rule, cue_text(rule, names)))
        elif kind is ExerciseKind.POSTURAL:
            rule = RuleId.POSTURAL_INTERSET_RELAX
            cues.append(Cue(rule, cue_text(rule, names)))
        under: list[str] = []
        spasm: list[MuscleSide] = []
        tags = self.assessment.tags
        for pair in fact.trained:
            tagged = tags.get(pair)
            if tagged:
                if ToneState.UNDERACTIVE in tagged and pair[0] not in under:
                    under.append(pair[0])
                if ToneState.SPASM in tagged:
                    spasm.append(pair)
        if under:
            rule = RuleId.DOSE_BELOW_FAILURE
            cues.append(Cue(rule, cue_text(rule, join_names([plain(m) for m in under]))))
        if spasm:
            where = join_names([f"{s.value} {self.short(m)}" for m, s in spasm])
            warn(
                WarningCode.SPASM_LOADED,
                f"The {where} is tagged spasm: relax only, no loading. {exercise.name} loads it.",
                block.id,
            )
        return tuple(cues)

    # -- rule 2 ----------------------------------------------------------------------------
    def ri_cues(
        self,
        block: Block,
        fact: BlockFacts,
        phase: str,
        relaxed: Collection[MuscleSide],
        warn: Warn,
    ) -> list[Cue]:
        """The antagonist cue per target, from the catalog's reciprocal-inhibition antagonist,
        left out (with the reason, as a warning) when that muscle is itself a problem."""
        cues: list[Cue] = []
        skipped: list[str] = []
        sides = block.side.sides
        for muscle in fact.targets:
            if muscle not in self.catalog.muscles:
                continue
            choice = self.catalog.ri_antagonist(muscle)
            antagonist = choice.antagonist
            where = self.short(muscle)
            if antagonist is None:
                reason = choice.reason or "no antagonist suits the movement trained"
                skipped.append(f"the {where} has no antagonist to use: {_lower(reason)}")
                continue
            why = self._ri_problem(antagonist, sides, relaxed)
            if why:
                skipped.append(f"for the {where}, {why}")
                continue
            cues.append(
                Cue(
                    RuleId.RECIPROCAL_INHIBITION,
                    ri_cue_text(phase, choice.cue, self.plain(muscle)),
                )
            )
        if skipped:
            outcome = "this cue is left out" if not cues else "that part of the cue is left out"
            warn(
                WarningCode.RECIPROCAL_INHIBITION_SKIPPED,
                f"Reciprocal inhibition on {_name(fact.exercise)}: {'; '.join(skipped)}."
                f" So {outcome}.",
                block.id,
            )
        return cues

    def _ri_problem(
        self, antagonist: str, sides: Iterable[Side], relaxed: Collection[MuscleSide]
    ) -> str:
        name = self.short(antagonist)
        for side in sides:
            tagged = self.assessment.tags.get((antagonist, side), frozenset())
            for state in RI_SKIP_STATES:
                if state in tagged:
                    return (
                        f"its antagonist, the {side.value} {name}, is tagged {state.value}:"
                        " tightening it would work against its release"
                    )
            grade = self.assessment.tender_grade(antagonist, side)
            if grade is not None and grade >= SEVERE_TENDERNESS:
                return (
                    f"its antagonist, the {side.value} {name}, is tender (grade"
                    f" {_ROMAN[grade]}): contracting it would hurt"
                )
            if (antagonist, side) in relaxed:
                return (
                    f"its antagonist, the {side.value} {name}, was just released:"
                    " tightening it would undo that"
                )
        return ""

    # -- tenderness ---------------------------------------------------------------------------
    def tender_cues(
        self,
        rule: RuleId,
        exercise: Exercise,
        muscles: Iterable[str],
        side: BlockSide,
    ) -> list[Cue]:
        """An automatic block's firm pressure on a tender muscle: say to go lighter (grade
        III-IV rules firm pressure out altogether; the clinician's own choice of it is a
        warning, see `safety`)."""
        family = exercise.family
        if family is None or family.pressure is not Pressure.FIRM:
            return []
        tender = [
            m
            for m in muscles
            if any(
                self.assessment.has(m, s, ToneState.TENDER)
                or (self.assessment.tender_grade(m, s) or 0) > 0
                for s in side.sides
            )
        ]
        if not tender:
            return []
        names = join_names([self.plain(m) for m in tender])
        text = f"Your {names} is tender: use lighter pressure, and ease off if it gets sharper."
        return [Cue(rule, text)]


_ROMAN = ("0", "I", "II", "III", "IV")


def _lower(text: str) -> str:
    text = text.rstrip(". ")
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def _name(exercise: Exercise | None) -> str:
    return exercise.name if exercise is not None else "this exercise"
