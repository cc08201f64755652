"""The texts of the sequencing rules, in one place: the clinician's explanation of each rule
(printed on the clinician copy), and the patient-readable reason on each automatic block and
cue on an exercise.

One sentence each, plain words, the muscle's short name. Kept apart from the rules so wording
can change (or be translated) without touching the logic; tests/domain/test_rule_texts.py
checks that every rule has its texts, so a missing one fails in CI, not on paper.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from equitone.domain.sequencing.model import BlockSide, RuleId

__all__ = ["RULE_EXPLANATIONS", "cue_text", "explanation", "join_names", "reason_text", "your"]

#: For the clinician: what each rule asks, as the clinician copy lists the rules applied.
RULE_EXPLANATIONS: dict[RuleId, str] = {
    RuleId.PER_REP_RELAX: "Relax the target fully at the end of each lowering phase.",
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
    RuleId.PRE_SPORT_RELAX: "Retraining before sport is followed by relaxation of the "
    "activated muscles.",
    RuleId.DOSE_BELOW_FAILURE: "Underactive muscles are dosed just enough to switch on, "
    "never to failure.",
}


_REASONS: dict[RuleId, str] = {
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
    RuleId.PRE_SPORT_RELAX: "To loosen your {muscle} again before you train or compete.",
}

_CUES: dict[RuleId, str] = {
    RuleId.PER_REP_RELAX: "Relax your {muscle} fully at the end of each lowering phase.",
    RuleId.RECIPROCAL_INHIBITION: (
        "At the end of each lowering phase, gently tighten your {partner} so your {muscle}"
        " must switch on again from relaxed."
    ),
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
}


def join_names(names: Sequence[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def your(short: str, side: BlockSide) -> str:
    """'left glute med' / 'glute med' (both sides): the side only when it is one side."""
    return short if side is BlockSide.BOTH else f"{side.value} {short}"


@lru_cache(maxsize=4096)
def reason_text(rule: RuleId, muscle: str, partner: str = "") -> str:
    return _REASONS[rule].format(muscle=muscle, partner=partner)


@lru_cache(maxsize=4096)
def cue_text(rule: RuleId, muscle: str, partner: str = "") -> str:
    return _CUES[rule].format(muscle=muscle, partner=partner)


def explanation(rule: RuleId) -> str:
    return RULE_EXPLANATIONS[rule]
