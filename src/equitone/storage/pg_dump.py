"""Backups of a PostgreSQL database with `pg_dump` (custom format), the server counterpart of
SQLite's online backup API.

`pg_dump` reads one consistent snapshot while the workstations keep working, like SQLite's
backup API. It is an external program (Debian: postgresql-client); where it is missing a
backup is cleanly unavailable with a message saying what to install.

As with files: the dump goes to a hidden temporary file in the target folder, is checked to
be a readable archive (`pg_restore --list`), made owner-only and only then renamed into
place. The password reaches pg_dump through its environment (PGPASSWORD), never its command
line (which `ps` shows to everybody). Progress counts the tables pg_dump reports (--verbose).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

from equitone.errors import DatabaseError, OperationCancelled
from equitone.storage.location import DatabaseLocation, mask_passwords

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]

PRIVATE_FILE = 0o600
POLL_S = 0.05
DUMP_SUFFIX = ".pgdump"
_TABLE_DONE = re.compile(r"dumping contents of table")


class DumpCancelledError(OperationCancelled):
    """The user stopped the dump; nothing was written under the target's name."""


def _version_key(path: Path) -> tuple[int, ...]:
    return tuple(int(d) for d in path.parent.parent.name.split(".") if d.isdigit())


def find_tool(name: str) -> Path | None:
    """`pg_dump`/`pg_restore`: on PATH, else the newest /usr/lib/postgresql/*/bin (Debian)."""
    on_path = shutil.which(name)
    if on_path:
        return Path(on_path)
    found = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), key=_version_key,
                   reverse=True)
    return found[0] if found else None


def unavailable(location: DatabaseLocation) -> DatabaseError:
    return DatabaseError(
        f"Backups of the clinic server {location.display()} need PostgreSQL's pg_dump, which "
        "is not installed on this computer (Debian: apt install postgresql-client). "
        "Nothing was written; the server's own backups are unaffected."
    )


def _environment(location: DatabaseLocation) -> dict[str, str]:
    from equitone.storage.credentials import with_saved_password

    env = dict(os.environ)  # the user's own libpq settings (PGPASSFILE, PGSSLROOTCERT) apply
    env.update(PGHOST=location.host, PGPORT=str(location.port), PGUSER=location.user,
               PGDATABASE=location.database, PGCONNECT_TIMEOUT="10",
               PGAPPNAME="Equitone backup")
    for key, value in location.options:  # e.g. sslmode=require
        if key == "sslmode":
            env["PGSSLMODE"] = value
    password = with_saved_password(location).password
    if password:
        env["PGPASSWORD"] = password
    return env


def _first_error(text: str) -> str:
    for line in text.splitlines():
        if "error" in line.lower() or "fatal" in line.lower():
            return mask_passwords(line.split("error:", 1)[-1].strip())
    return mask_passwords(text.strip().splitlines()[-1]) if text.strip() else "no output"


def dump_database(
    location: DatabaseLocation,
    target: Path,
    *,
    tables: int = 0,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> Path:
    """Dump `location` to `target` (custom format, owner-only). `tables` is the expected
    number of tables (for progress). Raises DatabaseError, DumpCancelledError."""
    tool = find_tool("pg_dump")
    if tool is None:
        raise unavailable(location)
    try:
        handle, temp_name = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.name}.", suffix=".part"
        )
    except OSError as exc:
        raise DatabaseError(f"Cannot write the backup {target}: {exc.strerror or exc}.") from None
    os.close(handle)
    temp = Path(temp_name)
    try:
        _run_dump(tool, location, temp, tables, progress, cancelled)
        verify_dump(temp, shown_as=target)
        temp.chmod(PRIVATE_FILE)
        with temp.open("rb+") as stream:
            os.fsync(stream.fileno())
        temp.replace(target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()
    return target


def _run_dump(
    tool: Path, location: DatabaseLocation, temp: Path, tables: int,
    progress: Progress | None, cancelled: Cancelled | None,
) -> None:
    command = [str(tool), "--format=custom", "--no-password", "--verbose", f"--file={temp}"]
    with subprocess.Popen(
        command, env=_environment(location), stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, errors="replace",
    ) as process:  # closes the pipe on the way out
        _follow_dump(process, tables, progress, cancelled, location)


def _follow_dump(
    process: subprocess.Popen[str], tables: int, progress: Progress | None,
    cancelled: Cancelled | None, location: DatabaseLocation,
) -> None:
    lines: list[str] = []
    done = [0]

    def read() -> None:
        assert process.stderr is not None
        for line in process.stderr:
            lines.append(line)
            if _TABLE_DONE.search(line):
                done[0] += 1

    reader = threading.Thread(target=read, name="pg_dump-output", daemon=True)
    reader.start()
    total = max(tables, 1)
    try:
        while process.poll() is None:
            if cancelled is not None and cancelled():
                process.kill()
                process.wait()
                raise DumpCancelledError
            if progress is not None:
                progress(min(done[0], total - 1), total)
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(POLL_S)
    finally:
        reader.join(5)
    if process.returncode != 0:
        raise DatabaseError(
            f"pg_dump could not back up {location.display()}: {_first_error(''.join(lines))}."
        )
    if progress is not None:
        progress(total, total)


def verify_dump(path: Path, *, shown_as: Path | None = None) -> int:
    """Check that `path` is a readable pg_dump archive; returns its number of table-data
    entries. Raises DatabaseError naming `shown_as`."""
    shown = shown_as or path
    tool = find_tool("pg_restore")
    if tool is None:
        return 0  # cannot check here; pg_dump's own exit status vouched for it
    done = subprocess.run(
        [str(tool), "--list", str(path)], capture_output=True, text=True, errors="replace",
        stdin=subprocess.DEVNULL, check=False, timeout=120,
    )
    if done.returncode != 0:
        raise DatabaseError(f"{shown} is not a readable PostgreSQL backup "
                            f"({_first_error(done.stderr)}).")
    return sum(1 for line in done.stdout.splitlines() if " TABLE DATA " in line)
