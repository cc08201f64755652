"""On screen the map says which side is the patient's left (front and back views)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from equitone.domain.types import Layer, Side, View
from equitone.ui.bodymap import BodyMapView, RegionKey, region_centres
from equitone.ui.bodymap.side_labels import side_texts


@pytest.fixture
def view(qtbot: QtBot) -> BodyMapView:
    v = BodyMapView(view=View.FRONT, layer=Layer.SUPERFICIAL)
    qtbot.addWidget(v)
    v.resize(420, 760)
    v.show()
    qtbot.waitExposed(v)
    v.fit()
    return v


def _label_saying(view: BodyMapView, text: str) -> QLabel:
    (label,) = [lab for lab in (view.side_labels.left, view.side_labels.right)
                if lab.text() == text]
    return label


@pytest.mark.parametrize("which", [View.FRONT, View.BACK])
def test_patients_left_label_sits_over_the_patients_left_side(
    view: BodyMapView, which: View
) -> None:
    view.set_view(which, Layer.SUPERFICIAL)
    centres = region_centres(view.art)
    for side, text in ((Side.LEFT, "Patient's left"), (Side.RIGHT, "Patient's right")):
        label = _label_saying(view, text)
        assert label.isVisible()
        region_x = view.mapFromScene(centres[RegionKey("gluteus-medius" if which is View.BACK
                                                       else "pectoralis-major", side)]).x()
        label_x = label.geometry().center().x()
        half = view.width() / 2
        assert (region_x < half) == (label_x < half), (which, side)


def test_texts_swap_between_front_and_back() -> None:
    assert side_texts(View.FRONT) == ("Patient's right", "Patient's left")
    assert side_texts(View.BACK) == ("Patient's left", "Patient's right")


def test_labels_stay_in_the_corners_and_let_clicks_through(qtbot: QtBot, view: BodyMapView) -> None:
    left, right = view.side_labels.left, view.side_labels.right
    before = (left.pos(), right.pos())
    view.zoom_by(2.0)
    view.pan_by(40, 30)
    assert (left.pos(), right.pos()) == before
    assert left.geometry().top() < 20 and right.geometry().right() > view.width() - 20
    assert not left.geometry().intersects(right.geometry())
    assert left.testAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
    view.resize(600, 700)
    qtbot.waitUntil(lambda: right.geometry().right() > 580)
