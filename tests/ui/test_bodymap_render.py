"""Offscreen rendering: PNG image, thumbnails with a highlighted target, SVG export."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from equitone.bodymap.palette import BASE_FILL
from equitone.domain.types import Layer, Side, ToneState, View
from equitone.ui.bodymap import (
    STATE_STYLES,
    RegionInfo,
    RegionKey,
    export_map,
    load_art,
    region_centres,
    render_map_image,
    render_map_svg,
)

FIXTURES = Path(__file__).parent / "fixtures" / "bodymap"
GMED_L = RegionKey("gluteus-medius", Side.LEFT)
HAMS_R = RegionKey("hamstrings", Side.RIGHT)


def _near(a: QColor, b: QColor, tol: int = 40) -> bool:
    pa, pb = (a.red(), a.green(), a.blue()), (b.red(), b.green(), b.blue())
    return all(abs(x - y) <= tol for x, y in zip(pa, pb, strict=True))


def _dominant_colour(image: QImage, centre: QPointF, radius: int = 3) -> list[QColor]:
    return [
        image.pixelColor(round(centre.x()) + dx, round(centre.y()) + dy)
        for dx in range(-radius, radius + 1)
        for dy in range(-radius, radius + 1)
    ]


@pytest.mark.parametrize("state", list(ToneState))
def test_image_shows_the_state_colour_at_the_region(qtbot: QtBot, state: ToneState) -> None:
    art = load_art(FIXTURES, View.BACK, Layer.SUPERFICIAL)
    image = render_map_image(art, {GMED_L: RegionInfo(state)}, 600)
    assert (image.width(), image.height()) == (600, 1200)
    pixels = _dominant_colour(image, region_centres(art)[GMED_L])
    colour = STATE_STYLES[state].colour
    share = sum(_near(p, colour) for p in pixels) / len(pixels)
    assert share > 0.5, f"{state}: only {share:.0%} of pixels near {colour.name()}"
    # the hatch (second cue) shows too, except for balanced which is plain
    hatched = any(not _near(p, colour) for p in pixels)
    assert hatched == (state is not ToneState.BALANCED)


def test_untagged_regions_use_the_base_colour_and_scale_follows_width(qtbot: QtBot) -> None:
    art = load_art(FIXTURES, View.BACK, Layer.SUPERFICIAL)
    image = render_map_image(art, {}, 300)
    assert (image.width(), image.height()) == (300, 600)
    centre = region_centres(art)[HAMS_R] / 2
    assert _near(image.pixelColor(centre.toPoint()), BASE_FILL, 8)


def test_thumbnail_highlight_dims_other_tags(qtbot: QtBot) -> None:
    art = load_art(FIXTURES, View.BACK, Layer.SUPERFICIAL)
    tags = {GMED_L: ToneState.UNDERACTIVE, HAMS_R: ToneState.BALANCED}
    image = render_map_image(art, tags, 600, highlight=GMED_L, dim_others=True)
    assert _near(image.pixelColor(region_centres(art)[HAMS_R].toPoint()), BASE_FILL, 8)
    # a dark emphasis outline runs along the highlighted region's edge
    box = art.regions[GMED_L].boundingRect()
    row = round(box.center().y())
    darkest = min(
        image.pixelColor(x, row).lightness()
        for x in range(round(box.left()) - 3, round(box.left()) + 4)
    )
    assert darkest < 60


def test_svg_export_is_valid_xml_with_patterns(tmp_path: Path, qtbot: QtBot) -> None:
    art = load_art(FIXTURES, View.BACK, Layer.SUPERFICIAL)
    target = tmp_path / "map.svg"
    render_map_svg(art, {GMED_L: RegionInfo(ToneState.OVERACTIVE)}, target)
    root = ET.parse(target).getroot()
    assert root.tag.endswith("svg")
    assert root.get("viewBox") == "0 0 600 1200"
    text = target.read_text()
    assert STATE_STYLES[ToneState.OVERACTIVE].colour.name().lower() in text.lower()
    assert "<pattern" in text  # the hatch survives as a vector pattern


@pytest.mark.parametrize("suffix", [".png", ".svg"])
def test_export_map_picks_format_by_extension(tmp_path: Path, qtbot: QtBot, suffix: str) -> None:
    out = export_map(
        tmp_path / f"map{suffix}", View.FRONT, Layer.SUPERFICIAL, {}, art_dir=FIXTURES, width_px=200
    )
    assert out.stat().st_size > 0
    if suffix == ".png":
        assert QImage(str(out)).width() == 200
    with pytest.raises(ValueError, match="unsupported"):
        export_map(tmp_path / "map.gif", View.FRONT, Layer.SUPERFICIAL, {}, art_dir=FIXTURES)


def test_render_works_with_only_a_qguiapplication(tmp_path: Path) -> None:
    """PDF thumbnails are made in the CLI/printing path where no QApplication exists."""
    script = f"""
import os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication
app = QGuiApplication([])
from equitone.domain.types import Layer, Side, ToneState, View
from equitone.bodymap.render import export_map
from equitone.bodymap.svgregions import RegionKey
key = RegionKey("gluteus-medius", Side.LEFT)
export_map({str(tmp_path / "t.png")!r}, View.BACK, Layer.DEEP, {{key: ToneState.TIGHT}},
           art_dir={str(FIXTURES)!r}, width_px=240, highlight=key)
assert QApplication.instance() is app and not isinstance(app, QApplication)
print("ok")
"""
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert "ok" in result.stdout
    assert QImage(str(tmp_path / "t.png")).width() == 240
