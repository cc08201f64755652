"""Pure edits of a session's contents: what drops, keys and menus turn into.

Each function takes the current `SessionState` (or its blocks) and returns the new one; the
owner then stores it (an undo command calling `services.sessions.save_session`, which re-runs
the engine). No Qt here, so the same table of cases is tested without a widget.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace

from equitone.domain.sequencing import (
    AutoOverride,
    Block,
    Dismissal,
    RuleId,
    dismiss,
    move,
    pin,
    swap,
)
from equitone.domain.sequencing.inputs import CatalogLike
from equitone.domain.session import SessionDetails, SessionRecord
from equitone.domain.types import Dose, Exercise, ExerciseKind

Blocks = tuple[Block, ...]


@dataclass(frozen=True, slots=True)
class SessionState:
    """Everything an edit can change; an undo command keeps one before and one after."""

    blocks: Blocks
    dismissals: tuple[Dismissal, ...]
    overrides: tuple[AutoOverride, ...]
    details: SessionDetails

    @classmethod
    def of(cls, record: SessionRecord) -> SessionState:
        return cls(record.blocks, record.dismissals, record.overrides, record.details)


def index_of(blocks: Sequence[Block], block_id: str) -> int:
    for i, block in enumerate(blocks):
        if block.id == block_id:
            return i
    raise KeyError(block_id)


def insert_block(blocks: Sequence[Block], block: Block, row: int) -> Blocks:
    """`block` inserted before `row` (clamped: -1 or past the end appends)."""
    order = list(blocks)
    at = len(order) if row < 0 or row > len(order) else row
    order.insert(at, block)
    return tuple(order)


def move_to_gap(blocks: Sequence[Block], block_id: str, gap: int) -> Blocks | None:
    """Move `block_id` into the gap before row `gap` (a drop position, 0…len); None if that
    leaves it where it is. An automatic block moved is pinned (domain `move`)."""
    at = index_of(blocks, block_id)
    gap = len(blocks) if gap < 0 or gap > len(blocks) else gap
    target = gap if gap <= at else gap - 1
    if target == at:
        return None
    return move(blocks, block_id, target)


def shift(blocks: Sequence[Block], block_id: str, delta: int) -> Blocks | None:
    """Ctrl+Up/Down: one place up (-1) or down (+1); None at either end."""
    at = index_of(blocks, block_id)
    target = at + delta
    if not 0 <= target < len(blocks):
        return None
    return move(blocks, block_id, target)


def remove_block(blocks: Sequence[Block], block_id: str) -> Blocks:
    at = index_of(blocks, block_id)
    return (*blocks[:at], *blocks[at + 1 :])


def without_block(state: SessionState, block_id: str) -> SessionState:
    """A clinician block deleted, with the decisions about its automatic blocks: they can
    never apply again (a new block gets a new id), so keeping them would only be clutter."""
    return replace(
        state,
        blocks=remove_block(state.blocks, block_id),
        dismissals=tuple(d for d in state.dismissals if d.key.anchor != block_id),
        overrides=tuple(o for o in state.overrides if o.key.anchor != block_id),
    )


def duplicate_block(blocks: Sequence[Block], block_id: str, new_id: str | None = None) -> Blocks:
    """A copy right after the original; a copy of an automatic block is the clinician's own."""
    at = index_of(blocks, block_id)
    original = blocks[at]
    copy = replace(
        original,
        id=new_id or str(uuid.uuid4()),
        auto=False,
        rule=None,
        reason="",
        cues=(),
        anchor=None,
        pinned=False,
    )
    return insert_block(blocks, copy, at + 1)


def replace_block(blocks: Sequence[Block], edited: Block) -> Blocks:
    """The block with the same id replaced; an edited automatic block is pinned."""
    at = index_of(blocks, edited.id)
    return (*blocks[:at], pin(edited), *blocks[at + 1 :])


def with_dose(blocks: Sequence[Block], block_id: str, dose: Dose) -> Blocks | None:
    """The block's dose changed (an automatic block is pinned by it); None if unchanged."""
    block = blocks[index_of(blocks, block_id)]
    if block.dose == dose:
        return None
    return replace_block(blocks, replace(block, dose=dose))


def unpin(blocks: Sequence[Block], block_id: str) -> Blocks | None:
    """Hand a moved or edited automatic block back to the engine (it regenerates it in its
    place with its default dose); None if the block is not pinned."""
    at = index_of(blocks, block_id)
    block = blocks[at]
    if not block.auto or not block.pinned:
        return None
    return (*blocks[:at], replace(block, pinned=False), *blocks[at + 1 :])


def with_reciprocal_inhibition(blocks: Sequence[Block], block_id: str, on: bool) -> Blocks | None:
    """Rule 2's progression switched on or off for a clinician block; None if unchanged."""
    at = index_of(blocks, block_id)
    block = blocks[at]
    if block.auto or block.reciprocal_inhibition == on:
        return None
    return (*blocks[:at], replace(block, reciprocal_inhibition=on), *blocks[at + 1 :])


def swap_candidates(catalog: CatalogLike, block: Block) -> list[Exercise]:
    """What an automatic block may be swapped to: another warm-down for the warm-down, else
    any relaxation or stretch that works its muscle (the engine accepts nothing else)."""
    if not block.auto:
        return []
    if block.rule is RuleId.WARM_DOWN:
        fits = [e for e in catalog.exercises.values() if e.kind is ExerciseKind.WARM_DOWN]
    else:
        muscle = block.muscles[0] if block.muscles else ""
        fits = [
            e
            for e in catalog.exercises.values()
            if e.kind in (ExerciseKind.RELAXATION, ExerciseKind.STRETCH) and muscle in e.muscles
        ]
    return sorted((e for e in fits if e.slug != block.exercise), key=lambda e: e.name.casefold())


def with_swap(state: SessionState, block: Block, exercise: str) -> SessionState:
    """The automatic block's modality swapped (one override per key, the newest wins)."""
    override = swap(block, exercise)
    kept = tuple(o for o in state.overrides if o.key != override.key)
    return replace(state, overrides=(*kept, override))


def swap_modality(state: SessionState, block: Block, exercise: Exercise) -> SessionState:
    """Swap an automatic block to `exercise`. The engine keeps a pinned (moved or edited)
    block exactly as it stands, so that one is changed in place, with the new exercise's
    default dose; any other gets an override and keeps following its anchor."""
    if block.pinned:
        edited = replace(block, exercise=exercise.slug, dose=exercise.dose)
        return replace(state, blocks=replace_block(state.blocks, edited))
    return with_swap(state, block, exercise.slug)


def with_dismissal(state: SessionState, block: Block, reason: str) -> SessionState:
    """The automatic block dismissed for `reason`; the engine won't add it again."""
    dismissal = dismiss(block, reason)
    kept = tuple(d for d in state.dismissals if d.key != dismissal.key)
    return replace(state, dismissals=(*kept, dismissal))


def without_dismissal(state: SessionState, dismissal: Dismissal) -> SessionState:
    """A dismissal withdrawn: the engine adds the block again on its next run."""
    return replace(state, dismissals=tuple(d for d in state.dismissals if d != dismissal))
