"""`equitone check` on a clinic server: what a read-only look at a PostgreSQL database finds.

The counterpart of SQLite's integrity check where the file is not ours to read: the server
answers (and which version it is), Equitone's schema revision, the append-only triggers of
the audit trail, constraints that were never validated, and how many records there are. One
read-only transaction; nothing is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select, text
from sqlalchemy import table as table_

from equitone.storage.chain_check import version_problems
from equitone.storage.engines import Probe
from equitone.storage.location import DatabaseLocation
from equitone.storage.postgres_backend import PostgresBackend

AUDIT_TRIGGERS = ("audit_log_no_update", "audit_log_no_delete")
COUNTED = ("patients", "exercises", "muscles")


@dataclass(frozen=True, slots=True)
class ServerFacts:
    server_version: str
    probe: Probe
    audit_triggers_missing: tuple[str, ...]
    unvalidated_constraints: tuple[str, ...]
    counts: dict[str, int] = field(default_factory=dict)
    version_problems: tuple[str, ...] = ()  # storage/chain_check.py


def server_state(location: DatabaseLocation, *, timeout_s: int) -> tuple[str, Probe]:
    """Log in (giving up after `timeout_s`) and probe: the server's version and what Equitone
    finds there. Raises the DatabaseError opening would raise."""
    backend = PostgresBackend(location)
    engine = backend.create_engine(connect_timeout_s=timeout_s)
    try:
        with backend.translated(), engine.connect() as conn:
            found = backend.probe_connection(conn)
            version = str(conn.execute(text("SHOW server_version")).scalar())
            conn.rollback()
    finally:
        engine.dispose()
    return version.split(" ")[0], found


def inspect_server(location: DatabaseLocation) -> ServerFacts:
    """Raises the same DatabaseError/NewerSchemaError as opening would, with its message."""
    backend = PostgresBackend(location)
    engine = backend.create_engine()
    try:
        with backend.translated(), engine.connect() as conn:
            found = backend.probe_connection(conn)
            conn.exec_driver_sql("SET TRANSACTION READ ONLY")
            version = str(conn.execute(text("SHOW server_version")).scalar())
            tables = set(conn.execute(text(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = current_schema()"
            )).scalars())
            triggers = set(conn.execute(text(
                "SELECT t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE c.relname = 'audit_log' AND c.relnamespace = "
                "current_schema()::regnamespace AND NOT t.tgisinternal"
            )).scalars())
            unvalidated = tuple(conn.execute(text(
                "SELECT conname FROM pg_constraint WHERE NOT convalidated "
                "AND connamespace = current_schema()::regnamespace ORDER BY conname"
            )).scalars())
            counts = {
                table: int(conn.execute(select(func.count()).select_from(table_(table)))
                           .scalar() or 0)
                for table in COUNTED if table in tables
            }
            chains = tuple(version_problems(
                lambda sql: conn.exec_driver_sql(sql).fetchall(), found.revision))
            conn.rollback()
    finally:
        engine.dispose()
    missing = tuple(t for t in AUDIT_TRIGGERS if t not in triggers) if "audit_log" in tables else ()
    return ServerFacts(version, found, missing, unvalidated, counts, chains)
