"""Patient-readable texts: the reason on each automatic block, the cues on exercises, and the
titles people see for the rules (never the rule ids).

One sentence each, plain words, the muscle's plain name ("outer hip muscle"): these print on
the patient's copy. Kept apart from the rules so wording can change (or be translated) without
touching the logic.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from equitone.domain.sequencing.model import BlockSide, RuleId
from equitone.domain.types import Contraction

__all__ = [
    "RULE_TITLES",
    "cue_text",
    "join_names",
    "per_rep_cue",
    "reason_text",
    "relaxed_within_rep_text",
    "ri_cue_text",
    "rule_title",
    "your",
]

RULE_TITLES: dict[RuleId, str] = {
    RuleId.PER_REP_RELAX: "Relaxing after every activation (rule 1)",
    RuleId.RELAXED_WITHIN_REP: "Relaxed within every rep (rule 1)",
    RuleId.RECIPROCAL_INHIBITION: "Reciprocal inhibition (rule 2)",
    RuleId.SUSTAINED_RELAX: "Relaxation after sustained work (rule 3)",
    RuleId.EXPLOSIVE_POST_RELAX: "Relaxation after explosive work (rule 4)",
    RuleId.POSTURAL_INTERSET_RELAX: "Quick relax between postural sets (rule 5)",
    RuleId.RELEASE_COMPENSATORS_FIRST: "Release the overactive first (rule 6)",
    RuleId.WARM_DOWN: "Warm-down for the trained muscles (rule 7)",
    RuleId.PRE_SPORT_RELAX: "Brief relaxation before sport (rule 8)",
    RuleId.PRE_SPORT_READY: "Re-activation before sport (rule 8)",
    RuleId.DOSE_BELOW_FAILURE: "Just enough to switch on (rule 9)",
}

_REASONS: dict[RuleId, str] = {
    RuleId.PER_REP_RELAX: (
        "Your {muscle} is relaxed after every activation: for you, relaxing within the reps"
        " is not enough."
    ),
    RuleId.SUSTAINED_RELAX: "To keep your {muscle} from tightening after being woken up.",
    RuleId.EXPLOSIVE_POST_RELAX: "To relax and lengthen your {muscle} after fast, powerful work.",
    RuleId.POSTURAL_INTERSET_RELAX: (
        "A quick relax between sets keeps your {muscle} from tightening while building endurance."
    ),
    RuleId.RELEASE_COMPENSATORS_FIRST: (
        "Releasing your {muscle} first lets your {partner} switch on instead of being overruled."
    ),
    RuleId.WARM_DOWN: (
        "To finish, the muscles you worked are relaxed and lengthened, without switching them"
        " off completely."
    ),
    RuleId.PRE_SPORT_RELAX: (
        "A brief loosening of your {muscle} before you train or compete, not so long that it"
        " switches off."
    ),
    RuleId.PRE_SPORT_READY: (
        "To switch your {muscle} back on before you train or compete: a few brisk reps,"
        " no fatigue."
    ),
    RuleId.DOSE_BELOW_FAILURE: (
        "Your {muscle} was tighter after being activated last time: it is relaxed after each"
        " activation now."
    ),
}

_CUES: dict[RuleId, str] = {
    RuleId.EXPLOSIVE_POST_RELAX: (
        "Keep a little tension in your {muscle} before each explosive move, and go through"
        " the full range."
    ),
    RuleId.POSTURAL_INTERSET_RELAX: (
        "Train, relax, train, relax: loosen your {muscle} between every set."
    ),
    RuleId.DOSE_BELOW_FAILURE: (
        "Stop well before fatigue: just enough to switch on your {muscle}."
    ),
    RuleId.PRE_SPORT_READY: "Brisk and light: just enough to switch back on, no fatigue.",
}

#: The per-rep cue, by how the exercise contracts (rule 1).
_PER_REP: dict[Contraction, str] = {
    Contraction.LOWERING: "Relax your {muscle} fully at the end of each lowering phase.",
    Contraction.RETURN: "Relax your {muscle} fully at the end of each return phase.",
    Contraction.HOLD: "Let your {muscle} go completely between holds.",
    Contraction.DRILL: "Release your {muscle} fully between repetitions.",
}

#: Where the slight antagonist contraction goes (rule 2); only contractions with a phase.
RI_PHASES: dict[Contraction, str] = {
    Contraction.LOWERING: "lowering phase",
    Contraction.RETURN: "return phase",
}


def join_names(names: Sequence[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def your(name: str, side: BlockSide) -> str:
    """'left outer hip muscle' / 'outer hip muscle' (both sides): the side only when one."""
    return name if side is BlockSide.BOTH else f"{side.value} {name}"


def rule_title(rule: RuleId | str) -> str:
    """What people read for a rule: "Relaxation after sustained work (rule 3)"."""
    try:
        return RULE_TITLES[RuleId(rule)]
    except ValueError:
        words = str(rule).replace("-", " ").strip()
        return words[:1].upper() + words[1:]


@lru_cache(maxsize=4096)
def reason_text(rule: RuleId, muscle: str, partner: str = "") -> str:
    return _REASONS[rule].format(muscle=muscle, partner=partner)


@lru_cache(maxsize=4096)
def cue_text(rule: RuleId, muscle: str, partner: str = "") -> str:
    return _CUES[rule].format(muscle=muscle, partner=partner)


@lru_cache(maxsize=4096)
def per_rep_cue(contraction: Contraction, muscle: str) -> str:
    return _PER_REP[contraction].format(muscle=muscle)


@lru_cache(maxsize=4096)
def relaxed_within_rep_text(contraction: Contraction, muscle: str) -> str:
    """The mark as an instruction with its reason: "Relaxed within every rep: relax your
    glute med fully at the end of each lowering phase; this is its relaxation, so ..."."""
    how = per_rep_cue(contraction, muscle).rstrip(".")
    return (
        f"Relaxed within every rep: {how[:1].lower()}{how[1:]}; this is the relaxation, so no"
        " separate one follows and the warm-down finishes the job."
    )


@lru_cache(maxsize=4096)
def ri_cue_text(phase: str, action: str, muscle: str) -> str:
    """ "At the end of each lowering phase, press the knees lightly together, so your outer
    hip muscle must switch on again from relaxed." `action` is the catalog's cue."""
    action = action.rstrip(". ")
    action = action[:1].lower() + action[1:]
    return (
        f"At the end of each {phase}, {action} (only slightly), so your {muscle} must switch"
        " on again from relaxed."
    )
