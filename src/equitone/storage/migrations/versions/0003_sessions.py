"""Sessions: designed sessions with their blocks, decisions (dismiss/swap) and templates.

Revision ID: 0003_sessions
Revises: 0002_assessments
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_sessions"
down_revision = "0002_assessments"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sessions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("patient_id", sa.Integer(),
                  sa.ForeignKey("patients.id", ondelete="RESTRICT"), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("frequency_per_week", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("supersedes_id", sa.Integer(), sa.ForeignKey("sessions.id"), nullable=True),
        sa.Column("in_clinic", sa.Boolean(), nullable=False),
        sa.Column("pre_sport", sa.Boolean(), nullable=False),
        sa.Column("template", sa.String(80), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("delivered_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), server_default=sa.func.current_timestamp(),
                  nullable=False),
        sa.Column("updated_at", sa.DateTime(), server_default=sa.func.current_timestamp(),
                  nullable=False),
    )
    op.create_index("ix_sessions_patient_date", "sessions", ["patient_id", "date"])
    op.create_index("ix_sessions_date", "sessions", ["date"])
    op.create_table(
        "session_blocks",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("session_id", sa.Integer(),
                  sa.ForeignKey("sessions.id", ondelete="CASCADE"), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("block_id", sa.String(40), nullable=False),
        sa.Column("exercise", sa.String(80), nullable=False),
        sa.Column("muscles", sa.JSON(), nullable=False),
        sa.Column("side", sa.String(5), nullable=False),
        sa.Column("sets", sa.Integer(), nullable=False),
        sa.Column("reps", sa.Integer(), nullable=True),
        sa.Column("hold_seconds", sa.Integer(), nullable=True),
        sa.Column("rest_seconds", sa.Integer(), nullable=False),
        sa.Column("auto", sa.Boolean(), nullable=False),
        sa.Column("rule", sa.String(40), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("cues", sa.JSON(), nullable=False),
        sa.Column("anchor", sa.String(40), nullable=True),
        sa.Column("reciprocal_inhibition", sa.Boolean(), nullable=False),
        sa.Column("pinned", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.UniqueConstraint("session_id", "position", name="uq_block_position"),
    )
    op.create_index("ix_session_blocks_session_id", "session_blocks", ["session_id"])
    op.create_table(
        "session_decisions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("session_id", sa.Integer(),
                  sa.ForeignKey("sessions.id", ondelete="CASCADE"), nullable=False),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("anchor", sa.String(40), nullable=True),
        sa.Column("rule", sa.String(40), nullable=False),
        sa.Column("muscle", sa.String(64), nullable=False),
        sa.Column("side", sa.String(5), nullable=False),
        sa.Column("exercise", sa.String(80), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
    )
    op.create_index("ix_session_decisions_session_id", "session_decisions", ["session_id"])
    op.create_table(
        "session_templates",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("slug", sa.String(80), nullable=False, unique=True),
        sa.Column("name", sa.String(160), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("frequency_per_week", sa.Integer(), nullable=False),
        sa.Column("blocks", sa.JSON(), nullable=False),
    )


def downgrade() -> None:
    for table in ("session_templates", "session_decisions", "session_blocks", "sessions"):
        op.drop_table(table)
