"""Patient records: create, edit, archive (never delete), search."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from datetime import date
from typing import Any
from uuid import uuid4

from sqlalchemy import Row, func, select, union_all
from sqlalchemy.orm import Session

from equitone.domain.limits import check_birth_before, check_day
from equitone.domain.patients import Patient, PatientDraft
from equitone.domain.search_key import name_sort_key, needle
from equitone.errors import NotFoundError, ValidationError
from equitone.services.concurrency import claim
from equitone.services.outbox import PendingWrite
from equitone.storage.database import Database
from equitone.storage.models import AssessmentRow, PatientRow, SessionRow


def new_uuid() -> str:
    """A patient's stable identity; drawn by the editor before a create, so that retrying a
    create whose outcome is unknown cannot make a second patient."""
    return uuid4().hex


def _to_domain(row: PatientRow | Row[Any]) -> Patient:
    """From an ORM row, or from a plain row of the patients table's columns (a list of
    thousands reads three times faster without the ORM's bookkeeping)."""
    return Patient(
        id=row.id,
        name=row.name,
        date_of_birth=row.date_of_birth,
        phone=row.phone,
        email=row.email,
        address=row.address,
        notes=row.notes,
        archived=row.archived,
        preferred_modality=row.preferred_modality,
        row_version=row.row_version,
        search_key=row.search_key,
        relax_after_every_activation=bool(row.relax_after_every_activation),
        relax_after_muscles=tuple(row.relax_after_muscles or ()),
    )


def create_patient(db: Database, draft: PatientDraft, *, uuid: str | None = None) -> Patient:
    """`uuid` makes a retry safe: when a patient with it exists already (the first attempt
    did commit before the connection broke), that one is returned and nothing is written."""
    clean = draft.validated()
    with db.transaction() as session:
        if uuid is not None:
            existing = session.scalar(select(PatientRow).where(PatientRow.uuid == uuid))
            if existing is not None:
                return _to_domain(existing)
        row = PatientRow(
            uuid=uuid or new_uuid(),
            name=clean.name,
            date_of_birth=clean.date_of_birth,
            phone=clean.phone,
            email=clean.email,
            address=clean.address,
            notes=clean.notes,
            archived=False,
        )
        session.add(row)
        session.flush()
        return _to_domain(row)


def _get_row(session: Session, patient_id: int) -> PatientRow:
    row = session.get(PatientRow, patient_id)
    if row is None:
        raise NotFoundError(f"There is no patient with id {patient_id}.")
    return row


def _first_visit(session: Session, patient_id: int) -> date | None:
    """The date of the patient's first assessment or session."""
    days = union_all(
        select(AssessmentRow.date.label("day")).where(AssessmentRow.patient_id == patient_id),
        select(SessionRow.date.label("day")).where(SessionRow.patient_id == patient_id),
    ).subquery()
    first: date | None = session.scalar(select(func.min(days.c.day)))
    return first


def check_record_day(session: Session, patient_id: int, day: date, what: str) -> date:
    """`day` for the patient's new or re-dated assessment or session (`what`), checked
    against the accepted window and their date of birth (domain/limits.py)."""
    row = _get_row(session, patient_id)
    return check_day(day, what, born=row.date_of_birth, patient=row.name)


def get_patient(db: Database, patient_id: int) -> Patient:
    with db.reading() as session:
        return _to_domain(_get_row(session, patient_id))


def _what(row: PatientRow) -> str:
    return f"{row.name}'s record"


def update_patient(
    db: Database, patient_id: int, draft: PatientDraft, *, expected_version: int | None = None
) -> Patient:
    """`expected_version`: the record's version the editor loaded; a save on an older one is
    refused (StaleRecordError) and nothing is written."""
    clean = draft.validated()
    with db.transaction() as session:
        row = _get_row(session, patient_id)
        claim(session, row, expected_version, _what(row))
        if clean.date_of_birth != row.date_of_birth:
            check_birth_before(clean.date_of_birth, _first_visit(session, patient_id))
        row.name = clean.name
        row.date_of_birth = clean.date_of_birth
        row.phone = clean.phone
        row.email = clean.email
        row.address = clean.address
        row.notes = clean.notes
        session.flush()
        return _to_domain(row)


def set_archived(
    db: Database, patient_id: int, archived: bool, *, expected_version: int | None = None
) -> Patient:
    """Archiving hides a patient from the working list; the record and history stay."""
    with db.transaction() as session:
        row = _get_row(session, patient_id)
        claim(session, row, expected_version, _what(row))
        row.archived = archived
        session.flush()
        return _to_domain(row)


def set_preferred_modality(db: Database, patient_id: int, modality: str | None) -> Patient:
    with db.transaction() as session:
        row = _get_row(session, patient_id)
        row.preferred_modality = modality
        session.flush()
        return _to_domain(row)


def set_relax_after(
    db: Database,
    patient_id: int,
    muscle: str | None,
    on: bool,
    *,
    expected_version: int | None = None,
) -> Patient:
    """Ask for (or stop asking for) a relaxation block after every activation of `muscle`,
    or of every muscle when `muscle` is None, for this patient's sessions from now on."""
    from equitone.services.catalog import load_catalog

    if muscle is not None and muscle not in load_catalog(db).muscles:
        raise ValidationError(f"Unknown muscle '{muscle}'.")
    with db.transaction() as session:
        row = _get_row(session, patient_id)
        claim(session, row, expected_version, _what(row))
        if muscle is None:
            row.relax_after_every_activation = on
        else:
            chosen = [m for m in (row.relax_after_muscles or []) if m != muscle]
            row.relax_after_muscles = sorted([*chosen, muscle]) if on else chosen
        session.flush()
        return _to_domain(row)


def list_patients(
    db: Database, *, search: str = "", include_archived: bool = False, limit: int | None = None
) -> list[Patient]:
    """Patients sorted by name as people expect (Élodie among the E's, "Anna 9" before
    "Anna 10"); `search` matches every word typed in the name, phone, e-mail or notes,
    accents, case and punctuation ignored (domain/search_key.py), on either engine.
    `limit`: the first so many (a search box shows a page, not ten thousand rows)."""
    with db.reading() as session:
        query = select(*PatientRow.__table__.columns)
        if not include_archived:
            query = query.where(PatientRow.archived.is_(False))
        for word in needle(search):  # folded: letters, digits and spaces only, no wildcards
            query = query.where(PatientRow.search_key.contains(word, autoescape=True))
        # The stored key compared byte by byte on both engines (a PostgreSQL server's own
        # collation would order spaces and marks its own way).
        key = PatientRow.name_sort_key
        by_name = key.collate("C") if db.engine.dialect.name == "postgresql" else key
        rows = session.execute(query.order_by(by_name, PatientRow.id).limit(limit)).all()
        return [_to_domain(r) for r in rows]


def likely_duplicates(
    db: Database, draft: PatientDraft, *, other_than: int | None = None
) -> list[Patient]:
    """Stored patients (archived too) who may be the one `draft` describes: the same name as
    people read it (accents, case and punctuation aside); those also born on the draft's date
    first. The clinician decides: a namesake is a different person."""
    key = name_sort_key(draft.name)
    if not key:
        return []
    with db.reading() as session:
        query = select(PatientRow).where(PatientRow.name_sort_key == key)
        if other_than is not None:
            query = query.where(PatientRow.id != other_than)
        found = [_to_domain(r) for r in session.scalars(query.order_by(PatientRow.id))]
    born = draft.date_of_birth
    return sorted(found, key=lambda p: born is None or p.date_of_birth != born)


def count_patients(db: Database) -> int:
    with db.reading() as session:
        return int(session.scalar(select(func.count()).select_from(PatientRow)) or 0)


def create_patient_write(
    db: Database, draft: PatientDraft, created: Callable[[Patient], None]
) -> PendingWrite:
    """A new patient, idempotent: its uuid is drawn here, so a retry after a connection lost
    in the middle of the commit finds the patient instead of making a second one."""
    clean = draft.validated()  # a bad draft fails now, not when the server is back
    uuid = new_uuid()
    details = {k: v.isoformat() if isinstance(v, date) else v for k, v in asdict(clean).items()}
    return PendingWrite(
        f"New patient {clean.name}", "a new patient",
        {"kind": "new_patient", "create_patient": details, "uuid": uuid},
        lambda: created(create_patient(db, clean, uuid=uuid)),
    )
