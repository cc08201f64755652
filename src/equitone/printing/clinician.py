"""Clinician-copy sections: the latest assessment and the sequencing rules behind the plan."""

from __future__ import annotations

from collections.abc import Sequence

from .fonts import REGULAR, markup
from .layout import cell, grid_table, heading, legend_line, long_date, para, picture
from .model import AssessmentSummary, PlanBlock
from .platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle
from .styles import styles

MAP_BOX = (190.0, 200.0)
STATE_W = 108.0
SIDE_COLUMN_MAX = 320.0  # beside the map; a taller column could not break across pages
RULE_W = 118.0  # fits the longest rule id, "release-compensators-first", on one line


def assessment_section(assessment: AssessmentSummary, width: float) -> list[Flowable]:
    st = styles()
    title = f"Latest assessment — {long_date(assessment.date)}"
    if assessment.clinician.strip():
        title += f", {assessment.clinician}"
    map_image = picture(assessment.map_image, *MAP_BOX)
    side_w = width - (MAP_BOX[0] + 12 if map_image is not None else 0)
    details: list[Flowable] = []
    if assessment.tagged:
        advice = dict(assessment.advice)
        rows = [
            [_state_cell(state, advice.get(state, "")), cell(", ".join(muscles))]
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


def rules_section(
    rules: Sequence[tuple[str, str]], blocks: Sequence[PlanBlock], width: float
) -> list[Flowable]:
    """Rule id → explanation → the numbers of the blocks that rule added."""
    st = styles()
    if not rules:
        return [heading("Sequencing rules"), Paragraph("No blocks were added by rules.", st.muted)]
    rows = []
    for rule_id, explanation in rules:
        numbers = [str(b.position) for b in blocks if b.rule == rule_id]
        rows.append([cell(rule_id), cell(explanation), cell(", ".join(numbers) or "—")])
    table = grid_table(("Rule", "What it does", "Blocks"), rows, (RULE_W, width - RULE_W - 56, 56))
    return [KeepTogether([heading("Sequencing rules applied"), table])]
