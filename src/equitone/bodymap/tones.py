"""How each tone state is shown, as plain data: colour, hatch, outline, glyph, key.

Pure Python so that everything drawing a tone state agrees — the Qt body map
(:mod:`.palette` builds its brushes from this) and the exercise figures, whose SVG and PDF
output has no Qt. Colours are the Okabe–Ito colour-blind-safe set; each state also has its
own hatch so it is never told by colour alone.
"""

from __future__ import annotations

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


TONE_LOOKS: dict[ToneState, ToneLook] = {
    look.state: look
    for look in (
        ToneLook(ToneState.UNDERACTIVE, "Underactive", "#0072B2", "dots", False, "U", 1),
        ToneLook(ToneState.OVERACTIVE, "Overactive", "#D55E00", "bdiag", False, "O", 2),
        ToneLook(ToneState.TIGHT, "Tight", "#E69F00", "cross", False, "T", 3),
        ToneLook(ToneState.SPASM, "Spasm", "#CC79A7", "diagcross", False, "S", 4),
        ToneLook(ToneState.TENDER, "Tender", "#F0E442", "horizontal", True, "!", 5),
        ToneLook(ToneState.BALANCED, "Balanced", "#009E73", None, False, "=", 6),
    )
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
