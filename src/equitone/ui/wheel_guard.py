"""The mouse wheel scrolls; it never changes a value the clinician did not click into.

Qt's spin boxes, combo boxes and sliders step their value on the wheel even without the focus,
and take the focus from it (``Qt.WheelFocus``): scrolling the Tag panel over a grade changed
the grade and saved it. One application-wide filter, so every such field in every panel and
dialog (also the ones built later) behaves alike: unfocused, the wheel event is handed on to
the parent (the scroll area scrolls); once clicked into or tabbed to, the wheel steps the value
as usual.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractSlider, QAbstractSpinBox, QComboBox, QScrollBar, QWidget

_GUARD_NAME = "equitoneWheelGuard"


def _guarded(watched: QObject) -> bool:
    """A field that holds a value (a scroll bar only scrolls, so it keeps the wheel)."""
    if isinstance(watched, QScrollBar):
        return False
    return isinstance(watched, QAbstractSpinBox | QComboBox | QAbstractSlider)


class WheelGuard(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Wheel:
            if _guarded(watched) and not watched.hasFocus():  # type: ignore[attr-defined]
                event.ignore()  # not taken: Qt offers it to the parent, which scrolls
                return True
        elif kind == QEvent.Type.Polish and _guarded(watched):
            assert isinstance(watched, QWidget)
            if watched.focusPolicy() == Qt.FocusPolicy.WheelFocus:
                watched.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        return False


def install_wheel_guard() -> None:
    """Install the guard on the running application (once; later calls do nothing)."""
    app = QCoreApplication.instance()
    if app is None or app.findChild(WheelGuard, _GUARD_NAME) is not None:
        return
    guard = WheelGuard(app)
    guard.setObjectName(_GUARD_NAME)
    app.installEventFilter(guard)
