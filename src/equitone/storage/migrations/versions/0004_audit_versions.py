"""Audit trail, assessment versions and patient uuids.

- `audit_log`: one row per change to clinical data (who, when in UTC, old and new values).
  Triggers make it append-only: the database refuses UPDATE and DELETE on it (and TRUNCATE on
  PostgreSQL), whoever asks.
- `assessments.version` / `assessments.supersedes_id`: an amendment of a signed assessment is
  a new version that supersedes it (sessions have had the same pair since 0003).
- `patients.uuid`: a stable identity that patient archives carry across databases. Existing
  rows get a fresh random one.

Revision ID: 0004_audit_versions
Revises: 0003_sessions
"""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from alembic import op

revision = "0004_audit_versions"
down_revision = "0003_sessions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("at_utc", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=True),
        sa.Column("entity", sa.String(20), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(20), nullable=False),
        sa.Column("old_values", sa.JSON(), nullable=True),
        sa.Column("new_values", sa.JSON(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
    )
    op.create_index("ix_audit_log_patient", "audit_log", ["patient_id", "id"])
    op.create_index("ix_audit_log_entity", "audit_log", ["entity", "entity_id"])
    postgres = op.get_bind().dialect.name == "postgresql"
    if postgres:
        _postgres_append_only()
    else:
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER audit_log_no_{verb.lower()} BEFORE {verb} ON audit_log "
                "BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END"
            )

    # Plain ADD COLUMN, never a batch table copy: rebuilding `assessments` or `patients` would
    # DROP the old table, and with foreign keys on SQLite turns that into a DELETE that
    # cascades to every tone tag (or is refused by the sessions' RESTRICT).
    op.add_column(
        "assessments",
        sa.Column("version", sa.Integer(), nullable=False, server_default=sa.text("1")),
    )
    # Alembic cannot add a column with its foreign key on SQLite; SQLite itself can, inline.
    op.execute(
        "ALTER TABLE assessments ADD COLUMN supersedes_id INTEGER REFERENCES assessments (id)"
    )
    op.create_index("ix_assessments_supersedes_id", "assessments", ["supersedes_id"])

    op.add_column("patients", sa.Column("uuid", sa.String(36), nullable=True))
    patients = sa.table("patients", sa.column("id", sa.Integer), sa.column("uuid", sa.String))
    connection = op.get_bind()
    ids = [row[0] for row in connection.execute(sa.select(patients.c.id))]
    for patient_id in ids:
        connection.execute(
            patients.update().where(patients.c.id == patient_id).values(uuid=uuid.uuid4().hex)
        )
    op.create_index("ix_patients_uuid", "patients", ["uuid"], unique=True)
    # ADD COLUMN cannot take a computed default, so triggers play the part of
    # "NOT NULL DEFAULT random": rows inserted without the ORM (bulk loaders) get a uuid, and
    # nobody can blank one.
    if postgres:
        _postgres_uuid_triggers()
        return
    op.execute(
        "CREATE TRIGGER patients_uuid_default AFTER INSERT ON patients "
        "WHEN NEW.uuid IS NULL BEGIN "
        "UPDATE patients SET uuid = lower(hex(randomblob(16))) WHERE id = NEW.id; END"
    )
    op.execute(
        "CREATE TRIGGER patients_uuid_required BEFORE UPDATE OF uuid ON patients "
        "WHEN NEW.uuid IS NULL BEGIN SELECT RAISE(ABORT, 'a patient keeps its uuid'); END"
    )


# -- PostgreSQL: the same rules as plpgsql trigger functions --------------------------------
def _postgres_append_only() -> None:
    op.execute(
        "CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "BEGIN RAISE EXCEPTION 'the audit trail is append-only' "
        "USING ERRCODE = 'restrict_violation'; END $$"
    )
    for verb in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER audit_log_no_{verb.lower()} BEFORE {verb} ON audit_log "
            "FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()"
        )
    op.execute(
        "CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log "
        "FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()"
    )


def _postgres_uuid_triggers() -> None:
    # BEFORE triggers can set NEW.uuid directly (SQLite needs an UPDATE after the insert).
    op.execute(
        "CREATE FUNCTION patients_uuid_fill() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        "IF NEW.uuid IS NULL THEN "
        "IF TG_OP = 'UPDATE' THEN RAISE EXCEPTION 'a patient keeps its uuid' "
        "USING ERRCODE = 'not_null_violation'; END IF; "
        "NEW.uuid := replace(gen_random_uuid()::text, '-', ''); END IF; "
        "RETURN NEW; END $$"
    )
    op.execute(
        "CREATE TRIGGER patients_uuid_default BEFORE INSERT ON patients "
        "FOR EACH ROW EXECUTE FUNCTION patients_uuid_fill()"
    )
    op.execute(
        "CREATE TRIGGER patients_uuid_required BEFORE UPDATE OF uuid ON patients "
        "FOR EACH ROW EXECUTE FUNCTION patients_uuid_fill()"
    )


def downgrade() -> None:
    # Equitone never downgrades a clinic's database (a newer schema is refused untouched);
    # this exists for development only and drops the new columns with plain DROP COLUMN.
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER patients_uuid_required ON patients")
        op.execute("DROP TRIGGER patients_uuid_default ON patients")
        op.execute("DROP FUNCTION patients_uuid_fill()")
    else:
        op.execute("DROP TRIGGER patients_uuid_required")
        op.execute("DROP TRIGGER patients_uuid_default")
    op.drop_index("ix_patients_uuid", table_name="patients")
    op.execute("ALTER TABLE patients DROP COLUMN uuid")
    op.drop_index("ix_assessments_supersedes_id", table_name="assessments")
    op.execute("ALTER TABLE assessments DROP COLUMN supersedes_id")
    op.execute("ALTER TABLE assessments DROP COLUMN version")
    op.drop_table("audit_log")  # its triggers go with it
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION audit_log_append_only()")
