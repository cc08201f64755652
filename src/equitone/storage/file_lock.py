"""Is another process using an SQLite file? Asked the way SQLite itself would find out.

SQLite (Unix) marks a connection's use of a database with POSIX record locks on a few bytes
far into the file (https://www.sqlite.org/lockingv3.html, os_unix.c): every open connection of
a database in WAL mode holds a shared lock there for as long as it is open, a writer in
rollback mode an exclusive one. Trying to take an exclusive lock on that range, without
waiting, therefore says "nobody else" or "someone else" without changing a byte — and, held
while a restore renames its copy into place, keeps any other Equitone from opening the old
file in that moment.

POSIX locks belong to the process, and closing *any* descriptor of a file drops all of them.
That is why the rest of the code never opens a live database with plain `open()` (it would
silently release the locks of this process's own SQLite connections), and why these functions
must only be used on a database this process does not have open with SQLite (a restore
closes its own connections first).

Windows: SQLite's locks there are not visible to this check; replacing a file that another
process has open fails there anyway (the restore reports it busy).
"""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Iterator
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]

# os_unix.c: PENDING_BYTE = 0x40000000, then RESERVED_BYTE, then SHARED_SIZE = 510 bytes.
PENDING_BYTE = 0x4000_0000
LOCK_RANGE = 2 + 510


def _try_lock(fd: int, kind: int) -> bool:
    assert fcntl is not None
    try:
        fcntl.lockf(fd, kind | fcntl.LOCK_NB, LOCK_RANGE, PENDING_BYTE)
    except OSError as exc:
        if exc.errno in (errno.EACCES, errno.EAGAIN):
            return False
        raise
    return True


@contextlib.contextmanager
def locked_against_others(path: Path) -> Iterator[bool]:
    """Hold SQLite's locks on `path` exclusively inside the block; yields False (holding
    nothing) when another process uses the file, True otherwise (also when the file does not
    exist, or on a platform without POSIX locks)."""
    if fcntl is None:
        yield True
        return
    flags = os.O_NONBLOCK | os.O_CLOEXEC | os.O_NOCTTY
    kind = fcntl.LOCK_EX
    try:
        fd = os.open(path, os.O_RDWR | flags)
    except FileNotFoundError:
        yield True
        return
    except OSError as exc:
        if exc.errno not in (errno.EACCES, errno.EPERM, errno.EROFS):
            raise
        # A read-only file: a shared lock still collides with any writer.
        fd, kind = os.open(path, os.O_RDONLY | flags), fcntl.LOCK_SH
    try:
        yield _try_lock(fd, kind)
    finally:
        os.close(fd)  # releases the lock


def in_use_elsewhere(path: Path) -> bool:
    """True when another process has the database open (or locked)."""
    with locked_against_others(path) as free:
        return not free
