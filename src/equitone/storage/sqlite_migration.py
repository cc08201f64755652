"""Schema upgrades of an SQLite file in one transaction, and what older versions left half-done.

pysqlite begins a transaction only before INSERT, UPDATE or DELETE: CREATE TABLE and ALTER
TABLE run on their own, each committed at once. An upgrade killed half-way therefore used to
keep its first statements — tables without a version row ("not made by Equitone" at every
start), or a column added without the version that adds it ("duplicate column name" at every
start). SQLite's DDL is transactional once a transaction is begun explicitly, so an upgrade
now starts with BEGIN IMMEDIATE (which also makes a second process wait for the first one's
upgrade instead of running it again) and commits once, at the end.

Files an older version left behind are repaired inside the same transaction: an unfinished
first creation — only Equitone's tables, every one of them empty, and no finished version —
is started over (dropping empty tables loses nothing); migration 0005 skips a column that is
already there. A new file is built under a temporary name and linked into place complete
(`create_whole`), so no start ever finds a half-made or zero-byte one.
"""

from __future__ import annotations

import contextlib
import glob
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine

from equitone.storage.models import Base
from equitone.storage.schema import APPLICATION_ID, HEAD_REVISION, REVISIONS

Fetch = Callable[[str], Sequence[Sequence[Any]]]

VERSION_TABLE = "alembic_version"
# Every table any revision creates (tests/storage/test_migrations.py: the models match them).
KNOWN_TABLES = frozenset(Base.metadata.tables) | {VERSION_TABLE}


def unfinished_creation(fetch: Fetch) -> tuple[str, ...]:
    """The tables an interrupted first creation left behind (to drop before creating the
    schema again), or () when the file is anything else: new, finished, upgraded part-way
    with records in it, or another program's."""
    tables = tuple(row[0] for row in fetch(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'"))
    if not tables or not set(tables) <= KNOWN_TABLES:
        return ()
    if VERSION_TABLE in tables:
        found = fetch("SELECT version_num FROM alembic_version")
        if found and (found[0][0] == HEAD_REVISION or found[0][0] not in REVISIONS):
            return ()
    ours = fetch("PRAGMA application_id")[0][0] == APPLICATION_ID
    if not ours and set(tables) != {VERSION_TABLE}:  # Alembic makes its table before 0001
        return ()
    for table in tables:
        if table != VERSION_TABLE and fetch(f'SELECT 1 FROM "{table}" LIMIT 1'):
            return ()  # a record: never drop it (names are from KNOWN_TABLES)
    return tables


def begin(connection: Connection) -> None:
    """Begin the upgrade's transaction on `connection` (holding the write lock until the
    commit), and drop what an interrupted first creation left, to start it over."""
    connection.exec_driver_sql("BEGIN IMMEDIATE")
    leftover = unfinished_creation(lambda sql: connection.exec_driver_sql(sql).fetchall())
    for table in leftover:
        connection.exec_driver_sql(f'DROP TABLE "{table}"')


# -- a new file --------------------------------------------------------------------------------
_NEW = ".new-"
_SIDE_FILES = ("", "-wal", "-shm", "-journal")


def create_whole(path: Path, make_engine: Callable[[Path], Engine]) -> None:
    """Create the database at `path` with the current schema, all or nothing: it is built
    under a temporary name beside `path` and linked into place complete, so a kill leaves no
    file at `path` (never an empty or half-made one), and a process creating the same file at
    the same moment keeps the first one made. Leftovers of killed creations are removed."""
    from equitone.storage.database import migrate

    remove_abandoned(path)
    building = path.with_name(f".{path.name}{_NEW}{os.getpid()}")
    _remove_with_side_files(building)
    engine = make_engine(building)
    try:
        migrate(engine)
    finally:
        engine.dispose()  # the last connection checkpoints the WAL into the file
    try:
        _link_into_place(building, path)
    finally:
        _remove_with_side_files(building)
    _sync_folder(path.parent)


def _link_into_place(building: Path, path: Path) -> None:
    try:
        os.link(building, path)  # fails when the file appeared meanwhile: that one is kept
    except FileExistsError:
        pass
    except OSError:  # a file system without hard links (some USB sticks): rename instead
        if not path.exists():
            building.rename(path)


def remove_abandoned(path: Path) -> None:
    """Remove what creations of `path` killed half-way left beside it (their process is
    gone): a database being built, or a second name of one already linked into place."""
    for found in path.parent.glob(f".{glob.escape(path.name)}{_NEW}*"):
        pid_text = found.name.rsplit(_NEW, 1)[1].split("-", 1)[0]
        if pid_text.isdigit() and not _alive(int(pid_text)):
            with contextlib.suppress(OSError):  # not ours to remove: it stays, harmless
                found.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return False  # a leftover of an earlier process that had our number
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _remove_with_side_files(path: Path) -> None:
    for suffix in _SIDE_FILES:
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _sync_folder(folder: Path) -> None:
    """Make the new name durable (the file's contents were synced by SQLite)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
