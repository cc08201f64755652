"""A patient's trend data: tightness per muscle side per assessment, sessions, PSFS.

Read with Core queries (no ORM objects): ten years of weekly assessments of 50 muscles is
52,000 points, and the covering index on tone_tags answers them directly.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from equitone.domain.catalog import Catalog
from equitone.domain.sequencing import BlockSide
from equitone.domain.trends import MarkerKind, PsfsPoint, SessionMarker, TrendData, TrendPoint
from equitone.domain.types import Side, ToneState
from equitone.errors import NotFoundError
from equitone.services.catalog import load_catalog
from equitone.storage.database import Database
from equitone.storage.models import (
    AssessmentRow,
    PatientRow,
    PsfsItemRow,
    SessionBlockRow,
    SessionRow,
    ToneTagRow,
)


def trend_data(
    db: Database, patient_id: int, *, since: date | None = None, until: date | None = None
) -> TrendData:
    catalog = load_catalog(db)
    with db.reading() as session:
        patient = session.get(PatientRow, patient_id)
        if patient is None:
            raise NotFoundError(f"There is no patient with id {patient_id}.")
        window = [AssessmentRow.patient_id == patient_id]
        if since is not None:
            window.append(AssessmentRow.date >= since)
        if until is not None:
            window.append(AssessmentRow.date <= until)
        rows = session.execute(
            select(AssessmentRow.date, ToneTagRow.assessment_id, ToneTagRow.muscle,
                   ToneTagRow.side, ToneTagRow.state, ToneTagRow.tightness)
            .join(AssessmentRow, AssessmentRow.id == ToneTagRow.assessment_id)
            .where(*window)
            .order_by(AssessmentRow.date, AssessmentRow.id)
        ).all()
        points = tuple(
            TrendPoint(day, aid, muscle, Side(side), ToneState(state), tightness)
            for day, aid, muscle, side, state, tightness in rows
        )
        psfs_rows = session.execute(
            select(AssessmentRow.date, AssessmentRow.id, PsfsItemRow.activity, PsfsItemRow.score)
            .join(AssessmentRow, AssessmentRow.id == PsfsItemRow.assessment_id)
            .where(*window)
            .order_by(AssessmentRow.date, AssessmentRow.id, PsfsItemRow.position)
        ).all()
        markers = _session_markers(session, patient_id, since, until, catalog)
        name = patient.name
    by_assessment: dict[tuple[date, int], list[tuple[str, int | None]]] = defaultdict(list)
    for day, aid, activity, score in psfs_rows:
        by_assessment[(day, aid)].append((activity, score))
    psfs = []
    for (day, aid), items in by_assessment.items():
        scores = [s for _a, s in items if s is not None]
        if scores:
            psfs.append(PsfsPoint(day, aid, sum(scores) / len(scores), tuple(items)))
    names = {slug: m.name for slug, m in catalog.muscles.items()}
    return TrendData(name, points, tuple(markers), tuple(psfs), names)


def _session_markers(
    session: Session, patient_id: int, since: date | None, until: date | None, catalog: Catalog
) -> list[SessionMarker]:
    query = select(SessionRow.id, SessionRow.date, SessionRow.template).where(
        SessionRow.patient_id == patient_id, SessionRow.status == "delivered"
    )
    if since is not None:
        query = query.where(SessionRow.date >= since)
    if until is not None:
        query = query.where(SessionRow.date <= until)
    delivered = session.execute(query.order_by(SessionRow.date, SessionRow.id)).all()
    ids = [row.id for row in delivered]
    blocks: dict[int, list[tuple[str, list[str], str, bool]]] = defaultdict(list)
    if ids:
        for sid, exercise, muscles, side, auto in session.execute(
            select(SessionBlockRow.session_id, SessionBlockRow.exercise, SessionBlockRow.muscles,
                   SessionBlockRow.side, SessionBlockRow.auto)
            .where(SessionBlockRow.session_id.in_(ids))
            .order_by(SessionBlockRow.session_id, SessionBlockRow.position)
        ):
            blocks[sid].append((exercise, muscles, side, auto))
    markers = []
    previous: tuple[str, ...] | None = None
    for number, row in enumerate(delivered, 1):
        placed = tuple(e for e, _m, _s, auto in blocks[row.id] if not auto)
        activated: list[tuple[str, Side]] = []
        names = []
        for exercise, muscles, side, auto in blocks[row.id]:
            record = catalog.exercises.get(exercise)
            names.append(record.name if record else exercise)
            if record is not None and record.kind.trains and not auto:
                for muscle in muscles:
                    for body_side in BlockSide(side).sides:
                        if (muscle, body_side) not in activated:
                            activated.append((muscle, body_side))
        kind: MarkerKind = "program-change" if placed != previous else "delivered"
        previous = placed
        title = f"Session {number}" + (f" ({row.template})" if row.template else "")
        markers.append(SessionMarker(row.date, row.id, title, "\n".join(names), kind,
                                     tuple(activated)))
    return markers
