"""The tag editor: the states a muscle side carries (each with its grade), the tightness score,
the measures, and the note.

A thin view: it shows one tag and emits what the clinician changed (``stateToggled``,
``gradeEdited``, ``fieldEdited(name, value)``); the tab turns that into an undo command for
every selected region and pushes the stored result back with :meth:`TagEditor.show_tag`.

Strength, tenderness and pain are offered for any state, a range of motion against the length
tests of the muscle when a state calls for one, and the Modified Ashworth Scale only on an
assessment marked neurological. A measure recorded earlier that the states no longer call for
stays on screen, marked as kept, with its value: it is never hidden or dropped.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
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

from equitone.domain.assessment import ToneTag, measure_applies, states_text
from equitone.domain.length_tests import length_tests_for
from equitone.domain.scales import ASHWORTH, PAIN, STRENGTH, TENDERNESS, TIGHTNESS, Scale

from .rom_field import RomField
from .states_field import StatesField, scale_combo, set_combo

NOT_MEASURED = "— not measured"
MEASURE_FIELDS: dict[str, Scale] = {
    "strength": STRENGTH,
    "tenderness": TENDERNESS,
    "pain": PAIN,
    "ashworth": ASHWORTH,
}
KEPT_STYLE = "color: #8a5a00; font-size: 11px;"

__all__ = ["NOT_MEASURED", "NoteEdit", "TagEditor", "scale_combo"]


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


def _boxed(field: QWidget, hint: QLabel) -> QWidget:
    """A field with a line of explanation under it."""
    box = QWidget()
    column = QVBoxLayout(box)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(0)
    column.addWidget(field)
    column.addWidget(hint)
    return box


class TagEditor(QWidget):
    stateToggled = Signal(object)  # noqa: N815  ToneState | None (None = clear the tag)
    gradeEdited = Signal(object, object)  # noqa: N815  ToneState, int | None
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
        self.summary = QLabel()
        self.summary.setObjectName("tagStates")
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setStyleSheet("color: #444;")

        self.states = StatesField()
        self.clear = QPushButton("Clear tag (0)")
        self.clear.setObjectName("clearTag")
        self.clear.setToolTip("Remove this muscle side's tag: its states, score, measures "
                              "and note (undo brings it back)")

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
        self.tightness_meaning.setStyleSheet("color: #555;")
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

        self.measures: dict[str, QComboBox] = {
            name: scale_combo(scale, empty=NOT_MEASURED) for name, scale in MEASURE_FIELDS.items()
        }
        self.rom = RomField()
        self.kept: dict[str, QLabel] = {}
        self.rows: dict[str, QWidget] = {}
        for name in ("strength", "tenderness", "pain", "rom", "ashworth"):
            hint = QLabel()
            hint.setObjectName(f"kept_{name}")
            hint.setWordWrap(True)
            hint.setStyleSheet(KEPT_STYLE)
            hint.hide()
            self.kept[name] = hint
            field: QWidget = self.rom if name == "rom" else self.measures[name]
            self.rows[name] = _boxed(field, hint)
        self.ashworth_hint = QLabel(ASHWORTH.note)
        self.ashworth_hint.setObjectName("ashworthHint")
        self.ashworth_hint.setWordWrap(True)
        self.ashworth_hint.setStyleSheet("color: #555; font-size: 11px;")
        self.rows["ashworth"].layout().addWidget(self.ashworth_hint)  # type: ignore[union-attr]

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
        self.form.addRow("States", self.states)
        self.form.addRow("Tightness", self.tightness_box)
        self.form.addRow("Strength", self.rows["strength"])
        self.form.addRow("Tenderness", self.rows["tenderness"])
        self.form.addRow("Pain", self.rows["pain"])
        self.form.addRow("ROM", self.rows["rom"])
        self.form.addRow("Ashworth", self.rows["ashworth"])
        self.form.addRow("Note", self.note)
        buttons = QHBoxLayout()
        buttons.addWidget(self.mirror)
        buttons.addWidget(self.clear)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.summary)
        layout.addLayout(self.form)
        layout.addLayout(buttons)
        layout.addStretch(1)  # spare height below the fields, not between them

        self.states.toggled.connect(self.stateToggled)
        self.states.gradeEdited.connect(self.gradeEdited)
        self.clear.clicked.connect(lambda: self.stateToggled.emit(None))
        self.tightness_slider.valueChanged.connect(self._tightness_from_slider)
        self.tightness_spin.valueChanged.connect(self._tightness_from_spin)
        for name, combo in self.measures.items():
            combo.activated.connect(lambda _i, n=name, c=combo: self._emit_combo(n, c))
        self.rom.edited.connect(self._rom_edited)
        self.note.committed.connect(self._note_committed)
        self.mirror.clicked.connect(self.mirrorClicked)
        self.show_tag("Select a muscle on the map", None, selected=False, editable=False)

    # ------------------------------------------------------------------ display
    def show_tag(
        self, title: str, tag: ToneTag | None, *, selected: bool, editable: bool,
        muscle: str | None = None, neurological: bool = False,
    ) -> None:
        """Show ``tag`` (the current region's, of ``muscle``; ``None`` = untagged) without
        emitting edits. ``neurological``: the assessment is marked neurological."""
        self._loading = True
        try:
            same_region = title == self.title.text()
            self._tag = tag
            self.title.setText(title)
            self.summary.setText(states_text(tag.states).capitalize() if tag else "Not tagged")
            self.states.show_findings(tag.findings if tag else (), enabled=editable and selected,
                                      gradable=editable)
            self._show_tightness(tag.tightness if tag else None)
            m = tag.measures if tag else None
            for name, combo in self.measures.items():
                value = getattr(m, name) if m else None
                set_combo(combo, None if value is None else str(value))
            self.rom.show_value(muscle or (tag.muscle if tag else None),
                                m.rom_test if m else None, m.rom_degrees if m else None)
            if not (self.note.hasFocus() and same_region):  # never clobber typing in progress
                self.note.setPlainText(tag.note if tag else "")
            self._set_rows(tag, muscle, neurological)
            for widget in (self.tightness_box, self.rom, self.note, self.clear,
                           *self.measures.values()):
                widget.setEnabled(editable and tag is not None)
            self.mirror.setEnabled(editable and tag is not None)
        finally:
            self._loading = False

    def _set_rows(self, tag: ToneTag | None, muscle: str | None, neurological: bool) -> None:
        """The measures that fit the states, and any kept one that no longer does."""
        tagged = tag is not None
        for row in (self.tightness_box, self.note):
            self.form.setRowVisible(row, tagged)
        kept = set(tag.not_applying(neurological=neurological)) if tag else set()
        states = tag.states if tag else ()
        tests = length_tests_for(muscle) if muscle else []
        for name, row in self.rows.items():
            if name == "rom":
                fits = any(set(states) & t.states for t in tests)
            else:
                fits = measure_applies(name, states, neurological=neurological)
            self.form.setRowVisible(row, tagged and (fits or name in kept))
            hint = self.kept[name]
            hint.setVisible(name in kept)
            if name in kept:
                why = ("the assessment is not marked neurological"
                       if name == "ashworth" and not neurological
                       else f"does not apply to {states_text(states)}")
                hint.setText(f"Kept from earlier: {why}. Clear it if it no longer holds.")
        self.ashworth_hint.setVisible("ashworth" not in kept)

    def measure_visible(self, name: str) -> bool:
        """Whether the editor offers `name` (MEASURE_NAMES) now (tests, accessibility)."""
        return self.form.isRowVisible(self.rows[name])

    def _show_tightness(self, value: int | None) -> None:
        self.tightness_slider.setValue(value if value is not None else 0)
        self.tightness_spin.setValue(value if value is not None else -1)
        self.tightness_meaning.setText(
            TIGHTNESS.describe(str(value)) if value is not None else "not scored"
        )

    def focus_note(self) -> None:
        self.note.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.note.selectAll()

    # -------------------------------------------------------------------- edits
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

    def _rom_edited(self, value: tuple[str, int] | None) -> None:
        if not self._loading:
            self.fieldEdited.emit("rom", value)

    def _note_committed(self, text: str) -> None:
        if self._loading or self._tag is None or text.strip() == self._tag.note:
            return
        self.fieldEdited.emit("note", text)
