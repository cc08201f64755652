"""Exercise cards, the weekly tick-box log and the ruled notes box of a plan handout."""

from __future__ import annotations

from datetime import date, timedelta

from reportlab.lib import colors
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from .fonts import BOLD, REGULAR, markup
from .layout import para, png_image, short_date
from .model import PlanBlock
from .styles import (
    ACTIVE_EDGE,
    CARD_BG,
    MUTED,
    RELAX_BG,
    RELAX_EDGE,
    RULE,
    styles,
)

NUMBER_W = 26.0
THUMB_W = 66.0
THUMB_BOX = (58.0, 72.0)
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def _chip(text: str, background: str) -> str:
    return (
        f'<font name="{BOLD}" size="7" color="white" backColor="{background}">'
        f"&nbsp;{text}&nbsp;</font>"
    )


def _facts(block: PlanBlock) -> str:
    pairs = [("Dose", block.dose_text), ("Side", block.side_text)]
    if block.muscle_names:
        pairs.append(("Muscles", ", ".join(block.muscle_names)))
    return "&nbsp;&nbsp;&nbsp;".join(
        f'<font name="{BOLD}" color="#5B6770">{label}</font>&nbsp;{markup(value)}'
        for label, value in pairs
        if value.strip()
    )


def card(block: PlanBlock, width: float, *, clinician: bool) -> Flowable:
    """One exercise as a boxed card; relaxing kinds get the tinted "Relax" look."""
    st = styles()
    relax = block.relaxing
    chip = _chip("RELAX", "#4F9D69") if relax else ""
    if clinician and block.auto:
        chip += "&nbsp;" + _chip("AUTO", "#8A96A0")
    content: list[Flowable] = [
        para(block.exercise_name, st.card_title, suffix=f"&nbsp;&nbsp;{chip}" if chip else "")
    ]
    if block.instruction.strip():
        content.append(para(block.instruction, st.body))
    content += [para(cue, st.small, prefix="•&nbsp;") for cue in block.cues if cue.strip()]
    facts = _facts(block)
    if facts:
        content += [Spacer(1, 2), Paragraph(facts, st.small)]
    if block.reason.strip():
        content.append(para(block.reason, st.reason))
    if clinician and block.rule:
        content.append(para(f"Rule {block.rule}", st.muted))

    thumb = png_image(block.thumbnail_png, *THUMB_BOX)
    number = Paragraph(str(block.position), st.card_number)
    if thumb is not None:
        row: list[object] = [number, content, thumb]
        widths = [NUMBER_W, width - NUMBER_W - THUMB_W, THUMB_W]
    else:
        row = [number, content]
        widths = [NUMBER_W, width - NUMBER_W]
    edge = RELAX_EDGE if relax else ACTIVE_EDGE
    table = Table([row], colWidths=widths)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                ("BACKGROUND", (0, 0), (0, 0), edge),
                ("BACKGROUND", (1, 0), (-1, 0), RELAX_BG if relax else CARD_BG),
                ("BOX", (0, 0), (-1, -1), 0.7, edge if relax else RULE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("VALIGN", (-1, 0), (-1, 0), "MIDDLE" if thumb is not None else "TOP"),
                ("ALIGN", (-1, 0), (-1, 0), "CENTER" if thumb is not None else "LEFT"),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
                ("LEFTPADDING", (0, 0), (-1, -1), 7),
                ("RIGHTPADDING", (0, 0), (-1, -1), 7),
                ("LEFTPADDING", (0, 0), (0, 0), 2),
                ("RIGHTPADDING", (0, 0), (0, 0), 2),
                ("TOPPADDING", (0, 0), (0, 0), 6),
            ]
        )
    )
    return KeepTogether([table, Spacer(1, 5)])


class TickBox(Flowable):  # type: ignore[misc]
    """An empty square to tick with a pen."""

    def __init__(self, size: float = 11) -> None:
        super().__init__()
        self.size = size

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = self.height = self.size
        return self.size, self.size

    def draw(self) -> None:
        canvas = self.canv
        canvas.setStrokeColor(MUTED)
        canvas.setLineWidth(0.8)
        canvas.roundRect(0, 0, self.size, self.size, 1.5, stroke=1, fill=0)


def weekly_log(start: date, weeks: int, width: float) -> Table:
    """Weeks × 7 days of tick boxes, columns starting on the session's weekday."""
    st = styles()
    label_w, notes_w = 78.0, width * 0.26
    day_w = (width - label_w - notes_w) / 7
    header: list[object] = [Paragraph("", st.cell_head)]
    header += [Paragraph(_DAYS[(start.weekday() + i) % 7], st.centered) for i in range(7)]
    header.append(Paragraph("Notes (pain, effort…)", st.muted))
    rows: list[list[object]] = [header]
    for week in range(weeks):
        first = start + timedelta(days=7 * week)
        label = Paragraph(
            f'<font name="{BOLD}">Week {week + 1}</font><br/>'
            f'<font size="7" color="#5B6770">from {short_date(first)}</font>',
            st.cell,
        )
        rows.append([label, *[TickBox() for _ in range(7)], ""])
    table = Table(rows, colWidths=[label_w, *([day_w] * 7), notes_w])
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                ("ALIGN", (1, 0), (7, -1), "CENTER"),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, MUTED),
                ("LINEBELOW", (0, 1), (-1, -1), 0.4, RULE),
                ("LINEBEFORE", (-1, 0), (-1, -1), 0.4, RULE),
                ("TOPPADDING", (0, 1), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 1), (-1, -1), 4),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def notes_box(text: str, width: float, *, lines: int = 4) -> Table:
    """The clinician's notes (if any) above ruled lines for handwriting."""
    st = styles()
    rows: list[list[object]] = []
    if text.strip():
        rows.append([para(text, st.body)])
    rows += [[""] for _ in range(lines)]
    if not rows:
        rows = [[""]]
    heights = [None] * (len(rows) - lines) + [20.0] * lines
    table = Table(rows, colWidths=[width], rowHeights=heights)
    first_line = len(rows) - lines
    commands: list[tuple[object, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), REGULAR),
        ("BOX", (0, 0), (-1, -1), 0.7, RULE),
        ("LEFTPADDING", (0, 0), (-1, -1), 8),
        ("RIGHTPADDING", (0, 0), (-1, -1), 8),
        ("TOPPADDING", (0, 0), (-1, -1), 6),
    ]
    if lines > 1:
        commands.append(("LINEBELOW", (0, first_line), (-1, -2), 0.4, colors.HexColor("#DCE2E5")))
    table.setStyle(TableStyle(commands))
    return table
