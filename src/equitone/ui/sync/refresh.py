"""The small interface through which the window refreshes a screen that another workstation's
change made stale: "are you in the middle of an edit?" and "show what is stored now"."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)


@runtime_checkable
class Refreshable(Protocol):
    def is_editing(self) -> bool:
        """True while the clinician is typing in it (a reload would throw the text away)."""
        ...

    def reload_from_store(self) -> None:
        """Re-read the shown records; keep the selection, the view and the mode."""
        ...




def typing_in(*containers: QWidget) -> bool:
    """True when the keyboard focus is in an editable text field inside one of `containers`
    (an item view's open editor counts), or an editable combo box's line edit."""
    focus = QApplication.focusWidget()
    if focus is None:
        return False
    if not any(c is focus or c.isAncestorOf(focus) for c in containers):
        return False
    if isinstance(focus, QLineEdit | QPlainTextEdit | QTextEdit):
        return not focus.isReadOnly()
    if isinstance(focus, QAbstractSpinBox):
        return not focus.isReadOnly()
    if isinstance(focus, QComboBox):
        return focus.isEditable()
    return False


def view_editing(view: QAbstractItemView) -> bool:
    return view.state() == QAbstractItemView.State.EditingState


def dialog_open() -> bool:
    """A modal dialog (a question, the patient editor) is open: refresh nothing behind it."""
    return QApplication.activeModalWidget() is not None
