"""SVG path parsing and the artwork contract (fixture files, and the real art when present)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QPainterPath

from equitone.bodymap.pathdata import PathSyntaxError, parse_path_data, tokenize
from equitone.bodymap.svgregions import parse_transform
from equitone.domain.types import Layer, Side, View
from equitone.ui.bodymap import (
    ArtworkError,
    RegionKey,
    default_art_dir,
    interior_point,
    load_art,
    parse_svg,
    region_centres,
)

FIXTURES = Path(__file__).parent / "fixtures" / "bodymap"
COMBOS = [(v, la) for v in View for la in Layer]


def _same(a: QPainterPath, b: QPainterPath, tol: float = 1e-6) -> bool:
    if a.elementCount() != b.elementCount():
        return False
    for i in range(a.elementCount()):
        ea, eb = a.elementAt(i), b.elementAt(i)
        if abs(ea.x - eb.x) > tol or abs(ea.y - eb.y) > tol or ea.type != eb.type:
            return False
    return True


@pytest.mark.parametrize(
    ("relative", "absolute"),
    [
        ("M10 10 l10 0 v10 h-10 z", "M10 10 L20 10 L20 20 L10 20 Z"),
        ("m10,10 20,0 0,20", "M10 10 L30 10 L30 30"),  # implicit lineto after moveto
        ("M0 0 c10 0 10 10 20 10 s10 10 20 10", "M0 0 C10 0 10 10 20 10 C30 10 30 20 40 20"),
        ("M0 0 q10 -10 20 0 t20 0", "M0 0 Q10 -10 20 0 Q30 10 40 0"),
        ("M.5.5L1e1-2.5", "M0.5 0.5 L10 -2.5"),  # compact numbers
        ("M0 0 L10 0 Z l5 5", "M0 0 L10 0 Z L5 5"),  # after Z the pen is at the subpath start
    ],
)
def test_relative_and_shorthand_commands_match_absolute(relative: str, absolute: str) -> None:
    assert _same(parse_path_data(relative), parse_path_data(absolute))


def test_arc_reaches_its_endpoint_and_bulges_the_right_way() -> None:
    # half circle radius 10 from (0,0) to (20,0); sweep=1 goes through y<0? (SVG y is down)
    up = parse_path_data("M0 0 A10 10 0 0 1 20 0")
    down = parse_path_data("M0 0 A10 10 0 0 0 20 0")
    end = up.currentPosition()
    assert (round(end.x(), 6), round(end.y(), 6)) == (20, 0)
    assert up.boundingRect().top() == pytest.approx(-10, abs=0.05)
    assert down.boundingRect().bottom() == pytest.approx(10, abs=0.05)
    # a full ellipse drawn as two arcs covers its area
    ellipse = parse_path_data("M0 50 a50 30 0 1 0 100 0 a50 30 0 1 0 -100 0 z")
    assert ellipse.boundingRect().height() == pytest.approx(60, abs=0.2)
    assert ellipse.contains(QPointF(50, 50))


def test_packed_arc_flags_are_split() -> None:
    assert tokenize("a5 5 0 011 0") == ["a", 5, 5, 0, 0, 1, 1, 0]
    assert _same(parse_path_data("M0 0a5 5 0 011 0"), parse_path_data("M0 0 a5 5 0 0 1 1 0"))


@pytest.mark.parametrize("bad", ["M0 0 L10", "10 10", "M0 0 X5 5", "M0 0 A5 5 0 2 0 1 1"])
def test_bad_path_data_raises(bad: str) -> None:
    with pytest.raises(PathSyntaxError):
        parse_path_data(bad)


def test_transform_parsing_applies_in_svg_order() -> None:
    t = parse_transform("translate(10 0) scale(2)")
    p = t.map(QPointF(1, 1))
    assert (p.x(), p.y()) == (12, 2)


def test_region_key_parsing() -> None:
    assert RegionKey.parse("tensor-fasciae-latae_left") == RegionKey(
        "tensor-fasciae-latae", Side.LEFT
    )
    assert RegionKey("x", Side.LEFT).mirrored == RegionKey("x", Side.RIGHT)
    for bad in ("gluteus_medius_left", "glute-med_center", "Glute_left"):
        with pytest.raises(ValueError):
            RegionKey.parse(bad)


def test_interior_point_lies_inside_a_concave_shape() -> None:
    # a "C" whose bounding-box centre is outside the shape
    c_shape = parse_path_data("M0 0 H100 V20 H20 V80 H100 V100 H0 Z")
    assert not c_shape.contains(c_shape.boundingRect().center())
    assert c_shape.contains(interior_point(c_shape))


def test_contract_errors_are_reported() -> None:
    with pytest.raises(ArtworkError, match="muscles"):
        parse_svg(b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"/>')
    dup = (
        b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><g id="muscles">'
        b'<path id="a_left" d="M0 0 L1 1 L0 1z"/><path id="a_left" d="M0 0 L1 1 L0 1z"/></g></svg>'
    )
    with pytest.raises(ArtworkError, match="duplicate"):
        parse_svg(dup)
    with pytest.raises(ArtworkError, match="XML"):
        parse_svg(b"<svg")


def test_decoration_styles_and_order() -> None:
    art = load_art(FIXTURES, View.BACK, Layer.SUPERFICIAL)
    assert art.view_box == QRectF(0, 0, 600, 1200)
    groups = {d.group for d in art.decoration}
    assert groups == {"silhouette", "structures", "fibres"}
    silhouette = [d for d in art.decoration if d.group == "silhouette"]
    assert all(d.fill is not None and d.fill.name() == "#f3e9e4" for d in silhouette)
    assert all(not d.above_regions for d in silhouette)
    fibres = [d for d in art.decoration if d.group == "fibres"]
    assert fibres and all(d.above_regions and d.fill is None and d.stroke for d in fibres)
    assert fibres[0].stroke is not None and fibres[0].stroke.alphaF() == pytest.approx(
        0.5, abs=0.01
    )


def _check_contract(art_dir: Path, view: View, layer: Layer) -> None:
    art = load_art(art_dir, view, layer)
    assert art.regions, "no muscle regions"
    raw = ET.parse(art_dir / f"{view.value}-{layer.value}.svg").getroot()
    muscles = [g for g in raw.iter() if g.get("id") == "muscles"]
    ids = [str(e.get("id")) for e in muscles[0].iter() if e.get("id") not in (None, "muscles")]
    assert sorted(ids) == sorted(k.region_id for k in art.regions)
    for key, path in art.regions.items():
        assert not path.isEmpty(), key
        assert art.view_box.intersects(path.boundingRect()), key
    centres = region_centres(art)
    for key, pt in centres.items():
        assert art.regions[key].contains(pt), f"interior point of {key.region_id} is outside it"


@pytest.mark.parametrize(("view", "layer"), COMBOS)
def test_fixture_art_follows_the_contract(view: View, layer: Layer) -> None:
    _check_contract(FIXTURES, view, layer)
    art = load_art(FIXTURES, view, layer)
    sides = {k.side for k in art.regions}
    assert sides == {Side.LEFT, Side.RIGHT}
    assert load_art(FIXTURES, view, layer) is art  # cached


@pytest.mark.parametrize(("view", "layer"), COMBOS)
def test_real_art_follows_the_contract(view: View, layer: Layer) -> None:
    art_dir = Path(str(default_art_dir()))
    if not (art_dir / f"{view.value}-{layer.value}.svg").is_file():
        pytest.skip("real artwork not drawn yet")
    _check_contract(art_dir, view, layer)
    art = load_art(art_dir, view, layer)
    for key in art.regions:  # every muscle has both sides
        assert key.mirrored in art.regions, f"{key.region_id} has no mirror"
