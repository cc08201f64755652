"""A server restored from an older pg_dump while edits wait: nothing is written until the
clinician has seen what differs — even once other workstations have written again and the
audit ids of the lost entries are handed out a second time."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from equitone.domain.assessment import ToneTag
from equitone.domain.patients import PatientDraft
from equitone.domain.types import Side, ToneState
from equitone.services import assessments, patients
from equitone.storage.database import Database
from tests.pg.cluster import TEST_USER, Cluster
from tests.prompts import ScriptedPrompts

GM, PIR = "gluteus-medius", "piriformis"


@pytest.fixture
def pg_db(pg_url: str) -> Iterator[Database]:
    from equitone.services.workspace import open_workspace

    database = open_workspace(pg_url)
    yield database
    database.close()


def _tool(cluster: Cluster, name: str, *args: str) -> None:
    subprocess.run([str(cluster.bin_dir / name), "-h", "127.0.0.1", "-p", str(cluster.port),
                    "-U", TEST_USER, *args], check=True, capture_output=True, timeout=120)


def test_edits_wait_through_a_restore_from_an_older_dump_until_confirmed(
    pg_db: Database, pg_url: str, pg_cluster: Cluster, tmp_path: Path, qtbot: QtBot,
    bridge: ScriptedPrompts,
) -> None:
    from equitone.app import app_settings
    from equitone.ui.bodymap import RegionKey
    from equitone.ui.main_window import MainWindow
    from equitone.ui.sync.replay import NOT_NOW, WRITE_ANYWAY

    name = pg_url.rsplit("/", 1)[1]
    patient = patients.create_patient(pg_db, PatientDraft("Maria Keller"))
    a = assessments.create_assessment(pg_db, patient.id, tags=[
        ToneTag(GM, Side.LEFT, ToneState.UNDERACTIVE, 3)])
    dump = tmp_path / "older.pgdump"
    _tool(pg_cluster, "pg_dump", "-Fc", "-f", str(dump), name)
    # after the dump: another workstation's change, and one made here
    assessments.replace_tags(pg_db, a.id, [ToneTag(GM, Side.RIGHT, ToneState.TIGHT)],
                             expected_version=a.row_version)
    window = MainWindow(app_settings())
    qtbot.addWidget(window)
    window.show()
    window.attach_database(pg_db)
    sync = window.sync
    assert sync is not None
    sync.poller.backoff_ms = (60_000,)  # the test decides when the poll runs
    try:
        window.list_panel.select_patient(patient.id)
        tab = window.page.assessment
        assert tab is not None and tab.current is not None
        sync.note_offline()  # the connection went away: edits wait
        tab.tag_regions([RegionKey(PIR, Side.RIGHT)], ToneState.OVERACTIVE)
        assert sync.waiting == 1
        based_on = tab.current.row_version
        # the administrator restores the older dump; others write again (ids reused)
        _tool(pg_cluster, "pg_restore", "--clean", "--if-exists", "-d", name, str(dump))
        restored = assessments.get_assessment(pg_db, a.id)
        assert restored.row_version < based_on and (GM, Side.RIGHT) not in restored.tag_map()
        patients.update_patient(pg_db, patient.id, PatientDraft("Maria Keller", phone="1"))
        assessments.replace_tags(pg_db, a.id, [ToneTag(GM, Side.RIGHT, ToneState.TIGHT)],
                                 expected_version=restored.row_version)
        bridge.choices = [NOT_NOW]
        sync.retry_now()
        qtbot.waitUntil(lambda: any(t == "The database went back in time"
                                    for _k, t, _x in bridge.shown), timeout=10_000)
        warning = next(x for _k, t, x in bridge.shown if t == "The database went back in time")
        assert "nothing has been written" in warning and "restored" in warning
        assert (PIR, Side.RIGHT) not in assessments.get_assessment(pg_db, a.id).tag_map()
        assert sync.waiting == 1 and sync.indicator.text().startswith("Held")
        window.grab().save(str(tmp_path / "held.png"))
        # the clinician has seen it and writes anyway
        bridge.choices = [WRITE_ANYWAY]
        assert sync.flush_now() is True  # shown again first, then written
        assert [t for _k, t, _x in bridge.shown].count("The database went back in time") == 2
        assert sync.waiting == 0
        stored = assessments.get_assessment(pg_db, a.id)
        assert stored.tag_map()[(PIR, Side.RIGHT)].state is ToneState.OVERACTIVE
    finally:
        window.undo_stack.clear()
        sync.stop()
