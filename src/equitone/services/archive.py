"""Patient archives: export one patient to a JSON file, import such a file into a database.

The format (docs/archive-format.md, resources/archive/patient-archive-4.schema.json; versions
1 to 3 are still read) holds the record, every assessment version with its tags, PSFS and
visit notes, every session version with its blocks, decisions, responses per block and
next-day reports, and the custom exercises they name.
Import is all-or-nothing: the file is parsed, checked against the schema of its version, then
against this database (muscles, exercises, links between versions) before one transaction
writes it; any problem is one clear message and no write. A patient already here (same
archive uuid, or same name and date of birth) is not duplicated."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from equitone import __version__
from equitone.errors import EquitoneError, NotFoundError
from equitone.figures.scene import media_type
from equitone.services.archive_format import (
    FORMAT,
    FORMAT_VERSION,
    ArchiveError,
    parse_archive,
    read_archive_bytes,
    validate_schema,
    write_private,
)
from equitone.services.archive_plan import plan_import
from equitone.services.archive_records import ImportPlan
from equitone.services.catalog import load_catalog, picture_from
from equitone.services.output_target import checked_output
from equitone.storage import audit
from equitone.storage.bulk_rows import insert_rows
from equitone.storage.database import Database
from equitone.storage.models import (
    AssessmentRow,
    BlockResponseRow,
    ExerciseRow,
    NextDayReportRow,
    PatientRow,
    PsfsItemRow,
    SessionBlockRow,
    SessionDecisionRow,
    SessionRow,
    ToneTagRow,
    VisitNoteRow,
)
from equitone.storage.schema import HEAD_REVISION

__all__ = ["ArchiveError", "DuplicatePatientError", "ExportResult", "ImportResult",
           "export_patient", "import_archive", "patient_archive"]


class DuplicatePatientError(EquitoneError):
    """The archive's patient is already in this database; nothing was imported."""

    exit_code = 5


@dataclass(frozen=True, slots=True)
class ExportResult:
    path: Path
    patient_id: int
    name: str
    assessments: int
    sessions: int
    custom_exercises: int


@dataclass(frozen=True, slots=True)
class ImportResult:
    patient_id: int
    name: str
    assessments: int
    sessions: int
    exercises_added: tuple[str, ...]
    exercises_matched: tuple[str, ...]
    dry_run: bool = False


# -- export -----------------------------------------------------------------------------------
def _stamp(value: datetime | None, *, utc: bool) -> str | None:
    if value is None:
        return None
    return value.isoformat(timespec="microseconds") + ("Z" if utc else "")


def _picture_entry(row: ExerciseRow) -> dict[str, Any] | None:
    """Format 3: the exercise's figure (base position or pose) or its photo, base64."""
    picture = picture_from(row.picture, row.photo)
    if picture is None:
        return None
    photo = None
    if picture.photo:
        photo = {"media_type": picture.media_type or media_type(picture.photo),
                 "width": picture.size[0], "height": picture.size[1],
                 "data": base64.b64encode(picture.photo).decode("ascii")}
    return {"base": picture.base, "like": picture.like, "photo": photo}


def _exercise_entry(row: ExerciseRow) -> dict[str, Any]:
    return {
        "slug": row.slug, "name": row.name, "kind": row.kind, "muscles": list(row.muscles),
        "muscle_parameter": row.muscle_parameter, "sustained": row.sustained,
        "performer": row.performer,
        "dose": {"sets": row.sets, "reps": row.reps, "hold_seconds": row.hold_seconds,
                 "rest_seconds": row.rest_seconds},
        "equipment": list(row.equipment), "instruction": row.instruction,
        "tags": list(row.tags), "picture": _picture_entry(row),
    }


def _assessments(session: Session, patient_id: int) -> list[dict[str, Any]]:
    rows = session.scalars(
        select(AssessmentRow).where(AssessmentRow.patient_id == patient_id)
        .order_by(AssessmentRow.id)
    ).all()
    ids = [r.id for r in rows]
    tags: dict[int, list[dict[str, Any]]] = {i: [] for i in ids}
    psfs: dict[int, list[dict[str, Any]]] = {i: [] for i in ids}
    notes = {i: dict.fromkeys(("subjective", "objective", "assessment", "plan"), "")
             for i in ids}
    if ids:
        for t in session.scalars(
            select(ToneTagRow).where(ToneTagRow.assessment_id.in_(ids))
            .order_by(ToneTagRow.muscle, ToneTagRow.side)
        ):
            tags[t.assessment_id].append({
                "muscle": t.muscle, "side": t.side, "state": t.state, "tightness": t.tightness,
                "grade": t.grade, "note": t.note, "strength": t.strength,
                "tenderness": t.tenderness, "pain": t.pain, "rom_degrees": t.rom_degrees,
                "ashworth": t.ashworth,
                "states": [{"state": t.state, "grade": t.grade}]
                + [{"state": o["state"], "grade": o.get("grade")} for o in t.other_states or ()],
                "rom_test": t.rom_test,
            })
        for p in session.scalars(
            select(PsfsItemRow).where(PsfsItemRow.assessment_id.in_(ids))
            .order_by(PsfsItemRow.position)
        ):
            psfs[p.assessment_id].append({"activity": p.activity, "score": p.score})
        for v in session.scalars(select(VisitNoteRow).where(VisitNoteRow.assessment_id.in_(ids))):
            notes[v.assessment_id] = {"subjective": v.subjective, "objective": v.objective,
                                      "assessment": v.assessment, "plan": v.plan}
    return [
        {
            "ref": r.id, "date": r.date.isoformat(), "clinician": r.clinician,
            "findings": r.findings, "signed_at_utc": _stamp(r.signed_at, utc=True),
            "signed_by": r.signed_by, "version": r.version, "supersedes": r.supersedes_id,
            "neurological": r.neurological, "tags": tags[r.id], "psfs": psfs[r.id],
            "notes": notes[r.id],
        }
        for r in rows
    ]


def _sessions(session: Session, patient_id: int) -> list[dict[str, Any]]:
    rows = session.scalars(
        select(SessionRow).where(SessionRow.patient_id == patient_id).order_by(SessionRow.id)
    ).all()
    ids = [r.id for r in rows]
    blocks: dict[int, list[dict[str, Any]]] = {i: [] for i in ids}
    decisions: dict[int, list[dict[str, Any]]] = {i: [] for i in ids}
    answers: dict[int, list[dict[str, Any]]] = {i: [] for i in ids}
    reports: dict[int, list[dict[str, Any]]] = {i: [] for i in ids}
    if ids:
        for b in session.scalars(
            select(SessionBlockRow).where(SessionBlockRow.session_id.in_(ids))
            .order_by(SessionBlockRow.session_id, SessionBlockRow.position)
        ):
            blocks[b.session_id].append({
                "block_id": b.block_id, "exercise": b.exercise, "muscles": list(b.muscles),
                "side": b.side, "sets": b.sets, "reps": b.reps, "hold_seconds": b.hold_seconds,
                "rest_seconds": b.rest_seconds, "auto": b.auto, "rule": b.rule,
                "reason": b.reason, "cues": [list(c) for c in b.cues], "anchor": b.anchor,
                "reciprocal_inhibition": b.reciprocal_inhibition, "pinned": b.pinned,
                "note": b.note,
            })
        for d in session.scalars(
            select(SessionDecisionRow).where(SessionDecisionRow.session_id.in_(ids))
            .order_by(SessionDecisionRow.id)
        ):
            decisions[d.session_id].append({
                "kind": d.kind, "anchor": d.anchor, "rule": d.rule, "muscle": d.muscle,
                "side": d.side, "exercise": d.exercise, "reason": d.reason,
            })
        for a in session.scalars(select(BlockResponseRow).where(
                BlockResponseRow.session_id.in_(ids)).order_by(BlockResponseRow.id)):
            answers[a.session_id].append({"block_id": a.block_id, "outcome": a.outcome,
                                          "pain": a.pain, "rpe": a.rpe, "note": a.note})
        for n in session.scalars(select(NextDayReportRow).where(
                NextDayReportRow.session_id.in_(ids)).order_by(NextDayReportRow.id)):
            reports[n.session_id].append({
                "muscle": n.muscle, "side": n.side, "reported_on": n.reported_on.isoformat(),
                "tight": n.tight, "sore": n.sore, "barely_firing": n.barely_firing,
                "note": n.note})
    return [
        {
            "ref": r.id, "date": r.date.isoformat(), "frequency_per_week": r.frequency_per_week,
            "status": r.status, "version": r.version, "supersedes": r.supersedes_id,
            "in_clinic": r.in_clinic, "pre_sport": r.pre_sport, "template": r.template,
            "notes": r.notes, "delivered_at": _stamp(r.delivered_at, utc=False),
            "blocks": blocks[r.id], "decisions": decisions[r.id],
            "responses": answers[r.id], "next_day": reports[r.id],
        }
        for r in rows
    ]


def patient_archive(db: Database, patient_id: int) -> dict[str, Any]:
    """The archive document for one patient (read in one snapshot)."""
    with db.reading() as session:
        patient = session.get(PatientRow, patient_id)
        if patient is None:
            raise NotFoundError(f"There is no patient with id {patient_id}.")
        assessments = _assessments(session, patient_id)
        sessions = _sessions(session, patient_id)
        used = {b["exercise"] for s in sessions for b in s["blocks"]}
        used |= {d["exercise"] for s in sessions for d in s["decisions"] if d["exercise"]}
        if patient.preferred_modality:
            used.add(patient.preferred_modality)
        custom = session.scalars(
            select(ExerciseRow).where(ExerciseRow.custom.is_(True), ExerciseRow.slug.in_(used))
            .order_by(ExerciseRow.slug)
        ).all()
        record = {
            "uuid": patient.uuid, "name": patient.name,
            "date_of_birth": patient.date_of_birth.isoformat() if patient.date_of_birth else None,
            "phone": patient.phone, "email": patient.email, "address": patient.address,
            "notes": patient.notes, "archived": patient.archived,
            "preferred_modality": patient.preferred_modality,
            "relax_after_every_activation": bool(patient.relax_after_every_activation),
            "relax_after_muscles": list(patient.relax_after_muscles or ()),
        }
        exercises = [_exercise_entry(r) for r in custom]
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "exported_at_utc": datetime.now(UTC).replace(tzinfo=None).isoformat(timespec="seconds")
        + "Z",
        "exported_by": audit.current_actor(),
        "equitone_version": __version__,
        "schema_revision": HEAD_REVISION,
        "patient": record,
        "assessments": assessments,
        "sessions": sessions,
        "custom_exercises": exercises,
    }


def exportable_archive(db: Database, patient_id: int) -> dict[str, Any]:
    """The patient's archive document, checked against the schema: every export (archive,
    FHIR) is made from it, so no export holds what this version could not import again."""
    document = patient_archive(db, patient_id)
    try:
        validate_schema(document)
    except ArchiveError as exc:  # a value stored before today's limits, or by hand
        problem = str(exc).removeprefix("The archive is not valid: ").rstrip(".")
        raise ArchiveError(f"Patient {patient_id} cannot be exported: {problem}; correct the "
                           "record, then export again.") from None
    return document


def export_patient(db: Database, patient_id: int, path: Path) -> ExportResult:
    """Write the patient's archive to `path` (owner-only, replaced atomically).

    The document is checked against the schema before writing: a file this version could not
    import again is never produced."""
    path = checked_output(path, db)  # never the database, its working files or backups
    document = exportable_archive(db, patient_id)
    data = json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8") + b"\n"
    write_private(path, data)
    return ExportResult(
        path, patient_id, document["patient"]["name"], len(document["assessments"]),
        len(document["sessions"]), len(document["custom_exercises"]),
    )


# -- import -----------------------------------------------------------------------------------
def _existing(session: Session, plan: ImportPlan) -> PatientRow | None:
    same_uuid = session.scalar(select(PatientRow).where(PatientRow.uuid == plan.uuid))
    if same_uuid is not None:
        return same_uuid
    key = plan.patient.name.casefold()
    for row in session.scalars(
        select(PatientRow).where(
            func.length(PatientRow.name) == len(plan.patient.name),
            PatientRow.date_of_birth.is_(None) if plan.patient.date_of_birth is None
            else PatientRow.date_of_birth == plan.patient.date_of_birth,
        )
    ):
        if row.name.casefold() == key:
            return row
    return None


def _duplicate(row: PatientRow, plan: ImportPlan) -> DuplicatePatientError:
    why = "the same archive identity" if row.uuid == plan.uuid else (
        "the same name and date of birth")
    return DuplicatePatientError(
        f"This patient is already in the database as patient {row.id} ({why}); nothing was "
        "imported. Use --force-new to import a separate copy."
    )


def _chained(records: list[Any]) -> Iterator[list[Any]]:
    """`records` (versions naming the version they supersede by `ref`) in runs, in their
    order: each run names only versions of earlier runs, so it is one INSERT and every new
    row's id follows the order of the file."""
    run: list[Any] = []
    written: set[int] = set()
    for record in records:
        if record.supersedes is not None and record.supersedes not in written:
            yield run
            written.update(r.ref for r in run)
            run = []
        run.append(record)
    yield run


def _write_assessments(session: Session, plan: ImportPlan, patient_id: int) -> None:
    ids: dict[int, int] = {}
    for run in _chained(plan.assessments):
        new = insert_rows(session, AssessmentRow, [{
            "patient_id": patient_id, "date": a.day, "clinician": a.clinician,
            "findings": a.findings, "signed_at": a.signed_at, "signed_by": a.signed_by,
            "version": a.version, "neurological": a.neurological,
            "supersedes_id": ids[a.supersedes] if a.supersedes is not None else None,
        } for a in run], with_ids=True)
        ids.update(zip((a.ref for a in run), new, strict=True))
        # children in the order one assessment after the other would have added them
        insert_rows(session, ToneTagRow, [
            {"assessment_id": i, **t} for a, i in zip(run, new, strict=True) for t in a.tags])
        insert_rows(session, PsfsItemRow, [
            {"assessment_id": i, "position": n, **p}
            for a, i in zip(run, new, strict=True) for n, p in enumerate(a.psfs)])
        insert_rows(session, VisitNoteRow, [
            {"assessment_id": i, **a.notes}
            for a, i in zip(run, new, strict=True) if a.notes is not None])


def _write_sessions(session: Session, plan: ImportPlan, patient_id: int) -> None:
    ids: dict[int, int] = {}
    for run in _chained(plan.sessions):
        new = insert_rows(session, SessionRow, [{
            "patient_id": patient_id, **s.values,
            "supersedes_id": ids[s.supersedes] if s.supersedes is not None else None,
        } for s in run], with_ids=True)
        ids.update(zip((s.ref for s in run), new, strict=True))
        pairs = list(zip(run, new, strict=True))
        insert_rows(session, SessionBlockRow, [
            {"session_id": i, "position": n, **b} for s, i in pairs
            for n, b in enumerate(s.blocks)])
        insert_rows(session, SessionDecisionRow, [
            {"session_id": i, **d} for s, i in pairs for d in s.decisions])
        insert_rows(session, BlockResponseRow, [
            {"session_id": i, **r} for s, i in pairs for r in s.responses])
        insert_rows(session, NextDayReportRow, [
            {"session_id": i, **r} for s, i in pairs for r in s.next_day])


def _write(session: Session, plan: ImportPlan, *, new_uuid: bool) -> int:
    for entry in plan.new_exercises:
        session.add(ExerciseRow(**entry))
    values = plan.patient
    patient = PatientRow(
        name=values.name, date_of_birth=values.date_of_birth, phone=values.phone,
        email=values.email, address=values.address, notes=values.notes,
        archived=plan.archived, preferred_modality=plan.preferred_modality,
        relax_after_every_activation=plan.relax_after_every_activation,
        relax_after_muscles=list(plan.relax_after_muscles),
    )
    if not new_uuid:
        patient.uuid = plan.uuid
    session.add(patient)
    session.flush()
    # the record's rows in a few multi-row INSERTs, audited as the ORM would (bulk_rows.py)
    _write_assessments(session, plan, patient.id)
    _write_sessions(session, plan, patient.id)
    return patient.id


def plan_document(db: Database, document: dict[str, Any]) -> ImportPlan:
    """Check an archive document against its schema and this database: the rows to write."""
    validate_schema(document)
    with db.reading() as session:
        known_slugs = set(session.scalars(select(ExerciseRow.slug)))
    return plan_import(document, load_catalog(db), known_slugs)


def write_plan(db: Database, plan: ImportPlan, *, note: str, force_new: bool = False,
               dry_run: bool = False) -> ImportResult:
    """Write a checked plan in one transaction (refused when the patient is already here,
    unless `force_new`); `note` is what the audit trail says of it."""
    with db.transaction() as session:
        existing = _existing(session, plan)
        if existing is not None and not force_new:
            raise _duplicate(existing, plan)
        clash = existing is not None and existing.uuid == plan.uuid
        if dry_run:
            patient_id = 0
        else:
            audit.set_note(session, note)
            patient_id = _write(session, plan, new_uuid=clash)
    if plan.new_exercises and not dry_run:
        load_catalog.cache_clear()
    return ImportResult(
        patient_id, plan.patient.name, len(plan.assessments), len(plan.sessions),
        tuple(e["slug"] for e in plan.new_exercises), plan.matched_exercises, dry_run,
    )


def import_archive(
    db: Database, path: Path, *, force_new: bool = False, dry_run: bool = False
) -> ImportResult:
    """Validate the archive at `path` completely, then write it in one transaction."""
    document = parse_archive(read_archive_bytes(path))
    plan = plan_document(db, document)
    return write_plan(db, plan, note=f"imported from archive {path.name}",
                      force_new=force_new, dry_run=dry_run)


def describe_import(result: ImportResult) -> str:
    counts = f"{result.assessments} assessment(s), {result.sessions} session(s)"
    added = f"{len(result.exercises_added)} custom exercise(s) added" if (
        result.exercises_added) else ""
    matched = f"{len(result.exercises_matched)} matched by slug" if (
        result.exercises_matched) else ""
    extra = "; ".join(x for x in (added, matched) if x)
    if result.dry_run:
        return f"The archive is valid: {result.name}, {counts}" + (f"; {extra}" if extra else "")
    return (f"Imported {result.name} as patient {result.patient_id}: {counts}"
            + (f"; {extra}" if extra else "") + ".")
