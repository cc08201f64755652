"""The tag editor: state, tightness, grade, the measures that fit the state, and the note.

A thin view: it shows one tag and emits what the clinician changed (``stateChosen``,
``fieldEdited(name, value)``); the tab turns that into an undo command for every selected
region and pushes the stored result back with :meth:`TagEditor.show_tag`.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFocusEvent, QIcon, QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSlider,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from equitone.bodymap.palette import STATE_STYLES, swatch_pixmap
from equitone.domain.assessment import ToneTag
from equitone.domain.scales import (
    ASHWORTH,
    GRADE,
    PAIN,
    ROM_FITS,
    ROM_MAX,
    ROM_MIN,
    STRENGTH,
    TENDERNESS,
    TIGHTNESS,
    Scale,
)
from equitone.domain.types import ToneState
from equitone.ui import style

NOT_MEASURED = "— not measured"
MEASURE_FIELDS: dict[str, Scale] = {
    "strength": STRENGTH,
    "tenderness": TENDERNESS,
    "pain": PAIN,
    "ashworth": ASHWORTH,
}


def scale_combo(scale: Scale, *, empty: str = NOT_MEASURED, describe: bool = True) -> QComboBox:
    """Items read "4 — against gravity and some resistance", never bare numbers; the data is
    the level's stored value (``None`` for the empty entry)."""
    combo = QComboBox()
    combo.setObjectName(f"measure_{scale.key}")
    combo.addItem(empty, None)
    for level in scale.levels:
        text = scale.describe(level.value) if describe else level.label
        combo.addItem(text, level.value)
        combo.setItemData(combo.count() - 1, text, Qt.ItemDataRole.ToolTipRole)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(16)
    combo.view().setMinimumWidth(combo.view().sizeHintForColumn(0) + 24)
    combo.setToolTip(scale.note or scale.name)
    return combo


class NoteEdit(QPlainTextEdit):
    """Multi-line note that commits when it loses focus or on Ctrl+Enter (not per keystroke)."""

    committed = Signal(str)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.committed.emit(self.toPlainText())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if enter and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.committed.emit(self.toPlainText())
            event.accept()
            return
        super().keyPressEvent(event)


class TagEditor(QWidget):
    stateChosen = Signal(object)  # noqa: N815  ToneState | None (None = clear)
    fieldEdited = Signal(str, object)  # noqa: N815  field name, new value
    mirrorClicked = Signal()  # noqa: N815

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._loading = False
        self._tag: ToneTag | None = None
        self.title = QLabel("Select a muscle on the map")
        self.title.setObjectName("tagEditorTitle")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setWordWrap(True)
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)

        self.state = QComboBox()
        self.state.setObjectName("tagState")
        self.state.addItem(QIcon(swatch_pixmap(None, 16)), "0  Not tagged", None)
        for look in STATE_STYLES.values():
            self.state.addItem(
                QIcon(swatch_pixmap(look.state, 16)), f"{look.shortcut}  {look.label}",
                look.state.value,
            )

        self.tightness_slider = QSlider(Qt.Orientation.Horizontal)
        self.tightness_slider.setRange(0, 10)
        self.tightness_slider.setPageStep(1)
        self.tightness_slider.setTickPosition(QSlider.TickPosition.TicksBelow)
        self.tightness_slider.setTickInterval(1)
        self.tightness_spin = QSpinBox()
        self.tightness_spin.setRange(-1, 10)
        self.tightness_spin.setSpecialValueText("—")
        self.tightness_spin.setSuffix("/10")
        self.tightness_meaning = QLabel()
        self.tightness_meaning.setObjectName("tightnessMeaning")
        self.tightness_meaning.setStyleSheet(style.text())
        tight_row = QHBoxLayout()
        tight_row.setContentsMargins(0, 0, 0, 0)
        tight_row.addWidget(self.tightness_slider, 1)
        tight_row.addWidget(self.tightness_spin)
        tight_box = QVBoxLayout()
        tight_box.setContentsMargins(0, 0, 0, 0)
        tight_box.setSpacing(0)
        tight_box.addLayout(tight_row)
        tight_box.addWidget(self.tightness_meaning)
        self.tightness_box = QWidget()
        self.tightness_box.setLayout(tight_box)
        self.tightness_box.setToolTip(TIGHTNESS.note)

        self.grade = scale_combo(GRADE, empty="— no grade")
        self.grade.setObjectName("tagGrade")
        self.measures: dict[str, QComboBox] = {
            name: scale_combo(scale) for name, scale in MEASURE_FIELDS.items()
        }
        self.rom = QSpinBox()
        self.rom.setObjectName("measure_rom")
        self.rom.setRange(ROM_MIN - 1, ROM_MAX)
        self.rom.setSpecialValueText(NOT_MEASURED)
        self.rom.setSuffix("°")
        self.rom.setToolTip("Range of motion in a length test, in degrees")
        self.ashworth_hint = QLabel(ASHWORTH.note)
        self.ashworth_hint.setObjectName("ashworthHint")
        self.ashworth_hint.setWordWrap(True)
        self.ashworth_hint.setStyleSheet(style.text(style.WARNING, size_px=11))
        ashworth_box = QVBoxLayout()
        ashworth_box.setContentsMargins(0, 0, 0, 0)
        ashworth_box.setSpacing(0)
        ashworth_box.addWidget(self.measures["ashworth"])
        ashworth_box.addWidget(self.ashworth_hint)
        self.ashworth_box = QWidget()
        self.ashworth_box.setLayout(ashworth_box)

        self.note = NoteEdit()
        self.note.setObjectName("tagNote")
        self.note.setPlaceholderText("Note (saved when you leave the field, or Ctrl+Enter)")
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 14)
        self.mirror = QPushButton("Mirror to other side (M)")
        self.mirror.setObjectName("mirrorButton")
        self.mirror.setToolTip("Copy the selected muscles' tags to the other side")

        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self.form.setVerticalSpacing(4)
        self.form.addRow("State", self.state)
        self.form.addRow("Tightness", self.tightness_box)
        self.form.addRow("Grade", self.grade)
        self.form.addRow("Strength", self.measures["strength"])
        self.form.addRow("Tenderness", self.measures["tenderness"])
        self.form.addRow("Pain", self.measures["pain"])
        self.form.addRow("ROM", self.rom)
        self.form.addRow("Ashworth", self.ashworth_box)
        self.form.addRow("Note", self.note)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addLayout(self.form)
        layout.addWidget(self.mirror)

        self.state.activated.connect(self._state_activated)
        self.tightness_slider.valueChanged.connect(self._tightness_from_slider)
        self.tightness_spin.valueChanged.connect(self._tightness_from_spin)
        self.grade.activated.connect(lambda _i: self._emit_combo("grade", self.grade))
        for name, combo in self.measures.items():
            combo.activated.connect(lambda _i, n=name, c=combo: self._emit_combo(n, c))
        self.rom.valueChanged.connect(self._rom_changed)
        self.note.committed.connect(self._note_committed)
        self.mirror.clicked.connect(self.mirrorClicked)
        self.show_tag("Select a muscle on the map", None, selected=False, editable=False)

    # ------------------------------------------------------------------ display
    def show_tag(
        self, title: str, tag: ToneTag | None, *, selected: bool, editable: bool
    ) -> None:
        """Show ``tag`` (the current region's; ``None`` = untagged) without emitting edits."""
        self._loading = True
        try:
            same_region = title == self.title.text()
            self._tag = tag
            self.title.setText(title)
            state = tag.state if tag else None
            index = self.state.findData(state.value if state else None)
            self.state.setCurrentIndex(max(index, 0))
            self._show_tightness(tag.tightness if tag else None)
            self._set_combo(self.grade, str(tag.grade) if tag and tag.grade else None)
            m = tag.measures if tag else None
            values: dict[str, str | None] = {
                "strength": _text(m.strength if m else None),
                "tenderness": _text(m.tenderness if m else None),
                "pain": _text(m.pain if m else None),
                "ashworth": m.ashworth if m else None,
            }
            for name, combo in self.measures.items():
                self._set_combo(combo, values[name])
            rom = m.rom_degrees if m else None
            self.rom.setValue(rom if rom is not None else self.rom.minimum())
            if not (self.note.hasFocus() and same_region):  # never clobber typing in progress
                self.note.setPlainText(tag.note if tag else "")
            self._set_rows(state)
            self.state.setEnabled(editable and selected)
            for widget in (self.tightness_box, self.grade, self.rom, self.ashworth_box,
                           self.note, *self.measures.values()):
                widget.setEnabled(editable and tag is not None)
            self.mirror.setEnabled(editable and tag is not None)
        finally:
            self._loading = False

    def _set_rows(self, state: ToneState | None) -> None:
        """Only the measures that fit the state are offered (scales.X.fits)."""
        tagged = state is not None
        self.form.setRowVisible(self.tightness_box, tagged)
        self.form.setRowVisible(self.grade, tagged and state in GRADE.fits)
        for name, scale in MEASURE_FIELDS.items():
            widget = self.ashworth_box if name == "ashworth" else self.measures[name]
            self.form.setRowVisible(widget, tagged and state in scale.fits)
        self.form.setRowVisible(self.rom, tagged and state in ROM_FITS)
        self.form.setRowVisible(self.note, tagged)

    def _show_tightness(self, value: int | None) -> None:
        self.tightness_slider.setValue(value if value is not None else 0)
        self.tightness_spin.setValue(value if value is not None else -1)
        self.tightness_meaning.setText(
            TIGHTNESS.describe(str(value)) if value is not None else "not scored"
        )

    @staticmethod
    def _set_combo(combo: QComboBox, value: str | None) -> None:
        index = combo.findData(value) if value is not None else 0
        combo.setCurrentIndex(max(index, 0))

    def focus_note(self) -> None:
        self.note.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.note.selectAll()

    # -------------------------------------------------------------------- edits
    def _state_activated(self, index: int) -> None:
        if self._loading:
            return
        value = self.state.itemData(index)
        self.stateChosen.emit(ToneState(value) if value else None)

    def _tightness_from_slider(self, value: int) -> None:
        if self._loading:
            return
        self._tightness_edited(value)

    def _tightness_from_spin(self, value: int) -> None:
        if self._loading:
            return
        self._tightness_edited(value if value >= 0 else None)

    def _tightness_edited(self, value: int | None) -> None:
        current = self._tag.tightness if self._tag else None
        self._loading = True
        try:
            self._show_tightness(value)
        finally:
            self._loading = False
        if value != current:
            self.fieldEdited.emit("tightness", value)

    def _emit_combo(self, name: str, combo: QComboBox) -> None:
        if self._loading:
            return
        value = combo.currentData()
        if name == "ashworth":
            self.fieldEdited.emit(name, value)
        else:
            self.fieldEdited.emit(name, int(value) if value is not None else None)

    def _rom_changed(self, value: int) -> None:
        if self._loading:
            return
        self.fieldEdited.emit("rom_degrees", value if value >= ROM_MIN else None)

    def _note_committed(self, text: str) -> None:
        if self._loading or self._tag is None or text.strip() == self._tag.note:
            return
        self.fieldEdited.emit("note", text)


def _text(value: int | None) -> str | None:
    return None if value is None else str(value)
