"""Printing records as aligned tables or JSON (one list of snake_case objects)."""

from __future__ import annotations

import json
import sys
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any, TextIO


def _width(text: str) -> int:
    """Display width: East Asian wide characters take two columns in a terminal."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value).replace("\n", " ")


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


def print_json(rows: Any, out: TextIO | None = None) -> None:
    json.dump(rows, out or sys.stdout, ensure_ascii=False, indent=2, default=str)
    (out or sys.stdout).write("\n")
