"""The progress report for a date range: body map then and now, tightness trend charts,
what changed, the sessions delivered and the PSFS summary."""

from __future__ import annotations

from datetime import date

from .chart import TrendChartFlowable
from .fonts import REGULAR
from .layout import (
    cell,
    clinic_header,
    grid_table,
    heading,
    legend_line,
    long_date,
    para,
    picture,
    title_block,
)
from .model import ChangeRow, ReportDocument, TrendChart
from .output import Cancelled, DocInfo, Output, Progress, Steps, render
from .platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle
from .styles import RULE, styles

MAP_HEIGHT = 230.0
CHART_HEIGHT = 128.0
_GAP = 14.0


def _score(state: str, tightness: float | None) -> str:
    if tightness is None:
        return state or "—"
    value = f"{tightness:g}/10"
    return f"{state} · {value}" if state else value


def _figure(title: str, data: bytes | None, box_w: float, box_h: float) -> list[Flowable]:
    st = styles()
    image = picture(data, box_w, box_h)
    caption = para(title, st.cell_head)
    if image is None:
        return [caption, Spacer(1, 4), Paragraph("No picture available.", st.muted)]
    image.hAlign = "CENTER"
    return [caption, Spacer(1, 4), image]


def _pair(left: list[Flowable], right: list[Flowable], width: float) -> Table:
    half = (width - _GAP) / 2
    table = Table([[left, "", right]], colWidths=[half, _GAP, half])
    commands: list[tuple[object, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), REGULAR),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("ALIGN", (0, 0), (-1, -1), "CENTER"),
        ("TOPPADDING", (0, 0), (-1, -1), 6),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
        ("BOX", (0, 0), (0, 0), 0.5, RULE),
    ]
    if right:
        commands.append(("BOX", (2, 0), (2, 0), 0.5, RULE))
    table.setStyle(TableStyle(commands))
    return table


def _maps(doc: ReportDocument, width: float) -> list[Flowable]:
    half = (width - _GAP) / 2 - 12
    pair = _pair(
        _figure(doc.then_label, doc.map_then, half, MAP_HEIGHT),
        _figure(doc.now_label, doc.map_now, half, MAP_HEIGHT),
        width,
    )
    parts: list[Flowable] = [heading("Body map: then and now"), pair]
    if doc.legend:
        parts += [Spacer(1, 3), legend_line(doc.legend)]
    return [KeepTogether(parts)]


def _chart_cell(chart: TrendChart, width: float) -> list[Flowable]:
    return [para(chart.title, styles().cell_head), Spacer(1, 3),
            TrendChartFlowable(chart, width, CHART_HEIGHT)]


def _charts(doc: ReportDocument, width: float, steps: Steps) -> list[Flowable]:
    note = [para(doc.charts_note, styles().small)] if doc.charts_note else []
    if not doc.charts:
        return [heading("Tightness trends"),
                Paragraph("No tightness scores in this period.", styles().muted), *note]
    half = (width - _GAP) / 2 - 12
    rows: list[Flowable] = []
    for index in range(0, len(doc.charts), 2):
        steps.story(index + 2, len(doc.charts) + 4)
        left = _chart_cell(doc.charts[index], half)
        right = (
            _chart_cell(doc.charts[index + 1], half) if index + 1 < len(doc.charts) else []
        )
        rows += [_pair(left, right, width), Spacer(1, 6)]
    intro = Paragraph(
        "Tightness 0–10 at each assessment (lower is looser); the band under each chart "
        "shows the tone state, coloured as on the body map.",
        styles().muted,
    )
    story: list[Flowable] = [
        KeepTogether([heading("Tightness trends"), intro, Spacer(1, 4), rows[0]]),
        *rows[1:], *note,
    ]
    if doc.flags_text:
        notes = [para(text, styles().small, prefix="▼&nbsp;") for text in doc.flags_text]
        story.append(KeepTogether([
            Paragraph("<b>Rising tightness after activation</b>", styles().body), *notes
        ]))
    return story


def _changes(changes: tuple[ChangeRow, ...], width: float, empty: str) -> list[Flowable]:
    st = styles()
    if not changes:
        return [heading("What changed"), para(empty, st.muted)]
    rows = [
        [
            cell(row.muscle),
            cell(row.side),
            cell(_score(row.then_state, row.then_tightness)),
            cell(_score(row.now_state, row.now_tightness)),
            cell(row.change_text),
        ]
        for row in changes
    ]
    widths = (width - 50 - 2 * 110 - 90, 50, 110, 110, 90)
    table = grid_table(("Muscle", "Side", "Then", "Now", "Change"), rows, widths)
    return [KeepTogether([heading("What changed"), table])]


def _sessions(sessions: tuple[tuple[date, str], ...], width: float) -> list[Flowable]:
    st = styles()
    if not sessions:
        return [heading("Sessions delivered"), Paragraph("No sessions in this period.", st.muted)]
    rows = [[cell(long_date(day)), cell(text)] for day, text in sessions]
    table = grid_table(("Date", "Session"), rows, (90, width - 90))
    return [KeepTogether([heading(f"Sessions delivered ({len(sessions)})"), table])]


def report_info(doc: ReportDocument) -> DocInfo:
    period = f"{doc.date_from.isoformat()} to {doc.date_to.isoformat()}"
    return DocInfo(
        title=f"Progress report — {doc.patient_name} — {period}",
        subject="Progress report: body map, tightness trends, changes and sessions",
        author=doc.author or doc.clinic.name,
        paper=doc.paper,
        patient_name=doc.patient_name,
        print_date=doc.print_date or date.today(),
    )


def _story(doc: ReportDocument, width: float, steps: Steps) -> list[Flowable]:
    st = styles()
    facts = [
        ("Patient", doc.patient_name),
        ("Period", f"{long_date(doc.date_from)} – {long_date(doc.date_to)}"),
        ("Sessions", str(len(doc.sessions))),
    ]
    story: list[Flowable] = [clinic_header(doc.clinic, width)]
    story += title_block("Progress report", facts, width)
    steps.story(1, len(doc.charts) + 4)
    story += _maps(doc, width)
    story += _charts(doc, width, steps)
    story += _changes(doc.changes, width, doc.no_changes_text)
    story += _sessions(doc.sessions, width)
    psfs = doc.psfs_text.strip() or "No Patient-Specific Functional Scale scores in this period."
    story += [
        KeepTogether([heading("Patient-Specific Functional Scale (PSFS)"), para(psfs, st.body)])
    ]
    return story


def render_report(
    doc: ReportDocument,
    out: Output,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> None:
    """Write the progress report as a PDF."""
    render(
        report_info(doc), lambda width, steps: _story(doc, width, steps), out, progress, cancelled
    )
