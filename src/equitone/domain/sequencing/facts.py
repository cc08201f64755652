"""What one block does to which (muscle, side): the facts both the rules and the checks read."""

from __future__ import annotations

from typing import NamedTuple

from equitone.domain.sequencing.inputs import CatalogLike
from equitone.domain.sequencing.model import Block
from equitone.domain.types import Exercise, ExerciseKind, Side

__all__ = ["BlockFacts", "MuscleSide", "facts_of"]

MuscleSide = tuple[str, Side]

_NONE: frozenset[MuscleSide] = frozenset()


class BlockFacts(NamedTuple):
    """`trained`: pairs the block loads (ordered); `relaxed`: pairs it relaxes; `relaxes_all`:
    a warm-down with no muscles listed, which counts as relaxing every muscle."""

    exercise: Exercise | None
    targets: tuple[str, ...]
    trained: tuple[MuscleSide, ...]
    relaxed: frozenset[MuscleSide]
    relaxes_all: bool

    @property
    def kind(self) -> ExerciseKind | None:
        return None if self.exercise is None else self.exercise.kind

    @property
    def relaxing(self) -> bool:
        return bool(self.relaxed) or self.relaxes_all


def facts_of(block: Block, catalog: CatalogLike) -> BlockFacts:
    """Targets are the block's muscles, or the exercise's when the block lists none (except a
    warm-down: with no muscles it is whole-body). Unknown exercises neither train nor relax."""
    exercise = catalog.exercises.get(block.exercise)
    if exercise is None:
        return BlockFacts(None, block.muscles, (), _NONE, False)
    kind = exercise.kind
    if kind is ExerciseKind.WARM_DOWN and not block.muscles:
        return BlockFacts(exercise, (), (), _NONE, True)
    targets = block.muscles or exercise.muscles
    sides = block.side.sides
    pairs = tuple((m, s) for m in targets for s in sides)
    if kind.trains:
        return BlockFacts(exercise, targets, pairs, _NONE, False)
    if kind.relaxes:
        return BlockFacts(exercise, targets, (), frozenset(pairs), False)
    return BlockFacts(exercise, targets, (), _NONE, False)  # pragma: no cover - kinds are total
