"""Edits of one muscle side's tag, as the assessment editor makes them: a new state, one field
changed, the other side's copy. Pure: the window pushes the result as an undo step."""

from __future__ import annotations

from dataclasses import replace

from equitone.domain.assessment import Measures, ToneTag
from equitone.domain.scales import ASHWORTH, GRADE, PAIN, ROM_FITS, STRENGTH, TENDERNESS
from equitone.domain.types import Side, ToneState


def retag(tag: ToneTag | None, key: tuple[str, Side], state: ToneState) -> ToneTag:
    """``tag`` with a new state (a new tag for the muscle side `key` when there is none):
    score, note and grade stay; measures that no longer fit the state (and the grade, for
    balanced) are dropped, as the editor could not show them."""
    if tag is None:
        muscle, side = key
        return ToneTag(muscle, side, state)
    m = tag.measures
    fits = Measures(
        strength=m.strength if state in STRENGTH.fits else None,
        tenderness=m.tenderness if state in TENDERNESS.fits else None,
        pain=m.pain if state in PAIN.fits else None,
        rom_degrees=m.rom_degrees if state in ROM_FITS else None,
        ashworth=m.ashworth if state in ASHWORTH.fits else None,
    )
    grade = tag.grade if state in GRADE.fits else None
    return replace(tag, state=state, grade=grade, measures=fits)


def with_field(tag: ToneTag, name: str, value: object) -> ToneTag:
    """``tag`` with one editor field changed (``tightness``, ``grade``, ``note`` or a measure)."""
    if name == "note":
        assert isinstance(value, str)
        return replace(tag, note=value.strip())
    if name == "ashworth":
        assert value is None or isinstance(value, str)
        return replace(tag, measures=replace(tag.measures, ashworth=value))
    assert value is None or isinstance(value, int)
    m = tag.measures
    if name == "tightness":
        return replace(tag, tightness=value)
    if name == "grade":
        return replace(tag, grade=value)
    if name == "strength":
        return replace(tag, measures=replace(m, strength=value))
    if name == "tenderness":
        return replace(tag, measures=replace(m, tenderness=value))
    if name == "pain":
        return replace(tag, measures=replace(m, pain=value))
    if name == "rom_degrees":
        return replace(tag, measures=replace(m, rom_degrees=value))
    raise KeyError(name)


def mirrored(tag: ToneTag) -> ToneTag:
    return replace(tag, side=tag.side.other)
