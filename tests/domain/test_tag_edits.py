"""The assessment editor's edits of a tag (domain/tag_edits.py), without the window."""

from __future__ import annotations

import pytest

from equitone.domain.assessment import Measures, ToneTag
from equitone.domain.tag_edits import mirrored, toggle_all, with_field
from equitone.domain.types import Side, ToneState

GM, TFL = "gluteus-medius", "tensor-fasciae-latae"
L, R = Side.LEFT, Side.RIGHT


def test_a_state_key_adds_the_state_where_it_is_missing() -> None:
    tags = {(GM, L): ToneTag(GM, L, ToneState.TIGHT, 6, note="after a run")}
    after = toggle_all(tags, [(GM, L), (TFL, R)], ToneState.UNDERACTIVE)
    gm, tfl = after[(GM, L)], after[(TFL, R)]
    assert gm is not None and set(gm.states) == {ToneState.TIGHT, ToneState.UNDERACTIVE}
    assert (gm.tightness, gm.note) == (6, "after a run")  # score and note stay
    assert tfl == ToneTag(TFL, R, ToneState.UNDERACTIVE)


def test_when_every_side_has_it_the_key_takes_it_off() -> None:
    tags = {(GM, L): ToneTag(GM, L, ToneState.TIGHT),
            (GM, R): ToneTag.of(GM, R, [ToneState.TIGHT, ToneState.TENDER])}
    after = toggle_all(tags, [(GM, L), (GM, R)], ToneState.TIGHT)
    assert after[(GM, L)] is None  # no state left: untagged
    right = after[(GM, R)]
    assert right is not None and right.states == (ToneState.TENDER,)


def test_one_field_at_a_time() -> None:
    tag = ToneTag(GM, R, ToneState.UNDERACTIVE)
    assert with_field(tag, "note", "  weak on stairs ").note == "weak on stairs"
    assert with_field(tag, "tightness", 4).tightness == 4
    assert with_field(tag, "strength", 3).measures.strength == 3
    assert with_field(tag, "ashworth", "1+").measures.ashworth == "1+"
    with pytest.raises(KeyError):
        with_field(tag, "colour", 1)


def test_mirrored_is_the_other_sides_copy() -> None:
    tag = ToneTag(GM, R, ToneState.TIGHT, 5, note="x", measures=Measures(pain=3))
    copy = mirrored(tag, neurological=False)
    assert (copy.side, copy.states, copy.tightness, copy.note) == (L, tag.states, 5, "x")
    assert copy.measures.pain == 3
    assert mirrored(copy, neurological=False) == tag
