"""The exercise library panel: instant search, four filters, the side new blocks work, the
"Suggested for this patient" list and the library itself. Both lists drag exercises out;
Enter (or a double-click) asks to add the current one (`addRequested`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtCore import Signal as QtSignal
from PySide6.QtGui import QFont, QFontMetrics, QKeyEvent, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from equitone.domain import wording
from equitone.domain.catalog import Catalog
from equitone.domain.suggestions import Suggestion
from equitone.domain.types import Exercise, ExerciseKind, Performer
from equitone.ui import style
from equitone.ui.designer import colours, mime
from equitone.ui.designer.figures import FigureCache
from equitone.ui.designer.library_model import (
    EXERCISE_ROLE,
    KIND_ROLE,
    NO_EQUIPMENT,
    PAYLOAD_ROLE,
    SUBTITLE_ROLE,
    LibraryFilter,
    LibraryModel,
    SuggestionModel,
)

Index = QModelIndex | QPersistentModelIndex
KIND_VALUES = frozenset(kind.value for kind in ExerciseKind)


PICTURE = 42  # a library row's picture, logical pixels


class RowDelegate(QStyledItemDelegate):
    """A kind dot, a small picture of the exercise, and two lines: the name, then the subtitle
    in a smaller, muted font."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.figures: FigureCache | None = None
        self.muscle: Callable[[], str | None] = lambda: None  # a technique's chosen muscle

    def _fonts(self, option: QStyleOptionViewItem) -> tuple[QFont, QFont]:
        bold = QFont(option.font)
        bold.setBold(True)
        small = QFont(option.font)
        small.setPointSizeF(max(7.0, small.pointSizeF() * 0.88))
        return bold, small

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        bold, small = self._fonts(option)
        text = QFontMetrics(bold).height() + QFontMetrics(small).height() + 10
        return QSize(200, max(text, PICTURE + 6) if self.figures is not None else text)

    def _picture(self, painter: QPainter, index: Index, rect: QRect,
                 option: QStyleOptionViewItem) -> int:
        """The exercise's end frame left of the text; returns the width it took."""
        exercise = index.data(EXERCISE_ROLE)
        if self.figures is None or not isinstance(exercise, Exercise):
            return 0
        payload = index.data(PAYLOAD_ROLE)
        muscle = payload.muscle if isinstance(payload, mime.ExercisePayload) else None
        scenes = self.figures.exercise(exercise, muscle or self.muscle())
        if not scenes:
            return PICTURE + 6
        widget = option.widget
        ratio = widget.devicePixelRatioF() if widget is not None else 1.0
        pixmap = self.figures.pixmap(scenes[-1], PICTURE, PICTURE, ratio)
        painter.drawPixmap(rect.left() + 24, rect.top() + (rect.height() - PICTURE) // 2,
                           pixmap)
        return PICTURE + 6

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        rect: QRect = option.rect
        state = option.state
        palette: QPalette = option.palette
        bold, small = self._fonts(option)
        selected = bool(state & QStyle.StateFlag.State_Selected)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if selected:
            painter.fillRect(rect, palette.color(QPalette.ColorRole.Highlight))
        elif state & QStyle.StateFlag.State_MouseOver:
            painter.fillRect(rect, palette.color(QPalette.ColorRole.AlternateBase))
        kind = index.data(KIND_ROLE)
        painter.setPen(Qt.PenStyle.NoPen)
        known = kind in KIND_VALUES
        painter.setBrush(colours.kind_colour(ExerciseKind(kind) if known else None))
        fm_bold, fm_small = QFontMetrics(bold), QFontMetrics(small)
        top = rect.top() + (rect.height() - fm_bold.height() - fm_small.height()) // 2
        painter.drawEllipse(rect.left() + 8, top + (fm_bold.height() - 10) // 2, 10, 10)
        picture_w = self._picture(painter, index, rect, option)
        left, width = rect.left() + 26 + picture_w, rect.width() - 32 - picture_w
        text_colour = palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        painter.setPen(text_colour)
        painter.setFont(bold)
        name = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        painter.drawText(
            QRect(left, top, width, fm_bold.height()),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            fm_bold.elidedText(name, Qt.TextElideMode.ElideRight, width),
        )
        painter.setFont(small)
        painter.setPen(text_colour if selected else colours.MUTED)
        subtitle = str(index.data(SUBTITLE_ROLE) or "")
        painter.drawText(
            QRect(left, top + fm_bold.height(), width, fm_small.height()),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            fm_small.elidedText(subtitle, Qt.TextElideMode.ElideRight, width),
        )
        if state & QStyle.StateFlag.State_HasFocus:
            painter.setPen(palette.color(QPalette.ColorRole.Highlight).darker(130))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(rect.adjusted(0, 0, -1, -1))
        painter.restore()


class ExerciseList(QListView):
    """A list that drags exercise payloads (copy) and never accepts drops."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.setObjectName(name)
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.setDefaultDropAction(Qt.DropAction.CopyAction)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setUniformItemSizes(True)
        self.setMouseTracking(True)
        self.row_delegate = RowDelegate(self)
        self.setItemDelegate(self.row_delegate)

    def current_payload(self) -> mime.ExercisePayload | None:
        payload = self.currentIndex().data(PAYLOAD_ROLE)
        return payload if isinstance(payload, mime.ExercisePayload) else None


def _heading(label: str) -> QLabel:
    heading = QLabel(label)
    font = heading.font()
    font.setBold(True)
    heading.setFont(font)
    return heading


class LibraryPanel(QWidget):
    addRequested = QtSignal(object)  # noqa: N815  mime.ExercisePayload
    newExerciseRequested = QtSignal()  # noqa: N815
    editExerciseRequested = QtSignal(object)  # noqa: N815  Exercise (the clinic's own)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = LibraryModel()
        self.proxy = LibraryFilter()
        self.proxy.setSourceModel(self.model)
        self.suggestion_model = SuggestionModel()
        self.search = QLineEdit()
        self.search.setObjectName("librarySearch")
        self.search.setPlaceholderText("Search exercises (Ctrl+L)")
        self.search.setClearButtonEnabled(True)
        self.muscle = QComboBox()
        self.kind = QComboBox()
        self.equipment = QComboBox()
        self.performer = QComboBox()
        self.side = QComboBox()
        for combo in (self.muscle, self.kind, self.equipment, self.performer, self.side):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(10)
        self.kind.addItem("All kinds", None)
        # Enum *values* as item data: Qt hands a str subclass back as a plain str.
        for kind, label in wording.KIND_LABELS.items():
            self.kind.addItem(label, kind.value)
        self.performer.addItem("Anyone", None)
        self.performer.addItem("Patient (self)", Performer.SELF.value)
        self.performer.addItem("Clinician", Performer.CLINICIAN.value)
        for label, side in (("Both sides", "both"), ("Left", "left"), ("Right", "right")):
            self.side.addItem(label, side)
        self.side.setToolTip("Which side the blocks you add work (suggestions keep their own)")
        filters = QFormLayout()
        filters.setContentsMargins(0, 0, 0, 0)
        filters.setHorizontalSpacing(8)
        filters.setVerticalSpacing(4)
        # Mnemonics chosen not to clash with the menus (F, E, P, H) and page tabs (O, A, S, T)
        filters.addRow("&Muscle", self.muscle)
        filters.addRow("&Kind", self.kind)
        filters.addRow("Equipme&nt", self.equipment)
        filters.addRow("Pe&rformer", self.performer)
        filters.addRow("Si&de", self.side)

        self.suggested_heading = _heading("Suggested for this patient")
        self.suggested_note = QLabel()
        self.suggested_note.setWordWrap(True)
        self.suggested_note.setStyleSheet(style.text())
        self.suggested = ExerciseList("suggestedList")
        self.suggested.setModel(self.suggestion_model)
        self.library_heading = _heading("Library")
        self.library = ExerciseList("libraryList")
        self.library.setModel(self.proxy)
        self.count = QLabel()
        self.count.setStyleSheet(style.text())
        self.new_exercise = QPushButton("New exercise…")
        self.new_exercise.setObjectName("newExercise")
        self.new_exercise.setToolTip("Add your own exercise, with a drawn figure or a photo")
        self.edit_exercise = QPushButton("Edit…")
        self.edit_exercise.setObjectName("editExercise")
        self.edit_exercise.setToolTip("Change your own exercise (Equitone's are not edited)")
        self.edit_exercise.setEnabled(False)
        # the count beside the heading, the buttons on their own row: the panel stays as
        # narrow as before on a 1280-px screen
        heading = QHBoxLayout()
        heading.setContentsMargins(0, 0, 0, 0)
        heading.addWidget(self.library_heading)
        heading.addStretch(1)
        heading.addWidget(self.count)
        own = QHBoxLayout()
        own.setContentsMargins(0, 0, 0, 0)
        own.addWidget(self.new_exercise)
        own.addWidget(self.edit_exercise)
        own.addStretch(1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.search)
        layout.addLayout(filters)
        layout.addWidget(self.suggested_heading)
        layout.addWidget(self.suggested_note)
        layout.addWidget(self.suggested, 2)
        layout.addLayout(heading)
        layout.addWidget(self.library, 5)
        layout.addLayout(own)
        self._connect()

    def _connect(self) -> None:
        self.search.textChanged.connect(self._search)
        for combo in (self.muscle, self.kind, self.equipment, self.performer):
            combo.currentIndexChanged.connect(lambda _i: self._filter())
        self.side.currentIndexChanged.connect(lambda _i: self._side())
        self.library.activated.connect(lambda _index: self._add_from(self.library))
        self.suggested.activated.connect(lambda _index: self._add_from(self.suggested))
        self.search.installEventFilter(self)
        self.proxy.modelReset.connect(self._count)
        self.proxy.layoutChanged.connect(self._count)
        self.proxy.rowsInserted.connect(self._count)
        self.proxy.rowsRemoved.connect(self._count)
        self.new_exercise.clicked.connect(self.newExerciseRequested.emit)
        self.edit_exercise.clicked.connect(self._edit_current)
        self.library.selectionModel().currentChanged.connect(lambda _c, _p: self._own_chosen())
        self.proxy.modelReset.connect(self._own_chosen)

    # -- contents ----------------------------------------------------------------------
    def set_figures(self, figures: FigureCache) -> None:
        """Show each exercise's picture (a technique on the muscle the filter chose)."""
        for view in (self.library, self.suggested):
            view.row_delegate.figures = figures
            view.row_delegate.muscle = lambda: self.model.muscle
            view.doItemsLayout()

    def set_catalog(self, catalog: Catalog) -> None:
        muscles = sorted(catalog.muscles.values(), key=lambda m: m.name.casefold())
        equipment = sorted({e for x in catalog.exercises.values() for e in x.equipment})
        chosen = self.muscle.currentData(), self.equipment.currentData()
        for combo in (self.muscle, self.equipment):
            combo.blockSignals(True)
            combo.clear()
        self.muscle.addItem("All muscles", None)
        for muscle in muscles:
            self.muscle.addItem(muscle.name, muscle.slug)
        self.equipment.addItem("Any equipment", None)
        self.equipment.addItem("No equipment", NO_EQUIPMENT)
        for item in equipment:
            self.equipment.addItem(item.capitalize(), item)
        for combo, value in zip((self.muscle, self.equipment), chosen, strict=True):
            combo.setCurrentIndex(max(0, combo.findData(value)))
            combo.blockSignals(False)
        self.model.set_catalog(catalog.exercises.values(), catalog.muscles)
        self._filter()

    def set_suggestions(
        self, suggestions: Iterable[Suggestion], catalog: Catalog, note: str
    ) -> None:
        self.suggestion_model.set_suggestions(suggestions, catalog.exercises)
        empty = self.suggestion_model.rowCount() == 0
        self.suggested.setVisible(not empty)
        self.suggested_note.setText(note)
        self.suggested_note.setVisible(bool(note))

    # -- filtering ---------------------------------------------------------------------
    def _search(self, query: str) -> None:
        self.proxy.set_search(query)
        self._count()

    def _filter(self) -> None:
        muscle = self.muscle.currentData()
        kind, performer = self.kind.currentData(), self.performer.currentData()
        self.proxy.set_filters(
            muscle=muscle,
            kind=ExerciseKind(kind) if kind else None,
            equipment=self.equipment.currentData(),
            performer=Performer(performer) if performer else None,
        )
        self.model.muscle = muscle if isinstance(muscle, str) else None
        self._count()

    def _side(self) -> None:
        side = self.side.currentData()
        self.model.side = side if side in mime.SIDES else "both"

    def _count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.count.setText(
            f"{shown} of {total} exercises" if shown != total else f"{total} exercises"
        )
        if shown and not self.library.currentIndex().isValid():
            self.library.setCurrentIndex(self.proxy.index(0, 0))

    # -- the clinic's own exercises --------------------------------------------------------
    def current_exercise(self) -> Exercise | None:
        exercise = self.library.currentIndex().data(EXERCISE_ROLE)
        return exercise if isinstance(exercise, Exercise) else None

    def _own_chosen(self) -> None:
        exercise = self.current_exercise()
        self.edit_exercise.setEnabled(exercise is not None and exercise.custom)

    def _edit_current(self) -> None:
        exercise = self.current_exercise()
        if exercise is not None and exercise.custom:
            self.editExerciseRequested.emit(exercise)

    def select_exercise(self, slug: str) -> None:
        """Show ``slug`` in the library (the search cleared when it hides it)."""
        row = self.model.row_of(slug)
        if row < 0:
            return
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():
            self.search.clear()
            index = self.proxy.mapFromSource(self.model.index(row, 0))
        if index.isValid():
            self.library.setCurrentIndex(index)
            self.library.scrollTo(index)

    # -- adding --------------------------------------------------------------------------
    def current_payload(self) -> mime.ExercisePayload | None:
        """The exercise Enter would add: the focused list's current row (library first)."""
        if self.suggested.hasFocus():
            return self.suggested.current_payload()
        return self.library.current_payload()

    def _add_from(self, view: ExerciseList) -> None:
        payload = view.current_payload()
        if payload is not None:
            self.addRequested.emit(payload)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """In the search box, Down goes to the results and Enter adds the current one."""
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_PageDown):
                self.library.setFocus(Qt.FocusReason.TabFocusReason)
                return True
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._add_from(self.library)
                return True
        return super().eventFilter(watched, event)
