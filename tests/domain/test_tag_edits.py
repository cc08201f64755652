"""The assessment editor's edits of one tag (domain/tag_edits.py), without the window."""

from __future__ import annotations

import pytest

from equitone.domain.assessment import Measures, ToneTag
from equitone.domain.tag_edits import mirrored, retag, with_field
from equitone.domain.types import Side, ToneState

GM = "gluteus-medius"


def test_a_new_tag_for_an_untagged_side() -> None:
    assert retag(None, (GM, Side.LEFT), ToneState.TIGHT) == ToneTag(GM, Side.LEFT, ToneState.TIGHT)


def test_retag_keeps_what_fits_the_new_state_and_drops_the_rest() -> None:
    tag = ToneTag(GM, Side.LEFT, ToneState.SPASM, 7, note="after a fall", grade=2,
                  measures=Measures(tenderness=3, pain=6, rom_degrees=30, ashworth="1+"))
    weak = retag(tag, (GM, Side.LEFT), ToneState.UNDERACTIVE)
    assert (weak.state, weak.tightness, weak.note, weak.grade) == (
        ToneState.UNDERACTIVE, 7, "after a fall", 2)
    assert weak.measures == Measures(pain=6)  # tenderness, range and Ashworth do not fit
    assert retag(tag, (GM, Side.LEFT), ToneState.BALANCED).grade is None


def test_one_field_at_a_time() -> None:
    tag = ToneTag(GM, Side.RIGHT, ToneState.UNDERACTIVE)
    assert with_field(tag, "note", "  weak on stairs ").note == "weak on stairs"
    assert with_field(tag, "tightness", 4).tightness == 4
    assert with_field(tag, "strength", 3).measures.strength == 3
    assert with_field(tag, "ashworth", "1+").measures.ashworth == "1+"
    with pytest.raises(KeyError):
        with_field(tag, "colour", 1)


def test_mirrored_is_the_other_sides_copy() -> None:
    tag = ToneTag(GM, Side.RIGHT, ToneState.TIGHT, 5, note="x")
    assert mirrored(tag) == ToneTag(GM, Side.LEFT, ToneState.TIGHT, 5, note="x")
    assert mirrored(mirrored(tag)) == tag
