"""Every sequencing rule has its texts: a missing one fails here, not when a clinician copy is
printed or a card is shown."""

from __future__ import annotations

from equitone.domain import wording
from equitone.domain.sequencing import RuleId
from equitone.domain.sequencing.reasons import (
    _CUES,
    _REASONS,
    RULE_EXPLANATIONS,
    RULE_TITLES,
    cue_text,
    explanation,
    reason_text,
    relaxed_within_rep_text,
    ri_cue_text,
    rule_title,
)
from equitone.domain.types import Contraction

# Rules whose patient text is built from the exercise rather than kept as a sentence here.
BUILT = {RuleId.RELAXED_WITHIN_REP, RuleId.RECIPROCAL_INHIBITION}


def test_every_rule_has_a_title_and_an_explanation_for_the_clinician() -> None:
    assert set(RULE_TITLES) == set(RuleId) == set(RULE_EXPLANATIONS)
    assert all(explanation(rule).endswith(".") for rule in RuleId)
    assert all(rule_title(rule) for rule in RuleId)


def test_every_rule_tells_the_patient_why_on_a_block_or_a_cue() -> None:
    assert set(_REASONS) | set(_CUES) | BUILT == set(RuleId)
    assert relaxed_within_rep_text(next(iter(Contraction)), "glute med").startswith("Relaxed")
    assert "switch on again" in ri_cue_text("lowering phase", "Press the knees together.",
                                           "outer hip muscle")
    for rule in _REASONS:
        text = reason_text(rule, "left glute med", "TFL")
        assert text and "{" not in text
    for rule in _CUES:
        text = cue_text(rule, "left glute med", "TFL")
        assert text and "{" not in text


def test_badges_name_only_rules_that_add_blocks() -> None:
    assert set(wording.BADGE_LABELS) == {rule.value for rule in _REASONS}
    assert all(wording.badge_text(rule.value).startswith("Auto · ") for rule in RuleId)
