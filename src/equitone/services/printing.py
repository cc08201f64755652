"""Printed documents from the database: fill the printing view models, then render.

The CLI (`equitone print …`), the app (File → Print…, Export PDF…, Print progress report…) and
the self-test call these. Pictures (exercise thumbnails, body maps) are drawn by the
`pictures` painter the caller hands in (services/pictures.py: the services draw nothing
themselves), on the calling thread — the GUI thread in the app.

Progress runs over the whole job: gathering data and pictures takes the first share of the
bar, laying out and writing the PDF the rest; ``cancelled()`` is polled between steps and
raises :class:`PrintCancelled` with nothing written.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Literal

from equitone.domain.assessment import (
    Assessment,
    TagChange,
    ToneTag,
    compare,
    psfs_change_is_meaningful,
    states_text,
)
from equitone.domain.catalog import Catalog
from equitone.domain.measures_text import measures_text
from equitone.domain.method import advice, advice_for
from equitone.domain.sequencing import (
    PlanWarning,
    WarningCode,
)
from equitone.domain.sequencing.describe import (
    describe_answer,
    describe_dismissal,
    exercise_name,
)
from equitone.domain.sequencing.reasons import explanation
from equitone.domain.session import SessionRecord
from equitone.domain.trends import format_day
from equitone.domain.types import STATE_PRIORITY, Side, ToneState
from equitone.domain.visit_record import SOAP_FIELDS, SOAP_LABELS
from equitone.errors import NotFoundError, ValidationError
from equitone.printing import (
    AssessmentSummary,
    ChangeRow,
    ClinicHeader,
    PlanBlock,
    PlanDocument,
    PrintCancelled,
    RecordLine,
    ReportDocument,
    render_plan,
    render_report,
)
from equitone.printing.handout import plan_block
from equitone.printing.model import RELAXING_KINDS, VisitRecordSummary
from equitone.services.assessments import history
from equitone.services.catalog import load_catalog
from equitone.services.figures import block_pictures, block_setup
from equitone.services.output_target import checked_output, checked_output_folder
from equitone.services.patients import get_patient
from equitone.services.pictures import Panel, Pictures
from equitone.services.sessions import get_session, list_sessions, sessions_on
from equitone.services.settings import ClinicSettings, load_settings
from equitone.storage.database import Database

Paper = Literal["a4", "letter"]
CopyKind = Literal["patient", "clinician"]
Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]

GATHER_SHARE = 35  # percent of the progress bar spent on data and pictures
MAP_HEIGHT_PX = 900  # ~300 dpi at the printed size



@dataclass
class Job:
    """Progress and cancellation across the gathering and the rendering of one document."""

    progress: Progress | None = None
    cancelled: Cancelled | None = None
    share: int = GATHER_SHARE

    def gathered(self, done: int, total: int) -> None:
        """A gathering step finished; raises PrintCancelled when the user has cancelled."""
        if self.cancelled is not None and self.cancelled():
            raise PrintCancelled()
        if self.progress is not None:
            self.progress(self.share * done // max(1, total), 100)

    def rendering(self, done: int, total: int) -> None:
        if self.progress is not None:
            self.progress(self.share + (100 - self.share) * done // max(1, total), 100)


def _clinic(settings: ClinicSettings) -> ClinicHeader:
    return ClinicHeader(settings.clinic_name, settings.clinic_address, settings.clinic_contact,
                        settings.logo_path)


def _author(settings: ClinicSettings) -> str:
    return ", ".join(settings.clinicians) or settings.clinic_name


def _paper(settings: ClinicSettings) -> Paper:
    return "letter" if settings.paper_size == "letter" else "a4"


def _muscle_name(catalog: Catalog, slug: str) -> str:
    return catalog.muscles[slug].name if slug in catalog.muscles else slug


def record_lines(record: SessionRecord, catalog: Catalog) -> tuple[RecordLine, ...]:
    """The warnings, swaps, dismissals and proposal answers of a session, for the record."""
    position = {b.id: n for n, b in enumerate(record.blocks, 1)}

    def where(block_id: str | None) -> str:
        return f"Card {position[block_id]}" if block_id in position else "Session"

    def kind(warning: PlanWarning) -> str:
        if warning.safety:
            return "Safety warning"
        return "Precaution" if warning.code is WarningCode.TECHNIQUE_PRECAUTION else "Warning"

    lines = [RecordLine(kind(w), where(w.block_id), w.message, w.safety)
             for w in record.warnings]
    lines += [
        RecordLine("Swap", where(s.block_id),
                   f"{exercise_name(catalog, s.chosen)}, chosen by the clinician instead of"
                   f" {exercise_name(catalog, s.instead_of)}.")
        for s in record.swaps
    ]
    lines += [
        RecordLine("Dismissed", where(d.key.anchor),
                   f"{describe_dismissal(catalog, record.blocks, d)}. Reason:"
                   f" {d.reason or 'none given'}.")
        for d in record.dismissals
    ]
    lines += [RecordLine("Proposal", "Session", describe_answer(catalog, p))
              for p in record.proposals]
    return tuple(lines)


def _acknowledgements(db: Database, session_id: int) -> tuple[RecordLine, ...]:
    """Safety warnings acknowledged when the session was planned or delivered (audit trail)."""
    from equitone.services.audit import audit_entries

    found = []
    for entry in audit_entries(db, entity="session", entity_id=session_id):
        if "acknowledged" in entry.note:
            when = entry.at_utc.strftime("%Y-%m-%d %H:%M UTC")
            found.append(RecordLine("Acknowledged", "Session",
                                    f"{entry.note} — by {entry.actor}, {when}."))
    return tuple(found)


def _plan_blocks(
    record: SessionRecord, catalog: Catalog, pictures: Pictures | None, job: Job,
    copy: CopyKind = "patient",
    states: Mapping[tuple[str, Side], ToneState] | None = None,
) -> tuple[PlanBlock, ...]:
    blocks = []
    warned: dict[str, list[str]] = {}
    for warning in record.warnings if copy == "clinician" else ():
        if warning.block_id is not None:
            warned.setdefault(warning.block_id, []).append(warning.message)
    for n, block in enumerate(record.blocks, 1):
        exercise = catalog.exercises.get(block.exercise)
        figures = block_pictures(block, catalog, states) if pictures is not None else ()
        thumb = None
        if pictures is not None and not figures and block.muscles:  # no figure: a body crop
            relaxing = exercise is not None and exercise.kind.value in RELAXING_KINDS
            thumb = pictures.thumbnail(block.muscles, block.side.sides, relaxing)
        blocks.append(plan_block(
            catalog, block, n, copy=copy, setup=block_setup(block, catalog),
            pictures=figures, thumbnail=thumb, warnings=tuple(warned.get(block.id, ())),
        ))
        job.gathered(n, len(record.blocks) + 1)
    return tuple(blocks)


def _assessment_before(db: Database, patient_id: int, day: date) -> Assessment | None:
    """The assessment the session was designed from: the latest on or before its day."""
    visits = history(db, patient_id)
    earlier = [a for a in visits if a.day <= day]
    if earlier:
        return earlier[-1]
    return visits[-1] if visits else None


def _tag_label(catalog: Catalog, tag: ToneTag, *, neurological: bool) -> str:
    """"Hamstrings L 6/10 + underactive (lengthen and relax it first, then activate it
    gently: tight and weak) — MRC 3/5; Straight-leg raise (passive) 60° (normal ≥ 80°: 20°
    short)": the side filed under its primary state, its other states and what the method
    says about the combination, then its measures."""
    score = f" {tag.tightness}/10" if tag.tightness is not None else ""
    text = f"{_muscle_name(catalog, tag.muscle)} {tag.side.letter}{score}"
    if tag.others:
        text += "".join(f" + {o.state.value}" for o in tag.others)
        combined = advice_for(tag.states)
        if combined != advice(tag.state):
            text += f" ({combined})"
    measures = measures_text(tag, neurological=neurological)
    text = f"{text} — {measures}" if measures else text
    return f"{text} — “{tag.note.strip()}”" if tag.note.strip() else text


def _summary(assessment: Assessment, catalog: Catalog, pictures: Pictures) -> AssessmentSummary:
    from equitone.looks import state_legend

    groups: list[tuple[str, tuple[str, ...]]] = []
    tips: list[tuple[str, str]] = []
    for state in STATE_PRIORITY:  # each side under its primary state, most pressing first
        names = tuple(_tag_label(catalog, t, neurological=assessment.neurological)
                      for t in assessment.tags if t.state is state)
        if names:
            label = state.value.capitalize()
            groups.append((label, names))
            tips.append((label, advice(state).capitalize()))
    states = assessment.state_sets()
    return AssessmentSummary(
        assessment.day, assessment.clinician, assessment.findings,
        pictures.body_map(states, pictures.map_panels(states), MAP_HEIGHT_PX), tuple(groups),
        legend=state_legend((s for found in states.values() for s in found),
                            combined=any(len(found) > 1 for found in states.values())),
        advice=tuple(tips), neurological=assessment.neurological,
    )


def plan_document(
    db: Database, session_id: int, *, pictures: Pictures, copy: CopyKind = "patient",
    paper: Paper | None = None, thumbnails: bool = True, today: date | None = None,
    job: Job | None = None,
) -> PlanDocument:
    job = job or Job()
    record = get_session(db, session_id)
    patient = get_patient(db, record.patient_id)
    settings = load_settings(db)
    catalog = load_catalog(db)
    assessment = _assessment_before(db, record.patient_id, record.day)
    # the pictures colour a worked muscle by its tag in the assessment the plan came from
    states = assessment.states() if assessment is not None else None
    blocks = _plan_blocks(record, catalog, pictures if thumbnails else None, job, copy, states)
    summary = None
    if copy == "clinician" and assessment is not None:
        summary = _summary(assessment, catalog, pictures)
    visit = (_visit_record(db, record, assessment, catalog) if copy == "clinician" else None)
    job.gathered(1, 1)
    rules = tuple(dict.fromkeys(b.rule for b in record.blocks if b.rule is not None))
    frequency = record.details.frequency_per_week
    record_text: tuple[RecordLine, ...] = ()
    if copy == "clinician":
        record_text = record_lines(record, catalog) + _acknowledgements(db, record.id)
    return PlanDocument(
        clinic=_clinic(settings),
        patient_name=patient.name,
        session_date=record.day,
        frequency_text=f"{frequency}× per week",
        status=record.status.value.capitalize(),
        blocks=blocks,
        clinician_notes=record.details.notes,
        copy=copy,
        paper=paper or _paper(settings),
        print_date=today or date.today(),
        assessment=summary,
        rules_applied=tuple((r.value, explanation(r)) for r in rules),
        author=_author(settings),
        record=record_text,
        visit=visit,
    )


def _visit_record(
    db: Database, record: SessionRecord, assessment: Assessment | None, catalog: Catalog
) -> VisitRecordSummary:
    """The PSFS and notes of the visit the session was designed from, the responses per
    block and the next-day reports of this session."""
    from equitone.services.responses import next_day_reports, responses
    from equitone.services.visit_notes import get_notes

    notes: tuple[tuple[str, str], ...] = ()
    if assessment is not None:
        written = get_notes(db, assessment.id)
        notes = tuple((SOAP_LABELS[n], written.section(n).strip()) for n in SOAP_FIELDS
                      if written.section(n).strip())
    answers = responses(db, record.id)
    numbered = [(n, b) for n, b in enumerate(record.blocks, 1) if b.id in answers]
    return VisitRecordSummary(
        psfs=tuple((i.activity, i.score) for i in assessment.psfs) if assessment else (),
        psfs_score=assessment.psfs_score if assessment else None,
        notes=notes,
        responses=tuple(
            (n, _exercise_name(catalog, b.exercise), answers[b.id].text()) for n, b in numbered),
        next_day=tuple(
            (f"{_muscle_name(catalog, r.muscle)} {r.side.value}",
             f"{r.text()} (reported {format_day(r.reported_on)})")
            for r in next_day_reports(db, record.id)),
    )


def _exercise_name(catalog: Catalog, slug: str) -> str:
    exercise = catalog.exercises.get(slug)
    return exercise.name if exercise else slug


def change_text(change: TagChange) -> str:
    """What happened to one muscle side between the first and the last assessment (the
    states themselves stand in the Then and Now columns)."""
    before, after = change.before, change.after
    if before is None:
        return "Newly tagged"
    if after is None:
        return "No longer tagged"
    if before.tightness is not None and after.tightness is not None:
        diff = after.tightness - before.tightness
        if diff:
            return f"{'+' if diff > 0 else '−'}{abs(diff)}, {'tighter' if diff > 0 else 'looser'}"
    if before.states != after.states:
        return "State changed"
    return "Grade or measures changed"


def session_summary(record: SessionRecord, catalog: Catalog) -> str:
    """"Work: Clamshell, Hip hike · Relax: Lacrosse-ball release ×3": the method at a glance."""
    groups: dict[bool, dict[str, int]] = {False: {}, True: {}}
    for block in record.blocks:
        exercise = catalog.exercises.get(block.exercise)
        name = exercise.name if exercise else block.exercise
        relaxing = bool(exercise and exercise.kind.relaxes)
        groups[relaxing][name] = groups[relaxing].get(name, 0) + 1

    def listed(counts: dict[str, int]) -> str:
        return ", ".join(name + (f" ×{n}" if n > 1 else "") for name, n in counts.items())

    parts = [f"{label}: {listed(groups[relaxing])}"
             for label, relaxing in (("Work", False), ("Relax", True)) if groups[relaxing]]
    return " · ".join(parts) or "No blocks"


def _change_rows(first: Assessment, last: Assessment, catalog: Catalog) -> tuple[ChangeRow, ...]:
    rows = []
    for change in compare(first.tag_map(), last.tag_map()):
        before, after = change.before, change.after
        rows.append(ChangeRow(
            _muscle_name(catalog, change.muscle), change.side.value.capitalize(),
            states_text(before.states).capitalize() if before else "—",
            float(before.tightness) if before and before.tightness is not None else None,
            states_text(after.states).capitalize() if after else "—",
            float(after.tightness) if after and after.tightness is not None else None,
            change_text(change),
        ))
    return tuple(rows)


def _psfs_text(visits: Sequence[Assessment]) -> str:
    """The first and the last PSFS *scored* in the period, as the Overview counts them: a
    visit that carried the activities over without scores yet is not a PSFS of 0 or none."""
    scored = [(a, a.psfs_score) for a in visits if a.psfs_score is not None]
    if not scored:
        return ""
    (first, first_score), (last, last_score) = scored[0], scored[-1]
    if first is last:
        return (f"Mean score {first_score:.1f} on {format_day(first.day)}, the only PSFS "
                "scored in this period.")
    gain = last_score - first_score
    meaningful = " (a meaningful change)" if psfs_change_is_meaningful(gain) else ""
    return (f"Mean score {first_score:.1f} on {format_day(first.day)} → "
            f"{last_score:.1f} on {format_day(last.day)}: {gain:+.1f} points{meaningful}.")


def report_document(
    db: Database, patient_id: int, *, pictures: Pictures, since: date | None = None,
    until: date | None = None, paper: Paper | None = None, today: date | None = None,
    max_charts: int = 6, job: Job | None = None,
) -> ReportDocument:
    from equitone.domain.limits import EARLIEST_DAY, in_window, last_accepted_day
    from equitone.domain.trends import default_selection, drawable, left_out_note, muscles_of
    from equitone.looks import state_colours, state_legend
    from equitone.printing.trend_charts import flag_texts, trend_charts
    from equitone.services.trends import trend_data

    job = job or Job()
    if since and until and since > until:
        raise ValidationError("The start date is after the end date.")
    patient = get_patient(db, patient_id)
    settings = load_settings(db)
    catalog = load_catalog(db)
    visits = [a for a in history(db, patient_id)
              if (since is None or a.day >= since) and (until is None or a.day <= until)]
    if not visits:
        raise ValidationError(f"{patient.name} has no assessments in that period.")
    # a visit dated outside the accepted window (an older version's row) is named under the
    # charts, not taken for the first or the last visit
    visits = [a for a in visits if in_window(a.day, today)] or visits
    first, last = visits[0], visits[-1]
    start, end = since or first.day, until or last.day
    job.gathered(1, 5)
    then_states, now_states = first.state_sets(), last.state_sets()
    panels: list[Panel] = pictures.map_panels(then_states, now_states)
    map_then = pictures.body_map(then_states, panels, MAP_HEIGHT_PX)
    job.gathered(2, 5)
    map_now = pictures.body_map(now_states, panels, MAP_HEIGHT_PX)
    job.gathered(3, 5)
    data = drawable(trend_data(db, patient_id, since=since, until=until), today)
    muscles = muscles_of(default_selection(data))[:max_charts]
    chart_start = min(max(start, EARLIEST_DAY), last_accepted_day(today))
    chart_end = max(min(end, last_accepted_day(today)), chart_start)
    charts = trend_charts(data, muscles, state_colours(), start=chart_start, end=chart_end)
    job.gathered(4, 5)
    delivered = sorted((s for s in list_sessions(db, patient_id)
                        if s.status.value == "delivered" and start <= s.day <= end),
                       key=lambda s: s.day)
    sessions = tuple((s.day, session_summary(s, catalog)) for s in delivered)
    job.gathered(5, 5)
    return ReportDocument(
        clinic=_clinic(settings), patient_name=patient.name, date_from=start, date_to=end,
        map_then=map_then, map_now=map_now,
        then_label=f"Then — {format_day(first.day)}", now_label=f"Now — {format_day(last.day)}",
        charts=charts, changes=_change_rows(first, last, catalog), sessions=sessions,
        paper=paper or _paper(settings), print_date=today or date.today(),
        author=_author(settings), psfs_text=_psfs_text(visits),
        legend=state_legend(
            (s for found in (*then_states.values(), *now_states.values()) for s in found),
            combined=any(len(f) > 1 for f in (*then_states.values(), *now_states.values()))),
        flags_text=flag_texts(data, muscles),
        no_changes_text=_no_changes_text(first, last),
        charts_note=left_out_note(data),
    )


def _no_changes_text(first: Assessment, last: Assessment) -> str:
    if first is last:
        return (f"Only one assessment in this period ({format_day(first.day)}): "
                "nothing to compare yet.")
    if not first.tags and not last.tags:
        return "No muscles were tagged in this period."
    return "The tags did not change between the first and the last assessment."


def check_target(path: Path, db: Database | None = None) -> None:
    """One-line errors before any work: wrong suffix, missing folder, a folder, a device, the
    database or its backups as target (services/output_target.py)."""
    checked_output(path, db, suffixes=(".pdf",))


def print_session(
    db: Database, session_id: int, path: Path, *, pictures: Pictures,
    copy: CopyKind = "patient", paper: Paper | None = None, progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> Path:
    check_target(path, db)
    job = Job(progress, cancelled)
    doc = plan_document(db, session_id, pictures=pictures, copy=copy, paper=paper, job=job)
    render_plan(doc, path, progress=job.rendering, cancelled=cancelled)
    return path


def print_report(
    db: Database, patient_id: int, path: Path, *, pictures: Pictures,
    since: date | None = None, until: date | None = None, paper: Paper | None = None,
    progress: Progress | None = None, cancelled: Cancelled | None = None,
) -> Path:
    check_target(path, db)
    job = Job(progress, cancelled)
    doc = report_document(db, patient_id, pictures=pictures, since=since, until=until,
                          paper=paper, job=job)
    render_report(doc, path, progress=job.rendering, cancelled=cancelled)
    return path


def plan_file_name(record: SessionRecord, patient_name: str, copy: CopyKind = "patient") -> str:
    """``2026-11-25 Maria Keller plan.pdf``: readable, sortable, safe on every file system."""
    safe = "".join(ch if ch.isalnum() or ch in " -" else "-" for ch in patient_name)
    safe = " ".join(safe.split()).strip(" -")[:60] or "patient"
    kind = "clinician copy" if copy == "clinician" else "plan"
    return f"{record.day.isoformat()} {safe} {kind}.pdf"


def report_file_name(patient_name: str, end: date) -> str:
    safe = "".join(ch if ch.isalnum() or ch in " -" else "-" for ch in patient_name)
    safe = " ".join(safe.split()).strip(" -")[:60] or "patient"
    return f"{end.isoformat()} {safe} progress report.pdf"


def _day_file_name(record: SessionRecord, patient_name: str) -> str:
    safe = "".join(ch if ch.isalnum() else "-" for ch in patient_name).strip("-") or "patient"
    return f"{record.day.isoformat()}-session-{record.id}-{safe}.pdf"


def print_day(db: Database, day: date, directory: Path, *, pictures: Pictures) -> list[Path]:
    """The morning batch: one PDF per session planned for `day`."""
    checked_output_folder(directory, db)
    planned = sessions_on(db, day)
    if not planned:
        raise NotFoundError(f"No sessions are planned for {day.isoformat()}.")
    written = []
    for record in planned:
        patient = get_patient(db, record.patient_id)
        target = directory / _day_file_name(record, patient.name)
        render_plan(plan_document(db, record.id, pictures=pictures), target)
        written.append(target)
    return written
