"""Two workstations on one database, driven through the window: a save made on a version that
another workstation changed is refused with who/what/when, the clinician chooses, and nothing
either side typed is lost. A change elsewhere to *other* parts is simply kept."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from equitone.domain.assessment import ToneTag
from equitone.domain.patients import Patient, PatientDraft
from equitone.domain.session import SessionDetails
from equitone.domain.types import Side, ToneState
from equitone.services import assessments as asvc
from equitone.services import patients as psvc
from equitone.services import sessions as ssvc
from equitone.services.catalog import load_catalog
from equitone.storage.audit import acting_as
from equitone.storage.database import Database
from equitone.ui.bodymap import RegionKey
from equitone.ui.main_window import MainWindow
from equitone.ui.patient_dialog import PatientDialog
from equitone.ui.sync.conflict import KEEP_THEIRS, MINE_ON_TOP
from tests.prompts import ScriptedPrompts

from .conftest import accept_dialog_with

ROOM2 = "anna@room2"
GM, TFL = "gluteus-medius", "tensor-fasciae-latae"
L, R = Side.LEFT, Side.RIGHT


@pytest.fixture
def other(db_path: Path) -> Iterator[Database]:
    """The other workstation: its own connection to the same database file."""
    from equitone.services.workspace import open_workspace

    database = open_workspace(db_path)
    yield database
    database.close()


@pytest.fixture
def patient(db: Database) -> Patient:
    p = psvc.create_patient(db, PatientDraft("Maria Keller", phone="0601", notes="calf"))
    asvc.create_assessment(db, p.id, tags=[ToneTag(GM, L, ToneState.UNDERACTIVE, 3)])
    return psvc.get_patient(db, p.id)


def _open(window: MainWindow, patient: Patient) -> None:
    window.reload_patients()
    window.list_panel.select_patient(patient.id)
    assert window.current_patient() is not None


# -- patient details --------------------------------------------------------------------------
def test_patient_clash_reopens_the_editor_with_mine_on_top(
    window: MainWindow, db: Database, other: Database, patient: Patient, qtbot: QtBot,
    bridge: ScriptedPrompts, tmp_path: Path,
) -> None:
    _open(window, patient)
    with acting_as(ROOM2):
        psvc.update_patient(other, patient.id, PatientDraft(
            "Maria Keller", phone="0612", notes="calf; left knee"),
            expected_version=patient.row_version)
    seen: dict[str, object] = {}

    def edit(dialog: object) -> None:
        assert isinstance(dialog, PatientDialog) and dialog.conflict.isHidden()
        dialog.name.setText("Maria Keller-Berg")
        dialog.phone.setText("0699")

    def second(dialog: object) -> None:  # the editor again, after the refused save
        assert isinstance(dialog, PatientDialog)
        seen["note"] = dialog.conflict.text()
        seen["fields"] = (dialog.name.text(), dialog.phone.text(), dialog.notes.toPlainText())
        seen["marked"] = (dialog.phone.toolTip(), dialog.name.toolTip())
        seen["visible"] = not dialog.conflict.isHidden()
        dialog.grab().save(str(tmp_path / "sync-patient-clash.png"))

    accept_dialog_with(edit)()
    window.act_edit.trigger()
    # refused: theirs is shown at once, nothing of mine written yet
    assert psvc.get_patient(db, patient.id).phone == "0612"
    assert window.page.header.subtitle.text().startswith("0612")
    accept_dialog_with(second)()
    qtbot.waitUntil(lambda: psvc.get_patient(db, patient.id).name == "Maria Keller-Berg")
    note = str(seen["note"])
    assert ROOM2 in note and "phone: 0601 → 0612" in note and "You both changed: phone" in note
    assert seen["fields"] == ("Maria Keller-Berg", "0699", "calf; left knee")  # mine on top
    assert seen["marked"] == ("Their value: 0612", "")  # only the field both changed
    assert seen["visible"] is True
    stored = psvc.get_patient(db, patient.id)
    assert (stored.name, stored.phone, stored.notes) == ("Maria Keller-Berg", "0699",
                                                         "calf; left knee")
    assert bridge.shown == []  # no error box: the editor said it all


def test_patient_change_elsewhere_to_other_fields_is_kept(
    window: MainWindow, db: Database, other: Database, patient: Patient,
    bridge: ScriptedPrompts,
) -> None:
    _open(window, patient)
    with acting_as(ROOM2):
        psvc.update_patient(other, patient.id, PatientDraft(
            "Maria Keller", phone="0601", notes="theirs"), expected_version=patient.row_version)

    def edit(dialog: object) -> None:
        assert isinstance(dialog, PatientDialog)
        dialog.phone.setText("0699")

    accept_dialog_with(edit)()
    window.act_edit.trigger()
    stored = psvc.get_patient(db, patient.id)
    assert (stored.phone, stored.notes) == ("0699", "theirs")
    assert window.page.overview.details.text().count("theirs") == 1
    window.act_undo.trigger()  # undo reverts my field only
    stored = psvc.get_patient(db, patient.id)
    assert (stored.phone, stored.notes) == ("0601", "theirs")
    assert bridge.shown == []


# -- assessment ---------------------------------------------------------------------------------
def _assessment_tab(window: MainWindow, patient: Patient, qtbot: QtBot):  # type: ignore[no-untyped-def]
    _open(window, patient)
    tab = window.page.assessment
    assert tab is not None and tab.current is not None
    window.page.tabs.setCurrentWidget(tab)
    qtbot.waitExposed(tab)
    return tab


@pytest.mark.parametrize("choice", [0, 1], ids=["mine-on-top", "keep-theirs"])
def test_tag_clash_says_who_and_lets_the_clinician_choose(
    window: MainWindow, db: Database, other: Database, patient: Patient, qtbot: QtBot,
    bridge: ScriptedPrompts, choice: int,
) -> None:
    tab = _assessment_tab(window, patient, qtbot)
    assert tab.current is not None
    a = tab.current
    with acting_as(ROOM2):
        asvc.set_tags(other, a.id, [ToneTag(GM, L, ToneState.TIGHT, 6)],
                      expected_version=a.row_version)
    bridge.choice = choice
    tab.tag_regions([RegionKey(GM, L)], ToneState.OVERACTIVE)
    qtbot.waitUntil(lambda: any(kind == "choose" for kind, _t, _x in bridge.shown))
    _kind, title, text = next(m for m in bridge.shown if m[0] == "choose")
    assert title == "Changed on another workstation"
    assert ROOM2 in text and "gluteus-medius left: underactive 3/10 → tight 6/10" in text
    assert "Your change: Tag" in text and "overactive" in text
    assert MINE_ON_TOP in text and KEEP_THEIRS in text
    if choice == 0:
        qtbot.waitUntil(lambda: asvc.get_assessment(db, a.id).tag_map()[(GM, L)].state
                        is ToneState.OVERACTIVE)
    else:  # theirs is kept: the tab shows it, and nothing of this edit was written
        qtbot.waitUntil(lambda: tab.current is not None
                        and tab.current.tag_map()[(GM, L)].state is ToneState.TIGHT)
        assert asvc.get_assessment(db, a.id).tag_map()[(GM, L)].state is ToneState.TIGHT
    assert tab.current is not None
    shown_state = tab.current.tag_map()[(GM, L)].state
    assert shown_state is (ToneState.OVERACTIVE if choice == 0 else ToneState.TIGHT)


def test_states_added_on_two_workstations_are_both_kept_on_top(
    window: MainWindow, db: Database, other: Database, patient: Patient, qtbot: QtBot,
    bridge: ScriptedPrompts,
) -> None:
    """Room 2 finds glute med tender (and scores it); here it is found tight at the same
    time: "mine on top" keeps their state and score and adds mine."""
    tab = _assessment_tab(window, patient, qtbot)
    assert tab.current is not None
    a = tab.current
    with acting_as(ROOM2):
        asvc.set_tags(other, a.id, [ToneTag.of(GM, L, [ToneState.UNDERACTIVE, ToneState.TENDER],
                                               tightness=5)],
                      expected_version=a.row_version)
    bridge.choice = 0  # mine on top
    tab.tag_regions([RegionKey(GM, L)], ToneState.TIGHT)
    qtbot.waitUntil(lambda: ToneState.TIGHT in asvc.get_assessment(db, a.id).tag_map()[
        (GM, L)].states)
    tag = asvc.get_assessment(db, a.id).tag_map()[(GM, L)]
    assert tag.states == (ToneState.TIGHT, ToneState.UNDERACTIVE, ToneState.TENDER)
    assert tag.tightness == 5


def test_tags_elsewhere_on_other_muscles_are_kept_and_undo_stays_mine(
    window: MainWindow, db: Database, other: Database, patient: Patient, qtbot: QtBot,
    bridge: ScriptedPrompts,
) -> None:
    tab = _assessment_tab(window, patient, qtbot)
    assert tab.current is not None
    a = tab.current
    tab.tag_regions([RegionKey(GM, R)], ToneState.OVERACTIVE)  # mine (v+1)
    with acting_as(ROOM2):
        asvc.set_tags(other, a.id, [ToneTag(TFL, L, ToneState.OVERACTIVE, 7)],
                      expected_version=a.row_version + 1)
    tab.tag_regions([RegionKey(GM, L)], ToneState.BALANCED)  # made on the version I saw
    tags = asvc.get_assessment(db, a.id).tag_map()
    assert tags[(GM, L)].state is ToneState.BALANCED and (TFL, L) in tags and (GM, R) in tags
    window.act_undo.trigger()
    window.act_undo.trigger()
    tags = asvc.get_assessment(db, a.id).tag_map()
    assert (GM, R) not in tags and tags[(GM, L)].state is ToneState.UNDERACTIVE
    assert tags[(TFL, L)].tightness == 7  # theirs, untouched by my undo
    assert not [m for m in bridge.shown if m[0] in ("choose", "error")]


def test_findings_kept_theirs_puts_my_text_on_the_clipboard(
    window: MainWindow, db: Database, other: Database, patient: Patient, qtbot: QtBot,
    bridge: ScriptedPrompts,
) -> None:
    tab = _assessment_tab(window, patient, qtbot)
    assert tab.current is not None
    a = tab.current
    with acting_as(ROOM2):
        asvc.update_details(other, a.id, day=a.day, clinician="", findings="Hip drop (theirs)",
                            expected_version=a.row_version)
    bridge.choice = 1  # keep theirs
    QApplication.clipboard().clear()
    tab.findings.findingsCommitted.emit("Trendelenburg on the left, 3 of 5 reps")
    qtbot.waitUntil(lambda: QApplication.clipboard().text() != "")
    assert QApplication.clipboard().text() == "Trendelenburg on the left, 3 of 5 reps"
    assert asvc.get_assessment(db, a.id).findings == "Hip drop (theirs)"
    text = next(t for kind, _title, t in bridge.shown if kind == "choose")
    assert "copies your text to the clipboard" in text and "findings: — → Hip drop" in text


# -- session ---------------------------------------------------------------------------------
def test_session_clash_mine_on_top_keeps_both_edits(
    window: MainWindow, db: Database, other: Database, patient: Patient, qtbot: QtBot,
    bridge: ScriptedPrompts,
) -> None:
    catalog = load_catalog(db)
    first = ssvc.parse_exercise_spec(catalog, "clamshell:gluteus-medius:left")
    record = ssvc.create_session(db, patient.id, [first], SessionDetails(date(2026, 3, 2)))
    _open(window, patient)
    tab = window.page.session
    assert tab is not None
    window.page.tabs.setCurrentWidget(tab)
    qtbot.waitExposed(tab)
    assert tab.record is not None and tab.record.id == record.id
    added = ssvc.parse_exercise_spec(catalog, "lateral-band-walk")
    with acting_as(ROOM2):
        ssvc.save_session(other, record.id, (*record.placed, added),
                          expected_version=record.row_version)
    bridge.choice = 0  # mine on top
    tab.editor.set_details(replace(record.details, frequency_per_week=5), "Edit the details")
    qtbot.waitUntil(lambda: ssvc.get_session(db, record.id).details.frequency_per_week == 5)
    stored = ssvc.get_session(db, record.id)
    assert [b.exercise for b in stored.placed] == ["clamshell", "lateral-band-walk"]
    text = next(t for kind, _title, t in bridge.shown if kind == "choose")
    assert "session of 2026-03-02" in text and ROOM2 in text and "added" in text
    assert tab.record is not None and tab.record.details.frequency_per_week == 5
