"""The session plan handout: patient copy (cards, warm-down, weekly log, notes) and clinician
copy (the same cards plus the latest assessment and which rule added which block)."""

from __future__ import annotations

from datetime import date

from .cards import WritingSpace, card, notes_callout, weekly_log
from .clinician import assessment_section, record_section, rules_section
from .layout import clinic_header, heading, long_date, run_in_heading, title_block
from .model import PlanBlock, PlanDocument
from .output import Cancelled, DocInfo, Output, Progress, Steps, render
from .platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer
from .styles import styles
from .visit_record import notes_section, response_section

LOG_WEEKS = 4
_INTRO = (
    "Work in this order and never skip a green <b>Relax</b> card. <b>2 × 10</b> means 2 sets "
    "of 10 repetitions."
)
_WARM_DOWN_INTRO = "end every session with these: trained muscles relaxed and long, not floppy."
_WARM_DOWN_DEFAULT = (
    "end every session with 2–3 minutes of easy breathing and slow, gentle movement: relaxed "
    "and long, not floppy."
)


def split_warm_down(blocks: tuple[PlanBlock, ...]) -> tuple[list[PlanBlock], list[PlanBlock]]:
    """The trailing run of warm-down blocks becomes the warm-down section (order is kept)."""
    cut = len(blocks)
    while cut > 0 and blocks[cut - 1].kind == "warm-down":
        cut -= 1
    return list(blocks[:cut]), list(blocks[cut:])


def plan_info(doc: PlanDocument) -> DocInfo:
    clinician = doc.copy == "clinician"
    kind = "Session plan (clinician copy)" if clinician else "Session plan"
    return DocInfo(
        title=f"{kind} — {doc.patient_name} — {doc.session_date.isoformat()}",
        subject="Session plan with assessment and sequencing rules"
        if clinician
        else "Home exercise plan",
        author=doc.author or doc.clinic.name,
        paper=doc.paper,
        patient_name=doc.patient_name,
        print_date=doc.print_date or date.today(),
    )


def _story(doc: PlanDocument, width: float, steps: Steps) -> list[Flowable]:
    st = styles()
    clinician = doc.copy == "clinician"
    facts = [
        ("Patient", doc.patient_name),
        ("Session date", long_date(doc.session_date)),
        ("How often", doc.frequency_text or "As agreed"),
    ]
    if clinician:
        facts.append(("Status", doc.status))
    title = "Session plan — clinician copy" if clinician else "Your exercise plan"
    story: list[Flowable] = [clinic_header(doc.clinic, width), *title_block(title, facts, width)]
    if doc.clinician_notes.strip():
        story += [Spacer(1, 2), notes_callout(doc.clinician_notes, width), Spacer(1, 2)]
    if clinician and doc.assessment is not None:
        story += assessment_section(doc.assessment, width)
    if clinician:
        story += notes_section(doc.visit, width)
    main, warm_down = split_warm_down(doc.blocks)
    total = len(doc.blocks) + 2
    if clinician:
        story += [heading("Exercises")]
    else:  # the title says it is the exercise plan: straight to how to use it
        story += [Spacer(1, 4), Paragraph(_INTRO, st.muted), Spacer(1, 4)]
    for done, block in enumerate(main, start=1):
        steps.story(done, total)
        story.append(card(block, width, clinician=clinician))
    story += [CondPageBreak(70),  # the heading travels with the first warm-down card
              run_in_heading("Warm-down", _WARM_DOWN_INTRO if warm_down else _WARM_DOWN_DEFAULT)]
    for done, block in enumerate(warm_down, start=len(main) + 1):
        steps.story(done, total)
        story.append(card(block, width, clinician=clinician))
    if clinician:
        story += response_section(doc.visit, width)
        story += record_section(doc.record, width)
        story += rules_section(doc.rules_applied, doc.blocks, width)
    else:
        aim = (f"tick a box each day you do your exercises. Aim for: {doc.frequency_text}."
               if doc.frequency_text.strip() else "tick a box each day you do your exercises.")
        story.append(KeepTogether([run_in_heading("Weekly log", aim), Spacer(1, 2),
                                   weekly_log(doc.session_date, LOG_WEEKS, width)]))
    steps.story(total - 1, total)
    if not clinician:  # the handout leaves room to write on (the clinician's own copy need not)
        story.append(WritingSpace("Clinician's notes"))
    return story


def render_plan(
    doc: PlanDocument,
    out: Output,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> None:
    """Write the plan handout (patient or clinician copy, per ``doc.copy``) as a PDF."""
    render(plan_info(doc), lambda width, steps: _story(doc, width, steps), out, progress, cancelled)
