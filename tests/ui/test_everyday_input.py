"""What a clinician tripped over on a first day with a real mouse and keyboard: the wheel over
the Tag panel, the palette caption, dates typed by hand, likely duplicates, finding people."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from equitone.domain.assessment import ToneTag
from equitone.domain.patients import Patient, PatientDraft
from equitone.domain.types import Layer, Side, ToneState, View
from equitone.services import assessments as svc
from equitone.services.patients import create_patient
from equitone.storage.database import Database
from equitone.ui.main_window import MainWindow
from tests.ui.test_assessment_tab import GMED_L, click, open_tab, stored


def _patient(db: Database, name: str = "Ada Lovelace") -> Patient:
    return create_patient(db, PatientDraft(name=name))


def wheel(widget: QWidget, steps: int = -1) -> bool:
    """Turn the wheel over ``widget``; True when the widget took the event (False: Qt hands
    it on to the parent, so the scroll area around it scrolls)."""
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(
        centre, QPointF(widget.mapToGlobal(centre)), QPoint(), QPoint(0, 120 * steps),
        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)
    return event.isAccepted()


def test_wheel_over_an_unfocused_value_changes_nothing(
    window: MainWindow, qtbot: QtBot, db: Database
) -> None:
    patient = _patient(db)
    a = svc.create_assessment(db, patient.id, tags=[
        ToneTag("gluteus-medius", Side.LEFT, ToneState.OVERACTIVE, tightness=3, grade=2)
    ])
    tab = open_tab(window, qtbot, patient)
    click(qtbot, tab, GMED_L, View.BACK, Layer.SUPERFICIAL)
    editor = tab.editor
    before = stored(db, a.id)
    depth = window.undo_stack.count()
    values = [editor.states.grades[ToneState.OVERACTIVE], editor.tightness_spin,
              editor.tightness_slider, *editor.measures.values()]
    for value in values:
        assert not value.hasFocus()
        # a wheel never takes the focus: only a click or Tab does
        assert value.focusPolicy() == Qt.FocusPolicy.StrongFocus, value.objectName()
        assert not wheel(value), value.objectName()
        assert not wheel(value, steps=1), value.objectName()
    assert stored(db, a.id) == before
    assert window.undo_stack.count() == depth
    # with the focus (clicked into on purpose) the wheel does step the value
    spin = editor.tightness_spin
    window.activateWindow()
    spin.setFocus(Qt.FocusReason.MouseFocusReason)
    qtbot.waitUntil(spin.hasFocus)
    assert wheel(spin, steps=1)
    assert stored(db, a.id)[("gluteus-medius", Side.LEFT)].tightness == 4
