"""Exercise cards, the weekly tick-box log, the clinician's notes and the lines to write on of
a plan handout."""

from __future__ import annotations

from datetime import date
from functools import cache

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle

from equitone.domain.limits import add_days

from .figures import FigureStrip
from .fonts import BOLD, REGULAR, markup
from .layout import Picture, para, picture, short_date
from .layout import heading as heading_paragraph
from .model import PlanBlock
from .platypus import Flowable, Paragraph, Spacer, Table, TableStyle
from .styles import (
    ACTIVE_EDGE,
    CARD_BG,
    INK,
    MUTED,
    RELAX_BG,
    RELAX_EDGE,
    RULE,
    SOFT_BG,
    styles,
)

NUMBER_W = 26.0
THUMB_W = 58.0
THUMB_BOX = (48.0, 60.0)
THUMB_MIN_H = 44.0
FIGURE_COLUMN = (118.0, 54.0)  # the pictures' column on a card, points
FIGURE_MIN_H = 36.0  # a short card's pictures shrink to this, no further
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
TALLEST_CARD = 640.0  # below the frame height of A4 and Letter: such a card fits a fresh page


def _chip(text: str, background: str) -> str:
    return (
        f'<font name="{BOLD}" size="7" color="white" backColor="{background}">'
        f"&nbsp;{text}&nbsp;</font>"
    )


MUSCLES_LISTED = 5  # a whole-body warm-down names dozens: a card lists a few and counts the rest


def muscles_text(names: tuple[str, ...]) -> str:
    if len(names) <= MUSCLES_LISTED:
        return ", ".join(names)
    shown = ", ".join(names[:MUSCLES_LISTED - 1])
    return f"{shown} and {len(names) - MUSCLES_LISTED + 1} more"


@cache
def _card_styles() -> tuple[ParagraphStyle, ParagraphStyle, ParagraphStyle]:
    """(instruction, dose line, muscles caption): a card's text a little tighter than the
    body text, so a half-hour plan with its pictures still fits two pages."""
    st = styles()
    instruction = ParagraphStyle("card_body", parent=st.body, fontSize=9.0, leading=10.8,
                                 spaceAfter=1)
    dose = ParagraphStyle("card_dose", parent=st.small, fontSize=8.3, leading=10.4,
                          alignment=TA_RIGHT, textColor=MUTED)
    caption = ParagraphStyle("card_caption", parent=st.small, fontSize=7.2, leading=8.6,
                             alignment=TA_CENTER, textColor=MUTED)
    return instruction, dose, caption


def _dose_side(block: PlanBlock) -> str:
    parts = [f'<font name="{BOLD}" color="#1E2A30">{markup(block.dose_text)}</font>']
    if block.side_text.strip():
        parts.append(markup(block.side_text))
    return "&nbsp;·&nbsp;".join(parts)


class TitleRow(Flowable):  # type: ignore[misc]
    """The exercise's name (and chips) on the left, its dose and side on the right of the
    same line: one line a card does not need to spend on them."""

    GAP = 8.0

    def __init__(self, title: Paragraph, right: Paragraph) -> None:
        super().__init__()
        self.title, self.right = title, right
        self._right_w = 0.0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.right.wrap(avail_width * 0.55, avail_height)
        widths = self.right.getActualLineWidths0() or [0.0]
        self._right_w = min(avail_width * 0.55, max(widths) + 1.0)
        _w, right_h = self.right.wrap(self._right_w, avail_height)
        _w, title_h = self.title.wrap(avail_width - self._right_w - self.GAP, avail_height)
        self.width, self.height = avail_width, max(title_h, right_h)
        return self.width, self.height

    def draw(self) -> None:
        self.title.drawOn(self.canv, 0, self.height - self.title.height)
        self.right.drawOn(self.canv, self.width - self._right_w,
                          self.height - self.right.height - 1.0)


def _content(block: PlanBlock, *, clinician: bool) -> list[Flowable]:
    st = styles()
    instruction_style, dose_style, _caption = _card_styles()
    chip = _chip("RELAX", "#4F9D69") if block.relaxing else ""
    if clinician and block.auto:
        chip += "&nbsp;" + _chip("AUTO", "#8A96A0")
    title = para(block.exercise_name, st.card_title,
                 suffix=f"&nbsp;&nbsp;{chip}" if chip else "")
    content: list[Flowable] = [TitleRow(title, Paragraph(_dose_side(block), dose_style))]
    if block.instruction.strip():  # the technique's own text for this muscle, every time
        content.append(para(block.instruction, instruction_style))
    content += [para(cue, st.small, prefix="•&nbsp;") for cue in block.cues if cue.strip()]
    if block.reason.strip():
        content.append(para(block.reason, st.reason, prefix=f'<font name="{BOLD}">Why:</font> '))
    if clinician and block.rule:
        content.append(para(f"Added by: {block.rule_title or block.rule}", st.muted))
    if clinician:
        content += [para(w, st.warning, prefix="⚠&nbsp;") for w in block.warnings]
    return content


def card(block: PlanBlock, width: float, *, clinician: bool) -> Flowable:
    """One exercise as a boxed card; relaxing kinds get the tinted "Relax" look. Every card
    prints its own text in full: a technique applied to another muscle is placed and held
    differently, so "same as card 1" would leave the patient guessing."""
    content = _content(block, clinician=clinician)
    side: Picture | FigureStrip | None
    if block.pictures:
        side = FigureStrip(block.pictures, *FIGURE_COLUMN)
    else:  # an exercise without a drawn figure keeps the body-map thumbnail
        side = picture(block.thumbnail, *THUMB_BOX)
    caption = None
    if block.muscle_names:  # under the pictures: which muscle is drawn in colour
        caption = para(muscles_text(block.muscle_names), _card_styles()[2])
    return Card(block, content, side, width, caption)


class Card(Flowable):  # type: ignore[misc]
    """A numbered box: number band, text column, pictures column (the worked muscles named
    under the pictures).

    Drawn directly rather than as a one-row Table in a KeepTogether: that layout wrapped every
    paragraph three times and was most of a plan's time. A card that does not fit the rest of
    a page moves to the next; one taller than a whole page (a very long instruction) falls
    back to plain paragraphs that can break across pages.
    """

    PAD_X = 7.0
    PAD_TOP = 3.0
    PAD_BOTTOM = 3.0
    GAP_AFTER = 3.0
    CAPTION_GAP = 1.5

    def __init__(
        self, block: PlanBlock, content: list[Flowable], thumb: Picture | FigureStrip | None,
        width: float, caption: Paragraph | None = None,
    ) -> None:
        super().__init__()
        self.block = block
        self.content = content
        self.thumb = thumb
        self.caption = caption
        self.width = width
        self.relax = block.relaxing
        self._laid: list[tuple[Flowable, float, float]] = []  # flowable, height, space before
        self._box_h = 0.0
        self._caption_h = 0.0

    def _side_width(self) -> float:
        if isinstance(self.thumb, FigureStrip):
            return FIGURE_COLUMN[0] + self.PAD_X
        return THUMB_W if self.thumb is not None else 0.0

    def _text_width(self) -> float:
        return self.width - NUMBER_W - self._side_width() - 2 * self.PAD_X

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        inner = self._text_width()
        laid: list[tuple[Flowable, float, float]] = []
        text_h = 0.0
        for index, flowable in enumerate(self.content):
            _w, h = flowable.wrap(inner, 1e6)
            before = flowable.getSpaceBefore() if index else 0.0
            after = flowable.getSpaceAfter() if index < len(self.content) - 1 else 0.0
            laid.append((flowable, h, before))
            text_h += before + h + after
        self._caption_h = 0.0
        if self.caption is not None and self.thumb is not None:
            _w, h = self.caption.wrap(self._side_width() - self.PAD_X / 2, 1e6)
            self._caption_h = h + self.CAPTION_GAP
        room = text_h - self._caption_h  # the pictures grow into the text's height
        thumb_h = 0.0
        if isinstance(self.thumb, FigureStrip):  # as tall as the text, within limits
            self.thumb.resize(max(FIGURE_MIN_H, min(FIGURE_COLUMN[1], room)))
            _w, thumb_h = self.thumb.wrap(self._side_width(), 1e6)
        elif self.thumb is not None:  # as tall as the text, within limits: short cards stay short
            self.thumb.fit(THUMB_BOX[0], max(THUMB_MIN_H, min(THUMB_BOX[1], room)))
            _w, thumb_h = self.thumb.wrap(THUMB_W, 1e6)
        self._laid = laid
        side_h = thumb_h + self._caption_h if self.thumb is not None else 0.0
        self._box_h = max(text_h, side_h) + self.PAD_TOP + self.PAD_BOTTOM
        self.height = self._box_h + self.GAP_AFTER
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        self.wrap(avail_width, avail_height)
        if self._box_h <= TALLEST_CARD:
            return []  # move the whole card to the next page
        number = Paragraph(f"<b>{self.block.position}.</b>", styles().card_title)
        extra = [f for f in (self.thumb, self.caption) if f is not None]
        return [number, *self.content, *extra, Spacer(1, self.GAP_AFTER)]

    def draw(self) -> None:
        canvas = self.canv
        top = self.height
        bottom = self.GAP_AFTER
        edge = RELAX_EDGE if self.relax else ACTIVE_EDGE
        canvas.saveState()
        canvas.setFillColor(RELAX_BG if self.relax else CARD_BG)
        canvas.rect(0, bottom, self.width, self._box_h, stroke=0, fill=1)
        canvas.setFillColor(edge)
        canvas.rect(0, bottom, NUMBER_W, self._box_h, stroke=0, fill=1)
        canvas.setStrokeColor(edge if self.relax else RULE)
        canvas.setLineWidth(0.7)
        canvas.rect(0, bottom, self.width, self._box_h, stroke=1, fill=0)
        canvas.setFillColor(colors.white)
        canvas.setFont(BOLD, 13)
        canvas.drawCentredString(NUMBER_W / 2, top - 6 - 13, str(self.block.position))
        canvas.restoreState()
        x = NUMBER_W + self.PAD_X
        y = top - self.PAD_TOP
        for flowable, height, before in self._laid:
            y -= before + height
            flowable.drawOn(canvas, x, y)
            y -= flowable.getSpaceAfter()
        if self.thumb is not None:
            side_w = self._side_width()
            thumb_w, thumb_h = self.thumb.wrap(side_w, 1e6)
            left = self.width - side_w + (side_w - thumb_w) / 2 - self.PAD_X / 2
            column_bottom = bottom + (self._box_h - thumb_h - self._caption_h) / 2
            self.thumb.drawOn(canvas, left, column_bottom + self._caption_h)
            if self.caption is not None and self._caption_h:
                self.caption.drawOn(canvas, self.width - side_w, column_bottom)


class WeeklyLog(Flowable):  # type: ignore[misc]
    """Weeks × 7 days of tick boxes (columns start on the session's weekday) and a column for
    notes, drawn directly: 35 boxes as table cells cost more than the rest of the page."""

    HEADER_H = 13.0
    ROW_H = 15.0
    LABEL_W = 78.0
    BOX = 10.5

    def __init__(self, start: date, weeks: int, width: float) -> None:
        super().__init__()
        self.start, self.weeks, self.width = start, weeks, width
        self.height = self.HEADER_H + weeks * self.ROW_H

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        notes_w = self.width * 0.26
        day_w = (self.width - self.LABEL_W - notes_w) / 7
        notes_x = self.LABEL_W + 7 * day_w
        top = self.height
        canvas.saveState()
        canvas.setFont(REGULAR, 7.5)
        canvas.setFillColor(INK)
        for day in range(7):
            name = _DAYS[(self.start.weekday() + day) % 7]
            canvas.drawCentredString(self.LABEL_W + (day + 0.5) * day_w, top - 10, name)
        canvas.setFillColor(MUTED)
        canvas.drawString(notes_x + 4, top - 10, "Notes (pain, effort…)")
        canvas.setStrokeColor(MUTED)
        canvas.setLineWidth(0.8)
        canvas.line(0, top - self.HEADER_H, self.width, top - self.HEADER_H)
        for week in range(self.weeks):
            row_top = top - self.HEADER_H - week * self.ROW_H
            middle = row_top - self.ROW_H / 2
            canvas.setFillColor(INK)
            canvas.setFont(BOLD, 8)
            label = f"Week {week + 1}"
            canvas.drawString(3, middle - 3, label)
            canvas.setFillColor(MUTED)
            canvas.setFont(REGULAR, 6.5)
            first = add_days(self.start, 7 * week)  # None past year 9999 (a bad date)
            if first is not None:
                canvas.drawString(3 + canvas.stringWidth(label, BOLD, 8) + 5, middle - 3,
                                  short_date(first))
            canvas.setStrokeColor(MUTED)
            canvas.setLineWidth(0.8)
            for day in range(7):  # square corners: a rounded box is 8 curves to write out
                x = self.LABEL_W + (day + 0.5) * day_w - self.BOX / 2
                canvas.rect(x, middle - self.BOX / 2, self.BOX, self.BOX, stroke=1, fill=0)
            canvas.setStrokeColor(RULE)
            canvas.setLineWidth(0.4)
            canvas.line(0, row_top - self.ROW_H, self.width, row_top - self.ROW_H)
        canvas.line(notes_x, 0, notes_x, top)
        canvas.restoreState()


def weekly_log(start: date, weeks: int, width: float) -> Flowable:
    return WeeklyLog(start, weeks, width)


def notes_callout(text: str, width: float) -> Table:
    """The clinician's written notes, boxed near the top: "stop if the pain goes above 3/10"
    must be read before the first exercise, not found after the last one."""
    st = styles()
    table = Table(
        [[para(text, st.body, prefix=f'<font name="{BOLD}">From your clinician:</font> ')]],
        colWidths=[width],
        splitInRow=1,  # a page-long note breaks across pages instead of failing the print
    )
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                ("BACKGROUND", (0, 0), (-1, -1), SOFT_BG),
                ("LINEBEFORE", (0, 0), (0, -1), 2.5, ACTIVE_EDGE),
                ("LEFTPADDING", (0, 0), (-1, -1), 9),
                ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                ("TOPPADDING", (0, 0), (-1, -1), 5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    return table


_UNBOUNDED = 1e6


class RuledLines(Flowable):  # type: ignore[misc]
    """Lines to write on, as many as the page has room for (between ``fewest`` and ``most``),
    so the handwriting space fills the end of the last page instead of pushing a new one."""

    def __init__(self, pitch: float = 18.0, fewest: int = 2, most: int = 8) -> None:
        super().__init__()
        self.pitch, self.fewest, self.most = pitch, fewest, most
        self.lines = fewest

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        # KeepTogether measures with an unbounded height: answer the smallest size then, so
        # it moves the block to a new page only when even the fewest lines do not fit.
        room = int((avail_height - 2) // self.pitch) if avail_height < _UNBOUNDED else 0
        self.lines = max(self.fewest, min(self.most, room))
        self.width = avail_width
        self.height = self.lines * self.pitch + 2
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.7)
        canvas.rect(0, 0, self.width, self.height, stroke=1, fill=0)
        canvas.setStrokeColor(colors.HexColor("#DCE2E5"))
        canvas.setLineWidth(0.4)
        for line in range(1, self.lines):
            y = self.height - line * self.pitch
            canvas.line(8, y, self.width - 8, y)


class WritingSpace(Flowable):  # type: ignore[misc]
    """A heading and lines to write on in whatever room the last page has left; nothing at
    all when not even one line fits, rather than a third page holding only empty lines (a
    half-hour plan fills two pages; its weekly log has a notes column)."""

    def __init__(self, title: str, pitch: float = 18.0, most: int = 8) -> None:
        super().__init__()
        self.title = heading_paragraph(title)
        self.lines = RuledLines(pitch=pitch, fewest=1, most=most)
        self.shown = False

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        _w, title_h = self.title.wrap(avail_width, avail_height)
        gap = self.title.getSpaceBefore() + self.title.getSpaceAfter()
        room = avail_height - title_h - gap
        self.shown = avail_height < _UNBOUNDED and room >= self.lines.pitch + 2
        if not self.shown:
            self.width, self.height = avail_width, 0.0
            return self.width, self.height
        _w, lines_h = self.lines.wrap(avail_width, room)
        self._title_h, self._gap = title_h, gap
        self.width, self.height = avail_width, title_h + gap + lines_h
        return self.width, self.height

    def draw(self) -> None:
        if not self.shown:
            return
        self.title.drawOn(self.canv, 0, self.height - self.title.getSpaceBefore()
                          - self._title_h)
        self.lines.drawOn(self.canv, 0, 0)
