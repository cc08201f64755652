"""One normalisation for finding and sorting people, used by the database's stored keys, the
command line's search and the window's instant filter alike.

People type names the way their keyboard lets them: ``nunez`` must find Núñez, ``angstrom``
Ångström and ``obrien`` O'Brien, and a list sorted by code points puts Élodie after Zoë. So a
name is folded once — letters without their accents, case folded, punctuation dropped, spaces
collapsed — and that key is what a search matches and a list sorts by. Letters that Unicode
does not decompose (ø, ł, æ, đ, þ …) get their usual Latin spelling. Scripts without accents
(Chinese, Greek, Cyrillic) are kept as they are, case-folded.
"""

from __future__ import annotations

import re
import unicodedata

# Letters with no canonical decomposition, spelled as a Latin keyboard spells them.
_LETTERS = str.maketrans({
    "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe", "ı": "i",
    "ħ": "h", "ŧ": "t", "ŋ": "n", "ĸ": "k",
})
_SPACES = re.compile(r"\s+")
_DIGITS = re.compile(r"\d+")
# Hyphens and slashes part words ("Smith-Jones" is found by "smith jones"); apostrophes and
# every other mark join them ("O'Brien" is found by "obrien").
_WORD_BREAKS = frozenset("-‐‑‒–—/\\_.,;:@")
#: How wide a run of digits is padded for sorting: "Anna 9" before "Anna 10".
_DIGIT_WIDTH = 8


def fold(text: str) -> str:
    """``text`` as a search compares it: accents off, case folded, punctuation dropped."""
    kept: list[str] = []
    for char in unicodedata.normalize("NFKD", text.casefold()):
        if char in _WORD_BREAKS or char.isspace():
            kept.append(" ")
        elif unicodedata.category(char)[0] in "LN":
            kept.append(char)
        # combining marks (the accents NFKD split off), apostrophes, symbols: dropped
    return _SPACES.sub(" ", "".join(kept).translate(_LETTERS)).strip()


def search_key(*fields: str) -> str:
    """The stored key a search matches: every field folded, one space between them."""
    return " ".join(f for f in (fold(field) for field in fields) if f)


def patient_search_key(name: str, phone: str, email: str, notes: str) -> str:
    """A patient's stored search key: name, phone (also without its spaces, as a number is
    typed), e-mail and notes."""
    return search_key(name, phone, fold(phone).replace(" ", ""), email, notes)


def needle(text: str) -> tuple[str, ...]:
    """The words of what was typed into a search box, folded like the keys."""
    return tuple(fold(text).split())


def found_in(key: str, words: tuple[str, ...]) -> bool:
    """Every word occurs somewhere in ``key`` (the empty search finds everyone)."""
    return all(word in key for word in words)


def name_sort_key(name: str) -> str:
    """The stored key a list sorts by: the folded name with numbers padded (natural order)."""
    return _DIGITS.sub(lambda m: m.group().zfill(_DIGIT_WIDTH), fold(name))
