"""Values a PostgreSQL server would refuse, found before `migrate-to` sends them.

SQLite stores what it is given: text longer than its column's declared width, a NUL inside
a text, an integer beyond 32 bits. PostgreSQL refuses each of these, and the copy would end
in an internal error half-way through. The copy checks every row it reads against the
column it goes to, and names what does not fit (table, row id, column, why), so the clinic
can correct those records first.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import Integer, String, Table

from equitone.domain.limits import unstorable

INT32 = (-(2**31), 2**31 - 1)  # PostgreSQL's INTEGER


def misfits(table: Table, row: Mapping[str, Any]) -> list[str]:
    """What in `row` (of `table`) the server cannot store: 'patients 5: phone is 100
    characters (at most 64)'."""
    found = []
    where = f"{table.name} {row.get('id', '?')}"
    for column in table.columns:
        value = row.get(column.name)
        if isinstance(value, str):
            bad = unstorable(value)
            width = getattr(column.type, "length", None) if isinstance(
                column.type, String) else None
            if bad is not None:
                found.append(f"{where}: {column.name} contains {bad}")
            elif width is not None and len(value) > width:
                found.append(f"{where}: {column.name} is {len(value)} characters (at most "
                             f"{width})")
        elif (isinstance(value, int) and not isinstance(value, bool)
              and isinstance(column.type, Integer) and not INT32[0] <= value <= INT32[1]):
            found.append(f"{where}: {column.name} is {value}, beyond the server's range")
    return found
