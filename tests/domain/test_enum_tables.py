"""Every table keyed by one of the domain's enums covers the whole enum: a new exercise kind,
block side, contraction or tone state cannot be added without its words, its sides, its cue
and its advice (the tone states' looks and order: test_state_tables.py; the rules' texts:
test_rule_texts.py)."""

from __future__ import annotations

from equitone.domain import method, wording
from equitone.domain.sequencing import BlockSide
from equitone.domain.sequencing.reasons import _PER_REP, RI_PHASES
from equitone.domain.types import (
    Contraction,
    ExerciseKind,
    Pressure,
    Side,
    TechniqueFamily,
    ToneState,
)


def test_every_exercise_kind_has_its_words() -> None:
    assert set(wording.KIND_LABELS) == set(ExerciseKind)
    assert len(set(wording.KIND_LABELS.values())) == len(ExerciseKind)


def test_every_block_side_has_its_words_and_its_body_sides() -> None:
    assert set(wording.SIDE_LABELS) == set(BlockSide)
    assert {side: side.sides for side in BlockSide} == {
        BlockSide.LEFT: (Side.LEFT,), BlockSide.RIGHT: (Side.RIGHT,),
        BlockSide.BOTH: (Side.LEFT, Side.RIGHT)}
    assert all(BlockSide.of(frozenset(side.sides)) is side for side in BlockSide)


def test_every_contraction_has_its_per_rep_cue() -> None:
    assert set(_PER_REP) == set(Contraction)
    assert all("{muscle}" in text for text in _PER_REP.values())
    # the reciprocal-inhibition cue goes in a phase: only the contractions that have one
    assert set(RI_PHASES) == {Contraction.LOWERING, Contraction.RETURN}


def test_every_state_has_its_advice() -> None:
    assert set(method._ADVICE) == set(ToneState)
    assert len(set(method._ADVICE.values())) == len(ToneState)
    assert all(method.advice_for([state]) == method.advice(state) for state in ToneState)


def test_every_technique_family_says_its_pressure_and_gentleness() -> None:
    firm = {f for f in TechniqueFamily if f.pressure is Pressure.FIRM}
    assert firm == {TechniqueFamily.BALL, TechniqueFamily.ROLLER,
                    TechniqueFamily.MANUAL_PRESSURE}
    assert all(isinstance(f.pressure, Pressure) and isinstance(f.gentle, bool)
               for f in TechniqueFamily)
    assert not any(f.gentle for f in firm)  # firm pressure is never gentle enough for spasm
