"""PostgreSQL (psycopg 3): a clinic's shared database on a server.

The counterparts of what SQLite does per file:
- the look before opening is a read-only transaction: Equitone's revision table, or an empty
  schema; tables of some other program, or a revision newer than this version, are refused
  untouched (the same NewerSchemaError as for a file);
- SQLite's busy timeout is the server's `lock_timeout` (a row locked by another workstation
  for longer is reported busy, never as a traceback);
- a schema upgrade takes a transaction-level advisory lock, so two workstations updated at
  the same moment upgrade once; PostgreSQL's DDL is transactional, so a failed upgrade leaves
  the schema as it was;
- connections are checked before use (`pool_pre_ping`): a server restart between two
  actions costs one reconnect, not an error;
- sessions run in UTC, so server-side timestamps mean what they mean in a file.
The password is never stored here: storage/credentials.py supplies it just before connecting.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import TYPE_CHECKING

from sqlalchemy import create_engine, text

from equitone.errors import DatabaseError, NewerSchemaError
from equitone.storage.engines import Backend, Probe
from equitone.storage.failures import translate_server
from equitone.storage.schema import HEAD_REVISION, REVISIONS

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine

CONNECT_TIMEOUT_S = 10
# Any 64-bit numbers fixed for Equitone: "EqTmig" and "EqTcat" in ASCII.
MIGRATION_LOCK_KEY = 0x45715436D6967
STARTUP_LOCK_KEY = 0x457154636174
APPLICATION_NAME = "Equitone"


def driver_missing() -> DatabaseError:
    return DatabaseError(
        "This Equitone has no PostgreSQL driver; install it with the clinic option: "
        "pip install 'equitone[postgres]'."
    )


class PostgresBackend(Backend):
    def create_engine(self, *, connect_timeout_s: int = CONNECT_TIMEOUT_S) -> Engine:
        try:
            import psycopg  # noqa: F401 - only to give a clear message when it is missing
        except ImportError:
            raise driver_missing() from None
        from equitone.storage.credentials import with_saved_password
        from equitone.storage.engines import BUSY_TIMEOUT_MS  # one knob for both engines

        location = with_saved_password(self.location)
        return create_engine(
            location.sqlalchemy_url(),
            hide_parameters=True,
            pool_pre_ping=True,
            connect_args={
                "connect_timeout": connect_timeout_s,
                "application_name": APPLICATION_NAME,
                # UTC: `current_timestamp` defaults (created_at, updated_at) are naive UTC
                # times, as SQLite's CURRENT_TIMESTAMP gives, whatever the server's zone.
                "options": f"-c lock_timeout={int(BUSY_TIMEOUT_MS)} -c TimeZone=UTC",
            },
        )

    def translate(self, error: BaseException) -> DatabaseError | None:
        return translate_server(error, self.describe(), self.location.user)

    def probe(self) -> Probe:
        engine = self.create_engine()
        try:
            with self.translated(), engine.connect() as conn:
                return self.probe_connection(conn)
        finally:
            engine.dispose()

    def probe_connection(self, conn: Connection) -> Probe:
        """The probe on an open connection (read-only transaction, rolled back)."""
        where = self.describe()
        conn.exec_driver_sql("SET TRANSACTION READ ONLY")
        tables = set(conn.execute(text(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = current_schema()"
        )).scalars())
        revision = None
        if "alembic_version" in tables:
            revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        conn.rollback()
        if revision is None and tables:
            raise DatabaseError(
                f"Cannot open the database {where}: it holds tables that were not made by "
                "Equitone. Use an empty database for Equitone."
            )
        if revision is not None and revision not in REVISIONS:
            raise NewerSchemaError(
                f"The database {where} was written by a newer version of Equitone "
                f"(schema {revision}); this version knows up to {HEAD_REVISION}. "
                "It has not been changed. Please update Equitone to open it."
            )
        return Probe(exists=True, revision=revision)

    @contextlib.contextmanager
    def one_at_a_time(self, engine: Engine) -> Iterator[None]:
        """A session-level advisory lock on a connection of its own, held for the block."""
        with self.translated(), engine.connect() as holder:
            holder.execute(text("SELECT pg_advisory_lock(:key)"), {"key": STARTUP_LOCK_KEY})
            holder.commit()
            try:
                yield
            finally:
                holder.execute(text("SELECT pg_advisory_unlock(:key)"),
                               {"key": STARTUP_LOCK_KEY})
                holder.commit()

    def lock_for_migration(self, connection: Connection) -> None:
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"),
                           {"key": MIGRATION_LOCK_KEY})
