"""The whole story on the real PostgreSQL server: edits made while the server is stopped, the
workstation gone without closing (as after a kill: nothing ran at the end), and the next
start offers them — what, for whom, when — and saves each exactly once; a clash found on the
way is the clinician's to decide, and the count says what happened."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from equitone.domain.assessment import ToneTag
from equitone.domain.patients import PatientDraft
from equitone.domain.types import Side, ToneState
from equitone.services import assessments, patients
from equitone.services.journal import Journal, journal_path
from equitone.storage.database import Database
from equitone.ui.main_window import MainWindow
from equitone.ui.sync.replay_dialog import ReplayDialog
from tests.prompts import ScriptedPrompts

ServerDown = Callable[[], AbstractContextManager[None]]
GM, PIR = "gluteus-medius", "piriformis"


@pytest.fixture
def pg_db(pg_url: str) -> Iterator[Database]:
    from equitone.services.workspace import open_workspace

    database = open_workspace(pg_url)
    yield database
    database.close()


def _window(qtbot: QtBot, db: Database) -> MainWindow:
    from equitone.app import app_settings

    window = MainWindow(app_settings())
    qtbot.addWidget(window)
    window.resize(1400, 860)
    window.show()
    window.attach_database(db)
    return window


def _edits_then_gone(qtbot: QtBot, db: Database, patient_id: int,
                     server_down: ServerDown) -> None:
    """Window 1: two tags while the server is stopped, then the window is simply dropped."""
    from equitone.ui.bodymap import RegionKey

    window = _window(qtbot, db)
    assert window.sync is not None
    window.list_panel.select_patient(patient_id)
    tab = window.page.assessment
    assert tab is not None and tab.current is not None
    with server_down():
        tab.tag_regions([RegionKey(PIR, Side.RIGHT)], ToneState.OVERACTIVE)
        tab.tag_regions([RegionKey(GM, Side.RIGHT)], ToneState.TIGHT)
        assert window.sync.waiting == 2
        window.sync.poller.stop()  # the process is gone: nothing of it runs any more
        window.sync.journal.close()
    window.undo_stack.clear()
    window.hide()


def test_next_start_offers_the_edits_and_saves_each_once(
    pg_db: Database, pg_server_down: ServerDown, qtbot: QtBot, bridge: ScriptedPrompts,
) -> None:
    patient = patients.create_patient(pg_db, PatientDraft("Maria Keller"))
    a = assessments.create_assessment(pg_db, patient.id, tags=[
        ToneTag(GM, Side.LEFT, ToneState.UNDERACTIVE, 3)])
    _edits_then_gone(qtbot, pg_db, patient.id, pg_server_down)
    journal = journal_path(pg_db.describe())
    assert len(Journal(journal).waiting) == 2
    assert "equitone_test" not in journal.read_text()  # no address, no user, no password
    assert (PIR, Side.RIGHT) not in assessments.get_assessment(pg_db, a.id).tag_map()

    offered: list[list[str]] = []

    def save_all(dialog: ReplayDialog) -> object:
        offered.extend([[i.text(c) for c in range(3)] for i in dialog.items()])
        dialog.save_all.click()
        return dialog.answer()

    bridge.answers["ReplayDialog"] = [save_all]
    window = _window(qtbot, pg_db)  # the next start
    assert window.sync is not None
    try:
        qtbot.waitUntil(lambda: "ReplayDialog" in bridge.dialogs, timeout=10_000)
        assert [row[1] for row in offered] == ["Maria Keller", "Maria Keller"]
        assert "iriformis" in offered[0][0] and "assessment_id" not in str(offered)
        qtbot.waitUntil(lambda: not journal.exists(), timeout=10_000)
        stored = assessments.get_assessment(pg_db, a.id)
        assert stored.tag_map()[(PIR, Side.RIGHT)].state is ToneState.OVERACTIVE
        assert stored.tag_map()[(GM, Side.RIGHT)].state is ToneState.TIGHT
        assert stored.row_version == a.row_version + 2  # each exactly once
        said = [x for k, t, x in bridge.shown if t == "Changes from before"]
        assert said == ["2 waiting changes saved."]
    finally:
        window.undo_stack.clear()
        window.sync.stop()


def test_a_clash_at_the_next_start_is_decided_and_counted(
    pg_db: Database, pg_server_down: ServerDown, qtbot: QtBot, bridge: ScriptedPrompts,
) -> None:
    from equitone.ui.sync.conflict import KEEP_THEIRS

    patient = patients.create_patient(pg_db, PatientDraft("Maria Keller"))
    a = assessments.create_assessment(pg_db, patient.id)
    _edits_then_gone(qtbot, pg_db, patient.id, pg_server_down)
    # meanwhile another workstation tags the same side differently
    theirs = assessments.replace_tags(pg_db, a.id, [ToneTag(PIR, Side.RIGHT, ToneState.TIGHT)],
                                      expected_version=a.row_version)
    bridge.answers["ReplayDialog"] = [lambda d: d.answer()]
    bridge.choices = [1]  # the clash: (Put mine on top, Keep theirs)
    window = _window(qtbot, pg_db)
    assert window.sync is not None
    try:
        qtbot.waitUntil(lambda: any(t == "Changes from before" for _k, t, _x in bridge.shown),
                        timeout=10_000)
        clash = next(x for k, t, x in bridge.shown if k == "choose")
        assert KEEP_THEIRS in clash and "was changed" in clash
        said = next(x for _k, t, x in bridge.shown if t == "Changes from before")
        # mine went on top of their change to another side: merged, and said so
        assert said.startswith("2 waiting changes: 1 merged with a change made elsewhere, "
                               "1 not saved (theirs kept).")
        path = Path(said.split(" is in ", 1)[1].split("; File", 1)[0])
        kept = json.loads(path.read_text())["writes"]
        assert len(kept) == 1 and "iriformis" in kept[0]["label"]
        assert path.name.startswith("not-saved-")
        stored = assessments.get_assessment(pg_db, a.id)
        assert stored.tag_map()[(PIR, Side.RIGHT)].state is ToneState.TIGHT  # theirs
        assert stored.tag_map()[(GM, Side.RIGHT)].state is ToneState.TIGHT  # mine, once
        assert stored.row_version == theirs.row_version + 1
        assert not journal_path(pg_db.describe()).exists()
    finally:
        window.undo_stack.clear()
        window.sync.stop()
