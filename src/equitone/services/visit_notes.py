"""Visit notes (SOAP) and the clinic's quick phrases.

A visit's notes live with its assessment version: they are read-only once it is signed (the
audit fold refuses any change under a signed assessment, whoever writes) and an amendment
copies them into its new version (services/assessments.py). Saving takes the assessment's
write lock first (`_lock_unsigned`), so a save racing a signature on another workstation
either lands before the signature (and is signed with it) or is refused after it: never
written under a signature.

Two workstations typing on the same visit do not refuse each other: a save names the notes it
started from (`base`) and is merged into what is stored now, section by section
(domain/text_merge.py), so neither text is lost. The editor autosaves off the typing path
(ui/notes/autosave.py) and shows what the merge made.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Table, delete, select, update
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import Session

from equitone.domain.limits import check_text
from equitone.domain.text_merge import merge_text
from equitone.domain.trends import format_day
from equitone.domain.visit_record import SOAP_FIELDS, VisitNotes
from equitone.errors import NotFoundError, ValidationError
from equitone.storage.database import Database
from equitone.storage.models import AssessmentRow, QuickPhraseRow, VisitNoteRow

__all__ = [
    "SavedNotes",
    "add_to_notes",
    "copy_notes",
    "delete_phrase",
    "get_notes",
    "list_phrases",
    "notes_for",
    "save_notes",
    "save_phrase",
]


@dataclass(frozen=True, slots=True)
class SavedNotes:
    """What a save stored: `notes` (merged with another workstation's typing when `merged`),
    and `clean` False when both rewrote the same words (both versions kept, marked)."""

    notes: VisitNotes
    merged: bool = False
    clean: bool = True


def _notes_of(row: VisitNoteRow | None) -> VisitNotes:
    if row is None:
        return VisitNotes()
    return VisitNotes(row.subjective, row.objective, row.assessment, row.plan)


def _stored(session: Session, assessment_id: int) -> VisitNoteRow | None:
    return session.scalar(select(VisitNoteRow).where(VisitNoteRow.assessment_id == assessment_id))


def _assessment(session: Session, assessment_id: int) -> AssessmentRow:
    row = session.get(AssessmentRow, assessment_id)
    if row is None:
        raise NotFoundError(f"There is no assessment with id {assessment_id}.")
    return row


def _lock_unsigned(session: Session, assessment_id: int) -> bool:
    """Take the assessment's write lock while it is unsigned, first thing in the transaction:
    a no-op UPDATE (the row lock on PostgreSQL, the database's write lock on SQLite). A save
    then waits for a signature or another save under way and sees what it left: two first
    saves of one visit's notes cannot both insert, and none lands under a signature. Core on
    the session's connection: it changes nothing, so nothing is audited. False: signed."""
    table = AssessmentRow.__table__
    assert isinstance(table, Table)
    result = session.connection().execute(
        update(table).where(table.c.id == assessment_id, table.c.signed_at.is_(None))
        .values(updated_at=table.c.updated_at)
    )
    assert isinstance(result, CursorResult)
    return result.rowcount == 1


def _signed_error(row: AssessmentRow) -> ValidationError:
    return ValidationError(
        f"The visit of {format_day(row.date)} (assessment {row.id}) is signed and its notes "
        "are read-only; amend the assessment to change them."
    )


def _writable(session: Session, assessment_id: int) -> VisitNoteRow | None:
    """The stored notes of an unsigned visit (None: none yet), its assessment locked."""
    if not _lock_unsigned(session, assessment_id):
        raise _signed_error(_assessment(session, assessment_id))
    return _stored(session, assessment_id)


def get_notes(db: Database, assessment_id: int) -> VisitNotes:
    with db.reading() as session:
        _assessment(session, assessment_id)
        return _notes_of(_stored(session, assessment_id))


def notes_for(db: Database, assessment_ids: Iterable[int]) -> dict[int, VisitNotes]:
    """The notes of many visits in one query (visits without notes are left out)."""
    ids = list(assessment_ids)
    if not ids:
        return {}
    with db.reading() as session:
        rows = session.scalars(select(VisitNoteRow).where(VisitNoteRow.assessment_id.in_(ids)))
        return {r.assessment_id: _notes_of(r) for r in rows}


def _write(session: Session, assessment_id: int, notes: VisitNotes,
           row: VisitNoteRow | None) -> None:
    values = {name: notes.section(name) for name in SOAP_FIELDS}
    if row is None:
        if notes.empty:
            return
        session.add(VisitNoteRow(assessment_id=assessment_id,
                                 updated_at=datetime.now(UTC).replace(tzinfo=None), **values))
        return
    if _notes_of(row) == notes:
        return
    for name, value in values.items():
        setattr(row, name, value)
    row.updated_at = datetime.now(UTC).replace(tzinfo=None)


def save_notes(
    db: Database, assessment_id: int, notes: VisitNotes, *, base: VisitNotes | None = None
) -> SavedNotes:
    """Store `notes` on an unsigned visit in one transaction. `base`: the notes the editor
    started from; each section someone else changed meanwhile is merged with this edit
    instead of overwritten (None: `notes` replace what is stored, as the CLI does)."""
    notes = notes.validated()
    with db.transaction() as session:
        row = _writable(session, assessment_id)
        stored = _notes_of(row)
        result, merged, clean = notes, False, True
        if base is not None and stored != base:
            for name in SOAP_FIELDS:
                text, ok = merge_text(base.section(name), notes.section(name),
                                      stored.section(name))
                clean = clean and ok
                result = result.with_section(name, text)
            merged = True
            result = result.validated()
        _write(session, assessment_id, result, row)
        return SavedNotes(result, merged, clean)


def add_to_notes(db: Database, assessment_id: int, section: str, text: str) -> VisitNotes:
    """Add `text` as a new paragraph at the end of one section (`equitone note add`)."""
    text = text.strip()
    if not text:
        raise ValidationError("Give the text to add to the note.")
    VisitNotes().section(section)  # a known section name
    with db.transaction() as session:
        row = _writable(session, assessment_id)
        stored = _notes_of(row)
        before = stored.section(section).rstrip()
        result = stored.with_section(section, f"{before}\n\n{text}" if before else text)
        _write(session, assessment_id, result.validated(), row)
        return result


def copy_notes(session: Session, source_id: int, target_id: int) -> None:
    """Inside an amendment's transaction: the signed version's notes, copied to the new one."""
    row = _stored(session, source_id)
    if row is not None:
        _write(session, target_id, _notes_of(row), None)


# -- quick phrases ------------------------------------------------------------------------------
def list_phrases(db: Database) -> dict[str, str]:
    """key -> phrase, by key."""
    with db.reading() as session:
        rows = session.scalars(select(QuickPhraseRow).order_by(QuickPhraseRow.key))
        return {r.key: r.text for r in rows}


def _clean_key(key: str) -> str:
    key = key.strip().lower()
    if not key or any(ch.isspace() for ch in key):
        raise ValidationError("A quick phrase's key is one word, such as 'gm' or 'hep'.")
    return check_text(key, "quick_phrases.key")


def save_phrase(db: Database, key: str, text: str) -> Mapping[str, str]:
    """Add or replace a phrase; returns all phrases."""
    key = _clean_key(key)
    text = check_text(text.strip(), "quick_phrases.text")
    if not text:
        raise ValidationError("A quick phrase needs its text.")
    with db.transaction() as session:
        row = session.scalar(select(QuickPhraseRow).where(QuickPhraseRow.key == key))
        if row is None:
            session.add(QuickPhraseRow(key=key, text=text))
        else:
            row.text = text
    return list_phrases(db)


def delete_phrase(db: Database, key: str) -> None:
    with db.transaction() as session:
        session.execute(delete(QuickPhraseRow).where(QuickPhraseRow.key == _clean_key(key)))
