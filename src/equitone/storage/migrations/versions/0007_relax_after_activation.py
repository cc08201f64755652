"""A relaxation block after every activation: the per-patient and per-muscle setting.

The method relaxes an activated muscle within each rep and lets the warm-down finish the job;
for some patients that is not enough, and the clinician asks for a relaxation block after
every activation — of every muscle (`patients.relax_after_every_activation`) or of chosen
muscles (`patients.relax_after_muscles`, a JSON list of muscle slugs). The sequencing engine
reads both.

Portable: plain ADD COLUMN with a server default, done in place by SQLite and PostgreSQL.
Existing patients get neither (false, an empty list): their sessions do not change.

Revision ID: 0007_relax_after_activation
Revises: 0006_tag_states
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_relax_after_activation"
down_revision = "0006_tag_states"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "patients",
        sa.Column(
            "relax_after_every_activation",
            sa.Boolean(),
            nullable=False,
            server_default=sa.false(),
        ),
    )
    op.add_column(
        "patients",
        sa.Column("relax_after_muscles", sa.JSON(), nullable=False, server_default="[]"),
    )


def downgrade() -> None:
    # Development only (a clinic's database is never downgraded).
    op.drop_column("patients", "relax_after_muscles")
    op.drop_column("patients", "relax_after_every_activation")
