"""Designing, storing and versioning sessions around the sequencing engine.

Every save re-runs the engine (it is idempotent, so stored blocks are exactly its output),
with what it reads for the patient: the latest assessment (tags, tenderness, MRC strength),
the technique preferences and the per-patient settings, the clinic's session length limit,
and the "activated, then tighter" flags that still stand.

Warnings are clinical record: a session with a safety warning (a muscle in spasm loaded, a
contraindicated technique, explosive work on a weak muscle) is planned or delivered only with
the clinician's explicit acknowledgement, which the audit trail keeps with the change.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime

from sqlalchemy import ColumnElement, delete, exists, select
from sqlalchemy.orm import Session, aliased

from equitone.domain.assessment import Assessment
from equitone.domain.catalog import Catalog
from equitone.domain.limits import check_text
from equitone.domain.sequencing import (
    Assessment as Snapshot,
)
from equitone.domain.sequencing import (
    AutoKey,
    AutoOverride,
    Block,
    BlockSide,
    Cue,
    Dismissal,
    Flag,
    PlanWarning,
    Preferences,
    ProposalResponse,
    RuleId,
    SessionPlan,
    accept_doses,
    sequence,
)
from equitone.domain.sequencing.tag_view import engine_assessment
from equitone.domain.session import SessionDetails, SessionRecord, SessionStatus
from equitone.domain.types import Dose, Side
from equitone.errors import NotFoundError, ValidationError
from equitone.services.assessments import latest_assessment
from equitone.services.catalog import load_catalog
from equitone.services.concurrency import claim, take
from equitone.services.patients import check_record_day
from equitone.services.settings import load_settings
from equitone.storage.audit import set_note
from equitone.storage.database import Database
from equitone.storage.models import (
    AssessmentRow,
    PatientRow,
    SessionBlockRow,
    SessionDecisionRow,
    SessionRow,
)
from equitone.storage.versioning import bump

#: Decision kinds stored for the answers to a flag's proposal (beside "dismiss" and "swap").
ACCEPT, DECLINE = "accept", "decline"


class SafetyWarningsError(ValidationError):
    """A session with safety warnings was to be planned or delivered unacknowledged."""


def new_block_id() -> str:
    return str(uuid.uuid4())


def block_for(
    catalog: Catalog, slug: str, muscle: str | None = None, side: str = "both"
) -> Block:
    """A clinician block for `slug` with the exercise's default dose.

    A modality (lacrosse ball, PIR, …) needs the muscle it is applied to; a specific
    exercise may be narrowed to one of its muscles.
    """
    exercise = catalog.exercises.get(slug)
    if exercise is None:
        raise ValidationError(f"Unknown exercise '{slug}'.")
    try:
        block_side = BlockSide(side)
    except ValueError:
        raise ValidationError(f"Unknown side '{side}' (use left, right or both).") from None
    if muscle is not None and muscle not in catalog.muscles:
        raise ValidationError(f"Unknown muscle '{muscle}'.")
    if exercise.muscle_parameter:
        if muscle is None:
            raise ValidationError(
                f"'{slug}' is applied to one muscle: write {slug}:MUSCLE[:SIDE]."
            )
        if muscle not in exercise.muscles:
            raise ValidationError(f"'{slug}' is not used on {muscle}.")
        muscles: tuple[str, ...] = (muscle,)
    elif muscle is not None:
        if muscle not in exercise.muscles:
            raise ValidationError(f"'{slug}' does not work {muscle}.")
        muscles = (muscle,)
    else:
        muscles = exercise.muscles
    return Block(new_block_id(), slug, muscles, block_side, exercise.dose)


def parse_exercise_spec(catalog: Catalog, spec: str) -> Block:
    """SLUG[:MUSCLE[:SIDE]] as the CLI and scripts write it."""
    parts = spec.split(":")
    if not 1 <= len(parts) <= 3 or not parts[0]:
        raise ValidationError(f"'{spec}' should be SLUG[:MUSCLE[:SIDE]].")
    muscle = parts[1] if len(parts) > 1 and parts[1] else None
    side = parts[2] if len(parts) > 2 else "both"
    return block_for(catalog, parts[0], muscle, side)


def snapshot_of(assessment: Assessment | None) -> Snapshot:
    """What the engine reads of an assessment: every state of every side, tightness,
    tenderness, MRC strength and the activations to keep gentle (sequencing.tag_view)."""
    return Snapshot() if assessment is None else engine_assessment(assessment.tags)


def _snapshot(db: Database, patient_id: int) -> Snapshot:
    return snapshot_of(latest_assessment(db, patient_id))


def _preferences(db: Database, patient_id: int, in_clinic: bool) -> Preferences:
    with db.reading() as session:
        row = session.get(PatientRow, patient_id)
        if row is None:
            raise NotFoundError(f"There is no patient with id {patient_id}.")
        patient_choice = row.preferred_modality
        every = bool(row.relax_after_every_activation)
        muscles = frozenset(row.relax_after_muscles or ())
    settings = load_settings(db)
    clinic = settings.preferred_modality
    return Preferences(
        patient=(patient_choice,) if patient_choice else (),
        clinic=(clinic,) if clinic else (),
        clinician_present=in_clinic,
        relax_after_every_activation=every,
        relax_after_muscles=muscles,
        session_limit_minutes=settings.session_limit_minutes,
    )


#: How far back a standing flag is looked for: the patient's last assessments up to the
#: session's day (a flag is about the activations of the last weeks, and reading ten years of
#: weekly tags on every save would cost a heavy patient ~0.1 s).
FLAG_LOOKBACK_ASSESSMENTS = 6


def standing_flags(db: Database, patient_id: int, day: date) -> tuple[Flag, ...]:
    """The patient's "activated, then tighter" flags that stand on `day` (the next session's
    designer proposes more relaxation and a lower dose for each)."""
    from equitone.domain.activation_flags import standing_flags as standing
    from equitone.services.trends import trend_data

    with db.reading() as session:
        since = session.scalars(
            select(AssessmentRow.date)
            .where(AssessmentRow.patient_id == patient_id, AssessmentRow.date <= day)
            .order_by(AssessmentRow.date.desc())
            .limit(FLAG_LOOKBACK_ASSESSMENTS)
        ).all()
    if not since:
        return ()  # a flag compares a session with what was seen before it
    data = trend_data(db, patient_id, since=since[-1], until=day)
    return tuple(Flag(f.muscle, f.side, f.explanation) for f in standing(data, on=day))


@dataclass(frozen=True, eq=False)
class DesignContext:
    """Everything the engine reads for one patient besides the blocks, read once.

    The designer keeps one so it can show the engine's result the moment a block is dropped
    (a pure run in well under a millisecond for a 40-block session) while the save, which
    re-reads all of this from the database, follows in its own transaction.
    """

    catalog: Catalog
    assessment: Snapshot
    preferences: Preferences
    pre_sport: bool = False
    flags: tuple[Flag, ...] = ()

    def for_details(self, details: SessionDetails) -> DesignContext:
        """The same context for a session done in clinic or not, before sport or not."""
        preferences = replace(self.preferences, clinician_present=details.in_clinic)
        return replace(self, preferences=preferences, pre_sport=details.pre_sport)

    def run(
        self,
        blocks: Sequence[Block],
        dismissals: Iterable[Dismissal] = (),
        overrides: Iterable[AutoOverride] = (),
        responses: Iterable[ProposalResponse] = (),
    ) -> SessionPlan:
        return sequence(
            blocks,
            catalog=self.catalog,
            assessment=self.assessment,
            preferences=self.preferences,
            dismissals=dismissals,
            overrides=overrides,
            pre_sport=self.pre_sport,
            flags=self.flags,
            responses=responses,
        )


def design_context(db: Database, patient_id: int, details: SessionDetails) -> DesignContext:
    """The patient's latest assessment, preferences, standing flags and the catalog, for
    `details` (in-clinic sessions may use clinician-only techniques; pre-sport adds rule 8)."""
    return DesignContext(
        load_catalog(db),
        _snapshot(db, patient_id),
        _preferences(db, patient_id, details.in_clinic),
        details.pre_sport,
        standing_flags(db, patient_id, details.day),
    )


def design(
    db: Database,
    patient_id: int,
    blocks: Sequence[Block],
    details: SessionDetails,
    dismissals: Iterable[Dismissal] = (),
    overrides: Iterable[AutoOverride] = (),
    responses: Iterable[ProposalResponse] = (),
) -> SessionPlan:
    """Run the engine for this patient (see `design_context`)."""
    return design_context(db, patient_id, details).run(blocks, dismissals, overrides, responses)


# -- rows <-> domain -------------------------------------------------------------------------
def _block_values(block: Block, position: int) -> dict[str, object]:
    return {
        "position": position, "block_id": block.id, "exercise": block.exercise,
        "muscles": list(block.muscles), "side": block.side.value,
        "sets": block.dose.sets, "reps": block.dose.reps,
        "hold_seconds": block.dose.hold_seconds, "rest_seconds": block.dose.rest_seconds,
        "auto": block.auto, "rule": block.rule.value if block.rule else None,
        "reason": block.reason, "cues": [[c.rule.value, c.text] for c in block.cues],
        "anchor": block.anchor, "reciprocal_inhibition": block.reciprocal_inhibition,
        "pinned": block.pinned, "note": block.note,
    }


def _block(row: SessionBlockRow) -> Block:
    return Block(
        id=row.block_id, exercise=row.exercise, muscles=tuple(row.muscles),
        side=BlockSide(row.side),
        dose=Dose(row.sets, row.reps, row.hold_seconds, row.rest_seconds),
        auto=row.auto, rule=RuleId(row.rule) if row.rule else None, reason=row.reason,
        cues=tuple(Cue(RuleId(rule), text) for rule, text in row.cues),
        anchor=row.anchor, reciprocal_inhibition=row.reciprocal_inhibition,
        pinned=row.pinned, note=row.note,
    )


def stored_blocks(session: Session, session_id: int) -> list[Block]:
    """A stored session's blocks in order, inside the caller's transaction."""
    return [_block(b) for b in session.scalars(
        select(SessionBlockRow).where(SessionBlockRow.session_id == session_id)
        .order_by(SessionBlockRow.position))]


def _key(row: SessionDecisionRow) -> AutoKey:
    return AutoKey(row.anchor, RuleId(row.rule), row.muscle, BlockSide(row.side))


def _record(session: Session, row: SessionRow) -> SessionRecord:
    return _records(session, [row])[0]


def _records(session: Session, rows: Sequence[SessionRow]) -> list[SessionRecord]:
    """Records of `rows` with their blocks and decisions read in two queries for all of them
    (one pair per session cost a server round trip each: a patient's session list on
    PostgreSQL took dozens of queries)."""
    ids = [r.id for r in rows]
    blocks: dict[int, list[Block]] = {i: [] for i in ids}
    decisions: dict[int, list[SessionDecisionRow]] = {i: [] for i in ids}
    if ids:
        # plain rows, not ORM objects: a patient's 200 sessions hold 2,000 blocks, and
        # building mapped objects for them was most of the time of opening the patient
        table = SessionBlockRow.__table__
        for b in session.execute(
            select(table).where(table.c.session_id.in_(ids))
            .order_by(table.c.session_id, table.c.position)
        ):
            blocks[b.session_id].append(_block(b))  # type: ignore[arg-type]
        for d in session.scalars(
            select(SessionDecisionRow).where(SessionDecisionRow.session_id.in_(ids))
            .order_by(SessionDecisionRow.id)
        ):
            decisions[d.session_id].append(d)
    return [_assemble(row, tuple(blocks[row.id]), decisions[row.id]) for row in rows]


def _assemble(
    row: SessionRow, blocks: tuple[Block, ...], decisions: Sequence[SessionDecisionRow]
) -> SessionRecord:
    dismissals = tuple(Dismissal(_key(d), d.reason) for d in decisions if d.kind == "dismiss")
    overrides = tuple(
        AutoOverride(_key(d), d.exercise) for d in decisions if d.kind == "swap" and d.exercise
    )
    responses = tuple(
        ProposalResponse(d.muscle, Side(d.side), d.kind == ACCEPT, d.reason)
        for d in decisions
        if d.kind in (ACCEPT, DECLINE)
    )
    details = SessionDetails(row.date, row.frequency_per_week, row.in_clinic, row.pre_sport,
                             row.notes)
    return SessionRecord(
        id=row.id, patient_id=row.patient_id, details=details, status=SessionStatus(row.status),
        version=row.version, supersedes_id=row.supersedes_id, blocks=blocks,
        dismissals=dismissals, overrides=overrides, template=row.template,
        updated_at=row.updated_at, row_version=row.row_version, responses=responses,
    )


def _noted(record: SessionRecord, plan: SessionPlan) -> SessionRecord:
    """`record` with what the engine says about it: warnings, proposals, swaps."""
    return replace(record, warnings=plan.warnings, proposals=plan.proposals, swaps=plan.swaps)


def _with_warnings(db: Database, record: SessionRecord) -> SessionRecord:
    plan = design(db, record.patient_id, record.blocks, record.details, record.dismissals,
                  record.overrides, record.responses)
    return _noted(record, plan)


def _write_contents(
    session: Session, session_id: int, plan: SessionPlan,
    dismissals: Iterable[Dismissal], overrides: Iterable[AutoOverride],
    responses: Iterable[ProposalResponse] = (),
) -> None:
    session.execute(delete(SessionBlockRow).where(SessionBlockRow.session_id == session_id))
    session.execute(delete(SessionDecisionRow).where(SessionDecisionRow.session_id == session_id))
    session.flush()
    session.add_all(
        SessionBlockRow(session_id=session_id, **_block_values(b, n))
        for n, b in enumerate(plan.blocks)
    )
    for d in dismissals:
        session.add(SessionDecisionRow(
            session_id=session_id, kind="dismiss", anchor=d.key.anchor, rule=d.key.rule.value,
            muscle=d.key.muscle, side=d.key.side.value, exercise=None, reason=d.reason))
    for o in overrides:
        session.add(SessionDecisionRow(
            session_id=session_id, kind="swap", anchor=o.key.anchor, rule=o.key.rule.value,
            muscle=o.key.muscle, side=o.key.side.value, exercise=o.exercise, reason=""))
    for r in responses:
        session.add(SessionDecisionRow(
            session_id=session_id, kind=ACCEPT if r.accepted else DECLINE, anchor=None,
            rule=RuleId.DOSE_BELOW_FAILURE.value, muscle=r.muscle, side=r.side.value,
            exercise=None, reason=r.reason))


def _validate_details(details: SessionDetails) -> None:
    if not 1 <= details.frequency_per_week <= 14:
        raise ValidationError("Frequency must be between 1 and 14 times a week.")
    check_text(details.notes, "sessions.notes")


def _validate_decisions(
    dismissals: Iterable[Dismissal], responses: Iterable[ProposalResponse] = ()
) -> None:
    for dismissal in dismissals:
        check_text(dismissal.reason, "session_decisions.reason")
    for response in responses:
        check_text(response.reason, "session_decisions.reason")


def _validate_blocks(catalog: Catalog, blocks: Sequence[Block]) -> None:
    for block in blocks:
        if block.exercise not in catalog.exercises:
            raise ValidationError(f"Unknown exercise '{block.exercise}'.")
        check_text(block.note, "session_blocks.note")
        check_text(block.reason, "session_blocks.reason")
        d = block.dose
        if d.sets < 1 or d.sets > 20 or (d.reps is not None and not 1 <= d.reps <= 200) or (
            d.hold_seconds is not None and not 1 <= d.hold_seconds <= 3600
        ) or d.rest_seconds < 0:
            raise ValidationError(f"The dose of '{block.exercise}' is out of range.")


# -- use-cases ---------------------------------------------------------------------------
def _acknowledged(
    session: Session, status: SessionStatus, warnings: Sequence[PlanWarning], acknowledge: bool
) -> None:
    """Planning or delivering a session with safety warnings needs the clinician's explicit
    acknowledgement; the audit entry of the change keeps what was acknowledged."""
    if status is SessionStatus.DRAFT:
        return
    safety = [w for w in warnings if w.safety]
    if not safety:
        return
    if not acknowledge:
        count = len(safety)
        plural = "s" if count > 1 else ""
        raise SafetyWarningsError(
            f"The session has {count} safety warning{plural} ({safety[0].message.rstrip('.')}"
            f"{'; …' if count > 1 else ''}): acknowledge {'them' if count > 1 else 'it'} to"
            f" mark it {status.value}."
        )
    set_note(
        session,
        f"Marked {status.value} with {len(safety)} safety warning(s) acknowledged: "
        + " | ".join(w.message for w in safety),
    )


def create_session(
    db: Database,
    patient_id: int,
    placed: Sequence[Block],
    details: SessionDetails | None = None,
    *,
    status: SessionStatus = SessionStatus.DRAFT,
    template: str | None = None,
    acknowledge_warnings: bool = False,
) -> SessionRecord:
    """A new session of `placed` blocks (as if dropped in order). Created planned or
    delivered, its safety warnings must be acknowledged (SafetyWarningsError otherwise,
    nothing written)."""
    details = details or SessionDetails(day=date.today())
    _validate_details(details)
    _validate_blocks(load_catalog(db), placed)
    plan = design(db, patient_id, placed, details)
    with db.transaction() as session:
        check_record_day(session, patient_id, details.day, "session")
        _acknowledged(session, status, plan.warnings, acknowledge_warnings)
        row = SessionRow(
            patient_id=patient_id, date=details.day,
            frequency_per_week=details.frequency_per_week, status=status.value, version=1,
            in_clinic=details.in_clinic, pre_sport=details.pre_sport, notes=details.notes,
            template=template,
            delivered_at=datetime.now() if status is SessionStatus.DELIVERED else None,
        )
        session.add(row)
        session.flush()
        _write_contents(session, row.id, plan, (), ())
        session.flush()
        record = _record(session, row)
    return _noted(record, plan)


def _row(session: Session, session_id: int) -> SessionRow:
    row = session.get(SessionRow, session_id)
    if row is None:
        raise NotFoundError(f"There is no session with id {session_id}.")
    return row


def _what(row: SessionRow) -> str:
    return f"the session of {row.date.isoformat()}"


def get_session(db: Database, session_id: int, *, with_warnings: bool = True) -> SessionRecord:
    with db.reading() as session:
        record = _record(session, _row(session, session_id))
    return _with_warnings(db, record) if with_warnings else record


def list_sessions(db: Database, patient_id: int) -> list[SessionRecord]:
    """Newest first; warnings are not computed (use get_session for one)."""
    with db.reading() as session:
        if session.get(PatientRow, patient_id) is None:
            raise NotFoundError(f"There is no patient with id {patient_id}.")
        rows = session.scalars(
            select(SessionRow).where(SessionRow.patient_id == patient_id)
            .order_by(SessionRow.date.desc(), SessionRow.id.desc())
        ).all()
        return _records(session, rows)


def sessions_on(db: Database, day: date) -> list[SessionRecord]:
    """Every planned (or delivered) session of a day, for the morning print batch."""
    with db.reading() as session:
        rows = session.scalars(
            select(SessionRow).where(
                SessionRow.date == day, SessionRow.status != SessionStatus.DRAFT.value
            ).order_by(SessionRow.id)
        ).all()
        return _records(session, rows)


def save_session(
    db: Database,
    session_id: int,
    blocks: Sequence[Block],
    *,
    details: SessionDetails | None = None,
    dismissals: Iterable[Dismissal] | None = None,
    overrides: Iterable[AutoOverride] | None = None,
    responses: Iterable[ProposalResponse] | None = None,
    expected_version: int | None = None,
) -> SessionRecord:
    """Autosave: re-run the engine on the edited blocks and store its output.

    `expected_version`: the session's version the designer loaded; a save on an older one is
    refused (StaleRecordError) and nothing is written."""
    current = get_session(db, session_id, with_warnings=False)
    if current.read_only:
        raise ValidationError(
            f"Session {session_id} was delivered and is read-only; edit a new version."
        )
    details = details or current.details
    _validate_details(details)
    _validate_blocks(load_catalog(db), blocks)
    kept_dismissals = tuple(current.dismissals if dismissals is None else dismissals)
    kept_overrides = tuple(current.overrides if overrides is None else overrides)
    kept_responses = tuple(current.responses if responses is None else responses)
    _validate_decisions(kept_dismissals, kept_responses)
    plan = design(db, current.patient_id, blocks, details, kept_dismissals, kept_overrides,
                  kept_responses)
    with db.transaction() as session:
        row = _row(session, session_id)
        if row.status == SessionStatus.DELIVERED.value:
            raise ValidationError(
                f"Session {session_id} was delivered and is read-only; edit a new version."
            )
        claim(session, row, expected_version, _what(row))
        if details.day != row.date:  # a date stored by an older version may stay as it is
            check_record_day(session, row.patient_id, details.day, "session")
        bump(session, row)  # the contents are rewritten in bulk, which no flush sees
        row.date, row.frequency_per_week = details.day, details.frequency_per_week
        row.in_clinic, row.pre_sport = details.in_clinic, details.pre_sport
        row.notes = details.notes
        _write_contents(session, session_id, plan, kept_dismissals, kept_overrides,
                        kept_responses)
        session.flush()
        record = _record(session, row)
    return _noted(record, plan)


def decide_proposal(
    db: Database,
    session_id: int,
    muscle: str,
    side: Side,
    *,
    accept: bool,
    reason: str = "",
    expected_version: int | None = None,
) -> SessionRecord:
    """Answer the proposal a standing flag raised for `muscle` on `side`: accepted, the
    engine relaxes it after each activation and its activations get a lower dose (one save);
    dismissed, nothing changes but the answer. Either way the reason is kept (a dismissal
    needs one)."""
    current = get_session(db, session_id)
    proposal = next(
        (p for p in current.proposals if (p.muscle, p.side) == (muscle, side)), None
    )
    if proposal is None:
        raise ValidationError(
            f"This session has no proposal for the {side.value} {muscle}: no flag stands for it."
        )
    reason = " ".join(reason.split())
    if not accept and not reason:
        raise ValidationError("Dismissing a proposal needs a reason.")
    responses = tuple(r for r in current.responses if (r.muscle, r.side) != (muscle, side))
    answer = ProposalResponse(muscle, side, accept, reason or "Accepted as proposed")
    blocks = accept_doses(current.blocks, proposal) if accept else current.blocks
    return save_session(db, session_id, blocks, responses=(*responses, answer),
                        expected_version=expected_version)


def set_status(
    db: Database, session_id: int, status: SessionStatus, *,
    expected_version: int | None = None, acknowledge_warnings: bool = False,
) -> SessionRecord:
    """Draft ⇄ planned, or delivered for good: of several workstations delivering the same
    session at once, exactly one does it and the others are told it was already delivered.
    Planning or delivering a session with safety warnings needs `acknowledge_warnings`
    (SafetyWarningsError otherwise, nothing written); the audit trail keeps the
    acknowledgement."""
    current = get_session(db, session_id) if status is not SessionStatus.DRAFT else None
    with db.transaction() as session:
        row = _row(session, session_id)
        if row.status == SessionStatus.DELIVERED.value:
            if status is SessionStatus.DELIVERED:
                raise _already_delivered(row)
            raise ValidationError(
                f"Session {session_id} was delivered; it cannot go back to {status.value}."
            )
        if current is not None and row.status != status.value:
            _acknowledged(session, status, current.warnings, acknowledge_warnings)
        if status is SessionStatus.DELIVERED:
            delivered = SessionStatus.DELIVERED.value
            take(session, row, expected_version, _what(row), state=SessionRow.status != delivered,
                 refusal=lambda: _already_delivered(row) if row.status == delivered else None)
            row.delivered_at = datetime.now()
        else:
            claim(session, row, expected_version, _what(row))
        row.status = status.value
    return get_session(db, session_id)


def _already_delivered(row: SessionRow) -> ValidationError:
    when = f" on {row.delivered_at:%Y-%m-%d %H:%M}" if row.delivered_at else ""
    return ValidationError(f"Session {row.id} was already delivered{when}; it is read-only.")


def _not_superseded() -> ColumnElement[bool]:
    """SQL condition: no newer version of this session exists."""
    newer = aliased(SessionRow)
    return ~exists(select(newer.id).where(newer.supersedes_id == SessionRow.id))


def _has_newer(session: Session, row: SessionRow) -> ValidationError | None:
    newer = session.scalar(
        select(SessionRow.id).where(SessionRow.supersedes_id == row.id)
        .order_by(SessionRow.id).limit(1)
    )
    if newer is None:
        return None
    return ValidationError(
        f"Session {row.id} already has a newer version (session {newer}); edit that one."
    )


def _claim_for_new_version(session: Session, row: SessionRow) -> None:
    """Make `row` the one session this transaction gives a newer version: a version has at
    most one successor, however many workstations ask at the same moment."""
    if (refused := _has_newer(session, row)) is not None:
        raise refused
    take(session, row, None, _what(row), state=_not_superseded(),
         refusal=lambda: _has_newer(session, row))


def new_version(db: Database, session_id: int) -> SessionRecord:
    """A delivered session is never changed: editing it starts a new draft version.

    The copy is the same session, editable: the clinician's blocks (their ids too, which are
    unique only within a session, so the dismissals and swaps keyed by them still apply),
    the automatic blocks they moved or edited, their dismissals and swaps, and their answers
    to proposals. One transaction. Only the newest version gets a new one (versions form one
    chain, never a fork).
    """
    current = get_session(db, session_id, with_warnings=False)
    details = replace(current.details, day=date.today())
    kept = tuple(b for b in current.blocks if not b.auto or b.pinned)
    plan = design(db, current.patient_id, kept, details, current.dismissals, current.overrides,
                  current.responses)
    with db.transaction() as session:
        _claim_for_new_version(session, _row(session, session_id))
        row = SessionRow(
            patient_id=current.patient_id, date=details.day,
            frequency_per_week=details.frequency_per_week,
            status=SessionStatus.DRAFT.value, version=current.version + 1,
            supersedes_id=current.id, in_clinic=details.in_clinic,
            pre_sport=details.pre_sport, notes=details.notes,
            template=current.template,
        )
        session.add(row)
        session.flush()
        _write_contents(session, row.id, plan, current.dismissals, current.overrides,
                        current.responses)
        session.flush()
        record = _record(session, row)
    return _noted(record, plan)


def delete_draft(
    db: Database, session_id: int, *, expected_version: int | None = None
) -> None:
    with db.transaction() as session:
        row = _row(session, session_id)
        if row.status != SessionStatus.DRAFT.value:
            raise ValidationError("Only a draft session can be deleted.")
        claim(session, row, expected_version, _what(row))
        session.delete(row)


def restore_session(db: Database, record: SessionRecord) -> SessionRecord:
    """Re-create a deleted draft with its id (undo of a deletion / redo of a creation). A
    newer version comes back only while the one it replaces has no other successor."""
    with db.transaction() as session:
        if record.supersedes_id is not None:
            _claim_for_new_version(session, _row(session, record.supersedes_id))
        row = SessionRow(
            id=record.id, patient_id=record.patient_id, date=record.details.day,
            frequency_per_week=record.details.frequency_per_week, status=record.status.value,
            version=record.version, supersedes_id=record.supersedes_id,
            in_clinic=record.details.in_clinic, pre_sport=record.details.pre_sport,
            notes=record.details.notes, template=record.template,
            row_version=record.row_version + 1,  # an editor that saw it before is stale
        )
        session.add(row)
        session.flush()
        plan = SessionPlan(record.blocks, record.warnings, ())
        _write_contents(session, row.id, plan, record.dismissals, record.overrides,
                        record.responses)
    return get_session(db, record.id)
