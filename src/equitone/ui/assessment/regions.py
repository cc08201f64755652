"""Small pure helpers between assessment tags and the body map (no widgets)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace

from equitone.bodymap.info import RegionInfo
from equitone.bodymap.svgregions import ArtDir, RegionKey, load_art
from equitone.domain.assessment import ToneTag
from equitone.domain.scales import GRADE
from equitone.domain.types import Layer, Side, ToneState, View


def region_info(tag: ToneTag) -> RegionInfo:
    grade = GRADE.level(str(tag.grade)).label if tag.grade else ""
    others = tuple(o.state for o in tag.others)
    return RegionInfo(tag.state, tag.tightness, tag.note, grade, others)


def region_tags(tags: Iterable[ToneTag]) -> dict[RegionKey, RegionInfo]:
    return {RegionKey(tag.muscle, tag.side): region_info(tag) for tag in tags}


def toggle_all(
    tags: Mapping[tuple[str, Side], ToneTag], keys: Iterable[RegionKey], state: ToneState
) -> dict[tuple[str, Side], ToneTag | None]:
    """What pressing a state's key does to the selected sides: when every one of them already
    carries `state` it is taken off them all (a side left with no state is untagged), else it
    is added to those that lack it. Scores, notes and measures always stay."""
    wanted = [(k.slug, k.side) for k in keys]
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


def locate(
    art_dir: ArtDir, key: RegionKey, current: tuple[View, Layer]
) -> tuple[View, Layer] | None:
    """Where ``key`` is drawn, preferring the current view, then the current view's other layer,
    then the other view; ``None`` if no artwork has it."""
    view, layer = current
    other_view = View.BACK if view is View.FRONT else View.FRONT
    other_layer = Layer.DEEP if layer is Layer.SUPERFICIAL else Layer.SUPERFICIAL
    for candidate in ((view, layer), (view, other_layer), (other_view, layer),
                      (other_view, other_layer)):
        try:
            art = load_art(art_dir, *candidate)
        except FileNotFoundError:
            continue
        if key in art.regions:
            return candidate
    return None

