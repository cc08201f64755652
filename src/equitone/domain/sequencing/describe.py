"""How people name the engine's records: a dismissed block, a swap, a proposal's answer.

Shared by the designer, the clinician copy and the command line, so the same decision reads
the same everywhere. Clinician words (short muscle names); rule titles, never rule ids.
"""

from __future__ import annotations

from collections.abc import Sequence

from equitone.domain.sequencing.inputs import CatalogLike, short_name
from equitone.domain.sequencing.model import Block, Dismissal, Proposal, RuleId
from equitone.domain.sequencing.reasons import rule_title

__all__ = ["describe_answer", "describe_dismissal", "exercise_name"]


def exercise_name(catalog: CatalogLike, slug: str | None) -> str:
    if slug is None:
        return "nothing"
    exercise = catalog.exercises.get(slug)
    return exercise.name if exercise is not None else slug


def describe_dismissal(
    catalog: CatalogLike, blocks: Sequence[Block], dismissal: Dismissal
) -> str:
    """ "Relaxation after sustained work (rule 3): the left glute med, after Lateral band walk"."""
    key = dismissal.key
    title = rule_title(key.rule)
    if key.rule is RuleId.WARM_DOWN or not key.muscle:
        return title
    side = "" if key.side.value == "both" else f"{key.side.value} "
    where = f"{title}: the {side}{short_name(catalog, key.muscle)}"
    anchor = next((b for b in blocks if b.id == key.anchor), None)
    if anchor is None:
        return where
    word = "before" if key.rule is RuleId.RELEASE_COMPENSATORS_FIRST else "after"
    return f"{where}, {word} {exercise_name(catalog, anchor.exercise)}"


def describe_answer(catalog: CatalogLike, proposal: Proposal) -> str:
    """The proposal of a flag, with its answer and the clinician's reason."""
    where = f"{proposal.side.value} {short_name(catalog, proposal.muscle)}"
    seen = f"{proposal.explanation} " if proposal.explanation else ""
    text = f"{seen}Proposed for the {where}: {proposal.text}"
    answer = proposal.response
    if answer is None:
        return f"{text} Not answered yet."
    verb = "Accepted" if answer.accepted else "Dismissed"
    return f"{text} {verb}: {answer.reason}"
