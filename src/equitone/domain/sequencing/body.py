"""Where muscles are, as the rules need it: areas (relaxation after work is grouped by area),
regions (the warm-down fits the regions trained) and which side a compensator works from
(rule 6)."""

from __future__ import annotations

import contextlib
import weakref
from collections.abc import Callable, Sequence

from equitone.domain.sequencing.inputs import CatalogLike
from equitone.domain.types import Side

__all__ = [
    "CROSS_BODY_REGIONS",
    "MIDLINE_MUSCLES",
    "area_of",
    "areas",
    "compensator_sides",
    "group_name",
    "region_of",
    "region_words",
    "regions",
]

#: Muscles that work as one across the midline: training them (a chin nod, drawing-in) works
#: both sides, so their compensators are released on both sides.
MIDLINE_MUSCLES = frozenset(
    {"deep-neck-flexors", "rectus-abdominis", "transversus-abdominis", "diaphragm"}
)
#: Compensators that hold the pelvis and trunk from either side: with one glute med weak, the
#: quadratus lumborum hikes the pelvis and the back muscles brace on the other side as well.
CROSS_BODY_REGIONS = frozenset({"lower-back"})

_REGION_WORDS = {
    "head-neck": "neck",
    "upper-back": "upper back",
    "arm": "upper arm",
    "abdomen": "trunk",
    "lower-back": "lower back",
    "lower-leg": "lower leg",
}


#: The catalog's regions folded into the areas one quick relaxation can serve: a side plank's
#: QL and obliques are one trunk, a wall sit's buttock and thigh one hip-and-thigh.
_AREAS = {
    "upper-back": "shoulder",
    "chest": "shoulder",
    "forearm": "arm",
    "lower-back": "trunk",
    "abdomen": "trunk",
    "thigh": "hip",
}


_AREA_WORDS = {"hip": "hip and thigh", "lower-leg": "lower leg", "head-neck": "neck"}


def group_name(
    catalog: CatalogLike, muscles: Sequence[str], name: Callable[[str], str]
) -> str:
    """How a cue names the muscles of one block: "outer hip muscle and front-of-hip muscle",
    or, for three or more of one area, "trunk muscles"."""
    if len(muscles) >= 3:
        areas = {area_of(catalog, m) for m in muscles}
        if len(areas) == 1:
            (area,) = areas
            return f"{_AREA_WORDS.get(area, area)} muscles"
    names = [name(m) for m in muscles]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def area_of(catalog: CatalogLike, muscle: str) -> str:
    """The body area a relaxation after work is grouped by."""
    return areas(catalog).get(muscle, muscle)


def region_of(catalog: CatalogLike, muscle: str) -> str:
    """The muscle's body region (its own slug when the catalog does not know it)."""
    return regions(catalog).get(muscle, muscle)


_REGIONS: weakref.WeakKeyDictionary[object, tuple[dict[str, str], dict[str, str]]] = (
    weakref.WeakKeyDictionary()
)


_last: list[tuple[object, tuple[dict[str, str], dict[str, str]]]] = []


def _maps(catalog: CatalogLike) -> tuple[dict[str, str], dict[str, str]]:
    if _last and _last[0][0] is catalog:  # the usual case: one catalog, asked again and again
        return _last[0][1]
    try:
        found = _REGIONS.get(catalog)
    except TypeError:  # not weak-referenceable: built each time
        found = None
    if found is None:
        by_region = {m.slug: m.region for m in catalog.muscles.values()}
        by_area = {m: _AREAS.get(r, r) for m, r in by_region.items()}
        found = (by_region, by_area)
        with contextlib.suppress(TypeError):  # not weak-referenceable
            _REGIONS[catalog] = found
    _last[:] = [(catalog, found)]
    return found


def regions(catalog: CatalogLike) -> dict[str, str]:
    """Muscle slug -> region, for the catalog (built once per catalog object)."""
    return _maps(catalog)[0]


def areas(catalog: CatalogLike) -> dict[str, str]:
    """Muscle slug -> area (see `_AREAS`), for the catalog."""
    return _maps(catalog)[1]


def region_words(region: str) -> str:
    """ "lower-back" -> "lower back": how people name a region."""
    return _REGION_WORDS.get(region, region.replace("-", " "))


def compensator_sides(
    catalog: CatalogLike, muscle: str, side: Side, compensator: str
) -> tuple[Side, ...]:
    """The sides on which `compensator` is released before `muscle` (on `side`) works: the
    same side, and the other side too when the muscle works across the midline or the
    compensator holds the trunk from either side. The clinician's tags still decide: only a
    side tagged overactive, tight or spasm is released."""
    if muscle in MIDLINE_MUSCLES or region_of(catalog, compensator) in CROSS_BODY_REGIONS:
        return (side, side.other) if side is Side.LEFT else (side.other, side)
    return (side,)
