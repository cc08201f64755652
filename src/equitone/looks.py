"""How each tone state is shown, as plain data: label, colour, hatch, outline, glyph, key.

One table for every room that draws a tone state — the body map and the trend charts (Qt
brushes are made from it in bodymap/palette.py), the exercise figures and their SVG and PDF
output, the printed legends — so a state looks the same everywhere. No Qt here.
Colours are the Okabe–Ito colour-blind-safe set; each state also has its own hatch so it is
never told by colour alone. The table follows `ToneState`'s order, which is the order every
legend and palette lists the states in.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from equitone.domain.types import ToneState


@dataclass(frozen=True, slots=True)
class ToneLook:
    state: ToneState
    label: str
    colour: str  # "#rrggbb"
    hatch: str | None  # "dots", "bdiag", "cross", "diagcross", "horizontal" or None
    dashed: bool  # outline style
    glyph: str
    shortcut: int  # number key 1–6


_LOOKS = (
    ToneLook(ToneState.UNDERACTIVE, "Underactive", "#0072B2", "dots", False, "U", 1),
    ToneLook(ToneState.OVERACTIVE, "Overactive", "#D55E00", "bdiag", False, "O", 2),
    ToneLook(ToneState.TIGHT, "Tight", "#E69F00", "cross", False, "T", 3),
    ToneLook(ToneState.SPASM, "Spasm", "#CC79A7", "diagcross", False, "S", 4),
    ToneLook(ToneState.TENDER, "Tender", "#F0E442", "horizontal", True, "!", 5),
    ToneLook(ToneState.BALANCED, "Balanced", "#009E73", None, False, "=", 6),
)
# In ToneState's order, and complete: a state without a look fails here, at import.
TONE_LOOKS: dict[ToneState, ToneLook] = {
    state: next(look for look in _LOOKS if look.state is state) for state in ToneState
}


def relative_luminance(colour: str) -> float:
    """WCAG relative luminance of "#rrggbb", 0 black … 1 white."""

    def lin(v: float) -> float:
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)


def hatch_ink(colour: str) -> tuple[str, float]:
    """(colour, opacity) of the hatch over a fill: dark on light fills, light on dark ones."""
    return ("#141414", 0.59) if relative_luminance(colour) > 0.35 else ("#FFFFFF", 0.67)


def state_colours() -> dict[ToneState, str]:
    """#rrggbb per tone state."""
    return {state: look.colour for state, look in TONE_LOOKS.items()}


COMBINED_NOTE = "striped: several states"


def state_legend(
    states: Iterable[ToneState], *, combined: bool = False
) -> tuple[tuple[str, str], ...]:
    """(label, #rrggbb) for the states that appear, in the legends' order; with `combined` a
    last entry without a colour says what the stripes of a side with several states mean."""
    present = set(states)
    found = tuple((look.label, look.colour) for state, look in TONE_LOOKS.items()
                  if state in present)
    return (*found, (COMBINED_NOTE, "")) if combined else found
