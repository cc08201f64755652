"""Looking at and reading files the user named, safely: regular files only, bounded reads.

A path on the command line or in a file dialog may name anything: a character device
(`/dev/zero`, `/dev/urandom`), a named pipe that blocks whoever opens it, a socket, a folder,
a name longer than the file system allows. Equitone reads and writes regular files only, so
each of these is refused with one sentence before anything is opened, and a read never takes
more than a fixed number of bytes (a size from `stat` proves nothing: devices report 0).
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path


class FileProblemError(Exception):
    """`str(problem)` completes "…: " after the file's name, e.g. "it is a folder"."""


def _os_problem(exc: OSError) -> FileProblemError:
    if exc.errno == errno.ENAMETOOLONG:
        return FileProblemError("the name is too long for the file system")
    if exc.errno in (errno.EACCES, errno.EPERM):
        return FileProblemError("permission denied")
    if exc.errno == errno.ELOOP:
        return FileProblemError("it is a loop of symbolic links")
    if exc.errno == errno.ENOTDIR:
        return FileProblemError("part of the path is not a folder")
    return FileProblemError(str(exc.strerror or exc).rstrip(".").lower())


def look(path: Path) -> os.stat_result | None:
    """`stat` of `path` (links followed), None when nothing is there; FileProblemError when the
    path cannot even be looked at (too long, permission denied, …)."""
    try:
        return path.stat()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise _os_problem(exc) from None


def kind_problem(info: os.stat_result) -> str | None:
    """What is wrong with a path that exists but is not a regular file, or None."""
    mode = info.st_mode
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "it is a folder"
    if stat.S_ISFIFO(mode):
        return "it is a named pipe, not a file"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "it is a device, not a file"
    if stat.S_ISSOCK(mode):
        return "it is a socket, not a file"
    return "it is not a regular file"


def regular_file(path: Path) -> os.stat_result | None:
    """`look`, and a FileProblemError unless what is there is a regular file."""
    info = look(path)
    if info is not None and (problem := kind_problem(info)) is not None:
        raise FileProblemError(problem)
    return info


def same_file(a: Path, b: Path) -> bool:
    """True when both paths name one file (the same inode: a symbolic or a hard link too)."""
    try:
        first, second = a.stat(), b.stat()
    except OSError:
        return False
    return (first.st_dev, first.st_ino) == (second.st_dev, second.st_ino)


def folder_problem(folder: Path) -> str | None:
    """Why files cannot be created in `folder`, or None."""
    try:
        info = look(folder)
    except FileProblemError as problem:
        return f"the folder {folder} cannot be used ({problem})"
    if info is None or not stat.S_ISDIR(info.st_mode):
        return f"the folder {folder} does not exist"
    return None


def read_bounded(path: Path, limit: int) -> bytes:
    """The whole content of the regular file `path`, refused (FileProblemError) when it is longer
    than `limit` bytes or not a regular file. Never blocks on a pipe or reads a device."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise
    except OSError as exc:
        raise _os_problem(exc) from None
    try:
        problem = kind_problem(os.fstat(fd))
        if problem is not None:
            raise FileProblemError(problem)
        chunks, total = [], 0
        while total <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > limit:
            raise FileProblemError(f"it is larger than {limit // (1024 * 1024)} MB")
        return b"".join(chunks)
    except OSError as exc:
        raise _os_problem(exc) from None
    finally:
        os.close(fd)
