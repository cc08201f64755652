"""The timeline widget: a list of cards that takes drops *between* cards.

Drops are worked out here, not by QAbstractItemView's own rules: the gap under the cursor
(above or below a card's middle) is where the exercise lands, a full-width line shows it while
dragging (Picard's whole-row indicator), and the drop goes to the model's `dropMimeData` with
that row. `startDrag` runs a real `QDrag` with a picture of the card; the move itself is
done by the model on drop, so nothing is removed when the drag returns.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPoint, QRect, Qt
from PySide6.QtGui import (
    QDrag,
    QDragEnterEvent,
    QDragLeaveEvent,
    QDragMoveEvent,
    QDropEvent,
    QPainter,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import QAbstractItemView, QListView, QWidget

from equitone.ui.designer import colours, mime
from equitone.ui.designer.delegate import CardDelegate
from equitone.ui.designer.timeline_model import TimelineModel

EMPTY_HINT = (
    "Drag exercises here from the library, or pick one there and press Enter.\n"
    "The relaxation the method asks for is added automatically."
)


class TimelineView(QListView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("timeline")
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.viewport().setAcceptDrops(True)
        self.setDropIndicatorShown(False)  # drawn by paintEvent, across the whole row
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
        )
        self.setUniformItemSizes(True)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setMouseTracking(True)
        self.card_delegate = CardDelegate(self)
        self.setItemDelegate(self.card_delegate)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.gap: int | None = None
        """The drop gap being shown (0…rows) while something is dragged over, else None."""
        self.active_drag: QDrag | None = None
        """The card drag in progress (tests cancel it with a watchdog)."""
        self.empty_hint = EMPTY_HINT

    def setModel(self, model: QAbstractItemModel | None) -> None:
        super().setModel(model)
        if model is not None:
            model.modelReset.connect(self._forget_gap)

    def _forget_gap(self) -> None:
        """A new plan (or session) replaces the rows the drop line was drawn between."""
        self.gap = None

    def timeline(self) -> TimelineModel:
        model = self.model()
        assert isinstance(model, TimelineModel)
        return model

    # -- where a drop lands ------------------------------------------------------------
    def gap_at(self, pos: QPoint) -> int:
        """The gap before row n (0…rowCount) for a point in viewport coordinates."""
        rows = self.timeline().rowCount()
        index = self.indexAt(pos)
        if index.isValid():
            rect = self.visualRect(index)
            return index.row() + (1 if pos.y() > rect.center().y() else 0)
        if rows == 0:
            return 0
        first = self.visualRect(self.timeline().index(0, 0))
        return 0 if pos.y() < first.top() else rows

    @staticmethod
    def _action(event: QDropEvent) -> Qt.DropAction:
        wanted = (
            Qt.DropAction.MoveAction
            if event.mimeData().hasFormat(mime.BLOCK_MIME)
            else Qt.DropAction.CopyAction
        )
        return wanted if event.possibleActions() & wanted else event.proposedAction()

    def _track(self, event: QDragMoveEvent) -> None:
        gap = self.gap_at(event.position().toPoint())
        action = self._action(event)
        model = self.timeline()
        if model.canDropMimeData(event.mimeData(), action, gap, 0, QModelIndex()):
            event.setDropAction(action)
            event.accept()
            self.gap = gap
        else:
            event.ignore()
            self.gap = None
        self.viewport().update()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        super().dragEnterEvent(event)
        self._track(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        super().dragMoveEvent(event)  # auto-scroll near the edges
        self._track(event)

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        super().dragLeaveEvent(event)
        self.gap = None
        self.viewport().update()

    def dropEvent(self, event: QDropEvent) -> None:
        gap = self.gap_at(event.position().toPoint())
        action = self._action(event)
        self.gap = None
        self.stopAutoScroll()
        self.setState(QAbstractItemView.State.NoState)
        if self.timeline().dropMimeData(event.mimeData(), action, gap, 0, QModelIndex()):
            event.setDropAction(action)
            event.accept()
        else:
            event.ignore()
        self.viewport().update()

    # -- dragging a card ---------------------------------------------------------------
    def startDrag(self, supportedActions: Qt.DropAction) -> None:  # noqa: N803
        index = self.currentIndex()
        model = self.timeline()
        if not index.isValid() or not model.flags(index) & Qt.ItemFlag.ItemIsDragEnabled:
            return
        drag = QDrag(self)
        drag.setMimeData(model.mimeData([index]))
        rect = self.visualRect(index)
        picture = self.viewport().grab(rect)
        drag.setPixmap(picture)
        drag.setHotSpot(self.viewport().mapFromGlobal(self.cursor().pos()) - rect.topLeft())
        self.active_drag = drag
        try:
            drag.exec(Qt.DropAction.MoveAction, Qt.DropAction.MoveAction)
        finally:
            self.active_drag = None
            self.gap = None
            self.viewport().update()

    # -- painting ------------------------------------------------------------------------
    def show_now(self) -> None:
        """Paint the cards now, not when the event loop next runs: the engine's result is on
        screen before the save that follows it (benchmarks/bench_designer.py times this)."""
        self.viewport().repaint()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        rows = self.timeline().rowCount() if self.model() is not None else 0
        if rows == 0 and self.empty_hint:
            painter = QPainter(self.viewport())
            painter.setPen(colours.MUTED)
            area = self.viewport().rect().adjusted(24, 24, -24, -24)
            painter.drawText(area, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                             self.empty_hint)
            painter.end()
        if self.gap is not None:
            self._paint_gap(rows)

    def _paint_gap(self, rows: int) -> None:
        if rows == 0:
            y = 6
        elif self.gap is not None and self.gap < rows:
            y = self.visualRect(self.timeline().index(self.gap, 0)).top()
        else:
            y = self.visualRect(self.timeline().index(rows - 1, 0)).bottom()
        painter = QPainter(self.viewport())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(colours.DROP_LINE, 3))
        width = self.viewport().width()
        painter.drawLine(8, y, width - 8, y)
        painter.setBrush(colours.DROP_LINE)
        painter.drawEllipse(QRect(3, y - 4, 8, 8))
        painter.drawEllipse(QRect(width - 11, y - 4, 8, 8))
        painter.end()
