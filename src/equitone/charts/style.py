"""How trend charts look: muscle colours, left/right line styles, state colours, legends.

Muscles get Paul Tol's *muted* qualitative palette (colour-blind safe, and distinct from the
Okabe–Ito colours the tone states already use, so a curve is never mistaken for a state).
Left and right of one muscle share its colour and differ by line style (solid / dashed) and
symbol fill (filled / hollow), so a side is never told by colour alone. State colours and
hatches come from the body map palette: the same state looks the same everywhere.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from html import escape

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap

from equitone.bodymap.palette import STATE_STYLES
from equitone.domain.trends import SeriesKey
from equitone.domain.types import Side, ToneState

# Tol muted, darker colours first (they read best as thin lines on white).
MUSCLE_COLOURS: tuple[str, ...] = (
    "#332288", "#117733", "#882255", "#44AA99", "#999933",
    "#CC6677", "#AA4499", "#88CCEE", "#DDCC77",
)
# Past nine muscles the colours repeat, so the symbol changes with each lap of the palette.
MUSCLE_SYMBOLS: tuple[str, ...] = ("o", "s", "t1", "d", "h", "p", "t", "x")  # not the flag's

STATE_ORDER: tuple[ToneState, ...] = tuple(ToneState)  # the legends' order
UNTAGGED_COLOUR = "#D9D9D9"  # scored but not tagged: a quiet grey segment on the band
SESSION_COLOUR = "#666666"
PROGRAM_COLOUR = "#1A1A1A"
FLAG_COLOUR = "#000000"
ROM_SIDE_COLOURS = {Side.LEFT: "#1F6F78", Side.RIGHT: "#C0562B"}  # range of motion, per side
ROM_NORMAL_COLOUR = "#2E9D5B"  # the test's normal range, a dashed line
# The "activated, then tighter" flag: one symbol on screen and on paper — a star (the
# screen's session markers are downward triangles, so the flag must not be one). The printed
# chart draws the same star; the labels and the report's notes start with the glyph.
FLAG_GLYPH = "★"
FLAG_SYMBOL = "star"
PSFS_COLOUR = "#444444"
PSFS_BAND_COLOUR = (0, 158, 115, 45)  # Okabe–Ito bluish green, translucent: "no real change"
AXIS_COLOUR = "#333333"
# Horizontal grid only: pyqtgraph draws a date axis's vertical grid for every tick level
# (years, months, weeks…), which tripled the cost of a pan frame (bench_trends.py); the
# session lines and month labels already anchor the eye in time.
GRID_ALPHA = 0.15


@dataclass(frozen=True, slots=True)
class SeriesLook:
    colour: str
    symbol: str
    dashed: bool  # right side
    hollow: bool  # right side: white-filled symbol

    @property
    def pen_style(self) -> Qt.PenStyle:
        return Qt.PenStyle.DashLine if self.dashed else Qt.PenStyle.SolidLine

    @property
    def symbol_brush(self) -> str:
        return "#FFFFFF" if self.hollow else self.colour


def muscle_look_index(muscles: list[str]) -> dict[str, int]:
    """Stable colour slot per muscle: by order in the data, not the selection, so toggling a
    series never repaints the others in new colours."""
    return {m: i for i, m in enumerate(muscles)}


def series_look(key: SeriesKey, slot: int) -> SeriesLook:
    colour = MUSCLE_COLOURS[slot % len(MUSCLE_COLOURS)]
    symbol = MUSCLE_SYMBOLS[(slot // len(MUSCLE_COLOURS)) % len(MUSCLE_SYMBOLS)]
    right = key[1] is Side.RIGHT
    return SeriesLook(colour, symbol, dashed=right, hollow=right)


def state_label(state: ToneState | None) -> str:
    return "not tagged" if state is None else STATE_STYLES[state].label.lower()


@cache
def line_icon(look: SeriesLook, width: int = 34, height: int = 14) -> QIcon:
    """A legend sample for the selection list: the curve's line style and symbol (cached: a
    patient switch would otherwise paint a hundred of them again)."""
    pixmap = QPixmap(width, height)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = QPen(QColor(look.colour), 2.0, look.pen_style)
    painter.setPen(pen)
    painter.drawLine(QPointF(1, height / 2), QPointF(width - 1, height / 2))
    painter.setPen(QPen(QColor(look.colour), 1.5))
    painter.setBrush(QColor(look.symbol_brush))
    painter.drawEllipse(QPointF(width / 2, height / 2), 3.5, 3.5)
    painter.end()
    return QIcon(pixmap)


def _swatch(colour: str, text: str) -> str:
    return f'<span style="color:{colour}">{text}</span>'


def legend_html(entries: list[tuple[str, str]], max_px: float = 900.0,
                measure: Callable[[str], float] | None = None) -> str:
    """Muscle legend for the scene (kept in exports): colour per muscle + the side key.

    `entries` are (colour, display name). Lines are filled up to `max_px` (text measured
    with `measure`, else ~7 px a character) and broken by hand: LabelItem does not wrap, and
    a legend above the plot never covers a curve.
    """
    width = measure or (lambda text: 7.0 * len(text))
    key = (
        f'{_swatch(AXIS_COLOUR, "━━━")} left&nbsp;&nbsp;'
        f'{_swatch(AXIS_COLOUR, "╍╍╍")} right&nbsp;&nbsp;&nbsp;&nbsp;'
    )
    lines: list[list[str]] = [[]]
    used = width("━━━ left  ╍╍╍ right    ")
    gap = width("   ")
    for colour, name in entries:
        need = width(f"■ {name}") + gap
        if lines[-1] and used + need > max_px:
            lines.append([])
            used = 0.0
        lines[-1].append(f'{_swatch(colour, "■")}&nbsp;{escape(name)}')
        used += need
    text = ["&nbsp;&nbsp;&nbsp;".join(line) for line in lines]
    text[0] = key + text[0]
    return "<br>".join(text)


def state_legend_html() -> str:
    """The tone-state key under the band: colour + glyph, as on the body map."""
    parts = [
        f'{_swatch(STATE_STYLES[s].colour.name(), "■")}&nbsp;{STATE_STYLES[s].label}'
        for s in STATE_ORDER
    ]
    parts.append(f'{_swatch(UNTAGGED_COLOUR, "■")}&nbsp;not tagged')
    parts.append("split strip: two states (the first above)")
    return "State:&nbsp;&nbsp;" + "&nbsp;&nbsp;&nbsp;".join(parts)
