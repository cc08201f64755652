"""What the schema looks like to code that must not import Alembic (start-up is timed), and
the one answer to "is this an Equitone SQLite file?" (`identify`).

`REVISIONS` lists every migration in order; tests/storage/test_migrations.py proves it matches
Alembic's own history, so a forgotten entry fails the suite rather than a clinic's start-up.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

Fetch = Callable[[str], Sequence[Sequence[Any]]]
"""Runs one SQL statement on an open SQLite connection and returns its rows."""

REVISIONS: tuple[str, ...] = (
    "0001_foundation", "0002_assessments", "0003_sessions", "0004_audit_versions",
    "0005_row_versions", "0006_tag_states", "0007_relax_after_activation",
    "0008_visit_record",
    "0009_exercise_pictures", "0010_server_identity",
    "0011_patient_search_keys", "0012_patient_search_indexes",
)
HEAD_REVISION = REVISIONS[-1]

#: Indexes a migration makes on PostgreSQL only (0012: the patient search's order and
#: trigrams). The models do not declare them: one is on an expression with a collation SQLite
#: does not know, the other needs the pg_trgm extension, which a server may lack. A check that
#: compares the models with a migrated schema leaves these out.
ENGINE_SPECIFIC_INDEXES = frozenset({"ix_patients_name_order", "ix_patients_search_trigrams"})


def compared(_object: object, name: str | None, type_: str, reflected: bool,
             _compare_to: object) -> bool:
    """Alembic's `include_object` for comparing the models with a migrated schema."""
    return not (type_ == "index" and reflected and name in ENGINE_SPECIFIC_INDEXES)

# Written into the SQLite header (PRAGMA application_id) so `file` and our own checks can tell
# an Equitone database from any other SQLite file. ASCII "EqT1".
APPLICATION_ID = 0x45715431
VERSION_TABLE = "alembic_version"


@dataclass(frozen=True, slots=True)
class FileIdentity:
    """What an SQLite file's tables and header say it is (a read-only look)."""

    tables: tuple[str, ...]  # the user tables as SQLite lists them (its own sqlite_* left out)
    revision: str | None  # the schema revision Alembic recorded, if any
    application_id: int

    @property
    def empty(self) -> bool:
        return not self.tables

    @property
    def equitone(self) -> bool:
        """Made by Equitone: a schema revision, and Equitone's application id in the header."""
        return self.revision is not None and self.application_id == APPLICATION_ID


def identify(fetch: Fetch) -> FileIdentity:
    tables = tuple(str(row[0]) for row in fetch(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'"))
    revision = None
    if VERSION_TABLE in tables:
        rows = fetch("SELECT version_num FROM alembic_version")
        revision = str(rows[0][0]) if rows and rows[0][0] else None
    return FileIdentity(tables, revision, int(fetch("PRAGMA application_id")[0][0]))
