"""Paints a timeline row as a card, and opens the in-place dose editor over it.

A card reads in three lines: number, name, the "Auto" badge and dose; kind, muscles and side;
then the cue (or the warning, in red). A small picture of the exercise (its end frame: the
position with the movement's arrow) sits at the card's right edge. Relaxation cards are
tinted green and the warm-down amber, and the engine's automatic cards are indented under the
work they follow, with a dashed border, so its additions read as belonging to the exercise
before them.
"""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QRectF,
    QSize,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QPen
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from equitone.domain.types import Dose, ExerciseKind
from equitone.ui.designer import colours
from equitone.ui.designer.dose_editor import DoseEditor
from equitone.ui.designer.figures import FigureCache
from equitone.ui.designer.timeline_model import CARD_ROLE, DOSE_ROLE, Card

Index = QModelIndex | QPersistentModelIndex

MARGIN_Y = 3
MARGIN_X = 6
AUTO_INDENT = 26
STRIP = 6
PAD = 9
NUMBER = 24
LINE_GAP = 3
PICTURE_PAD = 4


def _fill(card: Card) -> QColor:
    if card.kind is ExerciseKind.WARM_DOWN:
        return colours.WARM_DOWN_FILL
    return colours.RELAX_FILL if card.relaxes else colours.CARD_FILL


class Fonts(NamedTuple):
    base: QFont
    bold: QFont
    small: QFont
    fm_base: QFontMetrics
    fm_bold: QFontMetrics
    fm_small: QFontMetrics


class CardDelegate(QStyledItemDelegate):
    """Fonts, metrics and elided texts are cached: a drop repaints every visible card, and
    building them per card was most of a repaint's time (see benchmarks/bench_designer.py)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._fonts_by_key: dict[str, Fonts] = {}
        self._elided: dict[tuple[str, int, int], str] = {}
        self.figures: FigureCache | None = None

    def _fonts(self, option: QStyleOptionViewItem) -> Fonts:
        font: QFont = option.font
        key = font.key()
        fonts = self._fonts_by_key.get(key)
        if fonts is None:
            base = QFont(font)
            bold = QFont(base)
            bold.setBold(True)
            small = QFont(base)
            small.setPointSizeF(max(7.0, base.pointSizeF() * 0.9))
            fonts = Fonts(base, bold, small, QFontMetrics(base), QFontMetrics(bold),
                          QFontMetrics(small))
            self._fonts_by_key[key] = fonts
        return fonts

    def _elide(self, metrics: QFontMetrics, value: str, width: int) -> str:
        key = (value, width, id(metrics))
        elided = self._elided.get(key)
        if elided is None:
            if len(self._elided) > 4000:
                self._elided.clear()
            elided = metrics.elidedText(value, Qt.TextElideMode.ElideRight, width)
            self._elided[key] = elided
        return elided

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        f = self._fonts(option)
        height = (
            f.fm_bold.height()
            + f.fm_base.height()
            + f.fm_small.height()
            + 2 * LINE_GAP
            + 2 * PAD
            + 2 * MARGIN_Y
        )
        return QSize(360, height)

    @staticmethod
    def card_box(rect: QRect, card: Card) -> QRect:
        indent = AUTO_INDENT if card.block.auto else 0
        return rect.adjusted(MARGIN_X + indent, MARGIN_Y, -MARGIN_X, -MARGIN_Y)

    # -- painting ----------------------------------------------------------------------
    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        card = index.data(CARD_ROLE)
        if not isinstance(card, Card):
            super().paint(painter, option, index)
            return
        rect: QRect = option.rect
        state: QStyle.StateFlag = option.state
        palette: QPalette = option.palette
        fonts = self._fonts(option)
        box = QRectF(self.card_box(rect, card))
        selected = bool(state & QStyle.StateFlag.State_Selected)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if card.block.auto:
            self._connector(painter, rect, box)
        self._body(painter, card, box, selected, palette)
        picture_w = self._picture(painter, card, box, option)
        self._text(painter, card, box.adjusted(0, 0, -picture_w, 0), fonts)
        if state & QStyle.StateFlag.State_HasFocus and not selected:
            pen = QPen(palette.color(QPalette.ColorRole.Highlight), 1, Qt.PenStyle.DotLine)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(box.adjusted(3, 3, -3, -3), 5, 5)
        painter.restore()

    @staticmethod
    def _connector(painter: QPainter, rect: QRect, box: QRectF) -> None:
        """A short elbow from the left margin: "this belongs to the work above"."""
        x = rect.left() + MARGIN_X + AUTO_INDENT / 2
        painter.setPen(QPen(colours.CARD_BORDER, 1.5))
        painter.drawLine(int(x), rect.top(), int(x), int(box.center().y()))
        painter.drawLine(int(x), int(box.center().y()), int(box.left()), int(box.center().y()))

    @staticmethod
    def _body(
        painter: QPainter, card: Card, box: QRectF, selected: bool, palette: QPalette
    ) -> None:
        painter.setBrush(_fill(card))
        if selected:
            border = QPen(palette.color(QPalette.ColorRole.Highlight), 2.5)
        elif card.warnings:
            border = QPen(colours.WARN, 2)
        else:
            border = QPen(colours.CARD_BORDER, 1)
            if card.block.auto:
                border.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(border)
        painter.drawRoundedRect(box.adjusted(0.5, 0.5, -0.5, -0.5), 6, 6)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colours.kind_colour(card.kind))
        strip = QRectF(box.left() + 1.5, box.top() + 1.5, STRIP, box.height() - 3)
        painter.drawRoundedRect(strip, 3, 3)

    def _picture(self, painter: QPainter, card: Card, box: QRectF,
                 option: QStyleOptionViewItem) -> int:
        """The exercise's end frame in a square at the right; returns the width it took."""
        if self.figures is None:
            return 0
        scenes = self.figures.block(card.block, card.exercise)
        if not scenes:
            return 0
        side = int(box.height()) - 2 * PICTURE_PAD
        widget = option.widget
        ratio = widget.devicePixelRatioF() if widget is not None else 1.0
        pixmap = self.figures.pixmap(scenes[-1], side, side, ratio)
        painter.drawPixmap(int(box.right()) - side - PICTURE_PAD,
                           int(box.top()) + PICTURE_PAD, pixmap)
        return side + PICTURE_PAD

    def _text(self, painter: QPainter, card: Card, box: QRectF, fonts: Fonts) -> None:
        base, bold, small, fm_base, fm_bold, fm_small = fonts
        left = int(box.left()) + STRIP + PAD
        top = int(box.top()) + PAD
        right = int(box.right()) - PAD
        # the position number, in a circle (red-tinted when the card carries a warning)
        circle = QRectF(left, top + (fm_bold.height() - NUMBER) / 2, NUMBER, NUMBER)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colours.WARN_FILL if card.warnings else colours.NUMBER_FILL)
        painter.drawEllipse(circle)
        painter.setFont(small)
        painter.setPen(colours.WARN if card.warnings else colours.TEXT)
        painter.drawText(circle, Qt.AlignmentFlag.AlignCenter, str(card.position))
        text_left = int(circle.right()) + PAD
        # line 1: name … [Auto badge] dose
        painter.setFont(bold)
        dose_width = fm_bold.horizontalAdvance(card.dose) + 4
        painter.setPen(colours.TEXT)
        line = QRect(right - dose_width, top, dose_width, fm_bold.height())
        right_aligned = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        painter.drawText(line, right_aligned, card.dose)
        badge_width = 0
        if card.badge:
            painter.setFont(small)
            label = card.badge
            room = right - dose_width - text_left - 2 * PAD
            name_needs = fm_bold.horizontalAdvance(card.name)
            if name_needs + fm_small.horizontalAdvance(label) + 16 > room:
                label = card.badge_short  # the name comes first; the full badge: tooltip
            badge_width = fm_small.horizontalAdvance(label) + 16
            badge = QRectF(right - dose_width - PAD - badge_width, top, badge_width,
                           fm_bold.height())
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colours.BADGE_FILL)
            painter.drawRoundedRect(badge, badge.height() / 2, badge.height() / 2)
            painter.setPen(colours.BADGE_TEXT)
            painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, label)
            badge_width += PAD
        painter.setFont(bold)
        name_width = max(10, right - dose_width - badge_width - text_left - PAD)
        name = ("⚠ " if card.warnings else "") + card.name
        painter.setPen(colours.WARN if card.warnings else colours.TEXT)
        self._draw(painter, fm_bold, QRect(text_left, top, name_width, fm_bold.height()), name)
        # line 2: kind · muscles · side
        top += fm_bold.height() + LINE_GAP
        painter.setFont(base)
        painter.setPen(colours.MUTED)
        where = f"{card.kind_label}  ·  {card.muscles}  ·  {card.side}"
        line = QRect(text_left, top, right - text_left, fm_base.height())
        self._draw(painter, fm_base, line, where)
        # line 3: the warning (red) or the cue / the clinician's note
        top += fm_base.height() + LINE_GAP
        if card.warnings:
            more = len(card.warnings) - 1
            extra = card.warnings[0] + (f"  (+{more} more)" if more else "")
            painter.setPen(colours.WARN)
        else:
            extra = card.cues
            if card.block.note:
                extra = f"Note: {card.block.note}" + (f"  ·  {extra}" if extra else "")
            if not extra and card.block.auto:
                extra = card.block.reason
            painter.setPen(colours.MUTED)
        if extra:
            painter.setFont(small)
            line = QRect(text_left, top, right - text_left, fm_small.height())
            self._draw(painter, fm_small, line, extra)

    # -- the dose editor ---------------------------------------------------------------
    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: Index
    ) -> QWidget:
        return DoseEditor(parent)

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        dose = index.data(DOSE_ROLE)
        if isinstance(editor, DoseEditor) and isinstance(dose, Dose):
            editor.set_dose(dose)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        if isinstance(editor, DoseEditor):
            model.setData(index, editor.dose(), DOSE_ROLE)

    def updateEditorGeometry(
        self, editor: QWidget, option: QStyleOptionViewItem, index: Index
    ) -> None:
        """Over the card's lower lines, so its name (and old dose) stay in view above it."""
        rect: QRect = option.rect
        card = index.data(CARD_ROLE)
        box = self.card_box(rect, card) if isinstance(card, Card) else rect
        hint = editor.sizeHint()
        width = min(hint.width(), box.width() - STRIP - NUMBER - 2 * PAD)
        height = min(hint.height(), box.height())
        editor.setGeometry(box.right() - width - 2, box.bottom() - height - 2, width, height)

    def _draw(self, painter: QPainter, metrics: QFontMetrics, rect: QRect, value: str) -> None:
        elided = self._elide(metrics, value, rect.width())
        painter.drawText(rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, elided)
