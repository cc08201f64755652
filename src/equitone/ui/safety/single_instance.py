"""One Equitone window per database (QLocalServer/QLocalSocket, as qutebrowser does).

A second `equitone` on the same database file asks the running one to come to the front and
exits; another database gets its own window. The server's name is derived from the database
file's device and inode, so `--db ./x`, `--db /abs/x` and a hard link to it meet (a restore
gives the file a new inode: the window then listens under the new name); for a clinic
server, from its address without password (`DatabaseLocation.key()`).

Start-up is timed against a bare Qt window, so the check before the window costs one
`os.path.exists` on the socket file: only when the file exists is QtNetwork imported to ask
the other process. The server (instance_server.py) starts after the first paint; two windows
started in the same instant both paint, then the later one finds the address taken, hands over
and closes.
"""

from __future__ import annotations

import os
import stat
import sys
import zlib
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from equitone.storage.location import DatabaseLocation

REQUEST = b"raise\n"
ANSWER = b"ok\n"
ASK_TIMEOUT_MS = 1000


def _socket_folder() -> Path | None:
    """A private folder for the sockets, or None if none can be trusted."""
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    base = Path(runtime) if runtime and Path(runtime).is_dir() else None
    getuid = getattr(os, "getuid", None)
    uid = getuid() if getuid is not None else 0
    folder = (base or Path(os.environ.get("TMPDIR") or "/tmp")) / f"equitone-{uid}"
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
        info = folder.lstat()
    except OSError:
        return None
    # Someone else's folder (or a symlink) in a shared /tmp: don't talk through it.
    if not stat.S_ISDIR(info.st_mode) or (getuid is not None and info.st_uid != uid):
        return None
    if info.st_mode & 0o077:
        try:
            folder.chmod(0o700)
        except OSError:
            return None
    return folder


def identity(database: Path | DatabaseLocation) -> str:
    """What makes two ways of naming a database the same one: a server's address (without
    password), or the file's device and inode — a hard link or another spelling of the path
    is the same file; a file not created yet is known by its resolved path."""
    if not isinstance(database, Path):
        if database.is_server:
            return database.key()
        assert database.path is not None
        database = database.path
    try:
        info = database.stat()
    except OSError:
        return os.path.realpath(database)
    return f"file {info.st_dev}:{info.st_ino}"


def server_name(database: Path | DatabaseLocation) -> str | None:
    """The QLocalServer name for `database`: a short socket path on Unix (sun_path holds
    about 100 bytes), a plain name elsewhere (Windows named pipes)."""
    key = identity(database).encode("utf-8", "surrogateescape")
    digest = f"{zlib.crc32(key):08x}{zlib.adler32(key):08x}"
    if sys.platform == "win32":
        return f"equitone-{digest}"
    folder = _socket_folder()
    return str(folder / f"{digest}.sock") if folder is not None else None


def ask_running_instance(
    database: Path | DatabaseLocation, timeout_ms: int | None = None
) -> bool:
    """True if an Equitone already has `database` open (it was asked to come to the front)."""
    timeout_ms = ASK_TIMEOUT_MS if timeout_ms is None else timeout_ms
    name = server_name(database)
    if name is None or (sys.platform != "win32" and not Path(name).exists()):
        return False
    from PySide6.QtNetwork import QLocalSocket

    sock = QLocalSocket()
    sock.connectToServer(name)
    if not sock.waitForConnected(timeout_ms):
        return False  # a socket file left by a crashed instance
    sock.write(REQUEST)
    sock.waitForBytesWritten(timeout_ms)
    sock.waitForReadyRead(timeout_ms)
    sock.disconnectFromServer()
    return True


def running_instance_answers(database_arg: str | None) -> bool:
    """Before the window exists: is another Equitone serving this database? (True = it was
    brought to the front.) With no Equitone socket at all, the database path is not even
    resolved — that costs an import the first paint should not wait for."""
    folder = _socket_folder() if sys.platform != "win32" else None
    if sys.platform != "win32" and (folder is None or not any(folder.glob("*.sock"))):
        return False
    from equitone import paths
    from equitone.errors import EquitoneError
    from equitone.storage.choice import resolve_location

    chosen = database_arg or os.environ.get(paths.DB_ENV)
    if chosen and "://" not in chosen:
        # A file named outright, as DatabaseLocation.sqlite() takes it: no address parser.
        return ask_running_instance(Path(chosen).expanduser())
    try:
        location = resolve_location(database_arg)[0]
    except EquitoneError:  # a bad --db: the open stage says so
        return False
    return ask_running_instance(location)
