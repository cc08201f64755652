"""The audit trail read in batches (`equitone audit` over hundreds of thousands of entries):
the same entries, in the same order, as reading it whole."""

from __future__ import annotations

import io
import json

import pytest
from sqlalchemy import select

from equitone.cli.output import print_json, print_table
from equitone.cli.streamed import stream_json, stream_table
from equitone.domain.patients import PatientDraft
from equitone.services import audit
from equitone.services.patients import create_patient, set_archived
from equitone.storage.database import Database
from equitone.storage.models import AuditRow


@pytest.fixture
def trail(db: Database) -> list[int]:
    """Two patients, several changes each: a trail of a few dozen entries."""
    ids = []
    for n in range(12):
        patient = create_patient(db, PatientDraft(name=f"Patient {n}"))
        set_archived(db, patient.id, True)
        set_archived(db, patient.id, False)
        ids.append(patient.id)
    return ids


def _whole(db: Database) -> list[audit.AuditEntry]:
    """The trail read in one go, the plain way (the reference for the batched reads)."""
    with db.reading() as session:
        return [audit.entry_from_row(r)
                for r in session.scalars(select(AuditRow).order_by(AuditRow.id))]


@pytest.mark.parametrize("batch", [1, 5, 1000])
def test_streaming_gives_what_reading_whole_gives(
    db: Database, trail: list[int], batch: int
) -> None:
    whole = _whole(db)
    assert list(audit.stream_audit_entries(db, batch=batch)) == whole
    one = trail[3]
    mine = [e for e in whole if e.patient_id == one]
    assert list(audit.stream_audit_entries(db, patient_id=one, batch=batch)) == mine
    for limit in (1, 7, 36, 500):
        assert list(audit.stream_audit_entries(db, limit=limit, batch=batch)) == (
            whole[-limit:]
        )
    record = [e for e in whole if e.entity == "patient" and e.entity_id == one]
    assert list(audit.stream_audit_entries(db, entity="patient", entity_id=one, limit=2,
                                           batch=batch)) == record[-2:]
    assert audit.audit_entries(db, patient_id=one, newest_first=True) == mine[::-1]


def test_streamed_output_reads_like_the_whole_output() -> None:
    rows = [{"id": n, "who": "kim" * (n % 3), "what": f"change {n}"} for n in range(40)]
    whole, streamed = io.StringIO(), io.StringIO()
    print_table(rows, ["id", "who", "what"], out=whole)
    assert stream_table(iter(rows), ["id", "who", "what"], out=streamed) == 40
    assert streamed.getvalue() == whole.getvalue()
    whole, streamed = io.StringIO(), io.StringIO()
    print_json(rows, out=whole)
    assert stream_json(iter(rows), out=streamed) == 40
    assert streamed.getvalue() == whole.getvalue()
    empty = io.StringIO()
    stream_json(iter([]), out=empty)
    assert json.loads(empty.getvalue()) == []
