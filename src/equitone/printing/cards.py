"""Exercise cards, the weekly tick-box log, the clinician's notes and the lines to write on of
a plan handout."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle

from equitone.domain.limits import add_days
from equitone.domain.sequencing import rule_title

from .figures import FigureStrip
from .fonts import BOLD, REGULAR, markup
from .handout import WITHIN_REP_LEAD
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

NUMBER_W = 17.0  # the numbered band down a card's left edge
THUMB_W = 58.0
THUMB_BOX = (48.0, 60.0)
THUMB_MIN_H = 44.0
FIGURE_COLUMN = (112.0, 54.0)  # the pictures' column on a card, points
FIGURE_MIN_H = 36.0  # a short card's pictures shrink to this, no further
PHOTO_BOX = (80.0, 58.0)  # a clinician's own photo of the exercise
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
TALLEST_CARD = 640.0  # below the frame height of A4 and Letter: such a card fits a fresh page


def _chip(text: str, colour: str) -> str:
    """A small coloured label ("RELAX") in the run of the card's first line. Coloured
    letters rather than a filled box: a paragraph fills a box the height of the line, with
    small text sitting at its foot."""
    return f'<font name="{BOLD}" size="7.5" color="{colour}">{text}</font>'


MUSCLES_LISTED = 2  # a whole-body warm-down names dozens: a card lists a few and counts the rest


def muscles_text(names: tuple[str, ...]) -> str:
    if len(names) <= MUSCLES_LISTED:
        return ", ".join(names)
    shown = ", ".join(names[:MUSCLES_LISTED - 1])
    return f"{shown} and {len(names) - MUSCLES_LISTED + 1} more"


@dataclass(frozen=True, slots=True)
class CardStyles:
    """A card's text, a little tighter than the body text. Its paragraphs may leave one line
    beside the pictures (``allowOrphans``): the rest flows on under them."""

    instruction: ParagraphStyle
    dose: ParagraphStyle
    muscles: ParagraphStyle
    small: ParagraphStyle
    reason: ParagraphStyle


@cache
def _card_styles() -> CardStyles:
    st = styles()
    return CardStyles(
        instruction=ParagraphStyle("card_body", parent=st.body, fontSize=9.0, leading=10.4,
                                   spaceAfter=0.5, allowOrphans=1),
        dose=ParagraphStyle("card_dose", parent=st.small, fontSize=8.3, leading=10.4,
                            alignment=TA_RIGHT, textColor=MUTED),
        muscles=ParagraphStyle("card_muscles", parent=st.small, fontSize=7.6, leading=9.0,
                               textColor=MUTED),
        small=ParagraphStyle("card_small", parent=st.small, leading=10.2, allowOrphans=1),
        reason=ParagraphStyle("card_reason", parent=st.reason, leading=10.2, allowOrphans=1),
    )


def _dose_side(block: PlanBlock) -> str:
    parts = [f'<font name="{BOLD}" color="#1E2A30">{markup(block.dose_text)}</font>']
    if block.side_text.strip():
        parts.append(markup(block.side_text))
    return "&nbsp;·&nbsp;".join(parts)


class TitleRow(Flowable):  # type: ignore[misc]
    """The exercise's name (and chips) on the left, its dose and side on the right of the
    same line: one line a card does not need to spend on them. The worked muscles follow
    the name on that line when they fit there, else take the line below."""

    GAP = 8.0
    MUSCLES_GAP = 6.0

    def __init__(self, title: Paragraph, right: Paragraph,
                 muscles: Paragraph | None = None) -> None:
        super().__init__()
        self.title, self.right, self.muscles = title, right, muscles
        self._right_w = 0.0
        self._inline_x: float | None = None  # where the muscles start on the title's line

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.right.wrap(avail_width * 0.55, avail_height)
        widths = self.right.getActualLineWidths0() or [0.0]
        self._right_w = min(avail_width * 0.55, max(widths) + 1.0)
        _w, right_h = self.right.wrap(self._right_w, avail_height)
        left_w = avail_width - self._right_w - self.GAP
        _w, title_h = self.title.wrap(left_w, avail_height)
        height = max(title_h, right_h)
        self._inline_x = None
        if self.muscles is not None:
            self.muscles.wrap(avail_width, avail_height)
            title_lines = self.title.getActualLineWidths0() or [0.0]
            needed = (self.muscles.getActualLineWidths0() or [0.0])[0]
            start = title_lines[-1] + self.MUSCLES_GAP
            if len(title_lines) == 1 and len(self.muscles.getActualLineWidths0()) == 1 \
                    and start + needed <= left_w:
                self._inline_x = start
            else:
                _w, muscles_h = self.muscles.wrap(avail_width, avail_height)
                height = title_h + muscles_h if title_h >= right_h else height + muscles_h
        self.width, self.height = avail_width, height
        return self.width, self.height

    def draw(self) -> None:
        top = self.height
        self.title.drawOn(self.canv, 0, top - self.title.height)
        self.right.drawOn(self.canv, self.width - self._right_w,
                          top - self.right.height - 1.0)
        if self.muscles is None:
            return
        if self._inline_x is not None:  # on the title's baseline
            baseline = top - self.title.style.leading + self.title.style.fontSize * 0.2
            self.muscles.drawOn(self.canv, self._inline_x,
                                baseline - self.muscles.height + self.muscles.style.leading
                                - self.muscles.style.fontSize * 0.2 - 0.4)
        else:
            self.muscles.drawOn(self.canv, 0, 0)


TITLE_SIZE = 10.5
RELAX_INK_HEX = "#2F6B43"
DOSE_INK = "#1F6F78"
RUN_IN_GAP = "&nbsp;&nbsp; "
WITHIN_REP_PREFIX = f'<font name="{BOLD}" color="#2F6B43">↻ {WITHIN_REP_LEAD}</font> '


def _heading(block: PlanBlock, *, clinician: bool) -> str:
    """The card's name, chips, dose (and side, clinician copy) and the muscles when the
    set-up does not name them: the run-in start of its first paragraph."""
    chip = _chip("RELAX", "#4F9D69") if block.relaxing else ""
    if clinician and block.auto:
        chip += "&nbsp;" + _chip("AUTO", "#8A96A0")
    dose = f'<font name="{BOLD}" color="{DOSE_INK}">{markup(block.dose_text)}</font>'
    if block.side_text.strip():
        dose += f'<font color="{DOSE_INK}">&nbsp;·&nbsp;{markup(block.side_text)}</font>'
    parts = [f'<font name="{BOLD}" size="{TITLE_SIZE}">{markup(block.exercise_name)}</font>'
             + (f"&nbsp;&nbsp;{chip}" if chip else ""), dose]
    if block.muscle_names:  # which muscles the pictures colour, named once
        parts.append(f'<font size="7.8" color="#5B6770">'
                     f"{markup(muscles_text(block.muscle_names))}</font>")
    return RUN_IN_GAP.join(parts) + RUN_IN_GAP


def _content(block: PlanBlock, *, clinician: bool) -> list[Flowable]:
    st = styles()
    cs = _card_styles()
    setup = f"<b>{markup(block.setup)}</b> " if block.setup.strip() else ""
    why = ""
    if block.reason.strip():  # on the instruction's last line, in the relax colour
        why = (f'&nbsp; <font name="{BOLD}" size="8.5" color="{RELAX_INK_HEX}">Why:</font>'
               f'<font size="8.5" color="{RELAX_INK_HEX}"> {markup(block.reason)}</font>')
    content: list[Flowable] = [para(block.instruction, cs.instruction,
                                    prefix=_heading(block, clinician=clinician) + setup,
                                    suffix=why)]
    if block.within_rep.strip():  # the method's first rule, as an instruction of its own
        content.append(para(block.within_rep, cs.small, prefix=WITHIN_REP_PREFIX))
    content += [para(cue, cs.small, prefix="•&nbsp;") for cue in block.cues if cue.strip()]
    if clinician and block.rule:
        title = block.rule_title or rule_title(block.rule)  # a sentence, never the rule's id
        content.append(para(f"Added by: {title}", st.muted))
    if clinician:
        content += [para(w, st.warning, prefix="⚠&nbsp;") for w in block.warnings]
    return content


def card(block: PlanBlock, width: float, *, clinician: bool) -> Flowable:
    """One exercise as a boxed card; relaxing kinds get the tinted "Relax" look. Every card
    prints its own text in full: a technique applied to another muscle is placed and held
    differently, so "same as card 1" would leave the patient guessing."""
    content = _content(block, clinician=clinician)
    side: Picture | FigureStrip | None
    if block.photo:  # a clinician's own exercise, photographed
        side = picture(block.photo, *PHOTO_BOX)
    elif block.pictures:
        side = FigureStrip(block.pictures, FIGURE_COLUMN[0], FIGURE_COLUMN[1])
    else:  # an exercise without a drawn figure keeps the body-map thumbnail
        side = picture(block.thumbnail, *THUMB_BOX)
    return Card(block, content, side, width)


def _gap(flowables: list[Flowable], index: int) -> float:
    """Space before the ``index``-th flowable of a column (none before the first)."""
    if index == 0:
        return 0.0
    return float(max(flowables[index - 1].getSpaceAfter(), flowables[index].getSpaceBefore()))


class Card(Flowable):  # type: ignore[misc]
    """A numbered box: the number band, the text, and the pictures in the top right corner
    with the worked muscles named under them.

    The text flows round the pictures: beside them at first, then under them across the
    whole card. A card with a long text (a ball placed on one muscle, with its care) is
    then barely taller than its text at full width, instead of a narrow column beside
    pictures that are long finished. The pictures' column is only as wide as they need (a
    standing figure is narrow, a body lying down wide).

    Drawn directly rather than as a Table in a KeepTogether: that layout wrapped every
    paragraph three times and was most of a plan's time. A card that does not fit the rest of
    a page moves to the next; one taller than a whole page (a very long instruction) falls
    back to plain paragraphs that can break across pages.
    """

    PAD_X = 6.0
    PAD_TOP = 3.5
    PAD_BOTTOM = 2.0
    GAP_AFTER = 2.0
    CAPTION_GAP = 1.5
    CAPTION_W = 96.0  # a caption narrower than this wraps word by word

    def __init__(self, block: PlanBlock, content: list[Flowable],
                 thumb: Picture | FigureStrip | None, width: float,
                 caption: Paragraph | None = None) -> None:
        super().__init__()
        self.block = block
        self.content = content
        self.thumb = thumb
        self.caption = caption
        self.width = width
        self.relax = block.relaxing
        self._beside: list[tuple[Flowable, float, float]] = []  # flowable, height, gap before
        self._below: list[tuple[Flowable, float, float]] = []
        self._box_h = 0.0
        self._side_w = 0.0
        self._side_h = 0.0
        self._caption_h = 0.0

    def _full_width(self) -> float:
        return self.width - NUMBER_W - 2 * self.PAD_X

    def _size_pictures(self, height: float) -> None:
        """Pictures ``height`` tall (caption not counted), and the column they take."""
        if isinstance(self.thumb, FigureStrip):
            self.thumb.narrow_to(height)
            width = self.thumb.column_w
        elif self.thumb is not None:
            box_w, box_h = PHOTO_BOX if self.block.photo else THUMB_BOX
            self.thumb.fit(box_w, max(THUMB_MIN_H, min(box_h, height)))
            width = self.thumb.width
        else:
            self._side_w = self._side_h = self._caption_h = 0.0
            return
        if self.caption is not None:
            width = max(width, self.CAPTION_W)
            _w, h = self.caption.wrap(width, 1e6)
            self._caption_h = h + self.CAPTION_GAP
        else:
            self._caption_h = 0.0
        _w, thumb_h = self.thumb.wrap(width, 1e6)
        self._side_w = width + self.PAD_X
        self._side_h = thumb_h + self._caption_h

    def _column(self, flowables: list[Flowable], width: float
                ) -> tuple[list[tuple[Flowable, float, float]], float]:
        laid, height = [], 0.0
        for index, flowable in enumerate(flowables):
            _w, h = flowable.wrap(width, 1e6)
            gap = _gap(flowables, index)
            laid.append((flowable, h, gap))
            height += gap + h
        return laid, height

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        full = self._full_width()
        self._size_pictures(FIGURE_COLUMN[1])
        beside_w = full - self._side_w
        laid, text_h = self._column(self.content, beside_w)
        if self.thumb is None or text_h <= self._side_h:
            if self.thumb is not None:  # a short card's pictures shrink to its text
                self._size_pictures(max(FIGURE_MIN_H, min(FIGURE_COLUMN[1],
                                                          text_h - self._caption_h)))
                laid, text_h = self._column(self.content, full - self._side_w)
            self._beside, self._below = laid, []
            body_h = max(text_h, self._side_h)
        else:
            beside, below = self._flow(beside_w)
            self._beside, beside_h = self._column(beside, beside_w)
            self._below, below_h = self._column(below, full)
            gap = _gap([*beside, *below], len(beside)) if beside and below else 0.0
            body_h = max(beside_h, self._side_h) + (gap + below_h if below else 0.0)
        self._box_h = body_h + self.PAD_TOP + self.PAD_BOTTOM
        self.height = self._box_h + self.GAP_AFTER
        return self.width, self.height

    def _flow(self, beside_w: float) -> tuple[list[Flowable], list[Flowable]]:
        """The content split into what goes beside the pictures and what goes under them:
        whole flowables while they fit beside, then the paragraph that reaches past the
        pictures' bottom split after its last line there (at most one line past it)."""
        beside: list[Flowable] = []
        used = 0.0
        for index, flowable in enumerate(self.content):
            gap = _gap(self.content, index)
            room = self._side_h - used - gap
            _w, h = flowable.wrap(beside_w, 1e6)
            if h <= room + 0.5:
                beside.append(flowable)
                used += gap + h
                continue
            rest = self.content[index + 1:]
            if isinstance(flowable, Paragraph) and room > 0:
                leading = flowable.style.leading
                lines = max(0, int(room // leading) + (1 if room % leading > leading / 2
                                                       else 0))
                if lines * leading + 0.5 >= h:  # its last line just past the pictures
                    beside.append(flowable)
                    used += gap + h
                    continue
                parts = flowable.split(beside_w, lines * leading + 0.5) if lines else []
                if len(parts) == 2:
                    return [*beside, parts[0]], [parts[1], *rest]
            return beside, [flowable, *rest]
        return beside, []

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
        size = 11 if self.block.position < 10 else 9.5
        canvas.setFont(BOLD, size)
        canvas.drawCentredString(NUMBER_W / 2, top - 4 - size, str(self.block.position))
        canvas.restoreState()
        x = NUMBER_W + self.PAD_X
        y = top - self.PAD_TOP
        for flowable, height, gap in self._beside:
            y -= gap + height
            flowable.drawOn(canvas, x, y)
        if self._below:
            y = min(y, top - self.PAD_TOP - self._side_h)
            for flowable, height, gap in self._below:
                y -= gap + height
                flowable.drawOn(canvas, x, y)
        if self.thumb is not None:
            side_w = self._side_w - self.PAD_X
            thumb_w, thumb_h = self.thumb.wrap(side_w, 1e6)
            right = self.width - self.PAD_X / 2
            column_top = top - self.PAD_TOP
            if not self._below:  # beside the whole text: centred on it
                column_top -= (self._box_h - self.PAD_TOP - self.PAD_BOTTOM - self._side_h) / 2
            self.thumb.drawOn(canvas, right - side_w + (side_w - thumb_w) / 2,
                              column_top - thumb_h)
            if self.caption is not None and self._caption_h:
                self.caption.drawOn(canvas, right - side_w, column_top - self._side_h)


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
