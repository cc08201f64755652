"""The in-place dose editor a card opens with F2 or a double-click: sets, reps, hold, rest.

Enter stores the dose (one undoable edit), Escape leaves it; Tab cycles inside the editor.
Reps and hold may each be empty ("—"), as in the catalog's doses.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSpinBox, QWidget

from equitone.domain.types import Dose
from equitone.ui import style


def _spin(low: int, high: int, suffix: str = "", empty: str = "") -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(low, high)
    spin.setSuffix(suffix)
    spin.setAlignment(Qt.AlignmentFlag.AlignRight)
    spin.setAccelerated(True)
    if empty:
        spin.setSpecialValueText(empty)  # shown at the minimum, which means "none"
    return spin


class DoseEditor(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("doseEditor")
        self.setAutoFillBackground(True)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(f"#doseEditor {{ background: {style.FOCUS_FILL}; "
                           f"border: 2px solid {style.FOCUS}; border-radius: 6px; }}")
        self.sets = _spin(1, 20)
        self.reps = _spin(0, 200, "", "—")
        self.hold = _spin(0, 3600, " s", "—")
        self.rest = _spin(0, 600, " s")
        self.sets.setToolTip("Sets")
        self.reps.setToolTip("Repetitions per set (— for none: a hold only)")
        self.hold.setToolTip("Hold per repetition or per set, in seconds (— for none)")
        self.rest.setToolTip("Rest between sets, in seconds")
        row = QHBoxLayout(self)  # one row: it covers the card's lower lines, not its name
        row.setContentsMargins(8, 3, 6, 3)
        row.setSpacing(4)
        for label, spin in (("Sets", self.sets), ("Reps", self.reps), ("Hold", self.hold),
                            ("Rest", self.rest)):
            caption = QLabel(label)  # no mnemonics: Alt+S is the Session tab; Tab cycles
            caption.setStyleSheet(style.text())
            row.addWidget(caption)
            row.addWidget(spin)
            row.addSpacing(6)
        self._order = [self.sets, self.reps, self.hold, self.rest]
        self.setFocusProxy(self.sets)

    def set_dose(self, dose: Dose) -> None:
        self.sets.setValue(dose.sets)
        self.reps.setValue(dose.reps or 0)
        self.hold.setValue(dose.hold_seconds or 0)
        self.rest.setValue(dose.rest_seconds)
        self.sets.selectAll()

    def dose(self) -> Dose:
        return Dose(
            sets=self.sets.value(),
            reps=self.reps.value() or None,
            hold_seconds=self.hold.value() or None,
            rest_seconds=self.rest.value(),
        )

    def focusNextPrevChild(self, next: bool) -> bool:
        """Tab cycles through the four fields instead of leaving the open editor."""
        focused = next_focus = self.focusWidget()
        if focused in self._order:
            step = 1 if next else -1
            n = self._order.index(focused)
            next_focus = self._order[(n + step) % len(self._order)]
        if isinstance(next_focus, QSpinBox):
            next_focus.setFocus(Qt.FocusReason.TabFocusReason)
            next_focus.selectAll()
            return True
        return super().focusNextPrevChild(next)
