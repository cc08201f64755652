"""Pure edits of a session's contents: what drops, keys and menus turn into.

Each function takes the current `SessionState` (or its blocks) and returns the new one; the
owner then stores it (an undo command calling `services.sessions.save_session`, which re-runs
the engine). No Qt here, so the same table of cases is tested without a widget.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace

from equitone.domain.sequencing import Assessment as Snapshot
from equitone.domain.sequencing import (
    AutoOverride,
    Block,
    BlockSide,
    Dismissal,
    Preferences,
    Proposal,
    ProposalResponse,
    RuleId,
    accept_doses,
    dismiss,
    move,
    pin,
    swap,
)
from equitone.domain.sequencing.body import region_of
from equitone.domain.sequencing.choice import Profile, Purpose, TechniqueChooser
from equitone.domain.sequencing.inputs import CatalogLike
from equitone.domain.session import SessionDetails, SessionRecord
from equitone.domain.techniques import Suitability
from equitone.domain.types import Dose, Exercise, ExerciseKind

Blocks = tuple[Block, ...]


@dataclass(frozen=True, slots=True)
class SessionState:
    """Everything an edit can change; an undo command keeps one before and one after."""

    blocks: Blocks
    dismissals: tuple[Dismissal, ...]
    overrides: tuple[AutoOverride, ...]
    details: SessionDetails
    responses: tuple[ProposalResponse, ...] = ()

    @classmethod
    def of(cls, record: SessionRecord) -> SessionState:
        return cls(record.blocks, record.dismissals, record.overrides, record.details,
                   record.responses)


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


def _clinician_order(blocks: Sequence[Block]) -> list[str]:
    return [b.id for b in blocks if not b.auto]


def move_to_gap(blocks: Sequence[Block], block_id: str, gap: int) -> Blocks | None:
    """Move `block_id` into the gap before row `gap` (a drop position, 0…len); None if that
    changes nothing. An automatic block moved is pinned (domain `move`); a clinician block
    dropped among automatic blocks without passing another clinician block changes nothing
    either (the engine places the automatic blocks again where they were), so a move the
    screen would not show records no undo step."""
    at = index_of(blocks, block_id)
    gap = len(blocks) if gap < 0 or gap > len(blocks) else gap
    target = gap if gap <= at else gap - 1
    if target == at:
        return None
    moved = move(blocks, block_id, target)
    if not blocks[at].auto and _clinician_order(moved) == _clinician_order(blocks):
        return None
    return moved


def shift(blocks: Sequence[Block], block_id: str, delta: int) -> Blocks | None:
    """Ctrl+Up/Down: one place up (-1) or down (+1); None at either end. A clinician block
    steps over the automatic blocks beside it, past the next clinician block (moving it only
    past an automatic block would change nothing once the engine re-places that block)."""
    at = index_of(blocks, block_id)
    if blocks[at].auto:
        target = at + delta
        return move(blocks, block_id, target) if 0 <= target < len(blocks) else None
    that_way = range(at - 1, -1, -1) if delta < 0 else range(at + 1, len(blocks))
    past = next((i for i in that_way if not blocks[i].auto), None)
    if past is None:
        return None
    return move_to_gap(blocks, block_id, past if delta < 0 else past + 1)


def with_side(blocks: Sequence[Block], block_id: str, side: BlockSide) -> Blocks | None:
    """A clinician block set to work `side`; None if it already does, or if the block is
    automatic (its side follows the block it belongs to: the engine re-derives it)."""
    at = index_of(blocks, block_id)
    block = blocks[at]
    if block.auto or block.side is side:
        return None
    return (*blocks[:at], replace(block, side=side), *blocks[at + 1 :])


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


@dataclass(frozen=True, slots=True)
class SwapOption:
    """A technique the swap menu offers: how it suits the block's muscle now (tenderness and
    spasm included) and the note to show with a precaution or a contraindication."""

    exercise: Exercise
    level: Suitability
    note: str = ""


def swap_options(
    catalog: CatalogLike,
    block: Block,
    assessment: Snapshot | None = None,
    preferences: Preferences | None = None,
) -> list[SwapOption]:
    """What an automatic block may be swapped to, best first: the techniques that treat its
    muscle (no other is offered; the engine refuses one), those the engine itself would
    choose first (suitable, made for the muscle, the patient's preference), then precautions,
    then the ones that must not be used on it now — a clinician may still choose those, and
    the session then carries a warning with the reason. The warm-down offers warm-downs, the
    ones that leave trained regions out last."""
    if not block.auto or block.rule is RuleId.PRE_SPORT_READY:
        return []
    if block.rule is RuleId.WARM_DOWN:
        return _warm_down_options(catalog, block)
    if not block.muscles:
        return []
    muscle = block.muscles[0]
    profile = Profile.of(assessment or Snapshot(), muscle, block.side.sides)
    chooser = TechniqueChooser(catalog, preferences or Preferences())
    ranked = chooser.options(muscle, profile, Purpose.RELEASE)
    options: list[tuple[tuple[object, ...], SwapOption]] = []
    for exercise in catalog.exercises.values():
        if exercise.slug == block.exercise or muscle not in exercise.muscles:
            continue
        if exercise.kind not in (ExerciseKind.RELAXATION, ExerciseKind.STRETCH):
            continue
        if exercise.slug in ranked:
            option = ranked[exercise.slug]
            level = Suitability.PRECAUTION if option.note else Suitability.SUITABLE
            options.append((option.rank, SwapOption(exercise, level, option.note)))
            continue
        fit = catalog.suitability(exercise.slug, muscle, tenderness=profile.tenderness)
        note = fit.note
        if profile.spasm and (exercise.family is None or not exercise.family.gentle):
            note = note or "In spasm: gentle techniques only (no loading, no vigorous stretch)."
        else:
            note = note or "Not used on this muscle by the engine."
        options.append(((9, exercise.name.casefold()), SwapOption(
            exercise, Suitability.CONTRAINDICATED, note)))
    options.sort(key=lambda pair: (pair[1].level.rank, pair[0]))
    return [option for _rank, option in options]


def _warm_down_options(catalog: CatalogLike, block: Block) -> list[SwapOption]:
    trained = {region_of(catalog, m) for m in block.muscles}
    options = []
    for exercise in catalog.exercises.values():
        if exercise.kind is not ExerciseKind.WARM_DOWN or exercise.slug == block.exercise:
            continue
        covers = {region_of(catalog, m) for m in exercise.muscles}
        missing = trained - covers if exercise.muscles else set()
        level = Suitability.PRECAUTION if missing else Suitability.SUITABLE
        note = "Leaves out regions this session trains." if missing else ""
        options.append(SwapOption(exercise, level, note))
    options.sort(key=lambda o: (o.level.rank, o.exercise.name.casefold()))
    return options


def treats(exercise: Exercise, block: Block) -> bool:
    """Whether `exercise` may replace the technique of automatic `block`: a warm-down for the
    warm-down, else a relaxation or stretch that lists the block's muscle."""
    if block.rule is RuleId.WARM_DOWN:
        return exercise.kind is ExerciseKind.WARM_DOWN
    return (
        exercise.kind in (ExerciseKind.RELAXATION, ExerciseKind.STRETCH)
        and bool(block.muscles)
        and block.muscles[0] in exercise.muscles
    )


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


def with_answer(
    state: SessionState, proposal: Proposal, accepted: bool, reason: str
) -> SessionState:
    """The answer to a flag's proposal: accepted, its activations get the lower dose (the
    engine adds the relaxations); dismissed, only the answer is kept."""
    key = (proposal.muscle, proposal.side)
    kept = tuple(r for r in state.responses if (r.muscle, r.side) != key)
    answer = ProposalResponse(proposal.muscle, proposal.side, accepted, reason)
    blocks = accept_doses(state.blocks, proposal) if accepted else state.blocks
    return replace(state, blocks=blocks, responses=(*kept, answer))


def without_answer(state: SessionState, response: ProposalResponse) -> SessionState:
    """An answer withdrawn: the proposal is pending again (a lowered dose stays as it is)."""
    return replace(state, responses=tuple(r for r in state.responses if r != response))


def with_dismissal(state: SessionState, block: Block, reason: str) -> SessionState:
    """The automatic block dismissed for `reason`; the engine won't add it again."""
    dismissal = dismiss(block, reason)
    kept = tuple(d for d in state.dismissals if d.key != dismissal.key)
    return replace(state, dismissals=(*kept, dismissal))


def without_dismissal(state: SessionState, dismissal: Dismissal) -> SessionState:
    """A dismissal withdrawn: the engine adds the block again on its next run."""
    return replace(state, dismissals=tuple(d for d in state.dismissals if d != dismissal))
