"""The mouse wheel scrolls; it never changes a value the clinician did not click into.

Qt's spin boxes, combo boxes and sliders step their value on the wheel even without the focus,
and take the focus from it (``Qt.WheelFocus``): scrolling the Tag panel over a grade changed
the grade and saved it. One application-wide filter, so every such field in every panel and
dialog (also the ones built later) behaves alike: unfocused, the wheel event is handed on to
the parent (the scroll area scrolls); once clicked into or tabbed to, the wheel steps the value
as usual.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject
from PySide6.QtWidgets import QAbstractSlider, QAbstractSpinBox, QComboBox, QScrollBar, QWidget

# Looked up once: the filter sees every event of the application, so it stays cheap. Qt's own
# namespace (Qt.FocusPolicy) is read only when a value field is first polished, not at import:
# building that namespace costs PySide6 ~14 ms, which the window's first paint must not pay.
_WHEEL = QEvent.Type.Wheel
_POLISH = QEvent.Type.Polish
_VALUE_FIELDS = (QAbstractSpinBox, QComboBox, QAbstractSlider)

_GUARD_NAME = "equitoneWheelGuard"


def _guarded(watched: QObject) -> bool:
    """A field that holds a value (a scroll bar only scrolls, so it keeps the wheel)."""
    return isinstance(watched, _VALUE_FIELDS) and not isinstance(watched, QScrollBar)


class WheelGuard(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == _WHEEL:
            if _guarded(watched) and not watched.hasFocus():  # type: ignore[attr-defined]
                event.ignore()  # not taken: Qt offers it to the parent, which scrolls
                return True
        elif kind == _POLISH and _guarded(watched):
            assert isinstance(watched, QWidget)
            _no_wheel_focus(watched)
        return False


def _no_wheel_focus(field: QWidget) -> None:
    """A wheel turn over the field no longer gives it the focus (a click or Tab still does)."""
    from PySide6.QtCore import Qt

    if field.focusPolicy() == Qt.FocusPolicy.WheelFocus:
        field.setFocusPolicy(Qt.FocusPolicy.StrongFocus)


def install_wheel_guard() -> None:
    """Install the guard on the running application (once; later calls do nothing)."""
    app = QCoreApplication.instance()
    if app is None or app.findChild(WheelGuard, _GUARD_NAME) is not None:
        return
    guard = WheelGuard(app)
    guard.setObjectName(_GUARD_NAME)
    app.installEventFilter(guard)
    from PySide6.QtWidgets import QApplication

    for widget in QApplication.allWidgets():  # fields polished before the guard came
        if _guarded(widget):
            _no_wheel_focus(widget)
