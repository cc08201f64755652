"""The texts of the sequencing rules, in one place: the titles people see for the rules (never
the rule ids), the clinician's explanation of each (printed on the clinician copy), and the
patient-readable reason on each automatic block and cue on an exercise.

One sentence each, plain words, the muscle's plain name ("outer hip muscle"): the reasons and
cues print on the patient's copy. Kept apart from the rules so wording can change (or be
translated) without touching the logic; tests/domain/test_rule_texts.py checks that every rule
has its texts, so a missing one fails in CI, not on paper.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from equitone.domain.sequencing.model import BlockSide, RuleId
from equitone.domain.types import Contraction

__all__ = [
    "RULE_EXPLANATIONS",
    "RULE_TITLES",
    "cue_text",
    "explanation",
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

#: For the clinician: what each rule asks, as the clinician copy lists the rules applied.
RULE_EXPLANATIONS: dict[RuleId, str] = {
    RuleId.PER_REP_RELAX: "Relax the target fully at the end of each lowering phase; where "
    "that is not enough for the patient, a relaxation block follows every activation.",
    RuleId.RELAXED_WITHIN_REP: "An activation relaxed within every rep gets no separate "
    "relaxation block; the warm-down finishes the job.",
    RuleId.RECIPROCAL_INHIBITION: "Progression: a slight antagonist contraction at the end "
    "of the eccentric phase, so the target fires again from an inhibited state.",
    RuleId.SUSTAINED_RELAX: "Sustained activation allows no per-rep relaxing: a relaxation "
    "block for the same muscle and side follows it.",
    RuleId.EXPLOSIVE_POST_RELAX: "Explosive work is trained normally, then the trained "
    "muscles are relaxed and lengthened.",
    RuleId.POSTURAL_INTERSET_RELAX: "Postural/endurance work: train, relax, train, relax "
    "between sets.",
    RuleId.RELEASE_COMPENSATORS_FIRST: "Overactive compensators are released before the "
    "underactive partner is activated.",
    RuleId.WARM_DOWN: "Every session ends with a relaxing warm-down of the trained muscles.",
    RuleId.PRE_SPORT_RELAX: "Retraining before sport is followed by a brief relaxation of "
    "the activated muscles, never to full inhibition.",
    RuleId.PRE_SPORT_READY: "Before sport the session ends with a short re-activation, so the "
    "muscles keep some pre-tension.",
    RuleId.DOSE_BELOW_FAILURE: "Underactive muscles are dosed just enough to switch on, "
    "never to failure; a muscle tighter after its last activations is relaxed after each "
    "one.",
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


def explanation(rule: RuleId) -> str:
    return RULE_EXPLANATIONS[rule]


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
