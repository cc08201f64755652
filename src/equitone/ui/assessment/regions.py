"""Small pure helpers between assessment tags and the body map (no widgets)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from equitone.bodymap.info import RegionInfo
from equitone.bodymap.svgregions import ArtDir, RegionKey, load_art
from equitone.domain.assessment import Measures, ToneTag
from equitone.domain.scales import ASHWORTH, GRADE, PAIN, ROM_FITS, STRENGTH, TENDERNESS
from equitone.domain.types import Layer, ToneState, View


def region_info(tag: ToneTag) -> RegionInfo:
    return RegionInfo.of(tag)


def region_tags(tags: Iterable[ToneTag]) -> dict[RegionKey, RegionInfo]:
    return {RegionKey(tag.muscle, tag.side): RegionInfo.of(tag) for tag in tags}


def retag(tag: ToneTag | None, key: RegionKey, state: ToneState) -> ToneTag:
    """``tag`` with a new state: score, note and grade stay; measures that no longer fit the
    state (and the grade, for balanced) are dropped, as the editor could not show them."""
    if tag is None:
        return ToneTag(key.slug, key.side, state)
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

