"""What the schema looks like to code that must not import Alembic (start-up is timed).

`REVISIONS` lists every migration in order; tests/storage/test_migrations.py proves it matches
Alembic's own history, so a forgotten entry fails the suite rather than a clinic's start-up.
"""

from __future__ import annotations

REVISIONS: tuple[str, ...] = (
    "0001_foundation", "0002_assessments", "0003_sessions", "0004_audit_versions",
    "0005_row_versions", "0006_tag_states", "0007_relax_after_activation",
    "0008_visit_record",
    "0009_exercise_pictures",
)
HEAD_REVISION = REVISIONS[-1]

# Written into the SQLite header (PRAGMA application_id) so `file` and our own checks can tell
# an Equitone database from any other SQLite file. ASCII "EqT1".
APPLICATION_ID = 0x45715431
