"""Where muscles are, as the rules need it: areas (relaxation after work is grouped by area),
regions (the warm-down fits the regions trained) and which side a compensator works from
(rule 6)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from equitone.domain.sequencing.inputs import CatalogLike
from equitone.domain.types import Side

__all__ = [
    "CROSS_BODY_REGIONS",
    "MIDLINE_MUSCLES",
    "area_of",
    "compensator_sides",
    "group_name",
    "region_of",
    "region_words",
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
    region = region_of(catalog, muscle)
    return _AREAS.get(region, region)


def region_of(catalog: CatalogLike, muscle: str) -> str:
    """The muscle's body region (its own slug when the catalog does not know it)."""
    record = catalog.muscles.get(muscle)
    return record.region if record is not None else muscle


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
