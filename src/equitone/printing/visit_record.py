"""Clinician-copy sections for the visit as a record: the PSFS and the SOAP notes (with the
assessment), the patient's response per block and the next-day reports (after the cards)."""

from __future__ import annotations

from .layout import cell, grid_table, heading, para
from .model import VisitRecordSummary
from .platypus import Flowable, KeepTogether, Paragraph, Spacer
from .styles import styles

NUMBER_W = 28.0
EXERCISE_W = 150.0
MUSCLE_W = 170.0
ACTIVITY_W = 260.0


def notes_section(visit: VisitRecordSummary | None, width: float) -> list[Flowable]:
    """The PSFS and the visit notes, each left out when there is nothing to show."""
    if visit is None:
        return []
    st = styles()
    story: list[Flowable] = []
    if visit.psfs:
        mean = (f"mean {visit.psfs_score:.1f}/10" if visit.psfs_score is not None
                else "not scored yet")
        rows = [[cell(activity), cell("—" if score is None else f"{score}/10")]
                for activity, score in visit.psfs]
        story.append(KeepTogether([
            heading(f"Patient-Specific Functional Scale — {mean}"),
            grid_table(("Activity", "Score"), rows, (ACTIVITY_W, width - ACTIVITY_W)),
        ]))
    if visit.notes:
        parts: list[Flowable] = [heading("Visit notes")]
        for label, text in visit.notes:
            parts += [Paragraph(f"<b>{label}</b>", st.body), para(text, st.body),
                      Spacer(1, 3)]
        story += [parts[0], *parts[1:]]
    return story


def response_section(visit: VisitRecordSummary | None, width: float) -> list[Flowable]:
    """How the patient responded per block, and what they reported the following days."""
    if visit is None:
        return []
    story: list[Flowable] = []
    if visit.responses:
        rows = [[cell(str(n)), cell(name), cell(text)] for n, name, text in visit.responses]
        story.append(KeepTogether([
            heading("The patient's response"),
            grid_table(("#", "Exercise", "Response (pain and effort 0–10)"), rows,
                       (NUMBER_W, EXERCISE_W, width - NUMBER_W - EXERCISE_W)),
        ]))
    if visit.next_day:
        rows = [[cell(muscle), cell(text)] for muscle, text in visit.next_day]
        story.append(KeepTogether([
            heading("Next-day report"),
            grid_table(("Muscle", "How it felt the following days"), rows,
                       (MUSCLE_W, width - MUSCLE_W)),
        ]))
    return story
