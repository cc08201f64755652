"""BodyMapPanel: toolbar toggles, palette buttons, legend, forwarded signals, a screenshot."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from equitone.domain.types import Layer, Side, ToneState, View
from equitone.ui.bodymap import STATE_STYLES, BodyMapPanel, RegionInfo, RegionKey, region_centres

FIXTURES = Path(__file__).parent / "fixtures" / "bodymap"
GMED_L = RegionKey("gluteus-medius", Side.LEFT)
TFL_L = RegionKey("tensor-fasciae-latae", Side.LEFT)


@pytest.fixture
def panel(qtbot: QtBot) -> BodyMapPanel:
    p = BodyMapPanel(FIXTURES)
    qtbot.addWidget(p)
    p.resize(520, 900)
    p.show()
    qtbot.waitExposed(p)
    return p


def test_palette_buttons_tag_the_selection(qtbot: QtBot, panel: BodyMapPanel) -> None:
    assert not panel.tag_buttons[ToneState.TIGHT].isEnabled()  # nothing selected yet
    panel.select([TFL_L])
    for state, button in panel.tag_buttons.items():
        assert button.isEnabled()
        with qtbot.waitSignal(panel.tagRequested) as sig:
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        assert sig.args == [[TFL_L], state]
    tight = panel.tag_buttons[ToneState.TIGHT]
    assert "3" in tight.text() and "Tight" in tight.text() and "key 3" in tight.toolTip()
    assert "0" in panel.tag_buttons[None].text()


def test_view_and_layer_toggles_swap_the_artwork(qtbot: QtBot, panel: BodyMapPanel) -> None:
    assert panel.view.current_view == (View.FRONT, Layer.SUPERFICIAL)
    with qtbot.waitSignal(panel.viewChanged) as sig:
        qtbot.mouseClick(panel.view_buttons[View.BACK], Qt.MouseButton.LeftButton)
    assert sig.args == [View.BACK, Layer.SUPERFICIAL]
    assert GMED_L in panel.view.regions()
    qtbot.mouseClick(panel.layer_buttons[Layer.DEEP], Qt.MouseButton.LeftButton)
    assert panel.view.current_view == (View.BACK, Layer.DEEP)
    assert panel.layer_buttons[Layer.DEEP].isChecked()
    assert not panel.layer_buttons[Layer.SUPERFICIAL].isChecked()


def test_missing_artwork_keeps_the_current_view(qtbot: QtBot, tmp_path: Path) -> None:
    (tmp_path / "front-superficial.svg").write_bytes(
        (FIXTURES / "front-superficial.svg").read_bytes()
    )
    p = BodyMapPanel(tmp_path)
    qtbot.addWidget(p)
    qtbot.mouseClick(p.layer_buttons[Layer.DEEP], Qt.MouseButton.LeftButton)
    assert p.view.current_view == (View.FRONT, Layer.SUPERFICIAL)
    assert p.layer_buttons[Layer.SUPERFICIAL].isChecked()
    assert "No artwork" in p.status.text()


def test_zoom_buttons(qtbot: QtBot, panel: BodyMapPanel) -> None:
    fit = panel.view.zoom_level()
    qtbot.mouseClick(
        panel.findChild(type(panel.tag_buttons[None]), "bodymap_zoom_+"), Qt.MouseButton.LeftButton
    )
    assert panel.view.zoom_level() > fit


def test_legend_lists_every_state_with_its_glyph(panel: BodyMapPanel) -> None:
    texts = [w.text() for w in panel.legend.findChildren(QLabel) if w.text()]
    for style in STATE_STYLES.values():
        assert f"{style.label} ({style.glyph})" in texts
    assert "Not tagged" in texts
    assert len({s.pattern for s in STATE_STYLES.values()}) == len(STATE_STYLES)  # no shared hatch
    assert len({s.glyph for s in STATE_STYLES.values()}) == len(STATE_STYLES)


def test_signals_are_forwarded_and_status_follows_selection(
    qtbot: QtBot, panel: BodyMapPanel
) -> None:
    view = panel.view
    point = view.mapFromScene(region_centres(view.art)[TFL_L])
    with qtbot.waitSignal(panel.selectionChanged) as sig:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert sig.args == [[TFL_L]]
    assert "Tensor fasciae latae" in panel.status.text()
    with qtbot.waitSignal(panel.mirrorRequested) as mirror:
        qtbot.keyClick(view, Qt.Key.Key_M)
    assert mirror.args == [[TFL_L]]


def test_screenshot_renders_tagged_states(
    qtbot: QtBot, panel: BodyMapPanel, tmp_path: Path
) -> None:
    panel.set_tags({TFL_L: RegionInfo(ToneState.OVERACTIVE, 6, "tight band")})
    panel.select([TFL_L])
    image = panel.grab().toImage()
    assert image.width() >= 500
    out = tmp_path / "panel.png"
    assert image.save(str(out))
    centre = panel.view.mapFromScene(region_centres(panel.view.art)[TFL_L])
    colour = image.pixelColor(panel.view.viewport().mapTo(panel, centre))
    target = STATE_STYLES[ToneState.OVERACTIVE].colour
    assert abs(colour.hue() - target.hue()) < 20 or colour.lightness() < 80  # fill or hatch line
