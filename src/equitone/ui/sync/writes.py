"""Writes of the window itself (not undo commands) that go through the outbox."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from datetime import date

from equitone.domain.patients import Patient, PatientDraft
from equitone.services.outbox import PendingWrite
from equitone.services.patients import create_patient, new_uuid
from equitone.storage.database import Database


def create_patient_write(
    db: Database, draft: PatientDraft, created: Callable[[Patient], None]
) -> PendingWrite:
    """A new patient, idempotent: its uuid is drawn here, so a retry after a connection lost
    in the middle of the commit finds the patient instead of making a second one."""
    clean = draft.validated()  # a bad draft fails now, not when the server is back
    uuid = new_uuid()
    details = {k: v.isoformat() if isinstance(v, date) else v for k, v in asdict(clean).items()}
    return PendingWrite(
        f"New patient {clean.name}", "a new patient", {"create_patient": details, "uuid": uuid},
        lambda: created(create_patient(db, clean, uuid=uuid)),
    )
