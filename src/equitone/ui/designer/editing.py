"""What the clinician's edits of a session become: one undo command each.

`SessionEditor` is the timeline model's `TimelineEditor` and the target of every key, menu
and button that changes the shown session. Each intent is a pure operation on the session's
`SessionState` (domain/session_edits.py) pushed as an `EditSessionCommand`; nothing here
touches a widget. A read-only (delivered) session refuses every edit with a one-line reason.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Protocol

from equitone.domain import session_edits, wording
from equitone.domain.catalog import Catalog
from equitone.domain.sequencing import (
    Block,
    BlockSide,
    Dismissal,
    Proposal,
    ProposalResponse,
)
from equitone.domain.sequencing.describe import describe_dismissal as describe_decision
from equitone.domain.session import SessionDetails, SessionRecord
from equitone.domain.session_edits import Blocks, SessionState
from equitone.domain.types import Exercise
from equitone.errors import ValidationError
from equitone.services.sessions import block_for
from equitone.storage.database import Database
from equitone.ui.designer import mime
from equitone.ui.designer.commands import EditSessionCommand, SessionScreen
from equitone.ui.operations import Operations


class EditorHost(SessionScreen, Protocol):
    """What the editor needs from the tab: the shown session and the questions it asks (the
    tab is also the screen its commands report to)."""

    db: Database
    ops: Operations
    catalog: Catalog

    @property
    def record(self) -> SessionRecord | None: ...

    def ask_dismiss_reason(self, what: str) -> str | None: ...

    def ask_proposal_reason(self, proposal: Proposal, accept: bool) -> str | None: ...

    def ask_muscle(self, exercise: Exercise) -> str | None: ...

    def report(self, message: str) -> None: ...


def describe(catalog: Catalog, block: Block) -> str:
    return wording.describe(block, catalog.exercises, catalog.muscles)


def describe_dismissal(catalog: Catalog, record: SessionRecord, dismissal: Dismissal) -> str:
    """ "Relaxation after sustained work (rule 3): the left glute med, after Lateral band
    walk" — the same words as on the clinician copy."""
    return describe_decision(catalog, record.blocks, dismissal)


class SessionEditor:
    def __init__(self, host: EditorHost) -> None:
        self.host = host

    # -- plumbing --------------------------------------------------------------------------
    def _editable(self) -> SessionRecord | None:
        record = self.host.record
        if record is None:
            return None
        if record.read_only:
            self.host.report(
                "This session was delivered and is read-only: use “New version” to change it."
            )
            return None
        return record

    def push(self, after: SessionState, label: str, focus: str | None = None) -> bool:
        record = self._editable()
        if record is None or after == SessionState.of(record):
            return False
        host = self.host
        host.ops.push(EditSessionCommand(host.db, record, after, label, host.ops, host, focus))
        return True

    def _block(self, block_id: str) -> Block | None:
        record = self.host.record
        if record is None:
            return None
        return next((b for b in record.blocks if b.id == block_id), None)

    def _state(self) -> SessionState | None:
        record = self.host.record
        return SessionState.of(record) if record is not None else None

    # -- TimelineEditor ----------------------------------------------------------------------
    def block_for_payload(self, payload: mime.ExercisePayload) -> Block | None:
        """A new clinician block for a dropped exercise; asks for the muscle of a modality."""
        catalog = self.host.catalog
        exercise = catalog.exercises.get(payload.slug)
        if exercise is None:
            self.host.report(f"Unknown exercise '{payload.slug}'.")
            return None
        muscle = payload.muscle
        if exercise.muscle_parameter and muscle is None:
            muscle = self.host.ask_muscle(exercise)
            if muscle is None:
                return None
        try:
            return block_for(catalog, payload.slug, muscle, payload.side)
        except ValidationError as exc:
            self.host.report(str(exc))
            return None

    def commit_blocks(self, blocks: Blocks, label: str, focus: str | None) -> None:
        state = self._state()
        if state is not None:
            self.push(replace(state, blocks=blocks), label, focus)

    # -- intents -------------------------------------------------------------------------
    def add(self, payload: mime.ExercisePayload, row: int) -> bool:
        """Enter in the library: the exercise inserted before `row` (-1: at the end)."""
        state = self._state()
        if state is None or self._editable() is None:
            return False
        block = self.block_for_payload(payload)
        if block is None:
            return False
        name = describe(self.host.catalog, block)
        after = replace(state, blocks=session_edits.insert_block(state.blocks, block, row))
        return self.push(after, f"Add {name}", block.id)

    def _edit_block(
        self, block_id: str, change: Callable[[Blocks], Blocks | None],
        label: Callable[[str], str],
    ) -> bool:
        """One block's edit: `change` gives the new blocks (None: nothing to do), `label`
        the undo text from the block's name."""
        state, block = self._state(), self._block(block_id)
        if state is None or block is None:
            return False
        blocks = change(state.blocks)
        if blocks is None:
            return False
        name = describe(self.host.catalog, block)
        return self.push(replace(state, blocks=blocks), label(name), block_id)

    def shift(self, block_id: str, delta: int) -> bool:
        where = "up" if delta < 0 else "down"
        return self._edit_block(
            block_id, lambda blocks: session_edits.shift(blocks, block_id, delta),
            lambda name: f"Move {name} {where}",
        )

    def remove(self, block_id: str) -> bool:
        """Delete a clinician block; an automatic one is dismissed (with a reason) instead."""
        state, block = self._state(), self._block(block_id)
        if state is None or block is None or self._editable() is None:
            return False
        if block.auto:
            return self.dismiss(block_id)
        after = session_edits.without_block(state, block_id)
        neighbour = _neighbour(state.blocks, block_id)
        return self.push(after, f"Delete {describe(self.host.catalog, block)}", neighbour)

    def duplicate(self, block_id: str) -> bool:
        state, block = self._state(), self._block(block_id)
        if state is None or block is None:
            return False
        blocks = session_edits.duplicate_block(state.blocks, block_id)
        copy = blocks[session_edits.index_of(blocks, block_id) + 1]
        label = f"Duplicate {describe(self.host.catalog, block)}"
        return self.push(replace(state, blocks=blocks), label, copy.id)

    def swap(self, block_id: str, slug: str) -> bool:
        state, block = self._state(), self._block(block_id)
        exercise = self.host.catalog.exercises.get(slug)
        if state is None or block is None or exercise is None or not block.auto:
            return False
        if not session_edits.treats(exercise, block):
            muscle = wording.muscles_text(block.muscles[:1], self.host.catalog.muscles)
            self.host.report(f"{exercise.name} does not treat the {muscle}; nothing was swapped.")
            return False
        after = session_edits.swap_modality(state, block, exercise)
        label = f"Swap {describe(self.host.catalog, block)} for {exercise.name}"
        return self.push(after, label, block_id)

    def dismiss(self, block_id: str) -> bool:
        state, block = self._state(), self._block(block_id)
        if state is None or block is None or not block.auto or self._editable() is None:
            return False
        what = describe(self.host.catalog, block)
        reason = self.host.ask_dismiss_reason(what)
        if reason is None:
            return False
        reason = " ".join(reason.split())
        if not reason:
            self.host.report("A dismissal needs a reason; nothing was changed.")
            return False
        after = session_edits.with_dismissal(state, block, reason)
        return self.push(after, f"Dismiss {what}", _neighbour(state.blocks, block_id))

    def answer(self, proposal: Proposal, accept: bool) -> bool:
        """Accept (lower dose, relaxation after each activation) or dismiss a flag's
        proposal, with the reason asked for (a dismissal must give one)."""
        state = self._state()
        if state is None or self._editable() is None:
            return False
        reason = self.host.ask_proposal_reason(proposal, accept)
        if reason is None:
            return False
        reason = " ".join(reason.split())
        if not accept and not reason:
            self.host.report("Dismissing a proposal needs a reason; nothing was changed.")
            return False
        after = session_edits.with_answer(state, proposal, accept, reason or "Accepted as proposed")
        muscle = wording.muscles_text((proposal.muscle,), self.host.catalog.muscles)
        verb = "Accept" if accept else "Dismiss"
        return self.push(after, f"{verb} the proposal for the {proposal.side.value} {muscle}")

    def withdraw(self, response: ProposalResponse) -> bool:
        state = self._state()
        if state is None or response not in state.responses:
            return False
        return self.push(session_edits.without_answer(state, response), "Withdraw an answer")

    def restore(self, dismissal: Dismissal) -> bool:
        state = self._state()
        if state is None or dismissal not in state.dismissals:
            return False
        after = session_edits.without_dismissal(state, dismissal)
        return self.push(after, "Restore a dismissed block", dismissal.key.block_id)

    def unpin(self, block_id: str) -> bool:
        return self._edit_block(
            block_id, lambda blocks: session_edits.unpin(blocks, block_id),
            lambda name: f"Let the engine place {name}",
        )

    def set_reciprocal(self, block_id: str, on: bool) -> bool:
        verb = "Add" if on else "Remove"
        return self._edit_block(
            block_id,
            lambda blocks: session_edits.with_reciprocal_inhibition(blocks, block_id, on),
            lambda name: f"{verb} reciprocal inhibition for {name}",
        )

    def set_side(self, block_id: str, side: BlockSide) -> bool:
        """The side a clinician block works, changed after it was added; the save re-runs the
        engine, so the automatic blocks that belong to it follow the new side."""
        where = wording.side_text(side)
        return self._edit_block(
            block_id, lambda blocks: session_edits.with_side(blocks, block_id, side),
            lambda name: f"Change the side of {name} to {where}",
        )

    def set_details(self, details: SessionDetails, label: str) -> bool:
        state = self._state()
        if state is None or details == state.details:
            return False
        return self.push(replace(state, details=details), label)

    def refresh(self) -> bool:
        """Store the session again, so the engine applies the latest assessment."""
        record = self._editable()
        if record is None:
            return False
        host = self.host
        host.ops.push(EditSessionCommand(
            host.db, record, SessionState.of(record), "Update to the latest assessment",
            host.ops, host,
        ))
        return True


def _neighbour(blocks: Blocks, block_id: str) -> str | None:
    """The block to select once `block_id` is gone: the next one, else the previous one."""
    at = session_edits.index_of(blocks, block_id)
    if at + 1 < len(blocks):
        return blocks[at + 1].id
    return blocks[at - 1].id if at > 0 else None
