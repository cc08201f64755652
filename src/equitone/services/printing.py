"""Printed documents from the database: fill the printing view models, then render.

The CLI (`equitone print …`), the app (File → Print…, Export PDF…) and the self-test call
these; body-map thumbnails and trend charts are drawn off-screen.
"""

from __future__ import annotations

import getpass
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Literal

from equitone.domain.assessment import Assessment, compare
from equitone.domain.catalog import Catalog
from equitone.domain.method import advice
from equitone.domain.sequencing import Block, BlockSide, RuleId
from equitone.domain.session import SessionRecord
from equitone.domain.types import Side, ToneState
from equitone.errors import NotFoundError, ValidationError
from equitone.printing import (
    AssessmentSummary,
    ChangeRow,
    ClinicHeader,
    PlanBlock,
    PlanDocument,
    ReportDocument,
    render_plan,
    render_report,
)
from equitone.services.assessments import history
from equitone.services.bodymap_export import map_png
from equitone.services.catalog import load_catalog
from equitone.services.patients import get_patient
from equitone.services.sessions import get_session, list_sessions, sessions_on
from equitone.services.settings import ClinicSettings, load_settings
from equitone.storage.database import Database

Paper = Literal["a4", "letter"]
CopyKind = Literal["patient", "clinician"]
Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]

RULE_EXPLANATIONS: dict[RuleId, str] = {
    RuleId.PER_REP_RELAX: "Relax the target fully at the end of each lowering phase.",
    RuleId.RECIPROCAL_INHIBITION: "Progression: a slight antagonist contraction at the end "
    "of the eccentric phase, so the target fires again from an inhibited state.",
    RuleId.SUSTAINED_RELAX: "Sustained activation allows no per-rep relaxing: a relaxation "
    "block for the same muscle and side follows it.",
    RuleId.EXPLOSIVE_POST_RELAX: "Explosive work is trained normally, then the trained "
    "muscles are relaxed and lengthened.",
    RuleId.POSTURAL_INTERSET_RELAX: "Postural/endurance work: train, relax, train, relax "
    "between sets.",
    RuleId.RELEASE_COMPENSATORS_FIRST: "Overactive compensators are released before the "
    "underactive partner is activated.",
    RuleId.WARM_DOWN: "Every session ends with a relaxing warm-down of the trained muscles.",
    RuleId.PRE_SPORT_RELAX: "Retraining before sport is followed by relaxation of the "
    "activated muscles.",
    RuleId.DOSE_BELOW_FAILURE: "Underactive muscles are dosed just enough to switch on, "
    "never to failure.",
}

SIDE_TEXT = {BlockSide.LEFT: "Left", BlockSide.RIGHT: "Right", BlockSide.BOTH: "Both sides"}


def _clinic(settings: ClinicSettings) -> ClinicHeader:
    return ClinicHeader(settings.clinic_name, settings.clinic_address, settings.clinic_contact,
                        settings.logo_path)


def dose_text(block: Block) -> str:
    d = block.dose
    if d.reps is not None and d.hold_seconds is not None:
        work = f"{d.sets} × {d.reps} × {d.hold_seconds} s hold"
    elif d.reps is not None:
        work = f"{d.sets} × {d.reps}"
    elif d.hold_seconds is not None:
        work = f"{d.sets} × {d.hold_seconds} s" if d.sets > 1 else f"{d.hold_seconds} s"
    else:
        work = f"{d.sets} set" + ("s" if d.sets != 1 else "")
    return work + (f", rest {d.rest_seconds} s" if d.rest_seconds else "")


def _thumbnail(block: Block, assessment: Assessment | None) -> bytes | None:
    """A small map highlighting the block's target side (front or back, where it is drawn)."""
    if len(block.muscles) != 1:
        return None
    from equitone.bodymap.svgregions import RegionKey, default_art_dir, load_art
    from equitone.domain.types import Layer, View
    from equitone.offscreen import ensure_application

    ensure_application()
    side = Side.LEFT if block.side is BlockSide.BOTH else Side(block.side.value)
    key = RegionKey(block.muscles[0], side)
    for view in (View.BACK, View.FRONT):
        for layer in (Layer.SUPERFICIAL, Layer.DEEP):
            if key in load_art(default_art_dir(), view, layer).regions:
                return map_png(assessment, view=view.value, layer=layer.value, width_px=180,
                               highlight=(block.muscles[0], side))
    return None


def _plan_blocks(
    record: SessionRecord, catalog: Catalog, assessment: Assessment | None, thumbnails: bool
) -> tuple[PlanBlock, ...]:
    blocks = []
    cache: dict[tuple[str, BlockSide], bytes | None] = {}
    for n, block in enumerate(record.blocks, 1):
        exercise = catalog.exercises.get(block.exercise)
        muscles = tuple(catalog.muscles[m].name if m in catalog.muscles else m
                        for m in block.muscles)
        thumb = None
        if thumbnails and len(block.muscles) == 1:
            cache_key = (block.muscles[0], block.side)
            if cache_key not in cache:
                cache[cache_key] = _thumbnail(block, assessment)
            thumb = cache[cache_key]
        blocks.append(PlanBlock(
            position=n,
            exercise_name=exercise.name if exercise else block.exercise,
            kind=exercise.kind.value if exercise else "activation",
            instruction=exercise.instruction if exercise else "",
            cues=tuple(c.text for c in block.cues) + ((block.note,) if block.note else ()),
            dose_text=dose_text(block),
            side_text=SIDE_TEXT[block.side],
            muscle_names=muscles,
            auto=block.auto,
            rule=block.rule.value if block.rule else None,
            reason=block.reason,
            thumbnail_png=thumb,
        ))
    return tuple(blocks)


def _assessment_before(db: Database, patient_id: int, day: date) -> Assessment | None:
    """The assessment the session was designed from: the latest on or before its day."""
    visits = history(db, patient_id)
    earlier = [a for a in visits if a.day <= day]
    if earlier:
        return earlier[-1]
    return visits[-1] if visits else None


def _tagged(assessment: Assessment, catalog: Catalog) -> tuple[tuple[str, tuple[str, ...]], ...]:
    groups: list[tuple[str, tuple[str, ...]]] = []
    for state in ToneState:
        names = tuple(
            f"{catalog.muscles[t.muscle].name if t.muscle in catalog.muscles else t.muscle} "
            f"{t.side.letter}" + (f" — {t.tightness}/10" if t.tightness is not None else "")
            + f" ({advice(state)})"
            for t in assessment.tags if t.state is state
        )
        if names:
            groups.append((state.value.capitalize(), names))
    return tuple(groups)


def plan_document(
    db: Database, session_id: int, *, copy: CopyKind = "patient", paper: Paper | None = None,
    thumbnails: bool = True, today: date | None = None,
) -> PlanDocument:
    record = get_session(db, session_id)
    patient = get_patient(db, record.patient_id)
    settings = load_settings(db)
    catalog = load_catalog(db)
    assessment = _assessment_before(db, record.patient_id, record.day)
    summary = None
    if copy == "clinician" and assessment is not None:
        summary = AssessmentSummary(
            assessment.day, assessment.clinician, assessment.findings,
            map_png(assessment, width_px=420), _tagged(assessment, catalog),
        )
    rules = tuple(dict.fromkeys(b.rule for b in record.blocks if b.rule is not None))
    frequency = record.details.frequency_per_week
    return PlanDocument(
        clinic=_clinic(settings),
        patient_name=patient.name,
        session_date=record.day,
        frequency_text=f"{frequency}× per week",
        status=record.status.value,
        blocks=_plan_blocks(record, catalog, assessment, thumbnails),
        clinician_notes=record.details.notes,
        copy=copy,
        paper=paper or _paper(settings),
        print_date=today or date.today(),
        assessment=summary,
        rules_applied=tuple((r.value, RULE_EXPLANATIONS[r]) for r in rules),
        author=", ".join(settings.clinicians) or settings.clinic_name,
    )


def _paper(settings: ClinicSettings) -> Paper:
    return "letter" if settings.paper_size == "letter" else "a4"


def report_document(
    db: Database, patient_id: int, *, since: date | None = None, until: date | None = None,
    paper: Paper | None = None, today: date | None = None, max_charts: int = 6,
) -> ReportDocument:
    from equitone.domain.trends import default_selection, muscles_of
    from equitone.services.trends import trend_data

    patient = get_patient(db, patient_id)
    settings = load_settings(db)
    catalog = load_catalog(db)
    visits = [a for a in history(db, patient_id)
              if (since is None or a.day >= since) and (until is None or a.day <= until)]
    if not visits:
        raise ValidationError(f"{patient.name} has no assessments in that period.")
    first, last = visits[0], visits[-1]
    changes = []
    for change in compare(first.tag_map(), last.tag_map()):
        before, after = change.before, change.after
        name = catalog.muscles[change.muscle].name if change.muscle in catalog.muscles else (
            change.muscle)
        delta = ""
        if before and after and before.tightness is not None and after.tightness is not None:
            diff = after.tightness - before.tightness
            delta = "no change" if diff == 0 else (f"tightness {diff:+d}")
        changes.append(ChangeRow(
            name, change.side.value,
            before.state.value if before else "—",
            float(before.tightness) if before and before.tightness is not None else None,
            after.state.value if after else "—",
            float(after.tightness) if after and after.tightness is not None else None,
            delta or change.summary,
        ))
    data = trend_data(db, patient_id, since=since, until=until)
    charts: list[tuple[str, bytes]] = []
    muscles = muscles_of(default_selection(data))[:max_charts]
    if muscles:
        from equitone.charts.render import render_muscle_png
        from equitone.offscreen import ensure_application

        ensure_application()
        for muscle in muscles:
            title = catalog.muscles[muscle].name if muscle in catalog.muscles else muscle
            charts.append((title, render_muscle_png(data, muscle, 900, 420)))
    delivered = [s for s in list_sessions(db, patient_id) if s.status.value == "delivered"
                 and (since is None or s.day >= since) and (until is None or s.day <= until)]
    sessions = tuple(
        (s.day, ", ".join(
            catalog.exercises[b.exercise].name if b.exercise in catalog.exercises else b.exercise
            for b in s.placed))
        for s in sorted(delivered, key=lambda s: s.day)
    )
    psfs = ""
    if first.psfs_score is not None and last.psfs_score is not None:
        gain = last.psfs_score - first.psfs_score
        meaningful = " (a meaningful change)" if abs(gain) >= 2 else ""
        psfs = (f"PSFS {first.psfs_score:.1f} → {last.psfs_score:.1f}, "
                f"{gain:+.1f} points{meaningful}.")
    return ReportDocument(
        clinic=_clinic(settings), patient_name=patient.name,
        date_from=since or first.day, date_to=until or last.day,
        map_then_png=map_png(first, width_px=420), map_now_png=map_png(last, width_px=420),
        then_label=f"{first.day.isoformat()}", now_label=f"{last.day.isoformat()}",
        charts=tuple(charts), changes=tuple(changes), sessions=sessions,
        paper=paper or _paper(settings), print_date=today or date.today(),
        author=", ".join(settings.clinicians) or getpass.getuser(), psfs_text=psfs,
    )


def _check_target(path: Path) -> None:
    if path.suffix.lower() != ".pdf":
        raise ValidationError("The output file must end in .pdf.")
    if not path.parent.is_dir():
        raise ValidationError(f"The folder {path.parent} does not exist.")


def print_session(
    db: Database, session_id: int, path: Path, *, copy: CopyKind = "patient",
    paper: Paper | None = None, progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> Path:
    _check_target(path)
    doc = plan_document(db, session_id, copy=copy, paper=paper)
    render_plan(doc, path, progress=progress, cancelled=cancelled)
    return path


def print_report(
    db: Database, patient_id: int, path: Path, *, since: date | None = None,
    until: date | None = None, paper: Paper | None = None, progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> Path:
    _check_target(path)
    if since and until and since > until:
        raise ValidationError("--from is after --to.")
    doc = report_document(db, patient_id, since=since, until=until, paper=paper)
    render_report(doc, path, progress=progress, cancelled=cancelled)
    return path


def _file_name(record: SessionRecord, patient_name: str) -> str:
    safe = "".join(ch if ch.isalnum() else "-" for ch in patient_name).strip("-") or "patient"
    return f"{record.day.isoformat()}-session-{record.id}-{safe}.pdf"


def print_day(db: Database, day: date, directory: Path) -> list[Path]:
    """The morning batch: one PDF per session planned for `day`."""
    if not directory.is_dir():
        raise ValidationError(f"The folder {directory} does not exist.")
    planned = sessions_on(db, day)
    if not planned:
        raise NotFoundError(f"No sessions are planned for {day.isoformat()}.")
    written = []
    for record in planned:
        patient = get_patient(db, record.patient_id)
        target = directory / _file_name(record, patient.name)
        render_plan(plan_document(db, record.id), target)
        written.append(target)
    return written


def default_report_range(today: date | None = None) -> tuple[date, date]:
    end = today or date.today()
    return end - timedelta(days=182), end
