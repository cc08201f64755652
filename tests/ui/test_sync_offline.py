"""The window while the database server is unreachable (simulated; the real server stopped and
started is tests/pg/test_outage.py): edits are kept and shown as not saved yet, the status bar
says "Offline", they are saved once when the server answers, and closing warns."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent
from pytestqt.qtbot import QtBot

from equitone import paths
from equitone.domain.assessment import ToneTag
from equitone.domain.patients import Patient, PatientDraft
from equitone.domain.session import SessionDetails
from equitone.domain.types import Side, ToneState
from equitone.services import assessments as asvc
from equitone.services import patients as psvc
from equitone.services import sessions as ssvc
from equitone.services.catalog import load_catalog
from equitone.storage.database import Database
from equitone.ui.bodymap import RegionKey
from equitone.ui.main_window import MainWindow
from equitone.ui.patient_dialog import PatientDialog
from equitone.ui.sync.closing import KEEP_WAITING, SAVE_FILE
from tests.prompts import ScriptedPrompts

from ..services.test_concurrency_offline import Outage
from .conftest import accept_dialog_with

GM, TFL = "gluteus-medius", "tensor-fasciae-latae"
L, R = Side.LEFT, Side.RIGHT


@pytest.fixture
def outage(db: Database, monkeypatch: pytest.MonkeyPatch) -> Outage:
    return Outage(db, monkeypatch)


@pytest.fixture
def patient(db: Database) -> Patient:
    p = psvc.create_patient(db, PatientDraft("Maria Keller", phone="0601"))
    asvc.create_assessment(db, p.id, tags=[ToneTag(GM, L, ToneState.UNDERACTIVE, 3)])
    return psvc.get_patient(db, p.id)


def _open(window: MainWindow, patient: Patient, qtbot: QtBot):  # type: ignore[no-untyped-def]
    window.resize(1400, 860)
    window.reload_patients()
    window.list_panel.select_patient(patient.id)
    tab = window.page.assessment
    assert tab is not None and tab.current is not None
    window.page.tabs.setCurrentWidget(tab)
    qtbot.waitExposed(tab)
    return tab


def _indicator(window: MainWindow) -> str:
    assert window.sync is not None
    return window.sync.indicator.text() if window.sync.indicator.isVisible() else ""


def test_tags_edited_offline_are_kept_shown_and_saved_once_when_back(
    window: MainWindow, db: Database, outage: Outage, patient: Patient, qtbot: QtBot,
    bridge: ScriptedPrompts, tmp_path: Path,
) -> None:
    tab = _open(window, patient, qtbot)
    assert tab.current is not None
    a = tab.current
    outage.down = True
    tab.tag_regions([RegionKey(GM, R)], ToneState.OVERACTIVE)
    tab.tag_regions([RegionKey(TFL, L)], ToneState.TIGHT)
    assert window.sync is not None and window.sync.waiting == 2
    assert _indicator(window).startswith("Offline — 2 changes not saved yet")
    assert not tab.pending_note.isHidden()
    shown = tab.current.tag_map() if tab.current else {}
    assert shown[(GM, R)].state is ToneState.OVERACTIVE and (TFL, L) in shown  # shown now
    window.grab().save(str(tmp_path / "sync-offline.png"))
    outage.down = False
    assert (GM, R) not in asvc.get_assessment(db, a.id).tag_map()  # not written yet
    window.sync.retry_now()
    qtbot.waitUntil(lambda: window.sync is not None and window.sync.waiting == 0)
    stored = asvc.get_assessment(db, a.id)
    assert stored.tag_map()[(GM, R)].state is ToneState.OVERACTIVE
    assert stored.tag_map()[(TFL, L)].state is ToneState.TIGHT
    assert stored.row_version == a.row_version + 2  # each edit written once
    assert tab.pending_note.isHidden()
    assert not _indicator(window).startswith("Offline")
    assert "Back online: 2 waiting changes saved" in window.statusBar().currentMessage()
    assert bridge.shown == []
    window.act_undo.trigger()  # the undo stack still holds them, in order
    assert (TFL, L) not in asvc.get_assessment(db, a.id).tag_map()


def test_patient_edit_and_new_patient_offline(
    window: MainWindow, db: Database, outage: Outage, patient: Patient, qtbot: QtBot,
    bridge: ScriptedPrompts,
) -> None:
    _open(window, patient, qtbot)
    outage.down = True

    def edit(dialog: object) -> None:
        assert isinstance(dialog, PatientDialog)
        dialog.phone.setText("0699")

    def new(dialog: object) -> None:
        assert isinstance(dialog, PatientDialog)
        dialog.name.setText("Anton Abel")

    accept_dialog_with(edit)()
    window.act_edit.trigger()
    assert window.page.header.subtitle.text() == "0699"  # shown, marked in the status bar
    assert "Offline" in window.statusBar().currentMessage()
    accept_dialog_with(new)()
    window.act_new.trigger()
    assert window.sync is not None and window.sync.waiting == 2
    outage.down = False
    window.sync.retry_now()
    qtbot.waitUntil(lambda: window.sync is not None and window.sync.waiting == 0)
    assert psvc.get_patient(db, patient.id).phone == "0699"
    assert [p.name for p in psvc.list_patients(db)] == ["Anton Abel", "Maria Keller"]
    assert window.current_patient() is not None
    assert window.current_patient().id == patient.id  # a late create does not switch patients
    assert bridge.shown == []


def _session_edited_offline(  # type: ignore[no-untyped-def]
    window: MainWindow, db: Database, outage: Outage, patient: Patient, qtbot: QtBot,
):
    """A session plan open in its tab, whose frequency is set to 5 while the server is away
    (the server stays away): (the stored record, the tab)."""
    catalog = load_catalog(db)
    first = ssvc.parse_exercise_spec(catalog, "clamshell:gluteus-medius:left")
    record = ssvc.create_session(db, patient.id, [first], SessionDetails(date(2026, 3, 2)))
    _open(window, patient, qtbot)
    tab = window.page.session
    assert tab is not None
    window.page.tabs.setCurrentWidget(tab)
    qtbot.waitExposed(tab)
    outage.down = True
    assert tab.record is not None
    tab.editor.set_details(replace(tab.record.details, frequency_per_week=5), "Edit details")
    return record, tab


def test_session_edit_offline_keeps_the_preview_and_saves_later(
    window: MainWindow, db: Database, outage: Outage, patient: Patient, qtbot: QtBot,
) -> None:
    record, tab = _session_edited_offline(window, db, outage, patient, qtbot)
    assert tab.record is not None and tab.record.details.frequency_per_week == 5
    assert tab.bar.saved.text() == "Offline — not saved yet, kept here"
    outage.down = False
    assert window.sync is not None
    window.sync.retry_now()
    qtbot.waitUntil(lambda: ssvc.get_session(db, record.id).details.frequency_per_week == 5)
    qtbot.waitUntil(lambda: tab.bar.saved.text().startswith("Saved"))


def test_a_session_edit_kept_in_a_file_is_replayed_from_it(
    window: MainWindow, db: Database, outage: Outage, patient: Patient, qtbot: QtBot,
    bridge: ScriptedPrompts,
) -> None:
    """Issue 21: session-plan edits were journaled and listed, but never written again."""
    record, _tab = _session_edited_offline(window, db, outage, patient, qtbot)
    assert window.sync is not None
    path = window.sync.save_recovery()
    outage.down = False
    assert ssvc.get_session(db, record.id).details.frequency_per_week == 3
    offered: list[bool] = []

    def save_all(dialog: object) -> object:
        from equitone.ui.sync.replay_dialog import ReplayDialog

        assert isinstance(dialog, ReplayDialog)
        offered.extend(i.checkState(0) == Qt.CheckState.Checked for i in dialog.items())
        return dialog.answer()

    bridge.answers["ReplayDialog"] = [save_all]
    bridge.files = [path]
    window.clinic.act_recovery.trigger()
    assert offered == [True]  # ticked for saving like any other change
    stored = ssvc.get_session(db, record.id)
    assert stored.details.frequency_per_week == 5
    assert stored.row_version == record.row_version + 1
    assert bridge.shown[-1] == ("info", "Changes from before", "1 waiting change saved.")


def test_opening_another_patient_offline_stays_on_the_shown_one(
    window: MainWindow, db: Database, outage: Outage, patient: Patient, qtbot: QtBot,
) -> None:
    second = psvc.create_patient(db, PatientDraft("Zoë Ångström"))
    _open(window, patient, qtbot)
    outage.down = True
    window.list_panel.select_patient(second.id)
    assert window.page.patient is not None and window.page.patient.id == patient.id
    assert window.page.header.title.text() == "Maria Keller"
    assert "Offline: Zoë Ångström opens when the server answers" in (
        window.statusBar().currentMessage())
    assert _indicator(window).startswith("Offline")


@pytest.mark.parametrize("answer", [KEEP_WAITING, SAVE_FILE], ids=["keep-waiting", "save"])
def test_closing_while_changes_wait_asks_and_never_drops_them(
    window: MainWindow, db: Database, outage: Outage, patient: Patient, qtbot: QtBot,
    bridge: ScriptedPrompts, answer: int,
) -> None:
    tab = _open(window, patient, qtbot)
    outage.down = True
    tab.tag_regions([RegionKey(GM, R)], ToneState.OVERACTIVE)
    bridge.choice = answer
    event = QCloseEvent()
    window.closeEvent(event)
    kind, title, text = bridge.shown[0]
    assert (kind, title) == ("choose", "Changes not saved yet")
    assert "1 change made while the database could not be reached is not saved yet" in text
    assert "Tag" in text and "recovery file" in text
    folder = paths.data_dir() / "recovery"
    if answer == KEEP_WAITING:
        assert not event.isAccepted()
        assert window.sync is not None and window.sync.waiting == 1
        assert not folder.exists()
        outage.down = False
        window.sync.retry_now()  # the server is back before the clinician tries again
        qtbot.waitUntil(lambda: window.sync is not None and window.sync.waiting == 0)
        return
    assert event.isAccepted()
    files = list(folder.glob("pending-*.json"))
    assert len(files) == 1
    document = json.loads(files[0].read_text(encoding="utf-8"))
    (write,) = document["writes"]
    assert write["record"].startswith("assessment ")
    assert write["intent"]["tags"]["gluteus-medius right"]["state"] == "overactive"
    assert bridge.shown[-1][0] == "info" and str(files[0]) in bridge.shown[-1][2]


def test_a_failed_read_says_offline_in_the_status_bar_not_in_a_dialog(
    window: MainWindow, bridge: ScriptedPrompts, monkeypatch: pytest.MonkeyPatch,
) -> None:
    import sys

    from equitone.app import install_exception_hook
    from equitone.errors import ServerUnavailableError

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    install_exception_hook(window)
    error = ServerUnavailableError("The database server cannot be reached.")
    sys.excepthook(ServerUnavailableError, error, None)
    assert bridge.shown == []
    assert _indicator(window).startswith("Offline")
    assert "Offline: the database server cannot be reached" in (
        window.statusBar().currentMessage())


def test_switching_databases_with_changes_waiting_keeps_them_in_a_file(
    window: MainWindow, db: Database, outage: Outage, patient: Patient, qtbot: QtBot,
    bridge: ScriptedPrompts,
) -> None:
    tab = _open(window, patient, qtbot)
    outage.down = True
    tab.tag_regions([RegionKey(GM, R)], ToneState.OVERACTIVE)
    outage.down = False
    window.attach_database(db)  # what a restore or "Connect to clinic server…" ends with
    kind, title, text = bridge.shown[-1]
    assert (kind, title) == ("info", "Changes not saved")
    files = list((paths.data_dir() / "recovery").glob("pending-*.json"))
    assert len(files) == 1 and str(files[0]) in text
    assert window.sync is not None and window.sync.waiting == 0


def test_lost_again_while_saving_the_waiting_edits_keeps_showing_the_rest(
    window: MainWindow, db: Database, outage: Outage, patient: Patient, qtbot: QtBot,
) -> None:
    tab = _open(window, patient, qtbot)
    assert tab.current is not None
    a = tab.current
    outage.down = True
    tab.tag_regions([RegionKey(GM, R)], ToneState.OVERACTIVE)
    tab.tag_regions([RegionKey(TFL, L)], ToneState.TIGHT)
    outage.down, outage.down_after_commits = False, 1  # back for exactly one write
    assert window.sync is not None
    window.sync.flush_now()
    assert window.sync.waiting == 1 and window.sync.offline
    assert tab.current is not None
    shown = tab.current.tag_map()
    assert (GM, R) in shown and (TFL, L) in shown  # the written one and the waiting one
    assert not tab.pending_note.isHidden()
    outage.down = False
    window.sync.flush_now()
    assert window.sync.waiting == 0
    assert set(asvc.get_assessment(db, a.id).tag_map()) >= {(GM, R), (TFL, L)}
    assert tab.pending_note.isHidden()


@pytest.mark.parametrize(("choice", "settled"), [
    (1, "1 merged with a change made elsewhere, 1 not saved (theirs kept)"),
    (0, "1 saved, 1 merged with a change made elsewhere"),
])
def test_the_count_after_an_outage_says_what_was_held_then_what_was_decided(
    window: MainWindow, db: Database, outage: Outage, patient: Patient, qtbot: QtBot,
    bridge: ScriptedPrompts, choice: int, settled: str,
) -> None:
    """Issue 21: after "keep theirs" the status bar said "2 waiting changes saved" though
    only one was; then it kept saying "held" after the clinician had decided."""
    tab = _open(window, patient, qtbot)
    assert tab.current is not None and window.sync is not None
    a = tab.current
    outage.down = True
    tab.tag_regions([RegionKey(GM, R)], ToneState.OVERACTIVE)
    tab.tag_regions([RegionKey(TFL, L)], ToneState.TIGHT)
    outage.down = False
    # meanwhile another workstation tags the same side as the first edit
    asvc.replace_tags(db, a.id, [ToneTag(GM, R, ToneState.TIGHT, 5)],
                      expected_version=a.row_version)
    bridge.choice = choice  # (Put mine on top, Keep theirs)
    window.sync.retry_now()
    qtbot.waitUntil(lambda: window.sync is not None and window.sync.waiting == 0)
    assert window.statusBar().currentMessage() == (
        "Back online: 2 waiting changes: 1 merged with a change made elsewhere, 1 held: it "
        "clashed with a change made elsewhere.")
    qtbot.waitUntil(lambda: any(kind == "choose" for kind, _t, _x in bridge.shown))
    qtbot.waitUntil(lambda: window.statusBar().currentMessage()
                    == f"Back online: 2 waiting changes: {settled}.")
    mine = ToneState.OVERACTIVE if choice == 0 else ToneState.TIGHT
    qtbot.waitUntil(lambda: asvc.get_assessment(db, a.id).tag_map()[(GM, R)].state is mine)
    assert asvc.get_assessment(db, a.id).tag_map()[(TFL, L)].state is ToneState.TIGHT


def test_many_waiting_edits_of_one_record_redraw_the_screens_once(
    window: MainWindow, db: Database, outage: Outage, patient: Patient, qtbot: QtBot,
) -> None:
    """Issue 21 (replay speed): each waiting edit written after an outage was told to every
    screen, which redrew for each; the screens now hear the last state of each record once."""
    from equitone.services.changes import Change

    tab = _open(window, patient, qtbot)
    assert tab.current is not None and window.sync is not None
    a = tab.current
    outage.down = True
    states = (ToneState.TIGHT, ToneState.OVERACTIVE, ToneState.UNDERACTIVE)
    for n in range(12):
        tab.tag_regions([RegionKey(GM if n % 2 else TFL, R)], states[n % 3])
    assert window.sync.waiting == 12
    outage.down = False
    heard: list[Change] = []
    window.ops.listen(heard.append)
    assert window.sync.flush_now()
    assert [c.record_id for c in heard] == [a.id]
    stored = asvc.get_assessment(db, a.id)
    assert stored.row_version == a.row_version + 12  # each written, once
    assert tab.current is not None and tab.current.row_version == stored.row_version
    assert tab.current.tag_map() == stored.tag_map()
    assert window.statusBar().currentMessage() == "Back online: 12 waiting changes saved."


def test_a_held_patient_edit_kept_theirs_is_counted_so(
    window: MainWindow, db: Database, outage: Outage, patient: Patient, qtbot: QtBot,
) -> None:
    """The patient's own clash question (the editor again, mine on top) settles the count
    like the others: Cancel keeps theirs."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    _open(window, patient, qtbot)
    assert window.sync is not None
    outage.down = True

    def edit(dialog: object) -> None:
        assert isinstance(dialog, PatientDialog)
        dialog.phone.setText("0699")

    accept_dialog_with(edit)()
    window.act_edit.trigger()
    outage.down = False
    psvc.update_patient(db, patient.id, PatientDraft("Maria Keller", phone="0612"),
                        expected_version=patient.row_version)  # another workstation

    def cancel() -> None:  # the editor again, with mine on top: keep theirs
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, PatientDialog):
            QTimer.singleShot(10, cancel)
            return
        dialog.reject()

    QTimer.singleShot(0, cancel)
    window.sync.retry_now()
    qtbot.waitUntil(lambda: window.statusBar().currentMessage()
                    == "Back online: 1 waiting change: 1 not saved (theirs kept).")
    assert psvc.get_patient(db, patient.id).phone == "0612"


def test_not_now_for_a_server_that_went_back_asks_again_when_it_is_next_back(
    window: MainWindow, outage: Outage, patient: Patient, qtbot: QtBot,
    bridge: ScriptedPrompts, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Issue 21: "Not now" was asked again at every retry of the backoff (six times in six
    seconds), or — with a long backoff — only on "Try again now" or closing. Now: the poll
    goes on quietly while the server answers, and the next time it is back after being lost
    is the next time to ask."""
    from equitone.services import time_travel
    from equitone.ui.sync.replay import NOT_NOW

    tab = _open(window, patient, qtbot)
    sync = window.sync
    assert sync is not None
    sync.poller.interval_ms, sync.poller.backoff_ms = 50, (50,)
    outage.down = True
    tab.tag_regions([RegionKey(GM, R)], ToneState.OVERACTIVE)
    monkeypatch.setattr(time_travel, "differences",
                        lambda *_a, **_k: [time_travel.Difference("restored from a backup")])
    bridge.choice = NOT_NOW

    def asked() -> int:
        return [t for _k, t, _x in bridge.shown].count("The database went back in time")

    outage.down = False
    sync.retry_now()
    qtbot.waitUntil(lambda: asked() == 1)
    turned: list[bool] = []  # the poller's word on reachability, while held
    sync.poller.reachable.connect(turned.append)
    answered: list[object] = []  # the polls that came back
    sync.poller._relay.answered.connect(answered.append)
    qtbot.waitUntil(lambda: len(answered) >= 5)
    assert asked() == 1 and turned == []  # polled on, online, not asked again
    assert sync.waiting == 1 and _indicator(window).startswith("Held")
    outage.down = True  # lost ...
    qtbot.waitUntil(lambda: _indicator(window).startswith("Offline"))
    outage.down = False  # ... and back: asked again
    qtbot.waitUntil(lambda: asked() == 2)
    assert sync.waiting == 1 and _indicator(window).startswith("Held")


def test_an_own_exercise_saved_offline_says_why_it_cannot_wait_and_saves_when_back(
    window: MainWindow, db: Database, outage: Outage, qtbot: QtBot, bridge: ScriptedPrompts,
) -> None:
    """Issue 21: an own exercise saved while the server was away failed inside its dialog with
    the connection error. It cannot wait like other edits (plans use it at once); the dialog
    says so in one line, keeps what was typed, the status bar turns Offline, and Save works
    once the server is back."""
    from equitone.domain.types import Exercise
    from equitone.services import custom_exercises as own
    from equitone.ui.designer.dialogs import ask_exercise
    from equitone.ui.designer.exercise_dialog import ExerciseDialog

    said: list[str] = []

    def fill_and_save(dialog: ExerciseDialog) -> Exercise | None:
        dialog.name.setText("Towel press")
        item = next(dialog.muscles.item(n) for n in range(dialog.muscles.count())
                    if dialog.muscles.item(n).data(Qt.ItemDataRole.UserRole) == GM)
        item.setCheckState(Qt.CheckState.Checked)
        save = dialog.buttons.button(dialog.buttons.StandardButton.Save)
        outage.down = True
        save.click()
        said.append(dialog.problem.text())
        assert dialog.saved is None and dialog.name.text() == "Towel press"
        outage.down = False
        save.click()
        return dialog.answer()

    bridge.answers["ExerciseDialog"] = [fill_and_save]
    saved = ask_exercise(window, db, load_catalog(db))
    assert said[0].startswith("The database server cannot be reached, so the exercise was "
                              "not saved.") and "press Save again" in said[0]
    assert window.sync is not None and window.sync.offline  # the window heard it
    assert saved is not None and [e.name for e in own.list_exercises(db, own_only=True)] == [
        "Towel press"]


def test_a_recovery_file_saved_at_closing_is_offered_again_by_file_open_recovery(
    window: MainWindow, db: Database, outage: Outage, patient: Patient, qtbot: QtBot,
    bridge: ScriptedPrompts,
) -> None:
    """Issue 21: nothing read the recovery file; the clinician was told to enter the changes
    again from raw JSON."""
    tab = _open(window, patient, qtbot)
    assert tab.current is not None and window.sync is not None
    a = tab.current
    outage.down = True
    tab.tag_regions([RegionKey(GM, R)], ToneState.OVERACTIVE)
    path = window.sync.save_recovery()
    assert window.sync.waiting == 0 and not window.sync.journal.path.exists()
    outage.down = False
    assert (GM, R) not in asvc.get_assessment(db, a.id).tag_map()
    offered: list[str] = []

    def save_all(dialog: object) -> object:
        from equitone.ui.sync.replay_dialog import ReplayDialog

        assert isinstance(dialog, ReplayDialog)
        offered.extend(f"{i.text(0)} / {i.text(1)}" for i in dialog.items())
        return dialog.answer()

    bridge.answers["ReplayDialog"] = [save_all]
    bridge.files = [path]
    window.clinic.act_recovery.trigger()
    assert offered == ["Tag Gluteus medius R overactive / Maria Keller"]
    stored = asvc.get_assessment(db, a.id)
    assert stored.tag_map()[(GM, R)].state is ToneState.OVERACTIVE
    assert stored.row_version == a.row_version + 1
    assert bridge.shown[-1] == ("info", "Changes from before", "1 waiting change saved.")
    bridge.files = [path]  # opened twice: found already written, not written again
    bridge.answers["ReplayDialog"] = [lambda d: d.answer()]
    window.clinic.act_recovery.trigger()
    assert asvc.get_assessment(db, a.id).row_version == stored.row_version
    assert bridge.shown[-1][2] == (
        "1 waiting change: 1 already in the database (not written again).")


def test_a_file_that_is_not_a_recovery_file_is_refused_in_one_line(
    window: MainWindow, db: Database, bridge: ScriptedPrompts, tmp_path: Path,
) -> None:
    other = tmp_path / "notes.json"
    other.write_text('{"hello": 1}', encoding="utf-8")
    bridge.files = [other]
    window.clinic.act_recovery.trigger()
    assert bridge.shown == [("error", "Open recovery file",
                             "notes.json is not an Equitone recovery file.")]
