"""Several states per muscle side, named length tests, the neurological flag.

- `tone_tags.other_states`: the states a muscle side carries beside its primary one
  (`tone_tags.state`, still the column trends and lists read), as a JSON list of
  `{"state": ..., "grade": ...}` in clinical priority order; NULL when the side carries one
  state. Every tag stored so far carries one state, so its row is already in the new form:
  its `state` and `grade` are that state and its grade.
- `tone_tags.rom_test`: the named length test `rom_degrees` was measured with
  (resources/catalog/length_tests.json). A range of motion stored before has none and is kept
  as it was: a number nobody can now say was measured how.
- `assessments.neurological`: the clinician marked the presentation neurological, which is
  when the Modified Ashworth Scale applies. Every stored assessment starts unmarked — the flag
  is the clinician's statement and a migration cannot make it for them — and an Ashworth grade
  recorded before stays stored and is shown as recorded without the flag.

Plain ADD COLUMN on both engines (no table copy: on SQLite a rebuild would DROP the table and
cascade into its children), and two partial indexes so trends find the few multi-state and
length-test tags without reading every tag.

Revision ID: 0006_tag_states
Revises: 0005_row_versions
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_tag_states"
down_revision = "0005_row_versions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("tone_tags", sa.Column("other_states", sa.JSON(none_as_null=True),
                                         nullable=True))
    op.add_column("tone_tags", sa.Column("rom_test", sa.String(40), nullable=True))
    # Partial indexes: a trend reads the few tags with several states or a length test apart
    # from the 52,000-tag main query, without touching the others.
    for name, column in (("ix_tone_tags_other_states", "other_states"),
                         ("ix_tone_tags_rom_test", "rom_test")):
        where = sa.text(f"{column} IS NOT NULL")
        op.create_index(name, "tone_tags", ["assessment_id"], sqlite_where=where,
                        postgresql_where=where)
    op.add_column(
        "assessments",
        sa.Column("neurological", sa.Boolean(), nullable=False, server_default=sa.false()),
    )


def downgrade() -> None:
    # Development only (a clinic's database is never downgraded). A side carrying several
    # states keeps its primary one.
    op.drop_column("assessments", "neurological")
    op.drop_index("ix_tone_tags_rom_test", table_name="tone_tags")
    op.drop_index("ix_tone_tags_other_states", table_name="tone_tags")
    op.drop_column("tone_tags", "rom_test")
    op.drop_column("tone_tags", "other_states")
