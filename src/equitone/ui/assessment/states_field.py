"""The tag editor's states: one toggle per state (a muscle side may carry several) and, under
them, a grade for each state it carries. A thin view: it shows a tag's findings and emits what
the clinician toggled or graded; the tab turns that into an undo command."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QLabel,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from equitone.bodymap.palette import STATE_STYLES, swatch_pixmap
from equitone.domain.assessment import StateGrade
from equitone.domain.scales import GRADE, Scale
from equitone.domain.types import ToneState


def scale_combo(scale: Scale, *, empty: str, describe: bool = True) -> QComboBox:
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


def set_combo(combo: QComboBox, value: str | None) -> None:
    index = combo.findData(value) if value is not None else 0
    combo.setCurrentIndex(max(index, 0))


class StatesField(QWidget):
    """Six toggles (keys 1–6 on the map do the same) and a grade per state carried."""

    toggled = Signal(object)  # ToneState
    gradeEdited = Signal(object, object)  # noqa: N815  ToneState, int | None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._loading = False
        self.buttons: dict[ToneState, QToolButton] = {}
        self.grades: dict[ToneState, QComboBox] = {}
        self.grade_labels: dict[ToneState, QLabel] = {}
        # a state carried must read as "on" at a glance, not as a faintly sunken button
        self.setStyleSheet(
            "QToolButton { padding: 2px 4px; }"
            "QToolButton:checked { background: #DCEBFA; border: 2px solid #1F5FAF;"
            " border-radius: 3px; font-weight: bold; }")
        toggles = QGridLayout()
        toggles.setContentsMargins(0, 0, 0, 0)
        toggles.setSpacing(3)
        for n, style in enumerate(STATE_STYLES.values()):
            button = QToolButton()
            button.setObjectName(f"tagState_{style.state.value}")
            button.setCheckable(True)
            button.setText(f"{style.shortcut}  {style.label}")
            button.setIcon(QIcon(swatch_pixmap(style.state, 16)))
            button.setIconSize(QSize(16, 16))
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            button.setToolTip(f"{style.label}: on or off (key {style.shortcut} on the map). "
                              "A muscle side may carry several states.")
            button.clicked.connect(lambda _on=False, s=style.state: self._toggled(s))
            self.buttons[style.state] = button
            row, col = divmod(n, 3)
            toggles.addWidget(button, row, col)
        grades = QGridLayout()
        grades.setContentsMargins(0, 2, 0, 0)
        grades.setHorizontalSpacing(6)
        grades.setVerticalSpacing(2)
        for n, style in enumerate(STATE_STYLES.values()):
            if style.state not in GRADE.fits:
                continue
            label = QLabel(f"{style.label} grade")
            combo = scale_combo(GRADE, empty="— no grade")
            combo.setObjectName(f"tagGrade_{style.state.value}")
            combo.activated.connect(lambda _i, s=style.state: self._graded(s))
            self.grades[style.state] = combo
            self.grade_labels[style.state] = label
            grades.addWidget(label, n, 0)
            grades.addWidget(combo, n, 1)
        grades.setColumnStretch(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(toggles)
        layout.addLayout(grades)
        self.show_findings((), enabled=False)

    def show_findings(self, findings: tuple[StateGrade, ...], *, enabled: bool,
                      gradable: bool = True) -> None:
        self._loading = True
        try:
            carried = {f.state: f.grade for f in findings}
            for state, button in self.buttons.items():
                button.setChecked(state in carried)
                button.setEnabled(enabled)
            for state, combo in self.grades.items():
                shown = state in carried
                combo.setVisible(shown)
                self.grade_labels[state].setVisible(shown)
                grade = carried.get(state)
                set_combo(combo, str(grade) if grade else None)
                combo.setEnabled(gradable)
        finally:
            self._loading = False

    def states(self) -> tuple[ToneState, ...]:
        return tuple(s for s, b in self.buttons.items() if b.isChecked())

    def _toggled(self, state: ToneState) -> None:
        if self._loading:
            return
        # show what is stored until the tab writes the change and shows the result (a
        # refused or read-only edit then leaves the toggle as it was)
        button = self.buttons[state]
        button.setChecked(not button.isChecked())
        self.toggled.emit(state)

    def _graded(self, state: ToneState) -> None:
        if self._loading:
            return
        value = self.grades[state].currentData()
        self.gradeEdited.emit(state, int(value) if value is not None else None)
