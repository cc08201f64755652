"""The catalog's `layer` and `views` agree with where the body-map artwork draws each muscle.

Read with ElementTree (no Qt): the artwork contract puts one ``<path id="{slug}_{side}">`` per
muscle side inside ``<g id="muscles">``.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from equitone.domain.catalog import Catalog
from equitone.domain.types import Layer, View
from equitone.resources_access import read_bytes
from equitone.services.catalog import shipped_catalog

SVG = "{http://www.w3.org/2000/svg}"


def _drawn() -> dict[tuple[View, Layer], dict[str, set[str]]]:
    """(view, layer) → muscle slug → sides drawn."""
    out: dict[tuple[View, Layer], dict[str, set[str]]] = {}
    for view in View:
        for layer in Layer:
            root = ET.fromstring(read_bytes("bodymap", f"{view.value}-{layer.value}.svg"))
            group = root.find(f"{SVG}g[@id='muscles']")
            assert group is not None
            sides: dict[str, set[str]] = {}
            for path in group.iter(f"{SVG}path"):
                slug, side = path.attrib["id"].rsplit("_", 1)
                sides.setdefault(slug, set()).add(side)
            out[view, layer] = sides
    return out


DRAWN = _drawn()


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return shipped_catalog()


def test_every_drawn_region_is_a_catalog_muscle(catalog: Catalog) -> None:
    for where, muscles in DRAWN.items():
        assert set(muscles) <= set(catalog.muscles), where


@pytest.mark.parametrize("slug", sorted(shipped_catalog().muscles))
def test_layer_and_views_match_the_artwork(catalog: Catalog, slug: str) -> None:
    muscle = catalog.muscle(slug)
    for view in View:
        on_view = {layer for layer in Layer if slug in DRAWN[view, layer]}
        if view in muscle.views:
            # drawn, both sides, on the drawing its layer names
            assert DRAWN[view, muscle.layer].get(slug) == {"left", "right"}, (view, muscle.layer)
        else:
            assert not on_view, f"{slug} is drawn on the {view.value} but its views say otherwise"
        if muscle.layer is Layer.DEEP:
            assert Layer.SUPERFICIAL not in on_view, f"deep {slug} on {view.value}-superficial"
