"""Writes while the database server is unreachable (simulated here on each engine; the real
server stopped and started is tests/pg/test_outage.py): kept in order, written once when it
answers, never dropped; the change marker that lists refresh by."""

from __future__ import annotations

import contextlib
import json
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from equitone.domain.assessment import ToneTag
from equitone.domain.patients import PatientDraft
from equitone.domain.types import Side, ToneState
from equitone.errors import ServerUnavailableError, StaleRecordError, ValidationError
from equitone.services import assessments, patients
from equitone.services.change_poll import change_marker, changes_since
from equitone.services.changes import Entity
from equitone.services.outbox import Outbox, Outcome, PendingWrite
from equitone.storage.audit import acting_as
from equitone.storage.database import Database
from equitone.storage.models import AuditRow

GONE = "The database server cannot be reached (simulated)."


class Outage:
    """Makes `db` behave as if its server were unreachable (every read and write refused
    before anything is sent), or as if the connection broke right after a COMMIT."""

    def __init__(self, db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
        self.db, self.down, self.cut_after_commit = db, False, 0
        self.down_after_commits: int | None = None  # the server goes away after N commits
        real_transaction, real_reading = db.transaction, db.reading

        @contextlib.contextmanager
        def transaction() -> Iterator[object]:
            if self.down:
                raise ServerUnavailableError(GONE)
            with real_transaction() as session:
                yield session
            if self.down_after_commits is not None:
                self.down_after_commits -= 1
                if self.down_after_commits <= 0:
                    self.down, self.down_after_commits = True, None
            if self.cut_after_commit:  # committed, but the answer never arrived
                self.cut_after_commit -= 1
                raise ServerUnavailableError(GONE)

        @contextlib.contextmanager
        def reading() -> Iterator[object]:
            if self.down:
                raise ServerUnavailableError(GONE)
            with real_reading() as session:
                yield session

        monkeypatch.setattr(db, "transaction", transaction)
        monkeypatch.setattr(db, "reading", reading)


@pytest.fixture
def outage(db: Database, monkeypatch: pytest.MonkeyPatch) -> Outage:
    return Outage(db, monkeypatch)


@pytest.fixture
def patient_id(db: Database) -> int:
    return patients.create_patient(db, PatientDraft("Maria Keller", phone="0601")).id


def _entries(db: Database, patient_id: int) -> int:
    with db.reading() as s:
        return int(s.scalar(select(func.count()).select_from(AuditRow)
                            .where(AuditRow.patient_id == patient_id)) or 0)


def edit(db: Database, patient_id: int, draft: PatientDraft, version: int,
         source: PatientDraft | None = None) -> PendingWrite:
    """A patient edit as the window's command makes it (services/write_steps.py): on the version it
    was made on; done already when a retry finds its own change stored; written on top when
    only other fields changed meanwhile (`source`: the details it was made from)."""
    target = draft.validated()

    def attempt() -> None:
        try:
            patients.update_patient(db, patient_id, target, expected_version=version)
        except StaleRecordError:
            stored = patients.get_patient(db, patient_id)
            if stored.draft == target:
                return  # an earlier try did land
            if source is None or stored.draft != source.validated():
                raise
            patients.update_patient(db, patient_id, target,
                                    expected_version=stored.row_version)

    return PendingWrite(f"Edit {draft.name}", f"patient {patient_id}",
                        {"patient_id": patient_id, "phone": draft.phone}, attempt)


def test_writes_wait_in_order_and_land_once_when_the_server_is_back(
    db: Database, outage: Outage, patient_id: int
) -> None:
    box = Outbox()
    v = patients.get_patient(db, patient_id).row_version
    before = _entries(db, patient_id)
    outage.down = True
    first = PatientDraft("Maria Keller", phone="0612")
    assert box.submit(edit(db, patient_id, first, v)) is Outcome.QUEUED
    assert box.offline
    # made on what the screen shows (the first edit, not saved yet): the same version
    second = edit(db, patient_id, PatientDraft("Maria Keller-Berg", phone="0612"), v, first)
    assert box.submit(second) is Outcome.QUEUED  # behind the first, never ahead of it
    assert [w.label for w in box.pending] == ["Edit Maria Keller", "Edit Maria Keller-Berg"]
    assert box.flush() == 0 and len(box) == 2 and box.offline  # still down: still kept
    outage.down = False
    assert patients.get_patient(db, patient_id).phone == "0601"  # nothing written meanwhile
    assert box.flush() == 2
    assert not box.offline and len(box) == 0
    stored = patients.get_patient(db, patient_id)
    assert (stored.name, stored.phone, stored.row_version) == ("Maria Keller-Berg", "0612", v + 2)
    assert _entries(db, patient_id) - before == 2  # each once, in order


def test_second_write_is_refused_not_overwritten_when_made_on_the_old_version(
    db: Database, outage: Outage, patient_id: int
) -> None:
    failures: list[str] = []
    box = Outbox(on_error=lambda write, exc: failures.append(str(exc)))
    v = patients.get_patient(db, patient_id).row_version
    outage.down = True
    box.submit(edit(db, patient_id, PatientDraft("Maria Keller", phone="0612"), v))
    box.submit(edit(db, patient_id, PatientDraft("Maria K", phone="0601"), v))
    outage.down = False
    assert box.flush() == 1
    assert len(failures) == 1 and "was changed after you opened it" in failures[0]
    assert patients.get_patient(db, patient_id).phone == "0612"


def test_commit_whose_answer_was_lost_is_not_written_twice(
    db: Database, outage: Outage, patient_id: int
) -> None:
    box = Outbox()
    v = patients.get_patient(db, patient_id).row_version
    before = _entries(db, patient_id)
    outage.cut_after_commit = 1  # the COMMIT succeeds, then the connection breaks
    write = edit(db, patient_id, PatientDraft("Maria Keller", phone="0612"), v)
    assert box.submit(write) is Outcome.QUEUED
    assert box.flush() == 1
    assert write.tries == 2
    stored = patients.get_patient(db, patient_id)
    assert (stored.phone, stored.row_version) == ("0612", v + 1)
    assert _entries(db, patient_id) - before == 1  # exactly once


def test_assessment_tags_edited_offline_land_once(
    db: Database, outage: Outage, patient_id: int
) -> None:
    a = assessments.create_assessment(db, patient_id)
    tag = ToneTag("gluteus-medius", Side.LEFT, ToneState.OVERACTIVE, 6)
    box = Outbox()

    def attempt() -> None:
        try:
            assessments.replace_tags(db, a.id, [tag], expected_version=a.row_version)
        except StaleRecordError:
            if assessments.get_assessment(db, a.id).tag_map().get(tag.key) != tag:
                raise

    outage.down = True
    box.submit(PendingWrite("Tag", f"assessment {a.id}", {}, attempt))
    outage.down = False
    outage.cut_after_commit = 1
    assert box.flush() == 0 and box.offline  # landed, but the answer was lost
    assert box.flush() == 1
    stored = assessments.get_assessment(db, a.id)
    assert stored.tags == (tag,) and stored.row_version == a.row_version + 1


def test_other_failures_are_not_queued(db: Database, outage: Outage, patient_id: int) -> None:
    box = Outbox()

    def refused() -> None:
        raise ValidationError("A patient needs a name.")

    with pytest.raises(ValidationError):
        box.submit(PendingWrite("Edit", "patient", {}, refused))
    assert len(box) == 0 and not box.offline


def test_recovery_file_lists_every_waiting_change_owner_only(
    db: Database, outage: Outage, patient_id: int, tmp_path: Path
) -> None:
    box = Outbox()
    outage.down = True
    box.submit(edit(db, patient_id, PatientDraft("Maria Keller", phone="0612"), 1))
    box.submit(edit(db, patient_id, PatientDraft("Maria Keller", phone="0699"), 1))
    path = box.save_recovery(tmp_path / "recovery", "postgresql://clinic/db")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["format"] == "equitone-pending-writes"
    assert document["database"] == "postgresql://clinic/db"
    assert [w["intent"]["phone"] for w in document["writes"]] == ["0612", "0699"]
    assert all(w["queued_at_utc"].endswith("Z") for w in document["writes"])
    assert len(box) == 2  # saving a copy drops nothing
    assert box.save_recovery(tmp_path / "recovery", "x") != path


def test_change_marker_lists_what_others_changed(
    db: Database, other: Database, patient_id: int
) -> None:
    marker = change_marker(db)
    assert changes_since(db, marker).change.empty
    with acting_as("anna@room2"):
        new = patients.create_patient(other, PatientDraft("Ann Other"))
        a = assessments.create_assessment(other, patient_id)
    found = changes_since(db, marker)
    change = found.change
    assert change.kinds == {Entity.PATIENT, Entity.ASSESSMENT} and not change.everything
    assert change.patient_ids == {new.id, patient_id}
    assert change.touches(patient_id) and not change.touches(new.id + 1000)
    assert changes_since(db, found.marker).change.empty
    assessments.update_details(other, a.id, day=a.day, clinician="Tom", findings="",
                               expected_version=a.row_version)
    only = changes_since(db, found.marker)
    assert only.change.kinds == {Entity.ASSESSMENT}
    assert not only.change.about(Entity.PATIENT) and only.change.patient_ids == {patient_id}
    # a marker ahead of the database (it was replaced by an older copy): reload everything
    assert changes_since(db, only.marker + 50).change.everything


@pytest.fixture
def other(db_target: str) -> Iterator[Database]:
    from equitone.services.workspace import open_workspace

    database = open_workspace(db_target)
    yield database
    database.close()

