"""Printing records as aligned tables or JSON (one list of snake_case objects), and printing
stored text safely.

Names, findings and notes are stored as they were typed or imported, and some hold
characters that act on a terminal instead of showing: ESC starts colour and cursor
sequences (`\\x1b[2J` clears the screen), a carriage return or a newline can forge a line,
a bidirectional override (U+202E) reverses what follows. Every CLI path prints stored text
through `shown` (one line, such characters as visible escapes) or `print_json` (valid JSON
whose strings read back to exactly what is stored, the same characters as JSON escapes).
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any, TextIO

# C0 controls, DEL and the C1 controls; the bidirectional marks, embeddings, overrides and
# isolates; the line and paragraph separators; lone surrogates (half a character, from bytes
# that were not UTF-8). Joiners and other format characters that scripts and emoji need stay.
_BIDI_AND_BREAKS = "\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff"
_UNSAFE = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI_AND_BREAKS}]")
# What json.dumps leaves as it is (it escapes C0 controls inside strings itself; outside
# strings, JSON's own newlines and spaces must stay).
_UNSAFE_IN_JSON = re.compile(f"[\x7f-\x9f{_BIDI_AND_BREAKS}]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    return _NAMED.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def shown(value: object) -> str:
    """`value` as one line that is safe on a terminal: every character that would act on it
    is written as its escape (`\\x1b`, `\\n`, `\\u202e`); other text is unchanged."""
    text = "" if value is None else str(value)
    return _UNSAFE.sub(_escape, text)


def shown_lines(text: str, indent: str) -> str:
    """Multi-line stored text (findings, an address): each line `shown`, the lines after the
    first indented by `indent`, so no line of it can pass for a line of the output."""
    return f"\n{indent}".join(shown(line) for line in text.split("\n"))


def _width(text: str) -> int:
    """Display width: East Asian wide characters take two columns in a terminal."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        return ", ".join(shown(v) for v in value)
    return shown(value)


def print_table(
    rows: Sequence[Mapping[str, Any]], columns: Sequence[str], out: TextIO | None = None
) -> None:
    out = out or sys.stdout
    cells = [[_cell(row.get(col)) for col in columns] for row in rows]
    widths = [
        max([_width(col)] + [_width(r[i]) for r in cells]) for i, col in enumerate(columns)
    ]

    def line(values: Sequence[str]) -> str:
        return "  ".join(v + " " * (w - _width(v)) for v, w in zip(values, widths, strict=True))

    print(line(columns).rstrip(), file=out)
    print("  ".join("-" * w for w in widths), file=out)
    for r in cells:
        print(line(r).rstrip(), file=out)


def json_text(value: Any, *, indent: int | None = 2) -> str:
    """`value` as JSON text that is safe on a terminal and reads back exactly."""
    text = json.dumps(value, ensure_ascii=False, indent=indent, default=str)
    return _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def print_json(rows: Any, out: TextIO | None = None) -> None:
    (out or sys.stdout).write(json_text(rows) + "\n")
