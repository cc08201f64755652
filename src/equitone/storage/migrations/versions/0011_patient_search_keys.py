"""The patients' search and sort keys: finding people without accents, case or punctuation.

`nunez` must find Núñez and `obrien` O'Brien on SQLite and PostgreSQL alike, and the list must
sort Élodie among the E's. Neither engine can fold accents portably in SQL (SQLite's lower()
knows only ASCII; PostgreSQL's unaccent is an extension a clinic server may not have), so the
folded text is stored: `patients.search_key` (name, phone, e-mail, notes: what a search
matches) and `patients.name_sort_key` (the folded name, numbers padded: what the list sorts by,
indexed). domain/search_key.py folds; the ORM keeps the keys in step on every write
(storage/models.py); this revision fills them for the patients already stored.

(Numbered after 0010_server_identity, which landed first. If the lead renumbers, only
`down_revision` and the names change.)

Revision ID: 0011_patient_search_keys
Revises: 0010_server_identity
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from equitone.domain.search_key import name_sort_key, patient_search_key

revision = "0011_patient_search_keys"
down_revision = "0010_server_identity"
branch_labels = None
depends_on = None

_BATCH = 500


def upgrade() -> None:
    op.add_column("patients", sa.Column("search_key", sa.Text(), nullable=False,
                                        server_default=""))
    op.add_column("patients", sa.Column("name_sort_key", sa.Text(), nullable=False,
                                        server_default=""))
    op.create_index("ix_patients_name_sort_key", "patients", ["name_sort_key"])
    patients = sa.table(
        "patients", sa.column("id", sa.Integer), sa.column("name", sa.String),
        sa.column("phone", sa.String), sa.column("email", sa.String),
        sa.column("notes", sa.Text), sa.column("search_key", sa.Text),
        sa.column("name_sort_key", sa.String),
    )
    conn = op.get_bind()
    rows = conn.execute(sa.select(patients.c.id, patients.c.name, patients.c.phone,
                                  patients.c.email, patients.c.notes)).all()
    update = (
        patients.update().where(patients.c.id == sa.bindparam("row_id"))
        .values(search_key=sa.bindparam("key"), name_sort_key=sa.bindparam("sort"))
    )
    keys = [
        {"row_id": r.id, "key": patient_search_key(r.name, r.phone or "", r.email or "",
                                                   r.notes or ""),
         "sort": name_sort_key(r.name)}
        for r in rows
    ]
    for start in range(0, len(keys), _BATCH):
        conn.execute(update, keys[start:start + _BATCH])


def downgrade() -> None:
    # Development only (a clinic's database is never downgraded).
    op.drop_index("ix_patients_name_sort_key", table_name="patients")
    op.drop_column("patients", "name_sort_key")
    op.drop_column("patients", "search_key")
