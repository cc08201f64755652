"""Rule 9's answer to a standing "activated, then tighter" flag: a proposal, never applied
until the clinician accepts it.

The proposal for a flagged muscle side is: a relaxation block after each of its activations
(the engine adds them once the proposal is accepted) and a lower dose for those activations
(`accept_doses`, applied by whoever records the acceptance, as one edit). Dismissing it keeps
the reason. Both answers are stored with the session and print on the clinician's copy.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace

from equitone.domain.sequencing.facts import BlockFacts, MuscleSide
from equitone.domain.sequencing.model import Block, Flag, Proposal, ProposalResponse
from equitone.domain.types import Dose

__all__ = ["LOWER_DOSE_SHARE", "accept_doses", "lowered", "proposals_for"]

#: The lower dose keeps this share of the reps (or seconds held) and at most two sets.
LOWER_DOSE_SHARE = 2 / 3


def lowered(dose: Dose) -> Dose:
    """A third fewer reps (at least 3) or seconds held (at least 5), and at most two sets."""
    reps = dose.reps
    hold = dose.hold_seconds
    if reps is not None:
        reps = max(min(reps, 3), round(reps * LOWER_DOSE_SHARE))
    elif hold is not None:
        hold = max(min(hold, 5), round(hold * LOWER_DOSE_SHARE))
    return replace(dose, sets=min(dose.sets, 2), reps=reps, hold_seconds=hold)


def accept_doses(blocks: Sequence[Block], proposal: Proposal) -> tuple[Block, ...]:
    """`blocks` with the lower dose on the proposal's activations (the clinician's blocks)."""
    chosen = set(proposal.activations)
    return tuple(
        replace(b, dose=lowered(b.dose)) if b.id in chosen and not b.auto else b for b in blocks
    )


def _text(where: str, activations: int) -> str:
    if not activations:
        return (
            f"Nothing in this session activates the {where}; if something does, relax it"
            " after each activation and keep the dose low."
        )
    times = "its activation" if activations == 1 else f"each of its {activations} activations"
    return (
        f"Add a relaxation of the {where} after {times}, and lower the dose by a third"
        " (at most two sets)."
    )


def proposals_for(
    flags: Iterable[Flag],
    responses: Iterable[ProposalResponse],
    blocks: Sequence[Block],
    facts: Sequence[BlockFacts],
    short: Callable[[str], str],
) -> tuple[Proposal, ...]:
    """One proposal per standing flag, and one per stored answer whose flag no longer stands
    (the clinician's decision stays on the record)."""
    answers: dict[MuscleSide, ProposalResponse] = {}
    for response in responses:
        answers[(response.muscle, response.side)] = response
    explanations: dict[MuscleSide, str] = {}
    for flag in flags:
        explanations.setdefault((flag.muscle, flag.side), flag.explanation)
    for key in answers:
        explanations.setdefault(key, "")
    made: list[Proposal] = []
    for (muscle, side), explanation in explanations.items():
        activations = tuple(
            b.id
            for b, f in zip(blocks, facts, strict=True)
            if not b.auto and (muscle, side) in f.trained
        )
        where = f"{side.value} {short(muscle)}"
        made.append(
            Proposal(
                muscle,
                side,
                explanation,
                _text(where, len(activations)),
                activations,
                answers.get((muscle, side)),
            )
        )
    return tuple(made)
