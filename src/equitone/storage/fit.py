"""Values a PostgreSQL server would refuse, found before `migrate-to` sends them.

SQLite stores what it is given: text longer than its column's declared width, a NUL inside
a text, an integer beyond 32 bits. PostgreSQL refuses each of these, and the copy would end
in an internal error half-way through. The copy checks every row it reads against the
column it goes to, and names what does not fit (table, row id, column, why), so the clinic
can correct those records first.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

from sqlalchemy import Integer, String, Table

from equitone.domain.limits import unstorable

INT32 = (-(2**31), 2**31 - 1)  # PostgreSQL's INTEGER


def misfits(table: Table, row: Mapping[str, Any]) -> list[str]:
    """What in `row` (of `table`) the server cannot store: 'patients 5: phone is 100
    characters (at most 64)'."""
    texts, integers = _checked_columns(table)
    found = []
    for name, width in texts:
        value = row.get(name)
        if not isinstance(value, str):
            continue
        bad = unstorable(value)
        if bad is not None:
            found.append(f"{table.name} {row.get('id', '?')}: {name} contains {bad}")
        elif width is not None and len(value) > width:
            found.append(f"{table.name} {row.get('id', '?')}: {name} is {len(value)} "
                         f"characters (at most {width})")
    for name in integers:
        value = row.get(name)
        if isinstance(value, int) and not INT32[0] <= value <= INT32[1]:
            found.append(f"{table.name} {row.get('id', '?')}: {name} is {value}, beyond "
                         "the server's range")
    return found


@functools.cache
def _checked_columns(table: Table) -> tuple[tuple[tuple[str, int | None], ...], tuple[str, ...]]:
    """`table`'s text columns (with their width, None for TEXT) and integer columns."""
    texts = tuple((c.name, c.type.length) for c in table.columns if isinstance(c.type, String))
    integers = tuple(c.name for c in table.columns if isinstance(c.type, Integer))
    return texts, integers
