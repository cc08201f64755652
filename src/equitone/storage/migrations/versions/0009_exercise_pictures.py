"""A clinician's own exercise carries its picture: a figure posed from a base position (or
from a shipped exercise's pose), or a photo.

`exercises.picture` is a JSON object — `{"base": "side-lying"}`, `{"like": "clamshell"}` or
`{"photo": {"media_type": "image/jpeg", "width": 800, "height": 600}}` — and
`exercises.photo` the photo itself (JPEG or PNG bytes, already scaled down and stripped of
its metadata), so backups and patient archives carry it with the exercise.

Portable: plain nullable ADD COLUMN on SQLite and PostgreSQL. Existing exercises get no
picture (shipped ones are drawn from the pose files; a custom one made before gets a figure
once it is edited).

Revision ID: 0009_exercise_pictures
Revises: 0008_visit_record
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_exercise_pictures"
down_revision = "0008_visit_record"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("exercises", sa.Column("picture", sa.JSON(), nullable=True))
    op.add_column("exercises", sa.Column("photo", sa.LargeBinary(), nullable=True))


def downgrade() -> None:
    # Development only (a clinic's database is never downgraded).
    op.drop_column("exercises", "photo")
    op.drop_column("exercises", "picture")
