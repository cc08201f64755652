"""What one block does to which (muscle, side): the facts both the rules and the checks read."""

from __future__ import annotations

import weakref
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


_Memo = dict[tuple[object, ...], BlockFacts]
_MEMOS: weakref.WeakKeyDictionary[object, _Memo] = (
    weakref.WeakKeyDictionary()
)
_MEMO_SIZE = 20_000
_last: list[tuple[object, _Memo]] = []  # the catalog asked last, and its memo


def facts_of(block: Block, catalog: CatalogLike) -> BlockFacts:
    """Targets are the block's muscles, or the exercise's when the block lists none (except a
    warm-down: with no muscles it is whole-body). Unknown exercises neither train nor relax.
    Remembered per catalog: the designer re-runs the engine on the same blocks all the time."""
    key = (block.exercise, block.muscles, block.side)
    memo: _Memo
    if _last and _last[0][0] is catalog:  # the usual case: one catalog, asked again and again
        memo = _last[0][1]
    else:
        try:
            kept = _MEMOS.get(catalog)
            if kept is None:
                kept = _MEMOS[catalog] = {}
            memo = kept
        except TypeError:  # not weak-referenceable
            return _facts(block, catalog)
        _last[:] = [(catalog, memo)]
    if len(memo) > _MEMO_SIZE:
        memo.clear()
    found = memo.get(key)
    if found is None:
        found = memo[key] = _facts(block, catalog)
    return found


def _facts(block: Block, catalog: CatalogLike) -> BlockFacts:
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
