"""Entering the patient's response per block during an in-clinic session, from the keyboard.

One row per block: outcome, pain during it, effort (RPE) and a short note. Type in a cell and
press Enter (or Tab to the next cell): `d`, `m` or `s` for done, modified, skipped; a number
0-10 for pain and RPE. Each row is saved when a cell of it is committed; a value out of range
is refused with one line and the row keeps what was stored.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableWidgetItem

from equitone.domain.catalog import Catalog
from equitone.domain.sequencing import Block
from equitone.domain.visit_record import BlockResponse, Outcome
from equitone.errors import EquitoneError
from equitone.ui.record.table import RecordTable

COLUMNS = ("#", "Exercise", "Outcome (d/m/s)", "Pain 0–10", "RPE 0–10", "Note")
OUTCOME, PAIN, RPE, NOTE = 2, 3, 4, 5
_OUTCOMES = {o.value[0]: o for o in Outcome}

Save = Callable[[BlockResponse], BlockResponse]


def parse_outcome(text: str) -> Outcome:
    key = text.strip().lower()[:1]
    if key not in _OUTCOMES:
        raise ValueError("Type d (done), m (modified) or s (skipped).")
    return _OUTCOMES[key]


def parse_score(text: str, what: str) -> int | None:
    text = text.strip()
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        raise ValueError(f"The {what} is a whole number from 0 to 10.") from None


class ResponseTable(RecordTable):
    """`problem(str)` when an entry is refused; `saved(BlockResponse)` when one is stored."""

    def __init__(self) -> None:
        super().__init__("responseTable", COLUMNS)
        self.save: Save | None = None
        self._ids: list[str] = []
        self._stored: dict[str, BlockResponse] = {}
        self.itemChanged.connect(self._item_changed)

    def show_blocks(self, blocks: Sequence[Block], catalog: Catalog,
                    answers: Mapping[str, BlockResponse], *, read_only: bool = False) -> None:
        self._filling = True
        try:
            self.setRowCount(0)
            self.setRowCount(len(blocks))
            self._ids = [b.id for b in blocks]
            self._stored = dict(answers)
            for row, block in enumerate(blocks):
                exercise = catalog.exercises.get(block.exercise)
                fixed = [str(row + 1), exercise.name if exercise else block.exercise]
                for column, text in enumerate(fixed):
                    item = QTableWidgetItem(text)
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                    self.setItem(row, column, item)
                self._show_row(row, answers.get(block.id), read_only=read_only)
        finally:
            self._filling = False

    def _show_row(self, row: int, answer: BlockResponse | None, *, read_only: bool) -> None:
        values = ("", "", "", "") if answer is None else (
            answer.outcome.value, "" if answer.pain is None else str(answer.pain),
            "" if answer.rpe is None else str(answer.rpe), answer.note)
        for column, text in zip((OUTCOME, PAIN, RPE, NOTE), values, strict=True):
            item = self.item(row, column)
            if item is None:  # a new row; an existing item is updated in place (it may be
                item = QTableWidgetItem()  # the one whose editor is committing right now)
                self.setItem(row, column, item)
            item.setText(text)
            editable = item.flags() | Qt.ItemFlag.ItemIsEditable
            item.setFlags(editable & ~Qt.ItemFlag.ItemIsEditable if read_only else editable)

    def response_of(self, row: int) -> BlockResponse:
        """The row as typed (raises ValueError with a one-line reason)."""
        def text(column: int) -> str:
            item = self.item(row, column)
            return item.text() if item is not None else ""

        typed = text(OUTCOME)
        outcome = parse_outcome(typed) if typed.strip() else Outcome.DONE
        return BlockResponse(self._ids[row], outcome, parse_score(text(PAIN), "pain"),
                             parse_score(text(RPE), "effort (RPE)"), text(NOTE))

    def _item_changed(self, item: QTableWidgetItem) -> None:
        if self._filling or self.save is None or item.column() < OUTCOME:
            return
        row = item.row()
        block_id = self._ids[row]
        try:
            stored = self.save(self.response_of(row))
        except (ValueError, EquitoneError) as exc:
            self.problem.emit(str(exc))
            stored = self._stored.get(block_id)  # type: ignore[assignment]
            self._filling = True
            try:
                self._show_row(row, stored, read_only=False)
            finally:
                self._filling = False
            return
        self._stored[block_id] = stored
        self._filling = True
        try:
            self._show_row(row, stored, read_only=False)
        finally:
            self._filling = False
        self.saved.emit(stored)
