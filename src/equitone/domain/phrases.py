"""Quick phrases: a clinician types `;gm` and the saved phrase takes its place.

The marker keeps ordinary words from expanding (a note may well contain "gm" or "hep"). The
editor expands the key just typed (`expand_before`), the CLI a whole text (`expand_all`);
an unknown key stays as typed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

__all__ = ["MARKER", "expand_all", "expand_before"]

MARKER = ";"
_KEY = re.compile(r";([^\s;]+)")


def expand_all(text: str, phrases: Mapping[str, str]) -> str:
    """Every `;key` of `text` replaced by its phrase."""
    return _KEY.sub(lambda m: phrases.get(m.group(1).lower(), m.group(0)), text)


def expand_before(text: str, cursor: int, phrases: Mapping[str, str]) -> tuple[str, int] | None:
    """The `;key` that ends at `cursor` expanded: (new text, new cursor), or None when no
    known key ends there."""
    start = text.rfind(MARKER, 0, cursor)
    if start < 0:
        return None
    key = text[start + 1:cursor]
    if not key or any(ch.isspace() for ch in key):
        return None
    phrase = phrases.get(key.lower())
    if phrase is None:
        return None
    return text[:start] + phrase + text[cursor:], start + len(phrase)
