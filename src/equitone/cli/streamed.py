"""Printing rows as they arrive: the same table and JSON as cli/output.py, for listings too
long to hold in memory (`equitone audit` over a trail of hundreds of thousands of entries).

A table's column widths are measured on the first rows (SAMPLE); a later cell that is wider
pushes its line out rather than holding everything back. The JSON is byte for byte what
`print_json` prints for the same list.
"""

from __future__ import annotations

import itertools
import json
import sys
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TextIO

# The cell and width rules are cli/output.py's, so a streamed table reads like any other.
from equitone.cli.output import _cell, _width

SAMPLE = 500


def stream_table(
    rows: Iterable[Mapping[str, Any]], columns: Sequence[str], out: TextIO | None = None
) -> int:
    """Print `rows` under `columns` as they come; returns how many were printed."""
    out = out or sys.stdout
    source = iter(rows)
    first = [[_cell(row.get(col)) for col in columns] for row in itertools.islice(source, SAMPLE)]
    widths = [max([_width(col)] + [_width(r[i]) for r in first]) for i, col in enumerate(columns)]

    def line(values: Sequence[str]) -> str:
        padded = [v + " " * max(0, w - _width(v)) for v, w in zip(values, widths, strict=True)]
        return "  ".join(padded).rstrip()

    print(line(columns), file=out)
    print("  ".join("-" * w for w in widths), file=out)
    for cells in first:
        print(line(cells), file=out)
    out.flush()  # the first rows show at once, whatever follows
    count = len(first)
    for row in source:
        print(line([_cell(row.get(col)) for col in columns]), file=out)
        count += 1
    return count


def stream_json(items: Iterable[Any], out: TextIO | None = None) -> int:
    """Print a JSON list of `items` one element at a time; returns how many."""
    out = out or sys.stdout
    count = 0
    for item in items:
        text = json.dumps(item, ensure_ascii=False, indent=2, default=str)
        out.write(("[\n" if count == 0 else ",\n") + "\n".join(f"  {x}" for x in text.split("\n")))
        if count == 0:
            out.flush()
        count += 1
    out.write("\n]\n" if count else "[]\n")
    return count
