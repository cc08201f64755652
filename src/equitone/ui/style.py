"""The window's colours and the few looks its text and notes take, in one place instead of a
style sheet per widget: one grey for secondary text (not three), one red, one amber, one
green, and three kinds of tinted note. Plain strings, so every screen uses them cheaply.

The body map's and the charts' own colours are elsewhere: equitone/looks.py (tone states),
ui/designer/colours.py (exercise kinds, built from these), charts/style.py.
"""

from __future__ import annotations

TEXT = "#1F2328"  # body text where a widget's default is not used
MUTED = "#59616E"  # secondary text: counts, hints, captions (6.1:1 on white, WCAG AA)
WARNING = "#8A5A00"  # why nothing happened; an advisory
ERROR = "#B3261E"  # errors, "needs attention", offline
GOOD = "#2E7D32"  # connected, a test passed
FOCUS = "#1565C0"  # what the keyboard works on now: an open editor, the drop line
FOCUS_FILL = "#F4F8FD"
SELECTED = "#1F5FAF"  # a toggle that is on
SELECTED_FILL = "#DCEBFA"

#: (fill, border) of a tinted note: read-only or signed, information, something waits
NOTES: dict[str, tuple[str, str]] = {
    "notice": ("#FFF4CE", "#E0C060"),
    "info": ("#E8F1FA", "#9CC3E6"),
    "alert": ("#FDECEA", "#E6A19A"),
}

#: a drawn picture's frame (the own-exercise preview): white behind the figure, a quiet border
PICTURE_FRAME = "background: #FFFFFF; border: 1px solid #D5D9DE;"


def text(colour: str = MUTED, *, size_px: int | None = None, bold: bool = False) -> str:
    """A label's style sheet: `colour`, and a size and weight when given."""
    sheet = f"color: {colour};"
    if size_px is not None:
        sheet += f" font-size: {size_px}px;"
    if bold:
        sheet += " font-weight: bold;"
    return sheet


def note(kind: str, *, padding_px: int = 4, selector: str = "") -> str:
    """A tinted note's style sheet (`selector`: `#objectName` when it has children)."""
    fill, border = NOTES[kind]
    body = (f"background: {fill}; border: 1px solid {border}; border-radius: 3px; "
            f"padding: {padding_px}px;")
    return f"{selector} {{ {body} }}" if selector else body


def highlight(kind: str = "notice") -> str:
    """A field marked for attention (a value another workstation changed too)."""
    return f"background: {NOTES[kind][0]};"
