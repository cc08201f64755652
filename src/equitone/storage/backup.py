"""Consistent copies of a live database with SQLite's online backup API, and their inspection.

Plain sqlite3 (no SQLAlchemy): backups run at start-up and before migrations, where import
time counts, and they must not depend on the ORM being able to read the file.

A copy is written to a hidden temporary file in the target folder, switched out of WAL mode
(so it is one self-contained file that opens read-only anywhere), flushed to disk, made
owner-only and only then renamed into place: a crash or a full disk never leaves a
half-written file under a backup's name.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from equitone.errors import DatabaseError, NewerSchemaError
from equitone.storage.failures import DamagedDatabaseError, DiskFullError, translate
from equitone.storage.header import SQLITE_MAGIC, truncation_problem
from equitone.storage.schema import APPLICATION_ID, HEAD_REVISION, REVISIONS

# (pages copied, pages in total); called between steps of the copy.
Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]

# 1,024 pages (4 MiB at the default page size) per step: about 40 progress updates for the
# benchmark's 10,000-patient database, and too few steps to cost measurable time.
STEP_PAGES = 1024
# SQLite virtual-machine steps between polls of `cancelled` during an integrity check
# (roughly every few milliseconds).
CHECK_POLL_STEPS = 50_000
PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700


class BackupCancelledError(Exception):
    """The user stopped a copy; nothing was written under the target's name."""


@dataclass(frozen=True, slots=True)
class Inspection:
    """What a read-only look at a candidate backup found (it passed every check)."""

    path: Path
    revision: str
    patients: int
    size: int


def _read_only_uri(path: Path, *, immutable: bool = False) -> str:
    uri = f"{path.resolve().as_uri()}?mode=ro"
    return uri + "&immutable=1" if immutable else uri


@contextlib.contextmanager
def open_read_only(path: Path) -> Iterator[sqlite3.Connection]:
    """A read-only connection; a file in a read-only folder (a CD, a locked share) is opened
    as immutable, since SQLite could not create its -shm index there."""
    try:
        conn = sqlite3.connect(_read_only_uri(path), uri=True)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError:
        if os.access(path.parent, os.W_OK):
            raise
        conn = sqlite3.connect(_read_only_uri(path, immutable=True), uri=True)
    try:
        yield conn
    finally:
        conn.close()


def _check_file(path: Path) -> None:
    """Cheap checks without SQLite: exists, readable, SQLite magic, not truncated."""
    if not path.is_file():
        raise DatabaseError(f"{path} does not exist or is not a file.")
    try:
        with path.open("rb") as handle:
            first = handle.read(100)
        size = path.stat().st_size
    except OSError as exc:
        raise DatabaseError(f"Cannot read {path}: {exc.strerror or exc}.") from None
    if not first.startswith(SQLITE_MAGIC):
        raise DamagedDatabaseError(f"{path} is not an Equitone database (not an SQLite file).")
    wal = Path(f"{path}-wal")
    cut = truncation_problem(first, size, has_journal=wal.is_file() and wal.stat().st_size > 0)
    if cut:
        raise DamagedDatabaseError(f"{path} is damaged: {cut}.")


def inspect(
    path: Path,
    *,
    thorough: bool = True,
    shown_as: Path | None = None,
    cancelled: Cancelled | None = None,
) -> Inspection:
    """Prove `path` is a healthy Equitone database this version can open, without writing it.

    `thorough` runs the full `integrity_check` (every page and index); otherwise the faster
    `quick_check`. Raises DamagedDatabaseError / NewerSchemaError / DatabaseError, naming
    `shown_as` (the file the user chose, when `path` is a private copy of it).
    `cancelled` is polled while the check runs (a GUI keeps its window alive through it) and
    stops it with BackupCancelledError.
    """
    _check_file(path)
    real, path = path, shown_as or path
    try:
        with open_read_only(real) as conn:
            if cancelled is not None:
                conn.set_progress_handler(lambda: 1 if cancelled() else 0, CHECK_POLL_STEPS)
            check = "integrity_check" if thorough else "quick_check"
            found = [row[0] for row in conn.execute(f"PRAGMA {check}")]
            if found != ["ok"]:
                raise DamagedDatabaseError(
                    f"{path} failed SQLite's integrity check: {'; '.join(found[:3])}."
                )
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            if "alembic_version" not in tables or app_id != APPLICATION_ID:
                raise DatabaseError(f"{path} is an SQLite file that was not made by Equitone.")
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = str(row[0]) if row else ""
            if revision not in REVISIONS:
                raise NewerSchemaError(
                    f"{path} was written by a newer version of Equitone (schema {revision}); "
                    f"this version knows up to {HEAD_REVISION}."
                )
            patients = int(conn.execute("SELECT count(*) FROM patients").fetchone()[0])
    except sqlite3.Error as exc:
        if cancelled is not None and "interrupted" in str(exc):
            raise BackupCancelledError from None
        mapped = translate(exc, path)
        if isinstance(mapped, DamagedDatabaseError) or mapped is None:
            raise DamagedDatabaseError(f"{path} is damaged ({exc}).") from None
        raise mapped from None
    return Inspection(path=path, revision=revision, patients=patients, size=real.stat().st_size)


def _fsync_directory(directory: Path) -> None:
    with contextlib.suppress(OSError):  # not supported everywhere (Windows); best effort
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def make_private_dir(directory: Path) -> None:
    """Create `directory` owner-only (0700), or tighten it if it exists and is ours."""
    directory.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR)
    with contextlib.suppress(OSError):
        if directory.stat().st_mode & 0o077:
            directory.chmod(PRIVATE_DIR)


def _reason(exc: OSError | sqlite3.Error, source: Path, target: Path) -> DatabaseError:
    if isinstance(exc, sqlite3.Error):
        mapped = translate(exc, source)
        if isinstance(mapped, DamagedDatabaseError):
            return mapped  # the source could not be read: it names the source
        if mapped is not None and not isinstance(mapped, DiskFullError):
            return mapped
        if isinstance(mapped, DiskFullError) or "full" in str(exc):
            return DiskFullError(f"Cannot write the backup {target}: the disk is full.")
        return DatabaseError(f"Cannot write the backup {target}: {exc}.")
    if exc.errno == errno.ENOSPC:
        return DiskFullError(f"Cannot write the backup {target}: the disk is full.")
    return DatabaseError(f"Cannot write the backup {target}: {(exc.strerror or str(exc))}.")


def copy_database(
    source: Path,
    target: Path,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    step_pages: int | None = None,
) -> Path:
    """Copy the database `source` to `target` (owner-only) with the online backup API.

    Consistent while other connections read and write the source: SQLite restarts the copy
    if another connection changes it between steps. `step_pages=-1` copies in one step (one
    read snapshot; used by the background daily backup, which needs no progress).
    """
    _check_file(source)
    try:
        handle, temp_name = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.name}.", suffix=".part"
        )
    except OSError as exc:
        raise _reason(exc, source, target) from None
    os.close(handle)  # mkstemp creates it 0600: sqlite3 now writes into a private file
    temp = Path(temp_name)
    try:
        with open_read_only(source) as src:
            dest = sqlite3.connect(temp)
            try:

                def step(_status: int, remaining: int, total: int) -> None:
                    if progress is not None:
                        progress(total - remaining, total)
                    if cancelled is not None and cancelled():
                        raise BackupCancelledError

                pages = STEP_PAGES if step_pages is None else step_pages
                src.backup(dest, pages=pages, progress=step)
                # One self-contained file: no -wal/-shm needed to read it later.
                dest.execute("PRAGMA journal_mode = DELETE").fetchone()
            finally:
                dest.close()
        with temp.open("rb+") as stream:
            os.fsync(stream.fileno())
        temp.chmod(PRIVATE_FILE)
        temp.replace(target)
        _fsync_directory(target.parent)
    except (OSError, sqlite3.Error) as exc:
        raise _reason(exc, source, target) from None
    finally:
        for leftover in (temp, Path(f"{temp}-journal"), Path(f"{temp}-wal"), Path(f"{temp}-shm")):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()
    return target
