"""A read-only glance at the patient list with the standard library's sqlite3.

Start-up is timed against a bare Qt window and importing SQLAlchemy alone costs about 200 ms,
so the window fills its patient list from this glance and opens the full database right
after. It only answers for a database already at the current schema; anything else returns
None and start-up takes the normal path (probe, migrate, SQLAlchemy).
tests/storage/test_quick_read.py keeps it equal to services.patients.list_patients.
"""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

from equitone.domain.patients import Patient
from equitone.storage.schema import HEAD_REVISION

_QUERY = (
    "SELECT id, name, date_of_birth, phone, email, address, notes, archived,"
    " preferred_modality FROM patients WHERE archived = 0 ORDER BY lower(name), id"
)


def glance_patients(path: Path) -> list[Patient] | None:
    if not path.is_file():
        return None
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        if row is None or row[0] != HEAD_REVISION:
            return None
        return [
            Patient(
                id=pid, name=name,
                date_of_birth=date.fromisoformat(born) if born else None,
                phone=phone, email=email, address=address, notes=notes,
                archived=bool(archived), preferred_modality=modality,
            )
            for pid, name, born, phone, email, address, notes, archived, modality
            in conn.execute(_QUERY)
        ]
    except (sqlite3.Error, ValueError):
        return None
    finally:
        conn.close()
