"""The workstation shell driven like a clinician would: create, search, edit, archive."""

from __future__ import annotations

import html
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from equitone.domain.patients import PatientDraft
from equitone.services.patients import create_patient, list_patients
from equitone.storage.database import Database
from equitone.ui.main_window import MainWindow
from equitone.ui.patient_dialog import PatientDialog
from tests.prompts import ScriptedPrompts

from .conftest import accept_dialog_with


def _names(window: MainWindow) -> list[str]:
    proxy = window.list_panel.proxy
    return [proxy.index(r, 0).data() for r in range(proxy.rowCount())]


def test_create_patient_through_the_dialog(window: MainWindow, db: Database, qtbot: QtBot) -> None:
    def fill(dialog: object) -> None:
        assert isinstance(dialog, PatientDialog)
        # QTest.keyClicks only knows ASCII keys; insert() types the rest as an input method would
        qtbot.keyClicks(dialog.name, "Zo")
        dialog.name.insert("ë O'Brien & <Sons>")
        dialog.has_birth_date.setChecked(True)
        dialog.notes.insertPlainText("王小明's cousin")

    accept_dialog_with(fill)()
    window.act_new.trigger()
    stored = list_patients(db)
    assert [p.name for p in stored] == ["Zoë O'Brien & <Sons>"]
    assert stored[0].notes == "王小明's cousin"
    assert _names(window) == ["Zoë O'Brien & <Sons>"]
    assert window.page.header.title.text() == "Zoë O'Brien & <Sons>"
    # rich text: the note must arrive escaped, so markup in a note can never break the page
    assert html.escape("王小明's cousin") in window.page.overview.details.text()
    assert html.escape("<Sons>") in window.page.overview.details.text()


def test_dialog_refuses_empty_name_and_stores_nothing(qtbot: QtBot) -> None:
    dialog = PatientDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.accept()
    assert dialog.isVisible() and not dialog.error.isHidden()
    assert "needs a name" in dialog.error.text()


def test_instant_search_filters_as_you_type(window: MainWindow, db: Database, qtbot: QtBot) -> None:
    for name in ("Maria Keller", "Zoë Ångström", "王小明", "Mario Rossi"):
        create_patient(db, PatientDraft(name=name))
    window.reload_patients()
    qtbot.keyClicks(window.list_panel.search, "mari")
    assert _names(window) == ["Maria Keller", "Mario Rossi"]
    window.list_panel.search.clear()
    window.list_panel.search.insert("ångs")
    assert _names(window) == ["Zoë Ångström"]
    window.list_panel.search.clear()
    window.list_panel.search.insert("小明")
    assert _names(window) == ["王小明"]
    assert window.list_panel.count.text() == "1 of 4"


def test_edit_patient_with_undo_and_redo(window: MainWindow, db: Database) -> None:
    patient = create_patient(db, PatientDraft(name="Old Name"))
    window.reload_patients()
    window.list_panel.select_patient(patient.id)
    assert window.current_patient() is not None

    def fill(dialog: object) -> None:
        assert isinstance(dialog, PatientDialog)
        dialog.name.setText("New Name")

    accept_dialog_with(fill)()
    window.act_edit.trigger()
    assert [p.name for p in list_patients(db)] == ["New Name"]
    assert _names(window) == ["New Name"]
    window.act_undo.trigger()
    assert [p.name for p in list_patients(db)] == ["Old Name"]
    assert window.page.header.title.text() == "Old Name"
    window.act_redo.trigger()
    assert [p.name for p in list_patients(db)] == ["New Name"]


def test_archive_asks_hides_and_undo_restores(
    window: MainWindow, db: Database, bridge: ScriptedPrompts
) -> None:
    keep = create_patient(db, PatientDraft(name="Keep"))
    gone = create_patient(db, PatientDraft(name="Gone"))
    window.reload_patients()
    window.list_panel.select_patient(gone.id)
    window.act_archive.trigger()
    assert bridge.shown[-1][0] == "confirm"
    assert [p.name for p in list_patients(db)] == ["Keep"]
    assert [p.name for p in list_patients(db, include_archived=True)] == ["Gone", "Keep"]
    assert _names(window) == ["Keep"]
    window.list_panel.show_archived.setChecked(True)
    assert "Gone  (archived)" in _names(window)
    window.act_undo.trigger()
    assert {p.name for p in list_patients(db)} == {"Keep", "Gone"}
    assert keep.id != gone.id


def test_archive_cancelled_changes_nothing(
    window: MainWindow, db: Database, bridge: ScriptedPrompts
) -> None:
    patient = create_patient(db, PatientDraft(name="Stay"))
    window.reload_patients()
    window.list_panel.select_patient(patient.id)
    bridge.answer = False
    window.act_archive.trigger()
    assert [p.name for p in list_patients(db)] == ["Stay"]
    assert window.undo_stack.count() == 0


def test_first_run_offers_demo_data(window: MainWindow, bridge: ScriptedPrompts) -> None:
    assert window.is_first_run()
    window.offer_demo()
    assert bridge.shown[-1][0] == "confirm"
    assert window.list_panel.model.rowCount() >= 12


def test_demo_over_existing_patients_says_so_before_adding(
    window: MainWindow, db: Database, bridge: ScriptedPrompts
) -> None:
    create_patient(db, PatientDraft(name="Real patient"))
    window.reload_patients()
    bridge.answer = False
    window.offer_demo()
    kind, _title, text = bridge.shown[-1]
    assert kind == "confirm" and "already has 1 patient" in text
    assert [p.name for p in list_patients(db)] == ["Real patient"]


def test_a_read_only_database_says_so_in_the_status_bar(
    qtbot: QtBot, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    from equitone.app import app_settings
    from equitone.services.workspace import open_workspace

    real_access = os.access
    monkeypatch.setattr(os, "access", lambda target, mode: False if (
        Path(str(target)) == db_path and mode == os.W_OK) else real_access(target, mode))
    win = MainWindow(app_settings())
    qtbot.addWidget(win)
    db = open_workspace(db_path)
    try:
        win.attach_database(db)
        assert "read-only" in win.statusBar().currentMessage()
    finally:
        db.close()


def test_settings_dialog_saves_to_database(window: MainWindow, db: Database) -> None:
    from equitone.services.settings import load_settings
    from equitone.ui.settings_dialog import SettingsDialog

    def fill(dialog: object) -> None:
        assert isinstance(dialog, SettingsDialog)
        dialog.clinic_name.setText("Harbour Physio & Rehab")
        dialog.clinicians.setPlainText("Dr. Ana Silva\nTom Berg")
        dialog.paper.setCurrentIndex(dialog.paper.findData("letter"))
        dialog.modality.setCurrentIndex(dialog.modality.findData("active-stretch"))
        dialog.session_limit.setValue(60)

    accept_dialog_with(fill)()
    window.act_settings.trigger()
    saved = load_settings(db)
    assert saved.clinic_name == "Harbour Physio & Rehab"
    assert saved.clinicians == ("Dr. Ana Silva", "Tom Berg")
    assert saved.paper_size == "letter"
    assert saved.preferred_modality == "active-stretch"
    assert saved.session_limit_minutes == 60


def test_window_geometry_is_remembered(qtbot: QtBot, db: Database, bridge: object) -> None:
    from equitone.app import app_settings

    first = MainWindow(app_settings())
    qtbot.addWidget(first)
    first.show()
    first.resize(701, 503)  # the offscreen screen is 800 x 800
    first.close()
    second = MainWindow(app_settings())
    qtbot.addWidget(second)
    assert (second.width(), second.height()) == (701, 503)


def test_database_error_is_shown_not_raised(
    qtbot: QtBot, tmp_path: Path, bridge: ScriptedPrompts
) -> None:
    from equitone.app import app_settings, open_database_into

    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"not a database at all" * 50)
    win = MainWindow(app_settings())
    qtbot.addWidget(win)
    open_database_into(win, str(bad))
    assert win.db is None
    assert bridge.shown and bridge.shown[-1][0] == "error"
    assert str(bad) in bridge.shown[-1][2]
    assert not win.act_new.isEnabled()
    assert bad.read_bytes() == b"not a database at all" * 50


def test_keyboard_shortcuts_are_wired(window: MainWindow) -> None:
    assert window.act_new.shortcut().toString() == "Ctrl+N"
    assert window.act_find.shortcut().toString() == "Ctrl+F"
    assert window.act_undo.shortcut().toString() == "Ctrl+Z"
    assert window.act_settings.shortcut().toString() == "Ctrl+,"
    assert window.act_edit.shortcut().toString() == "Ctrl+E"


def test_patient_models_pass_the_model_tester(
    window: MainWindow, db: Database, qtmodeltester: object
) -> None:
    for name in ("A", "B", "C"):
        create_patient(db, PatientDraft(name=name))
    window.reload_patients()
    qtmodeltester.check(window.list_panel.model)  # type: ignore[attr-defined]
    qtmodeltester.check(window.list_panel.proxy)  # type: ignore[attr-defined]


def test_patient_count_says_patient_for_one(window: MainWindow, db: Database) -> None:
    create_patient(db, PatientDraft(name="Zoë Ångström"))
    window.reload_patients()
    assert window.list_panel.count.text() == "1 patient"
    create_patient(db, PatientDraft(name="王小明"))
    window.reload_patients()
    assert window.list_panel.count.text() == "2 patients"


def test_the_list_roles_are_qts_and_the_columns_come_with_the_first_list(
    qtbot: QtBot, qtmodeltester: object
) -> None:
    from PySide6.QtCore import Qt

    from equitone.domain.patients import Patient
    from equitone.ui import patient_model

    roles = Qt.ItemDataRole
    ours = (patient_model.DISPLAY_ROLE, patient_model.TOOLTIP_ROLE,
            patient_model.FOREGROUND_ROLE, patient_model.USER_ROLE)
    assert ours == tuple(role.value for role in (
        roles.DisplayRole, roles.ToolTipRole, roles.ForegroundRole, roles.UserRole))
    model = patient_model.PatientTableModel()
    assert model.columnCount() == 0  # nothing asks for a header before the window painted
    model.upsert(Patient(7, "Ada", None, "", "", "", "", archived=False))
    assert model.columnCount() == 3 and model.rowCount() == 1
    assert model.headerData(1, Qt.Orientation.Horizontal) == "Born"
    qtmodeltester.check(model)  # type: ignore[attr-defined]


def test_list_columns_are_sized_once_they_appear(window: MainWindow) -> None:
    from PySide6.QtWidgets import QHeaderView

    header = window.list_panel.table.horizontalHeader()
    assert header.count() == 3
    assert header.sectionResizeMode(0) == QHeaderView.ResizeMode.Stretch
    assert header.sectionResizeMode(1) == QHeaderView.ResizeMode.Interactive
    metrics = window.list_panel.table.fontMetrics()
    assert header.sectionSize(1) == metrics.horizontalAdvance("0000-00-00") + 16
    window.reload_patients()  # a later list keeps the sizes
    assert header.sectionSize(1) == metrics.horizontalAdvance("0000-00-00") + 16
