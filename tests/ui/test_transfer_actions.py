"""Patient → Export → FHIR bundle… and Patient → Import…, driven through the window's menus;
the file choosers and the messages go through the scripted prompt bridge (tests/prompts.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from equitone.domain.patients import PatientDraft
from equitone.services.patients import create_patient, list_patients
from equitone.storage.database import Database
from equitone.ui.main_window import MainWindow
from tests.prompts import ScriptedPrompts


@pytest.fixture
def scripted(bridge: ScriptedPrompts) -> ScriptedPrompts:
    """The file choosers' answers: the same scripted bridge."""
    return bridge


def test_export_fhir_then_import_it_again(
    window: MainWindow, db: Database, scripted: ScriptedPrompts, bridge: ScriptedPrompts,
    tmp_path: Path, qtbot: QtBot,
) -> None:
    menu = [a.text() for a in window.patient_menu.actions()]
    assert "E&xport" in menu and "&Import…" in menu
    assert not window.transfer.export_menu.isEnabled()  # no patient open yet
    patient = create_patient(db, PatientDraft(name="Nadia Okafor"))
    window.reload_patients()
    window.open_patient(patient)
    assert window.transfer.export_menu.isEnabled()
    out = tmp_path / "nadia.fhir.json"
    scripted.files.append(out)
    window.transfer.act_fhir.trigger()
    bundle = json.loads(out.read_text(encoding="utf-8"))
    assert bundle["resourceType"] == "Bundle" and bundle["type"] == "collection"
    assert bridge.shown[-1][0] == "info" and "FHIR R4" in bridge.shown[-1][2]
    assert scripted.asked[-1][1].endswith("Nadia-Okafor.fhir.json")

    scripted.files.append(out)  # the same patient again: refused, nothing added
    window.transfer.act_import.trigger()
    assert bridge.shown[-1][0] == "error" and "already in the database" in bridge.shown[-1][2]
    assert len(list_patients(db)) == 1

    bundle["entry"][0]["resource"]["identifier"][0]["value"] = "0" * 32
    bundle["entry"][0]["resource"]["name"] = [{"text": "Nadia Okafor-Reyes"}]
    other = tmp_path / "other.json"
    other.write_text(json.dumps(bundle), encoding="utf-8")
    scripted.files.append(other)
    window.transfer.act_import.trigger()
    assert bridge.shown[-1][0] == "info", bridge.shown[-1]
    qtbot.waitUntil(lambda: window.list_panel.model.rowCount() == 2)
    assert window.list_panel.selected_patient().name == "Nadia Okafor-Reyes"


def test_import_of_a_bad_file_says_why_and_writes_nothing(
    window: MainWindow, db: Database, scripted: ScriptedPrompts, bridge: ScriptedPrompts,
    tmp_path: Path,
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"resourceType": "Bundle", "type": "collection", "entry": []}')
    scripted.files.append(bad)
    window.transfer.act_import.trigger()
    kind, _title, text = bridge.shown[-1]
    assert kind == "error" and "entry: missing or empty" in text
    assert list_patients(db) == []
    window.transfer.act_import.trigger()  # chooser cancelled: nothing happens
    assert len(bridge.shown) == 1
