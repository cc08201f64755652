"""The SOAP notes editor: four plain-text sections, quick phrases typed as `;key`, autosaved.

A quick phrase expands when the key is followed by a space, Tab or Enter (domain/phrases.py);
Ctrl+Space lists the phrases to pick one. Saving never waits on the database (autosave.py).
When a save merged in text typed on another workstation, the editor shows the merged text —
unless the clinician typed on since, in which case the next save merges again.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QTextCursor
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QMenu,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from equitone.domain.phrases import expand_before
from equitone.domain.visit_record import SOAP_FIELDS, SOAP_LABELS, VisitNotes
from equitone.ui import style

_HINTS = {
    "subjective": "What the patient reports: pain, function, how the last session went",
    "objective": "What you found and did: tests, measures, treatment",
    "assessment": "Your reading of it: progress, what is limiting",
    "plan": "What comes next: program changes, next visit",
}
_EXPANDING_KEYS = (Qt.Key.Key_Space, Qt.Key.Key_Tab, Qt.Key.Key_Return, Qt.Key.Key_Enter)


class PhraseTextEdit(QPlainTextEdit):
    """Plain text with quick phrases: `;gm` then space becomes the saved phrase."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"note_{name}")
        self.phrases: Mapping[str, str] = {}
        self.setTabChangesFocus(True)
        self.setPlaceholderText(_HINTS.get(name, ""))
        self.setMinimumHeight(self.fontMetrics().height() * 4)

    def expand_phrase(self) -> bool:
        """Expand the `;key` just before the cursor; True when one was expanded."""
        cursor = self.textCursor()
        block = cursor.block()
        text, at = block.text(), cursor.positionInBlock()
        expanded = expand_before(text, at, self.phrases)
        if expanded is None:
            return False
        new_text, new_at = expanded
        start = text.rfind(";", 0, at)
        cursor.setPosition(block.position() + start)
        cursor.setPosition(block.position() + at, QTextCursor.MoveMode.KeepAnchor)
        cursor.insertText(new_text[start:new_at])
        self.setTextCursor(cursor)
        return True

    def keyPressEvent(self, event: QKeyEvent) -> None:
        control = event.modifiers() & Qt.KeyboardModifier.ControlModifier
        if event.key() == Qt.Key.Key_Space and control:
            self.pick_phrase()
            return
        expanded = event.key() in _EXPANDING_KEYS and bool(self.phrases) and self.expand_phrase()
        if expanded and event.key() == Qt.Key.Key_Tab:
            return  # Tab completes the phrase and stays
        super().keyPressEvent(event)

    def pick_phrase(self) -> None:
        if not self.phrases:
            return
        menu = QMenu(self)
        for key, phrase in self.phrases.items():
            shown = phrase if len(phrase) <= 60 else phrase[:59] + "…"
            action = menu.addAction(f";{key}  {shown}")
            action.triggered.connect(lambda _on=False, p=phrase: self.insertPlainText(p))
        menu.popup(self.mapToGlobal(self.cursorRect().bottomRight()))


class NotesEditor(QWidget):
    """Four sections; `edited(VisitNotes)` on every change made by the clinician."""

    edited = Signal(object)  # VisitNotes

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sections = {name: PhraseTextEdit(name) for name in SOAP_FIELDS}
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        for name, edit in self.sections.items():
            label = QLabel(f"&{SOAP_LABELS[name]}")
            label.setBuddy(edit)
            form.addRow(label, edit)
            edit.textChanged.connect(self._changed)
        self.banner = QLabel()
        self.banner.setObjectName("notesBanner")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(style.text())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.banner)
        layout.addLayout(form)
        self._loading = False

    def set_phrases(self, phrases: Mapping[str, str]) -> None:
        for edit in self.sections.values():
            edit.phrases = phrases

    def notes(self) -> VisitNotes:
        return VisitNotes(**{n: e.toPlainText() for n, e in self.sections.items()})

    def show_notes(self, notes: VisitNotes, *, read_only: bool, banner: str = "") -> None:
        """Show `notes` without reporting them as an edit (the cursor stays where it was)."""
        self._loading = True
        try:
            for name, edit in self.sections.items():
                text = notes.section(name)
                if edit.toPlainText() != text:
                    at = edit.textCursor().position()
                    edit.setPlainText(text)
                    cursor = edit.textCursor()
                    cursor.setPosition(min(at, len(text)))
                    edit.setTextCursor(cursor)
                edit.setReadOnly(read_only)
        finally:
            self._loading = False
        self.banner.setText(banner)
        self.banner.setVisible(bool(banner))

    def _changed(self) -> None:
        if not self._loading:
            self.edited.emit(self.notes())
