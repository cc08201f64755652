"""Embedded fonts and safe Paragraph markup.

Every glyph in our PDFs comes from a shipped TrueType font that reportlab subsets and embeds:
DejaVu Sans for Latin/Greek/Cyrillic, Droid Sans Fallback for CJK and anything else DejaVu
lacks. Nothing may fall back to the base-14 Helvetica, which is never embedded.
"""

from __future__ import annotations

import re
from functools import cache

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from equitone.resources_access import resource_path

REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
FALLBACK = "DroidSansFallback"

_FILES = {
    REGULAR: "DejaVuSans.ttf",
    BOLD: "DejaVuSans-Bold.ttf",
}
# Paragraph markup escapes; a table rather than xml.sax.saxutils, which imports urllib.request,
# http.client, email and ssl (~40 ms of a process's first PDF) for three replacements.
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&#34;", "'": "&#39;"})
_NEUTRAL = re.compile(r"\s")


def _register(name: str, filename: str) -> TTFont:
    font = TTFont(name, str(resource_path("fonts", filename)))
    pdfmetrics.registerFont(font)
    return font


@cache
def register_fonts() -> None:
    """Register DejaVu Sans as a family so <b> picks the embedded bold face (once).

    The documents use no italics, so the oblique face is not parsed (each face costs ~20 ms
    the first time); <i> maps to the regular face rather than to an unregistered font."""
    for name, filename in _FILES.items():
        _register(name, filename)
    addMapping(REGULAR, 0, 0, REGULAR)
    addMapping(REGULAR, 1, 0, BOLD)
    addMapping(REGULAR, 0, 1, REGULAR)
    addMapping(REGULAR, 1, 1, BOLD)


@cache
def register_fallback() -> None:
    """Droid Sans Fallback is 3.4 MB: parse it only when a document needs a glyph from it."""
    register_fonts()
    _register(FALLBACK, "DroidSansFallback.ttf")
    for bold in (0, 1):
        for italic in (0, 1):
            addMapping(FALLBACK, bold, italic, FALLBACK)


@cache
def _dejavu_codepoints() -> frozenset[int]:
    register_fonts()
    font = pdfmetrics.getFont(REGULAR)
    return frozenset(font.face.charToGlyph)


def needs_fallback(text: str) -> bool:
    covered = _dejavu_codepoints()
    return any(ord(ch) not in covered and not _NEUTRAL.match(ch) for ch in text)


def markup(text: str) -> str:
    """Paragraph markup for untrusted text: escaped (&, <, >, quotes), newlines kept as line
    breaks, and every run DejaVu cannot draw wrapped in <font name="DroidSansFallback">."""
    covered = _dejavu_codepoints()
    parts: list[str] = []
    run: list[str] = []
    run_fallback = False

    def flush() -> None:
        if not run:
            return
        chunk = "".join(run).translate(_ESCAPES)
        if run_fallback:
            register_fallback()
            chunk = f'<font name="{FALLBACK}">{chunk}</font>'
        parts.append(chunk)
        run.clear()

    for ch in text:
        if ch == "\n":
            flush()
            parts.append("<br/>")
            continue
        if ch < " " and ch != "\t":  # control characters (\r, NUL…) have no glyph
            continue
        if _NEUTRAL.match(ch):  # spaces join whichever run they sit in
            run.append(ch)
            continue
        fallback = ord(ch) not in covered
        if fallback != run_fallback:
            flush()
            run_fallback = fallback
        run.append(ch)
    flush()
    return "".join(parts)
