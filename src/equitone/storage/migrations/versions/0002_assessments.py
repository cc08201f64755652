"""Assessments: dated visits with tone tags per muscle side and the PSFS.

Revision ID: 0002_assessments
Revises: 0001_foundation
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_assessments"
down_revision = "0001_foundation"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "assessments",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "patient_id", sa.Integer(),
            sa.ForeignKey("patients.id", ondelete="RESTRICT"), nullable=False,
        ),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("clinician", sa.String(120), nullable=False),
        sa.Column("findings", sa.Text(), nullable=False),
        sa.Column("signed_at", sa.DateTime(), nullable=True),
        sa.Column("signed_by", sa.String(120), nullable=False),
        sa.Column("created_at", sa.DateTime(), server_default=sa.func.current_timestamp(),
                  nullable=False),
        sa.Column("updated_at", sa.DateTime(), server_default=sa.func.current_timestamp(),
                  nullable=False),
    )
    op.create_index("ix_assessments_patient_date", "assessments", ["patient_id", "date"])
    op.create_table(
        "tone_tags",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "assessment_id", sa.Integer(),
            sa.ForeignKey("assessments.id", ondelete="CASCADE"), nullable=False,
        ),
        sa.Column("muscle", sa.String(64), nullable=False),
        sa.Column("side", sa.String(5), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("tightness", sa.Integer(), nullable=True),
        sa.Column("grade", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("strength", sa.Integer(), nullable=True),
        sa.Column("tenderness", sa.Integer(), nullable=True),
        sa.Column("pain", sa.Integer(), nullable=True),
        sa.Column("rom_degrees", sa.Integer(), nullable=True),
        sa.Column("ashworth", sa.String(4), nullable=True),
        sa.UniqueConstraint("assessment_id", "muscle", "side", name="uq_tone_tags_assessment_side"),
    )
    op.create_index("ix_tone_tags_assessment_id", "tone_tags", ["assessment_id"])
    op.create_index(
        "ix_tone_tags_trend", "tone_tags",
        ["muscle", "side", "assessment_id", "tightness", "state"],
    )
    op.create_table(
        "psfs_items",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "assessment_id", sa.Integer(),
            sa.ForeignKey("assessments.id", ondelete="CASCADE"), nullable=False,
        ),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("activity", sa.String(200), nullable=False),
        sa.Column("score", sa.Integer(), nullable=True),
        sa.UniqueConstraint("assessment_id", "position", name="uq_psfs_position"),
    )
    op.create_index("ix_psfs_items_assessment_id", "psfs_items", ["assessment_id"])


def downgrade() -> None:
    op.drop_table("psfs_items")
    op.drop_table("tone_tags")
    op.drop_table("assessments")
