"""A date typed the way people type it, with a calendar for the mouse.

QDateEdit moves between its day, month and year sections on Tab, so "date, Tab, phone" typed
the phone's digits into the year, and a year typed mid-field was ignored. This field is one
line of text read by domain/typed_dates.py when it is left: Tab leaves the date, any common
form is understood and shown back unambiguously ("12 Mar 1980"), and text that is no date is
marked at once with a one-line reason. The calendar button (or Alt+Down / F4 in the field)
picks a date with the mouse.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCalendarWidget,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QToolButton,
    QWidget,
    QWidgetAction,
)

from equitone.domain.typed_dates import EXAMPLE, read_typed_date
from equitone.errors import ValidationError
from equitone.ui import style


def shown(day: date) -> str:
    """How the field shows a date: day, month name, year (never 03/12 vs 12/03)."""
    return f"{day.day} {day:%b %Y}"


class _DateLine(QLineEdit):
    """The text part; Alt+Down and F4 open the calendar, as in a combo box."""

    pickRequested = Signal()  # noqa: N815

    def keyPressEvent(self, event: QKeyEvent) -> None:
        alt_down = (event.key() == Qt.Key.Key_Down
                    and event.modifiers() & Qt.KeyboardModifier.AltModifier)
        if alt_down or event.key() == Qt.Key.Key_F4:
            self.pickRequested.emit()
            event.accept()
            return
        super().keyPressEvent(event)


class DateField(QWidget):
    """Empty means "not known" unless the form requires a date (``optional=False``)."""

    edited = Signal(object)  # date | None, once the clinician leaves the field or picks a day

    def __init__(self, parent: QWidget | None = None, *, optional: bool = True,
                 placeholder: str = EXAMPLE) -> None:
        super().__init__(parent)
        self.optional = optional
        self._value: date | None = None
        self._minimum = date(1900, 1, 1)
        self._maximum: date | None = None
        self.line = _DateLine()
        self.line.setPlaceholderText(placeholder)
        self.line.setToolTip(f"Type the date as you would write it ({EXAMPLE})")
        self.pick = QToolButton()
        self.pick.setText("Calendar")
        self.pick.setToolTip("Choose the date on a calendar (Alt+Down in the field)")
        self.pick.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes from the date to the next field
        self.pick.setAccessibleName("Choose the date on a calendar")
        self.calendar = QCalendarWidget()
        self.calendar.setGridVisible(True)
        menu = QMenu(self.pick)
        holder = QWidgetAction(menu)
        holder.setDefaultWidget(self.calendar)
        menu.addAction(holder)
        self.menu = menu
        self.pick.setMenu(menu)
        self.pick.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(2)
        row.addWidget(self.line, 1)
        row.addWidget(self.pick)
        self.setFocusProxy(self.line)
        self.line.editingFinished.connect(self._typed)
        self.line.textEdited.connect(lambda _t: self._mark(None))
        self.line.pickRequested.connect(self.open_calendar)
        self.calendar.clicked.connect(self._picked)
        self.calendar.activated.connect(self._picked)
        menu.aboutToShow.connect(self._prepare_calendar)

    # ------------------------------------------------------------------ value
    def value(self) -> date | None:
        """The date shown (None: empty). Text not yet read is read now."""
        self._typed()
        return self._value

    def problem(self) -> str | None:
        """Why the text is not a usable date, or None when it is (or is empty and optional)."""
        text = self.line.text().strip()
        if not text:
            return None if self.optional else "Type a date."
        try:
            day = read_typed_date(text)
        except ValidationError as exc:
            return str(exc)
        if day < self._minimum:
            return f"{shown(day)} is before {shown(self._minimum)}."
        if self._maximum is not None and day > self._maximum:
            return f"{shown(day)} is after {shown(self._maximum)}."
        return None

    def set_value(self, day: date | None) -> None:
        self._value = day
        self.line.setText(shown(day) if day else "")
        self._mark(None)

    def set_range(self, minimum: date, maximum: date | None) -> None:
        self._minimum, self._maximum = minimum, maximum

    def open_calendar(self) -> None:
        self.pick.showMenu()

    # ---------------------------------------------------------------- private
    def _typed(self) -> None:
        problem = self.problem()
        self._mark(problem)
        if problem is not None:
            return
        text = self.line.text().strip()
        day = read_typed_date(text) if text else None
        if text and self.line.text() != shown(day):  # type: ignore[arg-type]
            self.line.setText(shown(day))  # type: ignore[arg-type]  # how it was understood
        if day != self._value:
            self._value = day
            self.edited.emit(day)

    def _mark(self, problem: str | None) -> None:
        self.line.setStyleSheet(style.highlight() if problem else "")
        self.line.setToolTip(problem or f"Type the date as you would write it ({EXAMPLE})")

    def _prepare_calendar(self) -> None:
        start = self._value or self._maximum or date.today()
        self.calendar.setMinimumDate(QDate(self._minimum))
        if self._maximum is not None:
            self.calendar.setMaximumDate(QDate(self._maximum))
        self.calendar.setSelectedDate(QDate(start))

    def _picked(self, day: QDate) -> None:
        self.menu.hide()
        picked: date = day.toPython()  # type: ignore[assignment]
        self.line.setText(shown(picked))
        self._typed()
        self.line.setFocus(Qt.FocusReason.PopupFocusReason)
