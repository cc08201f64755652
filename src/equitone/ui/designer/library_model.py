"""The exercise library and the patient's suggestions as item models that drag exercises.

Both models hand out `application/x-equitone-exercise` payloads (see `mime`). A library row
is the exercise alone; `LibraryModel.muscle` and `.side` say which muscle a modality is for
(the muscle filter, when one is chosen) and which side new blocks work. A suggestion row
carries its own muscle and side, from the assessment.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from PySide6.QtCore import (
    QAbstractListModel,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from equitone.domain import wording
from equitone.domain.suggestions import Suggestion
from equitone.domain.types import Exercise, ExerciseKind, Muscle, Performer
from equitone.ui.designer import mime

Index = QModelIndex | QPersistentModelIndex

EXERCISE_ROLE = Qt.ItemDataRole.UserRole + 1
SUBTITLE_ROLE = Qt.ItemDataRole.UserRole + 2
KIND_ROLE = Qt.ItemDataRole.UserRole + 3
PAYLOAD_ROLE = Qt.ItemDataRole.UserRole + 4

NO_EQUIPMENT = "(none)"


@dataclass(frozen=True, slots=True)
class LibraryRow:
    exercise: Exercise
    subtitle: str
    haystack: str  # what the search box matches, case-folded once


def _tooltip(exercise: Exercise, muscles: str) -> str:
    parts = [
        f"{exercise.name} — {wording.KIND_LABELS[exercise.kind].lower()}",
        f"Works: {muscles}",
        f"Default dose: {wording.dose_text(exercise.dose)}",
        f"Performed by: {exercise.performer.value}",
    ]
    if exercise.sustained:
        parts.append("Keeps the muscle on for the whole exercise (a relaxation follows it).")
    if exercise.muscle_parameter:
        parts.append("Applied to one muscle: pick it with the muscle filter, or when adding.")
    if exercise.equipment:
        parts.append(f"Equipment: {', '.join(exercise.equipment)}")
    if exercise.instruction:
        parts.append(exercise.instruction)
    return "\n".join(parts)


class _DragListModel(QAbstractListModel):
    """Shared plumbing: read-only rows that drag out as exercise payloads (copy only)."""

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        return base | Qt.ItemFlag.ItemIsDragEnabled if index.isValid() else base

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction

    def mimeTypes(self) -> list[str]:
        return [mime.EXERCISE_MIME]

    def payload(self, row: int) -> mime.ExercisePayload | None:
        raise NotImplementedError

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        rows = sorted({i.row() for i in indexes if i.isValid()})
        payload = self.payload(rows[0]) if rows else None
        if payload is None:
            return QMimeData()
        return mime.encode_exercise(payload, text=str(self.index(rows[0]).data()))


class LibraryModel(_DragListModel):
    def __init__(self) -> None:
        super().__init__()
        self._rows: list[LibraryRow] = []
        self._tooltips: dict[str, str] = {}
        self.muscle: str | None = None
        self.side = "both"

    def set_catalog(
        self, exercises: Iterable[Exercise], muscles: Mapping[str, Muscle]
    ) -> None:
        rows = []
        for exercise in sorted(exercises, key=lambda e: e.name.casefold()):
            names = wording.muscles_text(exercise.muscles, muscles)
            label = wording.KIND_LABELS[exercise.kind]
            subtitle = f"{label} · {names}"
            haystack = " ".join(
                (exercise.name, exercise.slug, names, label, *exercise.tags, *exercise.equipment)
            ).casefold()
            rows.append(LibraryRow(exercise, subtitle, haystack))
        self.beginResetModel()
        self._rows = rows
        self._tooltips = {r.exercise.slug: _tooltip(r.exercise, r.subtitle) for r in rows}
        self.endResetModel()

    def row(self, n: int) -> LibraryRow:
        return self._rows[n]

    def row_of(self, slug: str) -> int:
        return next((n for n, r in enumerate(self._rows) if r.exercise.slug == slug), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return row.exercise.name
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltips[row.exercise.slug]
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{row.exercise.name}, {row.subtitle}"
        if role == SUBTITLE_ROLE:
            return row.subtitle
        if role == EXERCISE_ROLE:
            return row.exercise
        if role == KIND_ROLE:  # the value: Qt hands a str subclass back as a plain str
            return row.exercise.kind.value
        if role == PAYLOAD_ROLE:
            return self.payload(index.row())
        return None

    def payload(self, row: int) -> mime.ExercisePayload | None:
        if not 0 <= row < len(self._rows):
            return None
        exercise = self._rows[row].exercise
        muscle = self.muscle
        if not exercise.muscle_parameter or muscle not in exercise.muscles:
            muscle = None
        return mime.ExercisePayload(exercise.slug, muscle, self.side)


class LibraryFilter(QSortFilterProxyModel):
    """Instant search (every word must match) and the four filters, all optional."""

    def __init__(self) -> None:
        super().__init__()
        self._words: tuple[str, ...] = ()
        self.muscle: str | None = None
        self.kind: ExerciseKind | None = None
        self.equipment: str | None = None  # NO_EQUIPMENT: only exercises needing none
        self.performer: Performer | None = None

    def _change(self, apply: Callable[[], None]) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt >= 6.10 deprecates invalidateFilter()
            self.beginFilterChange()
            apply()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:  # pragma: no cover - Qt < 6.10 (PySide6 6.8/6.9 on Python 3.11)
            apply()
            self.invalidateFilter()

    def set_search(self, query: str) -> None:
        words = tuple(query.casefold().split())

        def apply() -> None:
            self._words = words

        self._change(apply)

    def set_filters(
        self,
        *,
        muscle: str | None,
        kind: ExerciseKind | None,
        equipment: str | None,
        performer: Performer | None,
    ) -> None:
        def apply() -> None:
            self.muscle, self.kind = muscle, kind
            self.equipment, self.performer = equipment, performer

        self._change(apply)

    def accepts(self, row: LibraryRow) -> bool:
        exercise = row.exercise
        if self.muscle is not None and self.muscle not in exercise.muscles:
            return False
        if self.kind is not None and exercise.kind is not self.kind:
            return False
        if self.equipment == NO_EQUIPMENT:
            if exercise.equipment:
                return False
        elif self.equipment is not None and self.equipment not in exercise.equipment:
            return False
        if self.performer is not None and exercise.performer not in (
            self.performer,
            Performer.EITHER,
        ):
            return False
        return all(word in row.haystack for word in self._words)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        if not isinstance(model, LibraryModel) or source_parent.isValid():
            return False
        return self.accepts(model.row(source_row))


class SuggestionModel(_DragListModel):
    """"Suggested for this patient": releases first, then activations (see `suggestions`)."""

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[tuple[Suggestion, Exercise]] = []

    def set_suggestions(
        self, suggestions: Iterable[Suggestion], exercises: Mapping[str, Exercise]
    ) -> None:
        self.beginResetModel()
        self._rows = [(s, exercises[s.slug]) for s in suggestions if s.slug in exercises]
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        suggestion, exercise = self._rows[index.row()]
        side = wording.side_text(suggestion.side)
        if role == Qt.ItemDataRole.DisplayRole:
            return exercise.name
        if role == SUBTITLE_ROLE:
            return f"{suggestion.why} · {side}"
        if role == Qt.ItemDataRole.ToolTipRole:
            how = "Drag it into the session, or press Enter."
            return f"{suggestion.why}, {side}: {exercise.name}.\n{how}"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"Suggested: {exercise.name}, {suggestion.why}, {side}"
        if role == EXERCISE_ROLE:
            return exercise
        if role == KIND_ROLE:
            return exercise.kind.value
        if role == PAYLOAD_ROLE:
            return self.payload(index.row())
        return None

    def payload(self, row: int) -> mime.ExercisePayload | None:
        if not 0 <= row < len(self._rows):
            return None
        suggestion, _exercise = self._rows[row]
        return mime.ExercisePayload(suggestion.slug, suggestion.muscle, suggestion.side.value)
