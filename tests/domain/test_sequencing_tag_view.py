"""The engine's view of tags with several states (domain.sequencing.tag_view): every state
reaches the engine, and the combinations that call for a gentle activation are named."""

from __future__ import annotations

import pytest

from equitone.domain.assessment import Measures, ToneTag
from equitone.domain.sequencing import BlockSide, RuleId, sequence
from equitone.domain.sequencing.tag_view import activate_gently, engine_assessment
from equitone.domain.types import Side, ToneState
from equitone.services.catalog import shipped_catalog
from equitone.services.sessions import block_for

U, OV, T, S, TEN, B = (ToneState.UNDERACTIVE, ToneState.OVERACTIVE, ToneState.TIGHT,
                       ToneState.SPASM, ToneState.TENDER, ToneState.BALANCED)
L = Side.LEFT


@pytest.mark.parametrize(("states", "measures", "gently"), [
    ((U,), Measures(), False),
    ((U, TEN), Measures(), True),  # underactive and tender: activate gently
    ((T, U), Measures(), True),  # tight and weak
    ((OV, U), Measures(), True),
    ((U,), Measures(tenderness=2), True),  # tender to grade II without the tender tag
    ((U,), Measures(tenderness=1), False),
    ((U,), Measures(strength=2), True),  # cannot move against gravity
    ((U,), Measures(strength=3), False),
    ((S, U), Measures(), False),  # spasm: not activated at all
    ((T, TEN), Measures(), False),  # not underactive: nothing to activate
    ((B,), Measures(strength=1), False),
])
def test_which_activations_are_gentle(
    states: tuple[ToneState, ...], measures: Measures, gently: bool
) -> None:
    assert activate_gently(ToneTag.of("gluteus-maximus", L, states, measures=measures)) is gently


def test_the_engine_sees_every_state_and_acts_on_each() -> None:
    tags = [
        ToneTag.of("gluteus-maximus", L, [U, TEN], tightness=3,
                   measures=Measures(strength=3, tenderness=1)),
        ToneTag.of("hamstrings", L, [T, U], tightness=7, measures=Measures(strength=4)),
    ]
    view = engine_assessment(tags)
    assert view.tags == {("gluteus-maximus", L): frozenset({U, TEN}),
                         ("hamstrings", L): frozenset({T, U})}
    assert view.tightness == {("gluteus-maximus", L): 3.0, ("hamstrings", L): 7.0}
    assert view.gentle == {("gluteus-maximus", L), ("hamstrings", L)}
    assert view.activate_gently("hamstrings", L) and not view.activate_gently("hamstrings",
                                                                                Side.RIGHT)
    assert view.strength == {("gluteus-maximus", L): 3, ("hamstrings", L): 4}
    assert view.tenderness == {("gluteus-maximus", L): 1}

    catalog = shipped_catalog()
    bridge = block_for(catalog, "glute-bridge", "gluteus-maximus", "left")
    plan = sequence([bridge], catalog=catalog, assessment=view)
    # the tight hamstring (a glute max compensator) is released before the bridge ...
    releases = [b for b in plan.blocks if b.rule is RuleId.RELEASE_COMPENSATORS_FIRST]
    assert [(b.muscles, b.side) for b in releases] == [(("hamstrings",), BlockSide.LEFT)]
    order = [b.id for b in plan.blocks]
    assert order.index(releases[0].id) < order.index(bridge.id)
    # ... and the bridge, training an underactive glute max, keeps to "just enough"
    trained = next(b for b in plan.blocks if b.id == bridge.id)
    assert RuleId.DOSE_BELOW_FAILURE in [c.rule for c in trained.cues]
