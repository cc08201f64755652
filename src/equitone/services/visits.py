"""A patient's visits as a clinical record, newest first: per day, the assessment, the
session, the notes and the next-day reports (the Overview's timeline and the Visit tab).

A visit is a day with a current assessment or session (or both). Everything is read in a fixed
number of queries whatever the number of visits: the assessments with their tags, the sessions
with their blocks, then the notes, responses and next-day reports of all of them at once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from equitone.domain.assessment import Assessment
from equitone.domain.catalog import Catalog
from equitone.domain.session import SessionRecord, SessionStatus
from equitone.domain.visit_record import BlockResponse, NextDayReport, VisitNotes
from equitone.services.assessments import list_assessments
from equitone.services.responses import next_day_for, responses_for
from equitone.services.sessions import list_sessions
from equitone.services.visit_notes import notes_for
from equitone.storage.database import Database

__all__ = ["Visit", "assessment_summary", "session_summary_line", "timeline_of",
           "visit_timeline"]


@dataclass(frozen=True, slots=True)
class Visit:
    """One day of the record. `session` is the day's newest current session; `reports` are
    the next-day reports given on this day (about an earlier session), `reported` those on
    this day's session."""

    day: date
    assessment: Assessment | None = None
    session: SessionRecord | None = None
    notes: VisitNotes = field(default_factory=VisitNotes)
    responses: Mapping[str, BlockResponse] = field(default_factory=dict)
    reported: tuple[NextDayReport, ...] = ()

    @property
    def clinician(self) -> str:
        return self.assessment.clinician if self.assessment is not None else ""


def assessment_summary(assessment: Assessment, catalog: Catalog, limit: int = 3) -> str:
    """'4 sides tagged: glute med L underactive 4/10, TFL L overactive 6/10, … · PSFS 4.7'."""
    if not assessment.tags:
        text = "no muscle tagged"
    else:
        shown = []
        for tag in assessment.tags[:limit]:
            muscle = catalog.muscles.get(tag.muscle)
            name = muscle.short_name if muscle else tag.muscle
            score = f" {tag.tightness}/10" if tag.tightness is not None else ""
            shown.append(f"{name} {tag.side.letter} {tag.state.value}{score}")
        more = ", …" if len(assessment.tags) > limit else ""
        count = len(assessment.tags)
        text = f"{count} side{'s' if count != 1 else ''} tagged: " + ", ".join(shown) + more
    if assessment.psfs_score is not None:
        text += f" · PSFS {assessment.psfs_score:.1f}"
    return text


def session_summary_line(record: SessionRecord, catalog: Catalog,
                         responses: Mapping[str, BlockResponse]) -> str:
    """'delivered, in clinic · Clamshell, Hip hike · 2 responses'."""
    names = []
    for block in record.placed:
        exercise = catalog.exercises.get(block.exercise)
        name = exercise.name if exercise else block.exercise
        if name not in names:
            names.append(name)
    where = ", in clinic" if record.details.in_clinic else ", home program"
    text = f"{record.status.value}{where}"
    if names:
        text += " · " + ", ".join(names[:4]) + (", …" if len(names) > 4 else "")
    if responses:
        text += f" · {len(responses)} response{'s' if len(responses) != 1 else ''}"
    return text


def visit_timeline(db: Database, patient_id: int) -> list[Visit]:
    """Every visit, newest first (raises NotFoundError for an unknown patient)."""
    return timeline_of(db, list_assessments(db, patient_id), list_sessions(db, patient_id))


def timeline_of(
    db: Database, assessments: Sequence[Assessment], sessions: Sequence[SessionRecord]
) -> list[Visit]:
    """The visits of these current assessments and these sessions (any order; superseded
    session versions are left out), with their notes, responses and reports read at once."""
    superseded = {s.supersedes_id for s in sessions if s.supersedes_id is not None}
    current = [s for s in sessions if s.id not in superseded]
    notes = notes_for(db, (a.id for a in assessments))
    answers = responses_for(db, (s.id for s in current))
    reports = next_day_for(db, (s.id for s in current if s.status is SessionStatus.DELIVERED))
    day_assessment: dict[date, Assessment] = {}
    day_session: dict[date, SessionRecord] = {}
    for a in sorted(assessments, key=lambda a: (a.day, a.id), reverse=True):
        day_assessment.setdefault(a.day, a)
    for s in sorted(current, key=lambda s: (s.day, s.id), reverse=True):
        day_session.setdefault(s.day, s)
    visits = []
    for day in sorted(day_assessment.keys() | day_session.keys(), reverse=True):
        visit, plan = day_assessment.get(day), day_session.get(day)
        visits.append(Visit(
            day, visit, plan,
            notes.get(visit.id, VisitNotes()) if visit is not None else VisitNotes(),
            answers.get(plan.id, {}) if plan is not None else {},
            tuple(reports.get(plan.id, ())) if plan is not None else (),
        ))
    return visits
