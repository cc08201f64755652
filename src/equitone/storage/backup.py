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
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from equitone.errors import (
    DamagedDatabaseError,
    DatabaseError,
    DiskFullError,
    NewerSchemaError,
    OperationCancelled,
    ReadOnlyDatabaseError,
)
from equitone.storage.failures import (
    DAMAGE_CODES,
    SQLITE_CANTOPEN,
    SQLITE_FULL,
    SQLITE_PERM,
    SQLITE_READONLY,
    is_busy,
    sqlite_code,
    translate,
)
from equitone.storage.files import FileProblemError, regular_file
from equitone.storage.header import NOT_SQLITE, describe_damage
from equitone.storage.schema import HEAD_REVISION, REVISIONS, identify

SQLITE_INTERRUPT = 9
PART_SUFFIX = ".part"
RESTORING_SUFFIX = ".restoring"

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


class BackupCancelledError(OperationCancelled):
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


def _busy_timeout_s() -> float:
    from equitone.storage.engines import BUSY_TIMEOUT_MS  # tests shorten it there

    return BUSY_TIMEOUT_MS / 1000


@contextlib.contextmanager
def open_read_only(path: Path) -> Iterator[sqlite3.Connection]:
    """A read-only connection; a file in a read-only folder (a CD, a locked share) is opened
    as immutable, since SQLite could not create its -shm index there."""
    timeout = _busy_timeout_s()
    conn: sqlite3.Connection | None = None
    try:
        conn = sqlite3.connect(_read_only_uri(path), uri=True, timeout=timeout)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.Error as exc:  # "not a database" too: a DatabaseError, not Operational
        if conn is not None:
            conn.close()  # else it lingers until the garbage collector finds it
        if not isinstance(exc, sqlite3.OperationalError):
            raise
        if is_busy(exc) or os.access(path.parent, os.W_OK):
            raise
        conn = sqlite3.connect(_read_only_uri(path, immutable=True), uri=True, timeout=timeout)
    try:
        yield conn
    finally:
        conn.close()


def _check_file(path: Path) -> int:
    """Cheap checks with `stat` only (the file may be a live database: never `open()` it,
    storage/file_lock.py): a regular, readable, non-empty file. Returns its size."""
    try:
        info = regular_file(path)
    except FileProblemError as problem:
        raise DatabaseError(f"Cannot read {path}: {problem}.") from None
    if info is None:
        raise DatabaseError(f"{path} does not exist or is not a file.")
    if not os.access(path, os.R_OK):
        raise DatabaseError(f"Cannot read {path}: permission denied.")
    if info.st_size == 0:
        raise DamagedDatabaseError(f"{path} is damaged: it is empty (0 bytes).")
    return info.st_size


def _has_wal(path: Path) -> bool:
    with contextlib.suppress(OSError):
        return Path(f"{path}-wal").stat().st_size > 0
    return False


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
    size = _check_file(path)
    real, path = path, shown_as or path
    try:
        with open_read_only(real) as conn:
            if cancelled is not None:
                conn.set_progress_handler(lambda: 1 if cancelled() else 0, CHECK_POLL_STEPS)
            check = "integrity_check" if thorough else "quick_check"
            problems = [row[0] for row in conn.execute(f"PRAGMA {check}")]
            if problems != ["ok"]:
                raise DamagedDatabaseError(
                    f"{path} failed SQLite's integrity check: {'; '.join(problems[:3])}."
                )
            found = identify(lambda sql: conn.execute(sql).fetchall())
            if not found.equitone or found.revision is None:
                raise DatabaseError(f"{path} is an SQLite file that was not made by Equitone.")
            revision = found.revision
            if revision not in REVISIONS:
                raise NewerSchemaError(
                    f"{path} was written by a newer version of Equitone (schema {revision}); "
                    f"this version knows up to {HEAD_REVISION}."
                )
            patients = int(conn.execute("SELECT count(*) FROM patients").fetchone()[0])
    except sqlite3.Error as exc:
        if cancelled is not None and sqlite_code(exc) == SQLITE_INTERRUPT:
            raise BackupCancelledError from None
        if sqlite_code(exc) in DAMAGE_CODES:
            # A backup or a chosen file, never the live database: its header may be read.
            why = describe_damage(real, size, has_journal=_has_wal(real))
            if why == NOT_SQLITE:
                raise DamagedDatabaseError(f"{path} is {why}.") from None
            if why is not None:
                raise DamagedDatabaseError(f"{path} is damaged: {why}.") from None
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
    """Which side failed decides the message: a source that is damaged or locked names the
    source; anything about writing (full, read-only, cannot create) names the target."""
    if isinstance(exc, sqlite3.Error):
        code = sqlite_code(exc)
        if code in DAMAGE_CODES or is_busy(exc):
            mapped = translate(exc, source)
            assert mapped is not None
            return mapped
        if code == SQLITE_FULL:
            return DiskFullError(f"Cannot write the backup {target}: the disk is full.")
        if code in (SQLITE_READONLY, SQLITE_PERM, SQLITE_CANTOPEN):
            return ReadOnlyDatabaseError(
                f"Cannot write the backup {target}: the folder {target.parent} is read-only "
                f"or not accessible ({exc})."
            )
        return DatabaseError(f"Cannot write the backup {target}: {exc}.")
    if exc.errno == errno.ENOSPC:
        return DiskFullError(f"Cannot write the backup {target}: the disk is full.")
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return ReadOnlyDatabaseError(
            f"Cannot write the backup {target}: the folder {target.parent} is read-only "
            f"({exc.strerror or exc})."
        )
    return DatabaseError(f"Cannot write the backup {target}: {(exc.strerror or str(exc))}.")


def staging_name(database: Path) -> str:
    """The verified copy a restore puts in place: `.<database name>.<pid>.restoring`."""
    return f".{database.name}.{os.getpid()}{RESTORING_SUFFIX}"


def part_prefix(target: Path) -> str:
    """Temporary copies are `.<target name>.<pid>.<random>.part`: the pid lets the next start
    tell a copy killed half-way (its process is gone) from one still being written."""
    return f".{target.name}.{os.getpid()}."


class _HealthCheck:
    """SQLite's quick_check of the database being copied, run in a thread beside the copy.

    The backup API copies pages without looking at them, so a page of random bytes would be
    copied into every backup unnoticed. quick_check reads and verifies every page (b-tree
    structure, cells, overflow chains, free list) and every record's header; a walk of the
    b-trees alone (a count per table or index) is cheaper but goes straight past a broken
    record (tests/storage/test_backup.py). It costs about as much CPU as the copy itself:
    beside it (SQLite releases the GIL) it adds little wall time while a core is free, and
    on a busy machine the two share what CPU there is (benchmarks/bench_backup.py).
    It reads with plain reads, not mmap (which saves a tenth of its CPU): a disk error
    under a memory-mapped page is a SIGBUS that would kill the window, not a damage report.
    Both read the database as last committed and the backup API copies pages byte for byte,
    so the copy holds the pages checked (a commit meanwhile restarts the copy with pages
    SQLite wrote itself)."""

    def __init__(self, source: Path) -> None:
        self.source = source
        self.found: list[str] = []
        self.error: sqlite3.Error | None = None
        self._conn: sqlite3.Connection | None = None
        self._ready = threading.Event()
        self._stopped = False
        self._thread = threading.Thread(target=self._run, name="backup-check", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            with open_read_only(self.source) as conn:
                self._conn = conn
                self._ready.set()
                if not self._stopped:
                    self.found = [row[0] for row in conn.execute("PRAGMA quick_check")]
        except sqlite3.Error as exc:
            self.error = exc
        finally:
            self._conn = None
            self._ready.set()

    def stop(self) -> None:
        self._stopped = True
        self._ready.wait()
        conn = self._conn
        if conn is not None:
            conn.interrupt()
        self._thread.join()

    def problem(self) -> str | None:
        """Waits for the check; what is wrong with the source, or None if it is healthy."""
        self._thread.join()
        if self.error is not None:
            if is_busy(self.error):
                return None  # could not look (another program's lock): the copy decides
            return str(self.error)
        if self.found != ["ok"]:
            return "; ".join(self.found[:3])
        return None


def copy_database(
    source: Path,
    target: Path,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    step_pages: int | None = None,
    checked: bool = False,
    damaged_as: Path | None = None,
) -> Path:
    """Copy the database `source` to `target` (owner-only) with the online backup API.

    Consistent while other connections read and write the source: SQLite restarts the copy
    if another connection changes it between steps. `step_pages=-1` copies in one step (one
    read snapshot; used by the background daily backup, which needs no progress).

    `checked`: the pages are verified while they are copied (_HealthCheck); a copy of a
    damaged database never takes `target`'s name — it is kept as `damaged_as` (deleted when
    None) and DamagedDatabaseError says so.
    """
    _check_file(source)
    try:
        handle, temp_name = tempfile.mkstemp(
            dir=target.parent, prefix=part_prefix(target), suffix=PART_SUFFIX
        )
    except OSError as exc:
        raise _reason(exc, source, target) from None
    os.close(handle)  # mkstemp creates it 0600: sqlite3 now writes into a private file
    temp = Path(temp_name)
    health = _HealthCheck(source) if checked else None
    try:
        _copy_pages(source, temp, progress, cancelled, step_pages)
        with temp.open("rb+") as stream:
            os.fsync(stream.fileno())
        temp.chmod(PRIVATE_FILE)
        if health is not None and (problem := health.problem()) is not None:
            _set_apart(temp, damaged_as)
            kept = f" The copy was kept apart as {damaged_as.name}." if damaged_as else ""
            raise DamagedDatabaseError(
                f"The database {source} is damaged: SQLite's check of the pages being backed "
                f"up found {problem}.{kept} This copy does not count as a backup; restore the "
                "newest good backup (File → Restore… or `equitone restore`)."
            )
        temp.replace(target)
        _fsync_directory(target.parent)
    except (OSError, sqlite3.Error) as exc:
        raise _reason(exc, source, target) from None
    finally:
        if health is not None:
            health.stop()
        for leftover in (temp, Path(f"{temp}-journal"), Path(f"{temp}-wal"), Path(f"{temp}-shm")):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()
    return target


def _copy_pages(
    source: Path, temp: Path, progress: Progress | None, cancelled: Cancelled | None,
    step_pages: int | None,
) -> None:
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


def _set_apart(temp: Path, damaged_as: Path | None) -> None:
    if damaged_as is not None:
        temp.replace(damaged_as)
        _fsync_directory(damaged_as.parent)
