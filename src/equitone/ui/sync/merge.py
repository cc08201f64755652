"""Putting one workstation's edit on top of another's: three-way merges of what editors edit.

Each merge takes the value the edit started from (`source`), the edit's result (`target`) and
the value stored now (`theirs`), and returns `theirs` with the edit's own changes applied —
so whatever the other workstation changed elsewhere is kept. Where both changed the same
thing, the edit wins: callers use these only when the clinician chose "put mine on top", or
when nothing of the kind can happen (the edited part was untouched elsewhere). Pure Python.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import fields, replace
from typing import TYPE_CHECKING, Any, TypeVar

from equitone.domain.assessment import Measures, StateGrade, ToneTag
from equitone.domain.sequencing import Block
from equitone.domain.session import SessionDetails
from equitone.domain.types import ToneState

if TYPE_CHECKING:  # the designer imports this module: no import back at run time
    from equitone.ui.designer.operations import SessionState

T = TypeVar("T")
H = TypeVar("H")

DETAIL_FIELDS = tuple(f.name for f in fields(SessionDetails))


def changed_names(source: object, target: object, names: Iterable[str]) -> tuple[str, ...]:
    return tuple(n for n in names if getattr(source, n) != getattr(target, n))


def merge_fields(source: T, target: T, theirs: T, names: Iterable[str]) -> T:
    """`theirs` with the fields the edit changed (source → target) set to the edit's values."""
    edited: dict[str, Any] = {n: getattr(target, n) for n in changed_names(source, target, names)}
    return replace(theirs, **edited)  # type: ignore[type-var]


def clashing_fields(source: T, target: T, theirs: T, names: Iterable[str]) -> tuple[str, ...]:
    """Fields both sides changed, to different values."""
    return tuple(
        n for n in names
        if getattr(source, n) != getattr(target, n)
        and getattr(source, n) != getattr(theirs, n)
        and getattr(target, n) != getattr(theirs, n)
    )


def merge_sets(source: Sequence[H], target: Sequence[H], theirs: Sequence[H]) -> tuple[H, ...]:
    """Items the edit removed leave `theirs`; items it added join at the end."""
    removed = [x for x in source if x not in target]
    added = [x for x in target if x not in source and x not in theirs]
    return (*(x for x in theirs if x not in removed), *added)


# -- assessment tags ----------------------------------------------------------------------------
MEASURE_FIELDS = tuple(f.name for f in fields(Measures))


def merge_tag(
    source: ToneTag | None, target: ToneTag | None, theirs: ToneTag | None
) -> ToneTag | None:
    """One muscle side: `theirs` with the edit's own changes. States the edit added join
    theirs and states it took off leave them (so "underactive" added here and "tender" added
    there give both); a grade, the score, the note or a measure the edit changed is the
    edit's, the rest stay theirs. Cleared by the edit: cleared. Cleared there: the edit's."""
    if target is None or theirs is None:
        return target
    before = {f.state: f.grade for f in source.findings} if source else {}
    after = {f.state: f.grade for f in target.findings}
    there = {f.state: f.grade for f in theirs.findings}
    states = merge_sets(tuple(before), tuple(after), tuple(there))
    if ToneState.BALANCED in states and len(states) > 1:  # balanced stands alone
        added_balanced = ToneState.BALANCED in after and ToneState.BALANCED not in before
        states = (ToneState.BALANCED,) if added_balanced else tuple(
            s for s in states if s is not ToneState.BALANCED)
    findings = [StateGrade(s, after[s] if s in after and before.get(s, -1) != after[s]
                           else there.get(s, after.get(s))) for s in states]

    def pick(old: H, new: H, theirs_value: H) -> H:
        return new if source is None or old != new else theirs_value

    measures = Measures(**{
        n: pick(getattr(source.measures, n) if source else None, getattr(target.measures, n),
                getattr(theirs.measures, n))
        for n in MEASURE_FIELDS
    })
    return ToneTag.of(
        target.muscle, target.side, findings or target.findings,
        tightness=pick(source.tightness if source else None, target.tightness,
                       theirs.tightness),
        note=pick(source.note if source else "", target.note, theirs.note),
        measures=measures,
    )


# -- sessions -----------------------------------------------------------------------------------
def _owned(blocks: Iterable[Block]) -> list[Block]:
    """The blocks a clinician decides (their own, and automatic ones they pinned); the engine
    regenerates the rest and recomputes cues, so those never count as an edit."""
    return [replace(b, cues=()) for b in blocks if not b.auto or b.pinned]


def session_key(state: SessionState) -> tuple[object, ...]:
    """What a session edit is about, for comparing two states."""
    return (tuple(_owned(state.blocks)), frozenset(state.dismissals),
            frozenset(state.overrides), state.details, frozenset(state.responses))


def merge_session(source: SessionState, target: SessionState, theirs: SessionState) -> SessionState:
    """`theirs` with the edit (source → target) applied: blocks added, removed, changed or
    moved, decisions added or withdrawn, details changed. The engine places the automatic
    blocks again when the result is saved."""
    return replace(
        theirs,
        blocks=merge_blocks(source.blocks, target.blocks, theirs.blocks),
        dismissals=merge_sets(source.dismissals, target.dismissals, theirs.dismissals),
        overrides=merge_sets(source.overrides, target.overrides, theirs.overrides),
        responses=merge_sets(source.responses, target.responses, theirs.responses),
        details=merge_fields(source.details, target.details, theirs.details, DETAIL_FIELDS),
    )


def merge_blocks(
    source: Sequence[Block], target: Sequence[Block], theirs: Sequence[Block]
) -> tuple[Block, ...]:
    mine_before = {b.id: b for b in _owned(source)}
    mine = _owned(target)
    mine_after = {b.id: b for b in mine}
    result = [b for b in _owned(theirs) if not (b.id in mine_before and b.id not in mine_after)]
    # blocks the edit changed
    result = [mine_after[b.id] if b.id in mine_before and b.id in mine_after
              and mine_before[b.id] != mine_after[b.id] else b for b in result]
    # the edit's order for the blocks it knows (theirs-only blocks keep their places)
    order = [b.id for b in mine if b.id in {r.id for r in result}]
    if [r.id for r in result if r.id in mine_after] != order:
        slots = [i for i, r in enumerate(result) if r.id in mine_after]
        by_id = {r.id: r for r in result}
        for slot, block_id in zip(slots, order, strict=True):
            result[slot] = by_id[block_id]
    # blocks the edit added, after the block they followed in the edit
    for n, block in enumerate(mine):
        if block.id in mine_before or any(r.id == block.id for r in result):
            continue
        previous = [b.id for b in mine[:n]]
        at = 0
        for i, r in enumerate(result):
            if r.id in previous:
                at = i + 1
        result.insert(at, block)
    return tuple(result)
