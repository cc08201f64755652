"""Colours and paragraph styles shared by every document (all in embedded fonts)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle

from .fonts import BOLD, REGULAR, register_fonts

INK = colors.HexColor("#1E2A30")
MUTED = colors.HexColor("#5B6770")
ACCENT = colors.HexColor("#1F6F78")
RULE = colors.HexColor("#C9D1D6")
CARD_BG = colors.white
RELAX_BG = colors.HexColor("#EAF5EC")
RELAX_EDGE = colors.HexColor("#4F9D69")
RELAX_INK = colors.HexColor("#2F6B43")
ACTIVE_EDGE = colors.HexColor("#34506B")
SOFT_BG = colors.HexColor("#F3F5F6")
WARNING_INK = colors.HexColor("#B3261E")


@dataclass(frozen=True, slots=True)
class Styles:
    body: ParagraphStyle
    small: ParagraphStyle
    muted: ParagraphStyle
    title: ParagraphStyle
    h2: ParagraphStyle
    clinic: ParagraphStyle
    card_title: ParagraphStyle
    card_number: ParagraphStyle
    label: ParagraphStyle
    reason: ParagraphStyle
    cell: ParagraphStyle
    cell_head: ParagraphStyle
    centered: ParagraphStyle
    footer: ParagraphStyle
    footer_right: ParagraphStyle
    warning: ParagraphStyle


def _style(name: str, *, font: str = REGULAR, size: float = 9.5, **extra: object) -> ParagraphStyle:
    settings: dict[str, object] = {"leading": size * 1.3, "textColor": INK}
    settings.update(extra)
    return ParagraphStyle(name, fontName=font, fontSize=size, **settings)


@cache
def styles() -> Styles:
    register_fonts()
    return Styles(
        body=_style("body", spaceAfter=2),
        small=_style("small", size=8.5),
        muted=_style("muted", size=8.5, textColor=MUTED),
        title=_style("title", font=BOLD, size=16, textColor=ACCENT, spaceAfter=2),
        h2=_style("h2", font=BOLD, size=11.5, textColor=ACCENT, spaceBefore=6, spaceAfter=3,
                  keepWithNext=1),
        clinic=_style("clinic", font=BOLD, size=13),
        card_title=_style("card_title", font=BOLD, size=10.5),
        card_number=_style(
            "card_number", font=BOLD, size=13, alignment=TA_CENTER, textColor=colors.white
        ),
        label=_style("label", font=BOLD, size=7.5, textColor=RELAX_INK),
        reason=_style("reason", font=REGULAR, size=8.5, textColor=RELAX_INK),
        cell=_style("cell", size=8.5),
        cell_head=_style("cell_head", font=BOLD, size=8.5),
        centered=_style("centered", size=8.5, alignment=TA_CENTER),
        footer=_style("footer", size=7.5, textColor=MUTED),
        footer_right=_style("footer_right", size=7.5, textColor=MUTED, alignment=TA_RIGHT),
        warning=_style("warning", size=8.5, textColor=WARNING_INK),
    )
