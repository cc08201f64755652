"""Three-way merge of a text two people edited at once, losing neither's words.

Two workstations typing notes on the same visit each started from the same stored text
(`base`). Each one's edits are found word by word (difflib against `base`); edits at different
places are both applied, and text both inserted at the same place is kept one after the other
(theirs first: it was stored first). Only where both rewrote the same words differently is
there no single answer: then the stored text is kept whole and the other edit's version follows
it under a marker line, so nothing either person typed is lost and the clinician sees it.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from typing import NamedTuple

__all__ = ["CONFLICT_MARK", "merge_text"]

CONFLICT_MARK = "[Also written at the same time on another workstation:]"
_TOKENS = re.compile(r"\s+|\S+")


class _Edit(NamedTuple):
    start: int  # token range of the base it replaces
    end: int
    tokens: tuple[str, ...]


def _edits(base: list[str], other: list[str]) -> list[_Edit]:
    matcher = SequenceMatcher(None, base, other, autojunk=False)
    return [_Edit(i1, i2, tuple(other[j1:j2]))
            for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"]


def _overlap(a: _Edit, b: _Edit) -> bool:
    """Two edits touch the same base words (two insertions at one point do not clash, and
    an insertion clashes only with a rewrite around its point)."""
    return a.start < b.end and b.start < a.end


def _same_point(a: _Edit, b: _Edit) -> bool:
    return a.start == a.end == b.start == b.end


def _glued(out: list[str], tokens: tuple[str, ...]) -> bool:
    """Two insertions would run together into one word."""
    return bool(out) and bool(tokens) and not out[-1][-1:].isspace() and not tokens[0].isspace()


def merge_text(base: str, mine: str, theirs: str) -> tuple[str, bool]:
    """(merged text, clean): `clean` is False when both rewrote the same words and the result
    holds both versions under CONFLICT_MARK."""
    if mine in (theirs, base):
        return theirs, True
    if theirs == base:
        return mine, True
    tokens = _TOKENS.findall(base)
    ours, others = _edits(tokens, _TOKENS.findall(mine)), _edits(tokens, _TOKENS.findall(theirs))
    if any(_overlap(a, b) and a != b for a in ours for b in others):
        return f"{theirs.rstrip()}\n\n{CONFLICT_MARK}\n{mine.strip()}", False
    # theirs before mine at the same point; an edit both made identically once
    merged = sorted({*others, *ours}, key=lambda e: (e.start, e.end, e not in others))
    out: list[str] = []
    at = 0
    previous: _Edit | None = None
    for edit in merged:
        out.extend(tokens[at:edit.start])
        if previous is not None and _same_point(previous, edit) and _glued(out, edit.tokens):
            out.append("\n" if "\n" in "".join((*previous.tokens, *edit.tokens)) else " ")
        out.extend(edit.tokens)
        at = max(at, edit.end)
        previous = edit
    out.extend(tokens[at:])
    return "".join(out), True
