"""The session timeline as a list model: one row per block of the engine's plan.

The model only *shows* the plan. Drops and in-place dose edits are turned into pure operations
(`operations.insert_block`, `operations.move_to_gap`, `operations.with_dose`) and handed to
the owner (`TimelineEditor`), which commits them as one undo command (→ `save_session` → the
engine) and pushes the result back with `set_plan`. `dropMimeData` can therefore be called
directly by tests with the same MIME data a real drag carries (napari's list model).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from PySide6.QtCore import (
    QAbstractListModel,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from equitone.domain.sequencing import Block, PlanWarning, RuleId, Swap, rule_title
from equitone.domain.types import Dose, Exercise, ExerciseKind, Muscle
from equitone.ui.designer import mime, text
from equitone.ui.designer.operations import Blocks, insert_block, move_to_gap, with_dose

Index = QModelIndex | QPersistentModelIndex

CARD_ROLE = Qt.ItemDataRole.UserRole + 1
BLOCK_ID_ROLE = Qt.ItemDataRole.UserRole + 2
DOSE_ROLE = Qt.ItemDataRole.UserRole + 3


@dataclass(frozen=True, slots=True)
class Card:
    """What the delegate paints, worked out once per engine run (not per paint)."""

    block: Block
    position: int
    name: str
    kind: ExerciseKind | None
    muscles: str
    side: str
    dose: str
    cues: str
    badge: str
    warnings: tuple[str, ...]
    swapped_from: str = ""
    """The engine's own technique, when the clinician swapped this automatic block's."""
    exercise: Exercise | None = None

    @property
    def relaxes(self) -> bool:
        return self.kind is not None and self.kind.relaxes

    @property
    def badge_short(self) -> str:
        """The badge where the whole one does not fit beside the name."""
        return "Auto" if self.block.auto else text.WITHIN_REP_SHORT

    @property
    def kind_label(self) -> str:
        return text.KIND_LABELS[self.kind] if self.kind is not None else "Not in the library"

    @property
    def tooltip(self) -> str:
        block = self.block
        parts = [f"{self.name} ({self.kind_label.lower()})", f"{self.muscles} · {self.side}"]
        parts.append(f"Dose: {self.dose}")
        if block.auto and block.rule is not None:
            moved = " — placed by you" if block.pinned else ""
            parts.append(f"Added automatically ({rule_title(block.rule)}){moved}:")
            parts.append(block.reason)
        parts.extend(cue.text for cue in block.cues)  # the within-rep mark with its reason
        if block.note:
            parts.append(f"Note: {block.note}")
        if self.swapped_from:
            parts.append(f"Swapped by you (the engine chose {self.swapped_from})")
        parts.extend(f"⚠ {w}" for w in self.warnings)
        return "\n".join(parts)


class TimelineEditor(Protocol):
    """The model's owner: turns a payload into a block and stores new contents."""

    def block_for_payload(self, payload: mime.ExercisePayload) -> Block | None: ...

    def commit_blocks(self, blocks: Blocks, label: str, focus: str | None) -> None: ...


class TimelineModel(QAbstractListModel):
    def __init__(self) -> None:
        super().__init__()
        self._cards: list[Card] = []
        self._blocks: Blocks = ()
        self._session_id: int | None = None
        self._read_only = True
        self._exercises: Mapping[str, Exercise] = {}
        self._muscles: Mapping[str, Muscle] = {}
        self.editor: TimelineEditor | None = None

    # -- contents ---------------------------------------------------------------------
    def set_catalog(self, exercises: Mapping[str, Exercise], muscles: Mapping[str, Muscle]) -> None:
        self._exercises, self._muscles = exercises, muscles

    def set_plan(
        self,
        session_id: int | None,
        blocks: Sequence[Block],
        warnings: Sequence[PlanWarning] = (),
        *,
        read_only: bool = False,
        swaps: Sequence[Swap] = (),
    ) -> None:
        by_block: dict[str, list[str]] = {}
        for warning in warnings:
            if warning.block_id is not None:
                by_block.setdefault(warning.block_id, []).append(warning.message)
        instead = {s.block_id: s.instead_of or "" for s in swaps}
        self.beginResetModel()
        self._session_id, self._read_only = session_id, read_only
        self._blocks = tuple(blocks)
        self._cards = [self._card(n, b, by_block.get(b.id, ()), instead.get(b.id))
                       for n, b in enumerate(blocks)]
        self.endResetModel()

    def _card(
        self, n: int, block: Block, warnings: Sequence[str], swapped_from: str | None = None
    ) -> Card:
        exercise = self._exercises.get(block.exercise)
        badge = ""
        if block.auto and block.rule is not None:
            badge = text.badge_text(block.rule.value, block.pinned)
        elif block.relaxed_within_rep:
            badge = text.WITHIN_REP_BADGE
        return Card(
            block=block,
            position=n + 1,
            name=exercise.name if exercise else block.exercise,
            kind=exercise.kind if exercise else None,
            muscles=text.muscles_text(block.muscles, self._muscles) or "whole body",
            side=text.side_text(block.side),
            dose=text.dose_text(block.dose),
            cues="  ·  ".join(
                c.text for c in block.cues if c.rule is not RuleId.RELAXED_WITHIN_REP
            ),
            badge=badge,
            warnings=tuple(warnings),
            swapped_from=self._name(swapped_from) if swapped_from is not None else "",
            exercise=exercise,
        )

    def _name(self, slug: str) -> str:
        exercise = self._exercises.get(slug)
        return exercise.name if exercise is not None else slug or "nothing"

    @property
    def blocks(self) -> Blocks:
        return self._blocks

    @property
    def session_id(self) -> int | None:
        return self._session_id

    @property
    def read_only(self) -> bool:
        return self._read_only

    def row_of(self, block_id: str) -> int:
        for n, block in enumerate(self._blocks):
            if block.id == block_id:
                return n
        return -1

    def card(self, row: int) -> Card:
        return self._cards[row]

    # -- QAbstractItemModel -----------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._cards)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._cards):
            return None
        card = self._cards[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{card.position}. {card.name}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return card.tooltip
        if role == Qt.ItemDataRole.AccessibleTextRole:
            badge = f", {card.badge}" if card.badge else ""
            warned = f", {len(card.warnings)} warning(s)" if card.warnings else ""
            return f"{card.position}. {card.name}, {card.muscles}, {card.dose}{badge}{warned}"
        if role == CARD_ROLE:
            return card
        if role == BLOCK_ID_ROLE:
            return card.block.id
        if role == DOSE_ROLE:
            return card.block.dose
        return None

    def setData(self, index: Index, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """The in-place dose editor stores a `Dose` here; it becomes one undoable edit."""
        if (
            role not in (Qt.ItemDataRole.EditRole, DOSE_ROLE)
            or not isinstance(value, Dose)
            or not index.isValid()
            or self._read_only
            or self.editor is None
        ):
            return False
        card = self._cards[index.row()]
        blocks = with_dose(self._blocks, card.block.id, value)
        if blocks is None:
            return False
        self.editor.commit_blocks(blocks, f"Edit the dose of {card.name}", card.block.id)
        return True

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if self._read_only:
            return base
        if not index.isValid():
            return base | Qt.ItemFlag.ItemIsDropEnabled
        # cards are dragged, never dropped *on*: drops land between cards
        flags = base | Qt.ItemFlag.ItemIsDragEnabled | Qt.ItemFlag.ItemIsEditable
        return flags & ~Qt.ItemFlag.ItemIsDropEnabled

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction | Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return mime.mime_types()

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        rows = sorted({i.row() for i in indexes if i.isValid()})
        if not rows or self._session_id is None:
            return QMimeData()
        card = self._cards[rows[0]]
        payload = mime.BlockPayload(self._session_id, card.block.id)
        return mime.encode_block(payload, text=card.name)

    def canDropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        if self._read_only or self._session_id is None or action == Qt.DropAction.IgnoreAction:
            return False
        block = mime.decode_block(data)
        if block is not None:
            return block.session == self._session_id and self.row_of(block.id) >= 0
        return mime.decode_exercise(data) is not None

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        """A card moved to, or a library exercise inserted at, the gap before `row`
        (-1: on `parent`'s card, i.e. before it, or at the end when there is none)."""
        if not self.canDropMimeData(data, action, row, column, parent) or self.editor is None:
            return False
        if row < 0:
            row = parent.row() if parent.isValid() else len(self._blocks)
        moved = mime.decode_block(data)
        if moved is not None:
            blocks = move_to_gap(self._blocks, moved.id, row)
            if blocks is None:
                return False
            block = self._blocks[self.row_of(moved.id)]
            name = text.describe(block, self._exercises, self._muscles)
            self.editor.commit_blocks(blocks, f"Move {name}", moved.id)
            return True
        payload = mime.decode_exercise(data)
        if payload is None:  # pragma: no cover - canDropMimeData checked it
            return False
        new = self.editor.block_for_payload(payload)
        if new is None:
            return False
        name = text.describe(new, self._exercises, self._muscles)
        self.editor.commit_blocks(insert_block(self._blocks, new, row), f"Add {name}", new.id)
        return True
