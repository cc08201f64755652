"""A clinician's own exercise, new or edited: name, kind, muscles, dose, instruction and a
picture — a figure in a base position or a shipped exercise's pose, or a photo from a file —
with the picture drawn as the card will show it.

The dialog only collects a draft; `save` (the service's add or edit) checks and stores it,
and what it refuses is shown in one line under the form while the dialog stays open. The
file chooser is a replaceable attribute so tests pick a file without a native dialog.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from equitone.bodymap.figure_painter import scene_image
from equitone.domain import wording as text
from equitone.domain.types import Dose, Exercise, ExerciseKind, Muscle, Performer
from equitone.errors import EquitoneError
from equitone.services.custom_exercises import ExerciseDraft, draft_of, preview
from equitone.services.figures import exercise_pictures
from equitone.services.photos import Photo, read_photo
from equitone.ui import style

Save = Callable[[ExerciseDraft], Exercise]
PREVIEW = 220  # the picture's side, logical pixels
PICTURES = ("A figure in a position", "A figure in an exercise's pose", "A photo")
PERFORMERS = {Performer.SELF: "The patient", Performer.CLINICIAN: "The clinician",
              Performer.EITHER: "Either"}


def _spin(low: int, high: int, none: str = "") -> QSpinBox:
    """A count; with ``none`` its lowest value reads as that word (no reps, no hold)."""
    spin = QSpinBox()
    spin.setRange(low, high)
    if none:
        spin.setSpecialValueText(none)
    return spin


def _buddy(label: str, widget: QWidget) -> QLabel:
    """A form label whose shortcut focuses ``widget`` (a row holding a layout has none)."""
    buddy = QLabel(label)
    buddy.setBuddy(widget)
    return buddy


class ExerciseDialog(QDialog):
    def __init__(self, save: Save, muscles: Mapping[str, Muscle], poses: Sequence[Exercise],
                 bases: Sequence[str], exercise: Exercise | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("exerciseDialog")
        self.setWindowTitle("Edit your exercise" if exercise else "New exercise")
        self._save = save
        self.saved: Exercise | None = None
        self.photo: Photo | None = None
        self.name = QLineEdit()
        self.name.setPlaceholderText("What the patient reads, e.g. Towel press")
        self.kind = QComboBox()
        for kind, label in text.KIND_LABELS.items():
            self.kind.addItem(label, kind.value)
        self.muscle_filter = QLineEdit()
        self.muscle_filter.setPlaceholderText("Find a muscle")
        self.muscle_filter.setClearButtonEnabled(True)
        self.muscles = QListWidget()
        self.muscles.setObjectName("exerciseMuscles")
        for muscle in sorted(muscles.values(), key=lambda m: m.name.casefold()):
            item = QListWidgetItem(muscle.name)
            item.setData(Qt.ItemDataRole.UserRole, muscle.slug)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.muscles.addItem(item)
        self.muscles.setMinimumHeight(110)
        self.chosen = QLabel("No muscle chosen yet")
        self.chosen.setObjectName("chosenMuscles")
        self.chosen.setWordWrap(True)
        self.chosen.setStyleSheet(style.text())
        self._names = {m.slug: m.name for m in muscles.values()}
        self.sets, self.reps = _spin(1, 20), _spin(0, 200, "none")
        self.hold, self.rest = _spin(0, 3600, "none"), _spin(0, 3600)
        self.hold.setSuffix(" s")
        self.rest.setSuffix(" s")
        self.performer = QComboBox()
        for performer, label in PERFORMERS.items():
            self.performer.addItem(label, performer.value)
        self.equipment = QLineEdit()
        self.equipment.setPlaceholderText("towel, chair (comma between items)")
        self.instruction = QPlainTextEdit()
        self.instruction.setPlaceholderText("What the patient does, in plain words")
        self.instruction.setMinimumHeight(70)
        self.picture_kind = QComboBox()
        self.picture_kind.setObjectName("pictureKind")
        self.picture_kind.addItems(PICTURES)
        self.base = QComboBox()
        for base in bases:
            self.base.addItem(base.replace("-", " ").capitalize(), base)
        self.like = QComboBox()
        self.like.setEditable(True)
        self.like.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for pose in poses:
            self.like.addItem(pose.name, pose.slug)
        self.photo_button = QPushButton("Choose a photo…")
        self.photo_label = QLabel("PNG or JPEG; scaled down, its metadata removed")
        self.photo_label.setStyleSheet(style.text())
        photo_row = QWidget()
        row = QHBoxLayout(photo_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.photo_button)
        row.addWidget(self.photo_label, 1)
        self.picture_choice = QStackedWidget()
        for widget in (self.base, self.like, photo_row):
            self.picture_choice.addWidget(widget)
        self.preview = QLabel()
        self.preview.setObjectName("exercisePreview")
        self.preview.setFixedSize(PREVIEW, PREVIEW)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setWordWrap(True)
        self.preview.setStyleSheet(style.PICTURE_FRAME)
        self.problem = QLabel()
        self.problem.setObjectName("exerciseProblem")
        self.problem.setStyleSheet(style.text(style.ERROR))
        self.problem.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self._layout()
        self._connect()
        if exercise is not None:
            self._fill(exercise)
        else:
            self.sets.setValue(2)
            self.reps.setValue(10)
            self.rest.setValue(45)
        self._picture_kind(self.picture_kind.currentIndex())

    def _layout(self) -> None:
        form = QFormLayout()
        form.addRow("&Name", self.name)
        form.addRow("&Kind", self.kind)
        muscles = QVBoxLayout()
        muscles.addWidget(self.muscle_filter)
        muscles.addWidget(self.muscles)
        muscles.addWidget(self.chosen)
        form.addRow(_buddy("&Muscles", self.muscle_filter), muscles)
        dose = QHBoxLayout()
        for label, spin in (("sets", self.sets), ("reps", self.reps), ("hold", self.hold),
                            ("rest", self.rest)):
            dose.addWidget(QLabel(label))
            dose.addWidget(spin)
        form.addRow(_buddy("&Dose", self.sets), dose)
        form.addRow("Done &by", self.performer)
        form.addRow("&Equipment", self.equipment)
        form.addRow("&Instruction", self.instruction)
        form.addRow("&Picture", self.picture_kind)
        form.addRow("", self.picture_choice)
        columns = QHBoxLayout()
        columns.addLayout(form, 1)
        side = QVBoxLayout()
        side.addWidget(self.preview)
        side.addStretch(1)
        columns.addLayout(side)
        layout = QVBoxLayout(self)
        layout.addLayout(columns)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.resize(760, 600)

    def _connect(self) -> None:
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        self.muscle_filter.textChanged.connect(self._filter_muscles)
        self.picture_kind.currentIndexChanged.connect(self._picture_kind)
        self.photo_button.clicked.connect(self._pick_photo)
        self.muscles.itemChanged.connect(lambda _item: self._muscles_changed())
        self.base.currentIndexChanged.connect(lambda _i: self._redraw())
        self.like.currentIndexChanged.connect(lambda _i: self._redraw())

    def _fill(self, exercise: Exercise) -> None:
        self.name.setText(exercise.name)
        self.kind.setCurrentIndex(max(0, self.kind.findData(exercise.kind.value)))
        for n in range(self.muscles.count()):
            item = self.muscles.item(n)
            if item.data(Qt.ItemDataRole.UserRole) in exercise.muscles:
                item.setCheckState(Qt.CheckState.Checked)
        dose = exercise.dose
        self.sets.setValue(dose.sets)
        self.reps.setValue(dose.reps or 0)
        self.hold.setValue(dose.hold_seconds or 0)
        self.rest.setValue(dose.rest_seconds)
        self.performer.setCurrentIndex(max(0, self.performer.findData(exercise.performer.value)))
        self.equipment.setText(", ".join(exercise.equipment))
        self.instruction.setPlainText(exercise.instruction)
        draft = draft_of(exercise)
        if draft.photo is not None:
            self.photo = draft.photo
            self._photo_text()
            self.picture_kind.setCurrentIndex(2)
        elif draft.like is not None:
            self.like.setCurrentIndex(max(0, self.like.findData(draft.like)))
            self.picture_kind.setCurrentIndex(1)
        else:
            self.base.setCurrentIndex(max(0, self.base.findData(draft.base)))

    # -- the draft -------------------------------------------------------------------------
    def checked_muscles(self) -> tuple[str, ...]:
        return tuple(str(self.muscles.item(n).data(Qt.ItemDataRole.UserRole))
                     for n in range(self.muscles.count())
                     if self.muscles.item(n).checkState() == Qt.CheckState.Checked)

    def draft(self) -> ExerciseDraft:
        choice = self.picture_kind.currentIndex()
        return ExerciseDraft(
            name=self.name.text(), kind=ExerciseKind(self.kind.currentData()),
            muscles=self.checked_muscles(),
            dose=Dose(self.sets.value(), self.reps.value() or None,
                      self.hold.value() or None, self.rest.value()),
            instruction=self.instruction.toPlainText(),
            performer=Performer(self.performer.currentData()),
            equipment=tuple(e.strip() for e in self.equipment.text().split(",") if e.strip()),
            sustained=False,
            base=self.base.currentData() if choice == 0 else None,
            like=self.like.currentData() if choice == 1 else None,
            photo=self.photo if choice == 2 else None,
        )

    # -- the picture -----------------------------------------------------------------------
    def _picture_kind(self, index: int) -> None:
        self.picture_choice.setCurrentIndex(index)
        self._redraw()

    def choose_file(self) -> Path | None:
        """The photo's file, None when cancelled (tests replace it on the instance)."""
        name, _filter = QFileDialog.getOpenFileName(
            self, "Choose a photo", "", "Photos (*.png *.jpg *.jpeg)")
        return Path(name) if name else None

    def _pick_photo(self) -> None:
        path = self.choose_file()
        if path is None:
            return
        try:
            self.photo = read_photo(path)
        except EquitoneError as exc:
            self.problem.setText(str(exc))
            return
        self.problem.clear()
        self._photo_text()
        self._redraw()

    def _photo_text(self) -> None:
        if self.photo is not None:
            kind = "JPEG" if self.photo.media_type == "image/jpeg" else "PNG"
            self.photo_label.setText(f"{kind}, {self.photo.width} × {self.photo.height} pixels")

    def _muscles_changed(self) -> None:
        chosen = [self._names[m] for m in self.checked_muscles()]
        self.chosen.setText("Works: " + ", ".join(chosen) if chosen else "No muscle chosen yet")
        self._redraw()

    def _filter_muscles(self, query: str) -> None:
        words = query.casefold().split()
        for n in range(self.muscles.count()):
            item = self.muscles.item(n)
            item.setHidden(not all(w in item.text().casefold() for w in words))

    def _redraw(self) -> None:
        """The picture as a card will show it, or a word on what it still needs."""
        draft = self.draft()
        # the picture does not depend on the name or the dose: stand-ins until they are typed
        stand_in = replace(draft, name="Preview", dose=Dose(1, 1),
                           muscles=draft.muscles or ("gluteus-medius",))
        try:
            exercise = preview(stand_in)
        except EquitoneError as exc:
            self.preview.setPixmap(QPixmap())
            self.preview.setText("No photo chosen yet" if self.picture_kind.currentIndex() == 2
                                 else str(exc))
            return
        scenes = exercise_pictures(exercise.slug, exercise, draft.muscles, None)
        if not scenes:
            self.preview.setPixmap(QPixmap())
            self.preview.setText("No picture")
            return
        scene = scenes[-1].with_margin(2.0).fitted_to(1.0)
        image = scene_image(scene, PREVIEW - 4, PREVIEW - 4,
                            device_pixel_ratio=self.devicePixelRatioF(),
                            background=QColor(Qt.GlobalColor.white))
        self.preview.setPixmap(QPixmap.fromImage(image))

    # -- saving ----------------------------------------------------------------------------
    def answer(self) -> Exercise | None:
        """The stored exercise (the prompt bridge's answer once the dialog is accepted)."""
        return self.saved

    def _accept(self) -> None:
        try:
            self.saved = self._save(self.draft())
        except EquitoneError as exc:
            self.problem.setText(str(exc))
            return
        self.accept()

