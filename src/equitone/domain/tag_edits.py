"""Edits of one muscle side's tag, as the assessment editor makes them: a state toggled, one field
changed, the other side's copy. Pure: the window pushes the result as an undo step."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace

from equitone.domain.assessment import ToneTag
from equitone.domain.types import Side, ToneState


def toggle_all(
    tags: Mapping[tuple[str, Side], ToneTag], keys: Iterable[tuple[str, Side]],
    state: ToneState,
) -> dict[tuple[str, Side], ToneTag | None]:
    """What pressing a state's key does to the selected sides (`keys`: muscle, side): when
    every one of them already carries `state` it is taken off them all (a side left with no
    state is untagged), else it is added to those that lack it. Scores, notes and measures
    always stay."""
    wanted = [(muscle, side) for muscle, side in keys]
    present = [tags.get(k) for k in wanted]
    remove = all(t is not None and state in t.states for t in present)
    after: dict[tuple[str, Side], ToneTag | None] = {}
    for key, tag in zip(wanted, present, strict=True):
        if tag is None:
            after[key] = ToneTag(key[0], key[1], state)
        elif remove or state not in tag.states:
            after[key] = tag.toggled(state)
        else:
            after[key] = tag
    return after


def with_field(tag: ToneTag, name: str, value: object) -> ToneTag:
    """``tag`` with one editor field changed: ``tightness``, ``note``, a measure, or ``rom``
    (a (length test id, value) pair, or None to clear it)."""
    if name == "note":
        assert isinstance(value, str)
        return replace(tag, note=value.strip())
    m = tag.measures
    if name == "rom":
        if value is None:
            return replace(tag, measures=replace(m, rom_test=None, rom_degrees=None))
        assert isinstance(value, tuple)
        test, degrees = value
        return replace(tag, measures=replace(m, rom_test=test, rom_degrees=degrees))
    if name == "ashworth":
        assert value is None or isinstance(value, str)
        return replace(tag, measures=replace(m, ashworth=value))
    assert value is None or isinstance(value, int)
    if name == "tightness":
        return replace(tag, tightness=value)
    if name == "strength":
        return replace(tag, measures=replace(m, strength=value))
    if name == "tenderness":
        return replace(tag, measures=replace(m, tenderness=value))
    if name == "pain":
        return replace(tag, measures=replace(m, pain=value))
    raise KeyError(name)


def mirrored(tag: ToneTag, *, neurological: bool) -> ToneTag:
    """The same tag on the other side, without the measures kept on this side only because
    they were recorded before its states changed (they were never taken on that side)."""
    stale = tag.not_applying(neurological=neurological)
    return replace(tag, side=tag.side.other, measures=tag.measures.without(stale))
