"""The visit as a clinical record: visit notes, quick phrases, the patient's response per
block, and the next-day report.

- `visit_notes`: the SOAP notes (subjective, objective, assessment, plan) of one visit, one
  row per assessment version. They belong to the assessment: signing it makes them read-only
  (the audit fold refuses a change under a signed assessment) and an amendment copies them into
  its new version. They do not raise the assessment's row version: two workstations typing
  notes on one visit are merged text by text (services/visit_notes.py), not refused.
- `quick_phrases`: the clinic's saved phrases, inserted in a note by their short key.
- `block_responses`: how the patient responded to one block of an in-clinic session (pain and
  effort 0-10, done / modified / skipped, a short note), one row per block.
- `next_day_reports`: how an activated muscle side felt on the following days (tight, sore
  0-10, "barely firing"), reported at the next contact, one row per session and muscle side.

Only new tables: nothing stored before changes.

Revision ID: 0008_visit_record
Revises: 0007_relax_after_activation
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_visit_record"
down_revision = "0007_relax_after_activation"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "visit_notes",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("assessment_id", sa.Integer(),
                  sa.ForeignKey("assessments.id", ondelete="CASCADE"), nullable=False),
        sa.Column("subjective", sa.Text(), nullable=False, server_default=""),
        sa.Column("objective", sa.Text(), nullable=False, server_default=""),
        sa.Column("assessment", sa.Text(), nullable=False, server_default=""),
        sa.Column("plan", sa.Text(), nullable=False, server_default=""),
        sa.Column("updated_at", sa.DateTime(), nullable=True),
        sa.UniqueConstraint("assessment_id", name="uq_visit_notes_assessment"),
    )
    op.create_table(
        "quick_phrases",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("key", sa.String(40), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.UniqueConstraint("key", name="uq_quick_phrases_key"),
    )
    op.create_table(
        "block_responses",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("session_id", sa.Integer(),
                  sa.ForeignKey("sessions.id", ondelete="CASCADE"), nullable=False),
        sa.Column("block_id", sa.String(40), nullable=False),
        sa.Column("pain", sa.Integer(), nullable=True),
        sa.Column("rpe", sa.Integer(), nullable=True),
        sa.Column("outcome", sa.String(10), nullable=False),
        sa.Column("note", sa.Text(), nullable=False, server_default=""),
        sa.UniqueConstraint("session_id", "block_id", name="uq_block_responses_block"),
    )
    op.create_index("ix_block_responses_session_id", "block_responses", ["session_id"])
    op.create_table(
        "next_day_reports",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("session_id", sa.Integer(),
                  sa.ForeignKey("sessions.id", ondelete="CASCADE"), nullable=False),
        sa.Column("muscle", sa.String(64), nullable=False),
        sa.Column("side", sa.String(5), nullable=False),
        sa.Column("reported_on", sa.Date(), nullable=False),
        sa.Column("tight", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("sore", sa.Integer(), nullable=True),
        sa.Column("barely_firing", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("note", sa.Text(), nullable=False, server_default=""),
        sa.UniqueConstraint("session_id", "muscle", "side", name="uq_next_day_side"),
    )
    op.create_index("ix_next_day_reports_session_id", "next_day_reports", ["session_id"])


def downgrade() -> None:
    # Development only (a clinic's database is never downgraded).
    op.drop_table("next_day_reports")
    op.drop_table("block_responses")
    op.drop_table("quick_phrases")
    op.drop_table("visit_notes")
