"""Every sequencing rule has its texts: a missing one fails here, not when a clinician copy is
printed or a card is shown."""

from __future__ import annotations

from equitone.domain import wording
from equitone.domain.sequencing import RuleId
from equitone.domain.sequencing.reasons import (
    _CUES,
    _REASONS,
    RULE_EXPLANATIONS,
    cue_text,
    explanation,
    reason_text,
)


def test_every_rule_is_explained_to_the_clinician() -> None:
    assert set(RULE_EXPLANATIONS) == set(RuleId)
    assert all(explanation(rule).endswith(".") for rule in RuleId)


def test_every_rule_tells_the_patient_why_on_a_block_or_a_cue() -> None:
    assert set(_REASONS) | set(_CUES) == set(RuleId)
    for rule in _REASONS:
        text = reason_text(rule, "left glute med", "TFL")
        assert text and "{" not in text
    for rule in _CUES:
        text = cue_text(rule, "left glute med", "TFL")
        assert text and "{" not in text


def test_badges_name_only_rules_that_add_blocks() -> None:
    assert set(wording.BADGE_LABELS) == {rule.value for rule in _REASONS}
    assert all(wording.badge_text(rule.value).startswith("Auto · ") for rule in RuleId)
