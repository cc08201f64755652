"""The Overview's visit timeline: each visit, newest first, in four lines — the date and the
clinician, the assessment, the session, the notes and the next-day report. Clicking a line opens
the tab that holds it (Enter or a double click: the Visit tab).

A list model with a painting delegate: a patient with hundreds of visits paints only the rows
on screen, and every text is worked out once when the visits are set, not on every paint.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QKeyEvent, QMouseEvent, QPainter, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from equitone.domain.catalog import Catalog
from equitone.domain.trends import format_day
from equitone.services.visits import Visit, assessment_summary, session_summary_line
from equitone.ui import style

Index = QModelIndex | QPersistentModelIndex
LINES = 4
PAD = 6
MUTED = QColor(style.MUTED)
WARN = QColor(style.ERROR)
TEXT = QColor(style.TEXT)
KINDS = ("visit", "assessment", "session", "visit")  # what each line opens


@dataclass(frozen=True, slots=True)
class VisitRow:
    """A visit's four lines as shown, and what each line opens."""

    title: str
    assessment: str
    session: str
    record: str
    warning: bool
    assessment_id: int | None
    session_id: int | None
    visit: Visit

    @property
    def lines(self) -> tuple[str, str, str, str]:
        return (self.title, self.assessment, self.session, self.record)


def visit_row(visit: Visit, catalog: Catalog) -> VisitRow:
    who = f" — {visit.clinician}" if visit.clinician else ""
    signed = ""
    if visit.assessment is not None and visit.assessment.signed:
        signed = " · signed"
    title = f"{format_day(visit.day)}{who}{signed}"
    assessment = ("Assessment: " + assessment_summary(visit.assessment, catalog)
                  if visit.assessment is not None else "No assessment")
    session = ("Session: " + session_summary_line(visit.session, catalog, visit.responses)
               if visit.session is not None else "No session")
    bits = [visit.notes.summary(90) or "No notes"]
    if visit.reported:
        def name(slug: str) -> str:
            muscle = catalog.muscles.get(slug)
            return muscle.short_name if muscle else slug

        bits.append("Next day: " + "; ".join(
            f"{name(r.muscle)} {r.side.letter} {r.text()}" for r in visit.reported))
    warning = any(r.warning for r in visit.reported)
    return VisitRow(title, assessment, session, " · ".join(bits), warning,
                    visit.assessment.id if visit.assessment else None,
                    visit.session.id if visit.session else None, visit)


class VisitTimelineModel(QAbstractListModel):
    RowRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[VisitRow] = []

    def set_visits(self, visits: list[Visit], catalog: Catalog | None) -> None:
        self.beginResetModel()
        self._rows = [visit_row(v, catalog) for v in visits] if catalog is not None else []
        self.endResetModel()

    def row(self, index: int) -> VisitRow | None:
        return self._rows[index] if 0 <= index < len(self._rows) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return "\n".join(row.lines)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return ". ".join(row.lines)
        if role == self.RowRole:
            return row
        return None


class VisitDelegate(QStyledItemDelegate):
    """Four elided lines per visit: a bold title, then muted details."""

    def line_height(self, option: QStyleOptionViewItem) -> int:
        return QFontMetrics(option.font).height() + 2

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        return QSize(200, self.line_height(option) * LINES + 2 * PAD)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        row = index.data(VisitTimelineModel.RowRole)
        if not isinstance(row, VisitRow):
            return
        rect: QRect = option.rect
        state = option.state
        painter.save()
        if state & QStyle.StateFlag.State_Selected:
            painter.fillRect(rect, option.palette.highlight())
        elif index.row() % 2:
            painter.fillRect(rect, QColor("#F6F7F8"))
        font = QFont(option.font)
        metrics = QFontMetrics(font)
        height = self.line_height(option)
        width = rect.width() - 2 * PAD
        selected = bool(state & QStyle.StateFlag.State_Selected)
        for n, text in enumerate(row.lines):
            line = QRect(rect.left() + PAD, rect.top() + PAD + n * height, width, height)
            font.setBold(n == 0)
            painter.setFont(font)
            colour = MUTED if n else TEXT
            if n == 3 and row.warning:
                colour = WARN
            if selected:
                colour = option.palette.highlightedText().color()
            painter.setPen(QPen(colour))
            shown = metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)
            painter.drawText(line, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                             shown)
        painter.setPen(QPen(QColor("#DDDDDD")))
        painter.drawLine(rect.bottomLeft(), rect.bottomRight())
        painter.restore()

    def line_at(self, option: QStyleOptionViewItem, y_in_row: int) -> int:
        return max(0, min(LINES - 1, (y_in_row - PAD) // max(1, self.line_height(option))))


class VisitTimeline(QListView):
    """Emits `open_requested(kind, id)`: ("assessment", id), ("session", id) or
    ("visit", index of the visit)."""

    open_requested = Signal(str, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("visitTimeline")
        self.timeline = VisitTimelineModel()
        self.delegate = VisitDelegate(self)
        self.setModel(self.timeline)
        self.setItemDelegate(self.delegate)
        self.setUniformItemSizes(True)  # one size for all: no per-row measuring
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setMouseTracking(True)
        self.setToolTip("Click a line to open it: the assessment, the session, or the notes "
                        "and next-day report on the Visit tab.")

    def set_visits(self, visits: list[Visit], catalog: Catalog | None) -> None:
        self.timeline.set_visits(visits, catalog)

    def _open(self, row: int, line: int) -> None:
        visit = self.timeline.row(row)
        if visit is None:
            return
        kind = KINDS[line]
        if kind == "assessment" and visit.assessment_id is not None:
            self.open_requested.emit("assessment", visit.assessment_id)
        elif kind == "session" and visit.session_id is not None:
            self.open_requested.emit("session", visit.session_id)
        else:
            self.open_requested.emit("visit", row)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        if event.button() is not Qt.MouseButton.LeftButton:
            return
        index = self.indexAt(event.position().toPoint())
        if not index.isValid():
            return
        option = QStyleOptionViewItem()
        self.initViewItemOption(option)
        y = event.position().toPoint().y() - self.visualRect(index).top()
        self._open(index.row(), self.delegate.line_at(option, y))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self._open(self.currentIndex().row(), 0)
            return
        super().keyPressEvent(event)
