"""The designer's colours, in one place so the library and the timeline speak alike.

Kinds use the Okabe–Ito palette (safe for colour-blind readers); the colour is always backed
by a word (the kind on the card's second line, the tooltip), never the only cue.
"""

from __future__ import annotations

from PySide6.QtGui import QColor

from equitone.domain.types import ExerciseKind
from equitone.ui import style

KIND_COLOURS: dict[ExerciseKind, QColor] = {
    ExerciseKind.ACTIVATION: QColor("#0072B2"),
    ExerciseKind.EXPLOSIVE: QColor("#D55E00"),
    ExerciseKind.POSTURAL: QColor("#CC79A7"),
    ExerciseKind.RELAXATION: QColor("#009E73"),
    ExerciseKind.STRETCH: QColor("#2F9FD8"),
    ExerciseKind.WARM_DOWN: QColor("#E69F00"),
}
UNKNOWN = QColor("#999999")

TEXT = QColor(style.TEXT)
MUTED = QColor(style.MUTED)
CARD_FILL = QColor("#FFFFFF")
RELAX_FILL = QColor("#E9F6F0")
WARM_DOWN_FILL = QColor("#FDF4E3")
CARD_BORDER = QColor("#C4CAD3")
WARN = QColor(style.ERROR)
WARN_FILL = QColor(style.NOTES["alert"][0])
BADGE_FILL = QColor("#FFF1D6")
BADGE_TEXT = QColor("#7A4B00")
NUMBER_FILL = QColor("#EEF1F5")
DROP_LINE = QColor(style.FOCUS)


def kind_colour(kind: ExerciseKind | None) -> QColor:
    return KIND_COLOURS.get(kind, UNKNOWN) if kind is not None else UNKNOWN
