"""A real lost connection: the PostgreSQL test server is stopped in the middle of a test
(pg_ctl stop -m fast) and started again. An edit made during the outage is kept, and lands
exactly once when the server is back — through the outbox alone, and through the window."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from equitone.domain.assessment import ToneTag
from equitone.domain.patients import PatientDraft
from equitone.domain.types import Side, ToneState
from equitone.errors import ServerUnavailableError, StaleRecordError
from equitone.services import assessments, patients
from equitone.services.outbox import Outbox, Outcome, PendingWrite
from equitone.storage.database import Database
from equitone.storage.models import AuditRow
from tests.pg.cluster import Cluster

ServerDown = Callable[[], AbstractContextManager[None]]


@pytest.fixture
def pg_db(pg_url: str) -> Iterator[Database]:
    from equitone.services.workspace import open_workspace

    database = open_workspace(pg_url)
    yield database
    database.close()


def _entries(db: Database, patient_id: int) -> int:
    with db.reading() as s:
        return int(s.scalar(select(func.count()).select_from(AuditRow)
                            .where(AuditRow.patient_id == patient_id)) or 0)


def test_edit_during_outage_lands_once_when_the_server_is_back(
    pg_db: Database, pg_cluster: Cluster, pg_server_down: ServerDown
) -> None:
    patient = patients.create_patient(pg_db, PatientDraft("Maria Keller", phone="0601"))
    before = _entries(pg_db, patient.id)
    target = PatientDraft("Maria Keller", phone="0612").validated()

    def attempt() -> None:  # as the window's command does it (services/write_steps.py)
        try:
            patients.update_patient(pg_db, patient.id, target,
                                    expected_version=patient.row_version)
        except StaleRecordError:
            if patients.get_patient(pg_db, patient.id).draft != target:
                raise

    box = Outbox()
    with pg_server_down():
        assert not pg_cluster.running
        with pytest.raises(ServerUnavailableError):  # the connection the pool held is dead
            patients.get_patient(pg_db, patient.id)
        write = PendingWrite("Edit Maria Keller", f"patient {patient.id}", {}, attempt)
        assert box.submit(write) is Outcome.QUEUED
        assert box.flush() == 0 and box.offline  # still down: kept, not dropped
    assert pg_cluster.running
    assert box.flush() == 1 and not box.offline and len(box) == 0
    stored = patients.get_patient(pg_db, patient.id)
    assert (stored.phone, stored.row_version) == ("0612", patient.row_version + 1)
    assert _entries(pg_db, patient.id) - before == 1  # exactly once
    assert box.flush() == 0  # nothing left to write twice


def test_window_keeps_a_tag_through_the_outage_and_saves_it_once(
    pg_db: Database, pg_cluster: Cluster, pg_server_down: ServerDown, qtbot: QtBot,
    bridge: object,
) -> None:
    from equitone.app import app_settings
    from equitone.ui.bodymap import RegionKey
    from equitone.ui.main_window import MainWindow

    patient = patients.create_patient(pg_db, PatientDraft("Maria Keller"))
    a = assessments.create_assessment(pg_db, patient.id, tags=[
        ToneTag("gluteus-medius", Side.LEFT, ToneState.UNDERACTIVE, 3)])
    window = MainWindow(app_settings())
    qtbot.addWidget(window)
    window.show()
    window.attach_database(pg_db)
    assert window.sync is not None
    window.sync.poller.backoff_ms = (200, 400)  # quick retries for the test
    try:
        window.list_panel.select_patient(patient.id)
        tab = window.page.assessment
        assert tab is not None and tab.current is not None
        with pg_server_down():
            tab.tag_regions([RegionKey("piriformis", Side.RIGHT)], ToneState.OVERACTIVE)
            assert window.sync.waiting == 1
            assert window.sync.indicator.text().startswith("Offline")
            assert tab.current is not None and ("piriformis", Side.RIGHT) in tab.current.tag_map()
            poller = window.sync.poller
            tried = poller.failures
            qtbot.waitUntil(lambda: poller.failures >= tried + 2, timeout=10_000)  # two retries
            assert window.sync.waiting == 1  # ... and the write still waits
        # the poll finds the server again by itself and writes what waited
        qtbot.waitUntil(lambda: window.sync is not None and window.sync.waiting == 0,
                        timeout=10_000)
        stored = assessments.get_assessment(pg_db, a.id)
        assert stored.tag_map()[("piriformis", Side.RIGHT)].state is ToneState.OVERACTIVE
        assert stored.row_version == a.row_version + 1  # once
        assert window.sync.indicator.text() == "● Connected"
        assert tab.pending_note.isHidden()
    finally:
        window.undo_stack.clear()
        window.sync.stop()
