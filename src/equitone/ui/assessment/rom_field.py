"""The tag editor's range of motion: a named length test (only the tests that measure this
muscle), its value in the test's unit, and the value read against the test's normal.

A value stored before tests were named shows as such ("no named test"); choosing a test
records the value against it. Emits ``edited((test id, value) | None)``."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSpinBox, QVBoxLayout, QWidget

from equitone.domain.length_tests import LengthTest, length_tests, length_tests_for
from equitone.ui import style

NO_TEST = "— no length test"
NOT_MEASURED = "— not measured"
_UNNAMED = "(recorded without a named test)"
_SUFFIX = {"degrees": "°", "mmHg": " mmHg", "mm": " mm"}


class RomField(QWidget):
    edited = Signal(object)  # (test id, value) | None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._loading = False
        self._stored: tuple[str | None, int] | None = None
        self.test = QComboBox()
        self.test.setObjectName("measure_rom_test")
        self.test.setToolTip("The named length test the range of motion is measured with")
        self.test.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.test.setMinimumContentsLength(14)
        self.value = QSpinBox()
        self.value.setObjectName("measure_rom")
        self.value.setKeyboardTracking(False)
        self.normal = QLabel()
        self.normal.setObjectName("romNormal")
        self.normal.setWordWrap(True)
        self.normal.setStyleSheet(style.text(size_px=11))
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.test, 1)
        row.addWidget(self.value)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addLayout(row)
        column.addWidget(self.normal)
        self.test.activated.connect(lambda _i: self._test_chosen())
        self.value.valueChanged.connect(self._value_changed)

    def show_value(self, muscle: str | None, test_id: str | None, value: int | None) -> None:
        self._loading = True
        try:
            self._stored = None if value is None else (test_id, value)
            self.test.clear()
            self.test.addItem(NO_TEST, None)
            for test in length_tests_for(muscle) if muscle else []:
                self.test.addItem(test.name, test.id)
                self.test.setItemData(self.test.count() - 1,
                                      f"{test.measured}. {test.sign}. Normal {test.normal_text}.",
                                      Qt.ItemDataRole.ToolTipRole)
            if value is not None and test_id is None:
                self.test.insertItem(1, _UNNAMED, "")
                self.test.setCurrentIndex(1)
            elif test_id is not None:
                index = self.test.findData(test_id)
                if index < 0:  # a test that does not measure this muscle (kept as stored)
                    self.test.addItem(length_tests()[test_id].name, test_id)
                    index = self.test.count() - 1
                self.test.setCurrentIndex(index)
            self._show_number(self._chosen(), value)
        finally:
            self._loading = False

    def _chosen(self) -> LengthTest | None:
        data = self.test.currentData()
        return length_tests().get(data) if data else None

    def _show_number(self, test: LengthTest | None, value: int | None) -> None:
        unnamed = self.test.currentData() == ""
        if test is None and not unnamed:
            self.value.setEnabled(False)
            self.value.setRange(0, 0)
            self.value.setSpecialValueText(" ")
            self.normal.setText("Choose the test first: a bare number means nothing."
                                if self.test.count() > 1 else "No named test for this muscle.")
            return
        self.value.setEnabled(not unnamed)
        low, high = (test.minimum, test.maximum) if test is not None else (0, 360)
        self.value.setSpecialValueText(NOT_MEASURED)
        self.value.setRange(low - 1, high)
        self.value.setSuffix(_SUFFIX[test.unit] if test is not None else "°")
        self.value.setValue(value if value is not None else low - 1)
        if test is None:
            self.normal.setText("Recorded before tests were named; choose the test to "
                                "record it again.")
        elif value is None:
            self.normal.setText(f"{test.sign}. Normal {test.normal_text}.")
        else:
            self.normal.setText(test.against_normal(value).split(" ", 1)[1].strip("()"))

    def current(self) -> tuple[str, int] | None:
        test = self._chosen()
        if test is None or not self.value.isEnabled() or self.value.value() < test.minimum:
            return None
        return (test.id, self.value.value())

    def _test_chosen(self) -> None:
        if self._loading:
            return
        test = self._chosen()
        keep = self._stored[1] if self._stored is not None else None
        if test is not None and keep is not None and not test.minimum <= keep <= test.maximum:
            keep = None
        self._loading = True
        try:
            self._show_number(test, keep)
        finally:
            self._loading = False
        if test is None:
            if self._stored is not None and self.test.currentData() is None:
                self.edited.emit(None)  # "no length test": the value goes
        elif keep is not None:
            self.edited.emit((test.id, keep))

    def _value_changed(self, _value: int) -> None:
        if self._loading:
            return
        self.edited.emit(self.current())
