"""Exercise pictures in the Session tab: a small one on every library row and timeline card,
the selected block large in the inspector (start, end, or both alternating), coloured by the
patient's tags."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from equitone.bodymap.tones import TONE_LOOKS
from equitone.domain.patients import Patient
from equitone.domain.types import ToneState
from equitone.figures import style
from equitone.storage.database import Database
from equitone.ui.designer import SessionTab
from equitone.ui.designer.delegate import CardDelegate
from equitone.ui.designer.library_panel import PICTURE
from equitone.ui.main_window import MainWindow

from .test_designer import GM, drop, library_mime, open_tab
from .test_designer import patient as patient  # the fixture

SKIN = QColor(style.SKIN)


@pytest.fixture
def tab(window: MainWindow, qtbot: QtBot, patient: Patient) -> Iterator[SessionTab]:
    tab = open_tab(window, qtbot, patient)
    tab.new_session()
    yield tab


def _skin_pixels(image: QImage, area: QRect) -> int:
    """How many pixels in ``area`` are (nearly) the figure's skin colour."""
    count = 0
    ratio = image.devicePixelRatio()
    for x in range(area.left(), area.right(), 2):
        for y in range(area.top(), area.bottom(), 2):
            colour = image.pixelColor(round(x * ratio), round(y * ratio))
            if abs(colour.red() - SKIN.red()) + abs(colour.green() - SKIN.green()) \
                    + abs(colour.blue() - SKIN.blue()) < 30:
                count += 1
    return count


def test_library_rows_show_the_exercise(tab: SessionTab, qtbot: QtBot) -> None:
    view = tab.library.library
    row = view.model().index(0, 0)
    rect = view.visualRect(row)
    assert rect.height() >= PICTURE
    image = view.viewport().grab().toImage()
    picture = QRect(rect.left() + 24, rect.top(), PICTURE, rect.height())
    text = QRect(rect.left() + 80, rect.top(), 80, rect.height())
    assert _skin_pixels(image, picture) > 20
    assert _skin_pixels(image, text) == 0


def test_timeline_cards_show_the_exercise(tab: SessionTab, db: Database) -> None:
    drop(tab, library_mime(tab, "clamshell"), -1)
    view = tab.timeline
    card = tab.model.card(0)
    box = CardDelegate.card_box(view.visualRect(tab.model.index(0, 0)), card)
    image = view.viewport().grab().toImage()
    side = box.height()
    right = QRect(box.right() - side, box.top(), side, box.height())
    left = QRect(box.left() + 40, box.top(), side, box.height())
    assert _skin_pixels(image, right) > 20
    assert _skin_pixels(image, left) == 0  # the text side


def test_inspector_shows_start_and_end(tab: SessionTab, qtbot: QtBot) -> None:
    drop(tab, library_mime(tab, "clamshell"), -1)
    row = next(n for n, b in enumerate(tab.model.blocks) if b.exercise == "clamshell")
    tab.timeline.setCurrentIndex(tab.model.index(row, 0))
    panel = tab.inspector.figure
    qtbot.waitUntil(lambda: panel.isVisible() and len(panel.frames) == 2)
    assert panel.shown == "end" and panel.view.scene is panel.frames["end"]
    panel.buttons["start"].click()
    assert panel.view.scene is panel.frames["start"]
    image = panel.view.grab().toImage()
    assert _skin_pixels(image, QRect(0, 0, image.width(), image.height())) > 200
    panel.timer.setInterval(30)
    panel.play.setChecked(True)
    qtbot.waitUntil(lambda: panel.shown == "end")
    qtbot.waitUntil(lambda: panel.shown == "start")
    panel.play.setChecked(False)
    assert not panel.timer.isActive()


def test_a_technique_shows_one_position(tab: SessionTab, qtbot: QtBot) -> None:
    tab.ask_muscle = lambda _exercise: GM
    drop(tab, library_mime(tab, "lacrosse-ball-release"), -1)
    row = next(n for n, b in enumerate(tab.model.blocks)
               if b.exercise == "lacrosse-ball-release" and not b.auto)
    tab.timeline.setCurrentIndex(tab.model.index(row, 0))
    panel = tab.inspector.figure
    qtbot.waitUntil(lambda: list(panel.frames) == ["hold"])
    assert not panel.play.isVisible() and not panel.buttons["start"].isVisible()


def test_pictures_take_the_patients_tags(tab: SessionTab) -> None:
    """The patient's left glute med is tagged underactive: on a both-sides hip hike (seen
    from behind) the left one is drawn in that state's colour, the right one neutral."""
    drop(tab, library_mime(tab, "hip-hike"), -1)
    block = next(b for b in tab.model.blocks if b.exercise == "hip-hike")
    scenes = tab.figures.block(block, tab.catalog.exercises["hip-hike"])
    assert len(scenes) == 2
    fills = {s.key: s.style.fill for s in scenes[-1].shapes if s.role.startswith("muscle")}
    assert fills[f"{GM}:left"] == TONE_LOOKS[ToneState.UNDERACTIVE].colour
    assert fills[f"{GM}:right"] == style.MUSCLE
