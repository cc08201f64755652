"""Clinician-copy sections: the latest assessment, the record of warnings and decisions, and
the sequencing rules behind the plan (in words: rule identifiers are for the software)."""

from __future__ import annotations

from collections.abc import Sequence

from equitone.domain.sequencing import rule_title

from .fonts import REGULAR, markup
from .layout import cell, grid_table, heading, legend_line, long_date, para, picture
from .model import AssessmentSummary, PlanBlock, RecordLine
from .platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle
from .styles import styles

MAP_BOX = (190.0, 200.0)
STATE_W = 108.0
SIDE_COLUMN_MAX = 320.0  # beside the map; a taller column could not break across pages
KIND_W = 88.0  # "Safety warning"
WHERE_W = 46.0  # "Card 12", "Session"


def assessment_section(assessment: AssessmentSummary, width: float) -> list[Flowable]:
    st = styles()
    title = f"Latest assessment — {long_date(assessment.date)}"
    if assessment.clinician.strip():
        title += f", {assessment.clinician}"
    if assessment.neurological:
        title += " — neurological presentation"
    map_image = picture(assessment.map_image, *MAP_BOX)
    side_w = width - (MAP_BOX[0] + 12 if map_image is not None else 0)
    details: list[Flowable] = []
    if assessment.tagged:
        advice = dict(assessment.advice)
        rows = [
            [_state_cell(state, advice.get(state, "")), cell("\n".join(muscles))]  # one a line
            for state, muscles in assessment.tagged
        ]
        details.append(grid_table(("State", "Muscles (side, tightness)"), rows,
                                  (STATE_W, side_w - STATE_W)))
    else:
        details.append(Paragraph("No muscles were tagged.", st.muted))
    findings: list[Flowable] = []
    if assessment.findings.strip():
        findings = [Spacer(1, 6), Paragraph("<b>Findings</b>", st.body),
                    para(assessment.findings, st.body)]
    below: list[Flowable] = []
    column_h = sum(f.wrap(side_w, 1e6)[1] for f in details + findings)
    if column_h <= SIDE_COLUMN_MAX:
        details += findings
    else:  # long findings go under the map at full width, where they can break across pages
        below = findings
    if map_image is None:
        body: Flowable = Table([[details]], colWidths=[width])
    else:
        body = Table([[map_image, details]], colWidths=[width - side_w, side_w])
    body.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("LEFTPADDING", (-1, 0), (-1, 0), 12 if map_image is not None else 0),
            ]
        )
    )
    parts: list[Flowable] = [heading(title), body]
    if assessment.legend and map_image is not None:
        parts += [Spacer(1, 3), legend_line(assessment.legend)]
    return [KeepTogether(parts), *below, Spacer(1, 4)]


def _state_cell(state: str, advice: str) -> Flowable:
    st = styles()
    if not advice:
        return para(state, st.cell_head)
    title = f'<font color="#1E2A30"><b>{markup(state)}</b></font><br/>'
    return para(advice, st.muted, prefix=title)


def record_section(lines: Sequence[RecordLine], width: float) -> list[Flowable]:
    """Every warning the engine raised and every swap, dismissal and proposal answer, with the
    clinician's reasons: part of the clinical record, so printed, not only shown on screen."""
    st = styles()
    title = heading("Warnings and decisions")
    if not lines:
        return [title, Paragraph("No warnings; nothing was swapped or dismissed.", st.muted)]
    rows = []
    for line in lines:
        style = st.warning if line.safety else st.cell
        rows.append([para(line.kind, style), cell(line.where), para(line.text, style)])
    table = grid_table(
        ("What", "Where", "Details"), rows, (KIND_W, WHERE_W, width - KIND_W - WHERE_W)
    )
    return [title, table, Spacer(1, 4)]


def rules_section(
    rules: Sequence[tuple[str, str]], blocks: Sequence[PlanBlock], width: float
) -> list[Flowable]:
    """Rule → what it does → the numbers of the blocks that rule added."""
    st = styles()
    if not rules:
        return [heading("Sequencing rules"), Paragraph("No blocks were added by rules.", st.muted)]
    rows = []
    for rule_id, explanation in rules:
        mine = [b for b in blocks if b.rule == rule_id]
        title = next((b.rule_title for b in mine if b.rule_title), None) or rule_title(rule_id)
        numbers = ", ".join(str(b.position) for b in mine) or "—"
        rows.append([para(explanation, st.cell, prefix=f"<b>{markup(title)}</b><br/>"),
                     cell(numbers)])
    table = grid_table(("Rule and what it does", "Cards"), rows, (width - 56, 56))
    return [KeepTogether([heading("Sequencing rules applied"), table])]
