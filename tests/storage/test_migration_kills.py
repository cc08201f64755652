"""A process creating or upgrading a database is killed (SIGKILL) at random moments: the file
is always either as it was before or completely migrated, and the next start opens it.

Two cases: the first creation of a new file, and the upgrade of a file made by an older
schema (0003, with a few hundred patients, so that the 0004 and 0005 steps take a while).
Default run: 50 kills in all; long run (500 more):
`pytest -m slow tests/storage/test_migration_kills.py`.
"""

from __future__ import annotations

import contextlib
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import pytest
from sqlalchemy import create_engine

from equitone.storage.database import migrate, open_database
from equitone.storage.schema import HEAD_REVISION

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork and SIGKILL")

WORKER = Path(__file__).with_name("migration_worker.py")
OLD_REVISION = "0003_sessions"
PATIENTS = 300

Schema = list[tuple[str, str, str | None]]


def _read_line(stream: IO[str]) -> str:
    line = stream.readline()
    if not line:
        raise AssertionError("the migration worker ended unexpectedly")
    return line.strip()


class Migrator:
    """The worker process: forks a child per round that opens (creates or upgrades) a file."""

    def __init__(self) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, str(WORKER)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            text=True, bufsize=1, cwd=Path(__file__).resolve().parents[2],
        )
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.stdin, self.stdout = self.proc.stdin, self.proc.stdout
        assert _read_line(self.stdout) == "ready"

    def start(self, path: Path) -> int:
        self.stdin.write(f"go {path}\n")
        self.stdin.flush()
        kind, pid = _read_line(self.stdout).split()
        assert kind == "child"
        return int(pid)

    def finish(self, pid: int) -> bool:
        """Wait for the child to end; True when it had opened the database."""
        opened = False
        while not (line := _read_line(self.stdout)).startswith("reaped"):
            assert line == "opened", line
            opened = True
        assert line.split()[1] == str(pid)
        return opened

    def stop(self) -> None:
        self.stdin.close()
        self.proc.wait(timeout=10)


@pytest.fixture
def migrator() -> Iterator[Migrator]:
    worker = Migrator()
    yield worker
    worker.stop()


def _schema(path: Path) -> tuple[str | None, Schema]:
    conn = sqlite3.connect(path)  # read-write, like the next start: it recovers the WAL
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        schema = conn.execute(
            "SELECT type, name, sql FROM sqlite_master ORDER BY type, name").fetchall()
        names = {row[1] for row in schema}
        revision = None
        if "alembic_version" in names:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = row[0] if row else None
        return revision, schema
    finally:
        conn.close()


def _patients(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("SELECT count(*) FROM patients").fetchone()[0])
    finally:
        conn.close()


def _remove(path: Path) -> None:
    for leftover in path.parent.glob(f"*{path.name}*"):
        leftover.unlink()


def _old_database(path: Path) -> None:
    engine = create_engine(f"sqlite:///{path}")
    migrate(engine, OLD_REVISION)
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO patients (name, phone, email, address, notes, archived) VALUES "
            + ", ".join(f"('Patient {n}', '', '', '', 'notes', 0)" for n in range(PATIENTS)))
    engine.dispose()


def _kill_rounds(migrator: Migrator, folder: Path, rounds: int, seed: int, *,
                 source: Path | None) -> tuple[int, int]:
    """Returns (kills that landed before the child had opened the file, rounds)."""
    rng = random.Random(seed)
    path = folder / "clinic.sqlite3"

    def fresh() -> None:
        _remove(path)
        if source is not None:
            shutil.copyfile(source, path)

    # undisturbed runs: how long opening takes (the median of three: the machine is shared),
    # and what the migrated schema looks like
    durations = []
    for _ in range(3):
        fresh()
        started = time.monotonic()
        assert migrator.finish(migrator.start(path))
        durations.append(time.monotonic() - started)
    duration = sorted(durations)[1]
    revision, new_schema = _schema(path)
    assert revision == HEAD_REVISION
    old = _schema(source) if source is not None else None
    interrupted = 0
    for _ in range(rounds):
        fresh()
        pid = migrator.start(path)
        time.sleep(rng.uniform(0, duration * 1.2))
        with contextlib.suppress(ProcessLookupError):  # it may have finished already
            os.kill(pid, signal.SIGKILL)
        interrupted += not migrator.finish(pid)
        if not path.exists():
            assert source is None  # a new file appears whole or not at all
        else:
            found = _schema(path)
            assert found in (old, (HEAD_REVISION, new_schema)), f"half-migrated: {found[0]}"
            if source is not None:
                assert _patients(path) == PATIENTS
        open_database(path).close()  # the next start
        assert _schema(path) == (HEAD_REVISION, new_schema)
        assert sorted(p.name for p in folder.iterdir() if p.name != "old.sqlite3") == [
            path.name], "a killed creation's leftovers are cleaned up at the next start"
    return interrupted, rounds


def test_kills_during_the_first_creation(migrator: Migrator, tmp_path: Path) -> None:
    interrupted, rounds = _kill_rounds(migrator, tmp_path, 25, seed=5, source=None)
    assert interrupted >= rounds // 4  # many kills landed while it was creating


def test_kills_during_an_upgrade(migrator: Migrator, tmp_path: Path) -> None:
    source = tmp_path / "old.sqlite3"
    _old_database(source)
    interrupted, rounds = _kill_rounds(migrator, tmp_path, 25, seed=6, source=source)
    assert interrupted >= rounds // 4


@pytest.mark.slow
def test_five_hundred_kills_during_creation_and_upgrade(
    migrator: Migrator, tmp_path: Path
) -> None:
    source = tmp_path / "old.sqlite3"
    _old_database(source)
    _kill_rounds(migrator, tmp_path, 250, seed=15, source=None)
    _kill_rounds(migrator, tmp_path, 250, seed=16, source=source)
