"""People read sentences, never the sequencing engine's rule identifiers: every rule's title,
explanation, reason and cue, as the session designer's cards, tooltips, inspector and
dismissal list show them and as the clinician copy prints them, holds no id-like token
("sustained-relax", "release_compensators_first", a warning code)."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from equitone.domain.catalog import Catalog
from equitone.domain.sequencing import (
    AutoKey,
    Block,
    BlockSide,
    Cue,
    Dismissal,
    RuleId,
    WarningCode,
)
from equitone.domain.sequencing.describe import describe_dismissal
from equitone.domain.sequencing.reasons import (
    _CUES,
    _REASONS,
    cue_text,
    explanation,
    reason_text,
    rule_title,
)
from equitone.domain.types import Dose
from equitone.printing import render_plan
from equitone.services.catalog import shipped_catalog
from equitone.ui.designer.inspector import card_html
from equitone.ui.designer.timeline_model import CARD_ROLE, Card, TimelineModel
from tests.printing import pdftools
from tests.printing.samples import sample_plan

# "warm-down" is an ordinary word as well as rule 7's id; every other id is not.
IDS = sorted(({r.value for r in RuleId} | {w.value for w in WarningCode}) - {"warm-down"},
             key=len, reverse=True)
ID_LIKE = re.compile(
    "|".join(re.escape(i) for i in IDS)
    + r"|\b[a-z]+(?:-[a-z]+){2,}\b"  # kebab-case of three words or more
    + r"|\b[a-z]+(?:_[a-z]+)+\b"  # snake_case
)
GM = "gluteus-medius"


def identifiers(text: str) -> list[str]:
    return ID_LIKE.findall(re.sub(r"\s+", " ", text))


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return shipped_catalog()


def _block(rule: RuleId) -> Block:
    """The automatic block `rule` adds (the within-rep mark and rule 2 are cues of an
    activation, so they ride on a clamshell)."""
    if rule in _REASONS:
        cues = (Cue(rule, cue_text(rule, "outer hip muscle")),) if rule in _CUES else ()
        return Block(f"auto-{rule.value}", "lacrosse-ball-release", (GM,), BlockSide.LEFT,
                     Dose(1, hold_seconds=60), auto=True, rule=rule,
                     reason=reason_text(rule, "outer hip muscle", "inner thigh"),
                     cues=cues, anchor="clam")
    return Block("clam", "clamshell", (GM,), BlockSide.LEFT, Dose(2, 10),
                 cues=(Cue(rule, "Relax your outer hip muscle fully at the end of each "
                                 "lowering phase."),))


def test_every_rules_own_texts_are_sentences() -> None:
    for rule in RuleId:
        texts = [rule_title(rule), explanation(rule)]
        texts += [reason_text(rule, "outer hip muscle", "inner thigh")] if rule in _REASONS else []
        texts += [cue_text(rule, "outer hip muscle")] if rule in _CUES else []
        for text in texts:
            assert identifiers(text) == [], (rule, text)


def test_the_designers_cards_tooltips_and_inspector_show_no_rule_ids(
    qtbot: QtBot, catalog: Catalog
) -> None:
    model = TimelineModel()
    model.set_catalog(catalog.exercises, catalog.muscles)
    blocks = [_block(rule) for rule in RuleId]
    model.set_plan(1, blocks)
    assert model.rowCount() == len(RuleId)
    for row in range(model.rowCount()):
        card = model.index(row, 0).data(CARD_ROLE)
        assert isinstance(card, Card)
        for text in (card.tooltip, card.badge, card.cues, card_html(card)):
            assert identifiers(text) == [], (card.block.rule, text)
        assert "Added automatically" in card.tooltip or not card.block.auto


def test_the_dismissed_list_names_each_rule_in_words(catalog: Catalog) -> None:
    anchor = _block(RuleId.RELAXED_WITHIN_REP)
    for rule in RuleId:
        dismissal = Dismissal(AutoKey("clam", rule, GM, BlockSide.LEFT), "done in clinic")
        text = describe_dismissal(catalog, [anchor], dismissal)
        assert identifiers(text) == [] and rule_title(rule) in text, text


def test_the_clinician_copy_prints_titles_even_for_blocks_without_one(tmp_path: Path) -> None:
    """A block that reaches the printout without its title (an archive written by an older
    version, say) still prints the rule's sentence, not its id."""
    plan = sample_plan(copy="clinician")
    untitled = replace(plan, blocks=tuple(replace(b, rule_title="") for b in plan.blocks))
    pdf = tmp_path / "clinician.pdf"
    render_plan(untitled, pdf)
    text = pdftools.text(pdf)
    assert identifiers(text) == []
    assert rule_title(RuleId.SUSTAINED_RELAX) in re.sub(r"\s+", " ", text)
