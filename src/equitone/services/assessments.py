"""Assessments: create (empty or as a copy of the previous visit), tag, edit, read history,
sign, and amend a signed one as a new version.

Versions: amending a signed assessment adds a row with `version + 1` that `supersedes` it; the
signed original is kept as it was. Lists, the history slider, trends and "latest" see only
current versions (rows that nothing supersedes); `versions.py` lists a whole chain.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime

from sqlalchemy import ColumnElement, delete, exists, select
from sqlalchemy.orm import Session, aliased

from equitone.domain.assessment import (
    MEASURE_LABELS,
    Assessment,
    Measures,
    PsfsItem,
    StateGrade,
    ToneTag,
    states_text,
    validate_psfs,
)
from equitone.domain.limits import check_signing_day, check_text
from equitone.domain.types import Side, ToneState
from equitone.errors import NotFoundError, ValidationError
from equitone.services.catalog import load_catalog
from equitone.services.concurrency import claim, take
from equitone.services.patients import check_record_day
from equitone.services.visit_notes import copy_notes
from equitone.storage.audit import current_actor
from equitone.storage.database import Database
from equitone.storage.models import AssessmentRow, PatientRow, PsfsItemRow, ToneTagRow
from equitone.storage.versioning import bump


def _tag_from_row(row: ToneTagRow) -> ToneTag:
    others = tuple(
        StateGrade(ToneState(o["state"]), o.get("grade")) for o in row.other_states or ()
    )
    return ToneTag(
        muscle=row.muscle,
        side=Side(row.side),
        state=ToneState(row.state),
        tightness=row.tightness,
        grade=row.grade,
        note=row.note,
        measures=Measures(row.strength, row.tenderness, row.pain, row.rom_degrees, row.ashworth,
                          row.rom_test),
        others=others,
    )


def tag_values(tag: ToneTag) -> dict[str, object]:
    """A tag as tone_tags column values (the archive importer writes these too)."""
    m = tag.measures
    return {
        "muscle": tag.muscle, "side": tag.side.value, "state": tag.state.value,
        "tightness": tag.tightness, "grade": tag.grade, "note": tag.note,
        "strength": m.strength, "tenderness": m.tenderness, "pain": m.pain,
        "rom_degrees": m.rom_degrees, "ashworth": m.ashworth, "rom_test": m.rom_test,
        "other_states": [{"state": o.state.value, "grade": o.grade} for o in tag.others]
        or None,
    }


def is_current() -> ColumnElement[bool]:
    """SQL condition: this assessment has not been superseded by an amendment."""
    newer = aliased(AssessmentRow)
    return ~exists(select(newer.id).where(newer.supersedes_id == AssessmentRow.id))


def _load(session: Session, row: AssessmentRow) -> Assessment:
    return _load_many(session, [row])[0]


def _load_many(session: Session, rows: Sequence[AssessmentRow]) -> list[Assessment]:
    """`rows` as domain assessments, their tags and PSFS read in two queries for all of them
    (a query pair per assessment cost a server round trip each on PostgreSQL)."""
    ids = [r.id for r in rows]
    tags: dict[int, list[ToneTag]] = {i: [] for i in ids}
    psfs: dict[int, list[PsfsItem]] = {i: [] for i in ids}
    if ids:
        table = ToneTagRow.__table__  # plain rows: no mapped object per tag (see sessions)
        for t in session.execute(select(table).where(table.c.assessment_id.in_(ids))):
            tags[t.assessment_id].append(_tag_from_row(t))  # type: ignore[arg-type]
        for p in session.scalars(
            select(PsfsItemRow).where(PsfsItemRow.assessment_id.in_(ids))
            .order_by(PsfsItemRow.position)
        ):
            psfs[p.assessment_id].append(PsfsItem(p.activity, p.score))
    return [
        Assessment(
            id=r.id, patient_id=r.patient_id, day=r.date, clinician=r.clinician,
            findings=r.findings, tags=tuple(sorted(tags[r.id], key=lambda t: t.key)),
            psfs=tuple(psfs[r.id]), signed_at=r.signed_at, signed_by=r.signed_by,
            version=r.version, supersedes_id=r.supersedes_id, row_version=r.row_version,
            neurological=r.neurological,
        )
        for r in rows
    ]


def _add_contents(
    session: Session, assessment_id: int, tags: Iterable[ToneTag], psfs: Iterable[PsfsItem]
) -> None:
    """Store tags and PSFS items (in their order) for an assessment, and flush."""
    session.add_all(ToneTagRow(assessment_id=assessment_id, **tag_values(t)) for t in tags)
    session.add_all(
        PsfsItemRow(assessment_id=assessment_id, position=n, activity=i.activity, score=i.score)
        for n, i in enumerate(psfs)
    )
    session.flush()


def _row(session: Session, assessment_id: int) -> AssessmentRow:
    row = session.get(AssessmentRow, assessment_id)
    if row is None:
        raise NotFoundError(f"There is no assessment with id {assessment_id}.")
    return row


def _what(row: AssessmentRow) -> str:
    return f"the assessment of {row.date.isoformat()}"


def _writable(
    session: Session, assessment_id: int, expected_version: int | None = None
) -> AssessmentRow:
    """The unsigned assessment, claimed at `expected_version` (the version its editor loaded;
    None: not checked) — a save on stale data is refused (StaleRecordError)."""
    row = _row(session, assessment_id)
    if row.signed_at is not None:
        raise ValidationError(
            f"Assessment {assessment_id} is signed and read-only; amend it as a new version."
        )
    claim(session, row, expected_version, _what(row))
    return row


def _details(clinician: str, findings: str) -> tuple[str, str]:
    """The clinician's name and the findings as stored (trimmed, within their limits)."""
    return (check_text(clinician.strip(), "assessments.clinician"),
            check_text(findings.strip(), "assessments.findings"))


def _validate_tags(db: Database, tags: Iterable[ToneTag]) -> list[ToneTag]:
    known = load_catalog(db).muscles
    cleaned = [tag.validated(known) for tag in tags]
    seen: set[tuple[str, Side]] = set()
    for tag in cleaned:
        if tag.key in seen:
            raise ValidationError(f"{tag.muscle} {tag.side.value} is tagged twice.")
        seen.add(tag.key)
    return cleaned


def _check_measures(
    tags: Iterable[ToneTag], stored: Mapping[tuple[str, Side], ToneTag], *, neurological: bool
) -> None:
    """A measure entered or changed must apply to the side's states (and the Modified
    Ashworth Scale to a neurological assessment). One that was stored before and no longer
    applies is kept as it is: the states changed, the measurement did not."""
    for tag in tags:
        before = stored.get(tag.key)
        for name in tag.not_applying(neurological=neurological):
            value = tag.measures.value(name)
            if before is not None and before.measures.value(name) == value:
                continue
            if name == "ashworth" and not neurological:
                raise ValidationError(
                    "The Modified Ashworth Scale is for neurological hypertonia: mark the "
                    "assessment neurological first."
                )
            raise ValidationError(
                f"{MEASURE_LABELS[name]} does not apply to {tag.muscle} {tag.side.value} "
                f"tagged {states_text(tag.states)}."
            )
        test = tag.measures.rom_test
        if tag.measures.rom_degrees is not None and test is None and (
            before is None or before.measures.value("rom") != tag.measures.value("rom")
        ):
            raise ValidationError(
                f"Name the length test the range of motion of {tag.muscle} "
                f"{tag.side.value} was measured with (a bare number means nothing)."
            )


def get_assessment(db: Database, assessment_id: int) -> Assessment:
    with db.reading() as session:
        return _load(session, _row(session, assessment_id))


def list_assessments(db: Database, patient_id: int) -> list[Assessment]:
    """Newest first (by date, then by id for same-day visits); current versions only."""
    with db.reading() as session:
        if session.get(PatientRow, patient_id) is None:
            raise NotFoundError(f"There is no patient with id {patient_id}.")
        rows = session.scalars(
            select(AssessmentRow).where(AssessmentRow.patient_id == patient_id, is_current())
            .order_by(AssessmentRow.date.desc(), AssessmentRow.id.desc())
        ).all()
        return _load_many(session, rows)


def history(db: Database, patient_id: int) -> list[Assessment]:
    """Oldest first, every tag loaded in two queries (the history slider and compare mode);
    current versions only."""
    with db.reading() as session:
        rows = session.scalars(
            select(AssessmentRow).where(AssessmentRow.patient_id == patient_id, is_current())
            .order_by(AssessmentRow.date, AssessmentRow.id)
        ).all()
        return _load_many(session, rows)


def latest_assessment(db: Database, patient_id: int) -> Assessment | None:
    """The newest current assessment (by date, then id), or None; raises NotFoundError for an
    unknown patient. Reads only that one: every save of a session asks for it."""
    with db.reading() as session:
        if session.get(PatientRow, patient_id) is None:
            raise NotFoundError(f"There is no patient with id {patient_id}.")
        row = session.scalars(
            select(AssessmentRow).where(AssessmentRow.patient_id == patient_id, is_current())
            .order_by(AssessmentRow.date.desc(), AssessmentRow.id.desc()).limit(1)
        ).first()
        return _load(session, row) if row is not None else None


def create_assessment(
    db: Database,
    patient_id: int,
    *,
    day: date | None = None,
    clinician: str = "",
    findings: str = "",
    tags: Sequence[ToneTag] = (),
    psfs: Sequence[PsfsItem] | None = None,
    copy_previous: bool = False,
    neurological: bool | None = None,
) -> Assessment:
    """Create one assessment in one transaction; nothing is written if any tag is invalid.

    The PSFS activities carry over from the previous visit (scores cleared) unless given;
    `copy_previous` also copies the previous visit's tags and its neurological mark as the
    starting point (carried over as they were, whatever they hold). `neurological` None:
    unmarked, or the previous visit's mark when copying it.
    """
    day = day or date.today()
    clinician, findings = _details(clinician, findings)
    cleaned = _validate_tags(db, tags)
    previous = latest_assessment(db, patient_id)  # also proves the patient exists
    copying = copy_previous and previous is not None
    if neurological is None:
        neurological = previous.neurological if copying and previous is not None else False
    _check_measures(cleaned, {}, neurological=neurological)
    if psfs is None:
        carried = [PsfsItem(i.activity, None) for i in previous.psfs] if previous else []
        items = validate_psfs(carried, complete=False)  # as the previous visit had them
    else:
        items = validate_psfs(psfs)
    if copying and previous is not None and not cleaned:
        cleaned = list(previous.tags)
    with db.transaction() as session:
        check_record_day(session, patient_id, day, "assessment")
        row = AssessmentRow(
            patient_id=patient_id, date=day, clinician=clinician, findings=findings,
            signed_by="", neurological=neurological,
        )
        session.add(row)
        session.flush()
        _add_contents(session, row.id, cleaned, items)
        return _load(session, row)


def set_tags(
    db: Database, assessment_id: int, tags: Sequence[ToneTag], *,
    expected_version: int | None = None,
) -> Assessment:
    """Upsert several tags at once (one transaction: a multi-selection tag is one undo step)."""
    cleaned = _validate_tags(db, tags)
    with db.transaction() as session:
        row = _writable(session, assessment_id, expected_version)
        _upsert_tags(session, row, cleaned)
        session.flush()
        return _load(session, row)


def _upsert_tags(session: Session, row: AssessmentRow, cleaned: Sequence[ToneTag]) -> None:
    """Write `cleaned` over the assessment's tags of the same sides; raises (and the caller's
    transaction writes nothing) when one enters a measure that does not apply."""
    assessment_id = row.id
    stored = {(r.muscle, Side(r.side)): _tag_from_row(r) for r in session.scalars(
        select(ToneTagRow).where(ToneTagRow.assessment_id == assessment_id))}
    _check_measures(cleaned, stored, neurological=row.neurological)
    for tag in cleaned:
        existing = session.scalar(
            select(ToneTagRow).where(
                ToneTagRow.assessment_id == assessment_id,
                ToneTagRow.muscle == tag.muscle, ToneTagRow.side == tag.side.value,
            )
        )
        if existing is None:
            session.add(ToneTagRow(assessment_id=assessment_id, **tag_values(tag)))
        else:
            for key, value in tag_values(tag).items():
                setattr(existing, key, value)


def clear_tags(
    db: Database, assessment_id: int, keys: Iterable[tuple[str, Side]], *,
    expected_version: int | None = None,
) -> Assessment:
    return replace_tags(db, assessment_id, (), keys, expected_version=expected_version)


def replace_tags(
    db: Database, assessment_id: int, tags: Sequence[ToneTag],
    cleared: Iterable[tuple[str, Side]] = (), *, expected_version: int | None = None,
) -> Assessment:
    """Upsert `tags` and remove the tags of `cleared` muscle sides in ONE transaction (an
    edit of several sides is one undo step, and one version of the record)."""
    cleaned = _validate_tags(db, tags)
    with db.transaction() as session:
        row = _writable(session, assessment_id, expected_version)
        removed = 0
        for muscle, side in cleared:
            result = session.execute(
                delete(ToneTagRow).where(
                    ToneTagRow.assessment_id == assessment_id,
                    ToneTagRow.muscle == muscle, ToneTagRow.side == side.value,
                )
            )
            removed += getattr(result, "rowcount", 0) or 0
        if removed:
            bump(session, row)
        _upsert_tags(session, row, cleaned)
        session.flush()
        return _load(session, row)


def update_details(
    db: Database, assessment_id: int, *, day: date, clinician: str, findings: str,
    neurological: bool | None = None, expected_version: int | None = None,
) -> Assessment:
    """Date, clinician, findings and (unless None) the neurological mark. Unmarking keeps any
    Modified Ashworth grade recorded: it is shown as recorded on a neurological assessment."""
    clinician, findings = _details(clinician, findings)
    with db.transaction() as session:
        row = _writable(session, assessment_id, expected_version)
        if day != row.date:  # a date stored by an older version may stay as it is
            check_record_day(session, row.patient_id, day, "assessment")
        row.date, row.clinician, row.findings = day, clinician, findings
        if neurological is not None:
            row.neurological = neurological
        session.flush()
        return _load(session, row)


def set_psfs(
    db: Database, assessment_id: int, items: Sequence[PsfsItem], *,
    expected_version: int | None = None, complete: bool = True,
) -> Assessment:
    """Replace the PSFS: three to five activities, or none. `complete=False` lets an undo
    put back a record written before that rule (one or two activities) as it was."""
    cleaned = validate_psfs(items, complete=complete)
    with db.transaction() as session:
        row = _writable(session, assessment_id, expected_version)
        session.execute(delete(PsfsItemRow).where(PsfsItemRow.assessment_id == assessment_id))
        if not cleaned:
            bump(session, row)  # all items removed in bulk: no flush sees it
        session.flush()
        _add_contents(session, assessment_id, (), cleaned)
        return _load(session, row)


def delete_assessment(
    db: Database, assessment_id: int, *, expected_version: int | None = None
) -> None:
    """Only an unsigned assessment may be removed (undo of 'new assessment')."""
    with db.transaction() as session:
        row = _writable(session, assessment_id, expected_version)
        session.delete(row)


def restore_assessment(db: Database, snapshot: Assessment) -> Assessment:
    """Re-create a deleted assessment with its original id (redo/undo of deletion). An
    amendment comes back only while the version it amends has no other successor."""
    with db.transaction() as session:
        if snapshot.supersedes_id is not None:
            _claim_for_amendment(session, _row(session, snapshot.supersedes_id))
        row = AssessmentRow(
            id=snapshot.id, patient_id=snapshot.patient_id, date=snapshot.day,
            clinician=snapshot.clinician, findings=snapshot.findings, signed_by="",
            version=snapshot.version, supersedes_id=snapshot.supersedes_id,
            neurological=snapshot.neurological,
            # past the version it had: an editor that saw it before it was deleted is stale
            row_version=snapshot.row_version + 1,
        )
        session.add(row)
        session.flush()
        _add_contents(session, row.id, snapshot.tags, snapshot.psfs)
        return _load(session, row)


def sign_assessment(
    db: Database, assessment_id: int, *, by: str | None = None,
    expected_version: int | None = None,
) -> Assessment:
    """Sign: the assessment becomes read-only for good. `by` defaults to the workstation user
    (who signed is also in the audit trail); the time is UTC."""
    signer = (by if by is not None else current_actor()).strip()
    if not signer:
        raise ValidationError("Say who signs the assessment.")
    check_text(signer, "assessments.signed_by")
    with db.transaction() as session:
        row = _row(session, assessment_id)
        if (refused := _already_signed(row)) is not None:
            raise refused
        check_signing_day(row.date, f"Assessment {row.id}")
        take(session, row, expected_version, _what(row), state=AssessmentRow.signed_at.is_(None),
             refusal=lambda: _already_signed(row))
        row.signed_at = datetime.now(UTC).replace(tzinfo=None)
        row.signed_by = signer
        session.flush()
        return _load(session, row)


def _already_signed(row: AssessmentRow) -> ValidationError | None:
    if row.signed_at is None:
        return None
    return ValidationError(
        f"Assessment {row.id} was already signed on {row.signed_at:%Y-%m-%d %H:%M} UTC by "
        f"{row.signed_by or 'someone'}."
    )


def _successor(session: Session, assessment_id: int) -> int | None:
    return session.scalar(
        select(AssessmentRow.id).where(AssessmentRow.supersedes_id == assessment_id)
        .order_by(AssessmentRow.id).limit(1)
    )


def _not_amendable(session: Session, row: AssessmentRow) -> ValidationError | None:
    if row.signed_at is None:
        return ValidationError(f"Assessment {row.id} is not signed; edit it directly instead.")
    newer = _successor(session, row.id)
    if newer is not None:
        return ValidationError(
            f"Assessment {row.id} was already amended by assessment {newer}; "
            "amend the newest version instead."
        )
    return None


def _claim_for_amendment(session: Session, row: AssessmentRow) -> None:
    """Make `row` (signed, not amended yet) the one this transaction amends: of two
    workstations amending it at once, one gets it and the other is refused — a signed
    version has at most one successor."""
    if (refused := _not_amendable(session, row)) is not None:
        raise refused
    amendable = AssessmentRow.signed_at.is_not(None) & is_current()
    take(session, row, None, _what(row), state=amendable,
         refusal=lambda: _not_amendable(session, row))


def amend_assessment(db: Database, assessment_id: int) -> Assessment:
    """Start an amendment of a signed assessment: a new, editable version with the same
    content that supersedes it. The signed version's content stays unchanged (and visible in
    the version history; only its row version moves, which is what lets exactly one of two
    workstations amend it); delete the draft amendment to abandon it."""
    with db.transaction() as session:
        row = _row(session, assessment_id)
        _claim_for_amendment(session, row)
        old = _load(session, row)
        amended = AssessmentRow(
            patient_id=row.patient_id, date=row.date, clinician=row.clinician,
            findings=row.findings, signed_by="", version=row.version + 1,
            supersedes_id=row.id, neurological=row.neurological,
        )
        session.add(amended)
        session.flush()
        _add_contents(session, amended.id, old.tags, old.psfs)
        copy_notes(session, row.id, amended.id)
        return _load(session, amended)
