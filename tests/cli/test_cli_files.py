"""Files the user names: what the command line refuses to write over or to read (issue 12,
items 1 and 12). Every refusal is one line, exits non-zero and leaves the database and the
named file as they were."""

from __future__ import annotations

import datetime
import os
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import Run

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def records(run: Run) -> dict[str, str]:
    pid = run("patient", "add", "--name", "Kept Safe")[1].strip()
    aid = run("assess", "--patient", pid, "--tag", "gluteus-medius:left:underactive:3")[1].strip()
    sid = run("session", "new", "--patient", pid, "--exercise", "clamshell:gluteus-medius:left",
              "--status", "planned", "--date", datetime.date.today().isoformat())[1].strip()
    return {"patient": pid, "assessment": aid, "session": sid}


# Each writer, with the file name it wants (the suffix matters to some).
WRITERS: dict[str, Callable[[dict[str, str], str], list[str]]] = {
    "export": lambda ids, out: ["export", "--patient", ids["patient"], "-o", out],
    "backup": lambda ids, out: ["backup", "-o", out],
    "print session": lambda ids, out: ["print", "session", ids["session"], "-o", out],
    "print report": lambda ids, out: ["print", "report", ids["patient"], "-o", out],
    "bodymap": lambda ids, out: ["bodymap", "--assessment", ids["assessment"], "-o", out],
    "trend png": lambda ids, out: ["trend", "--patient", ids["patient"], "--png", out],
}
SUFFIX = {"print session": ".pdf", "print report": ".pdf", "bodymap": ".png",
          "trend png": ".png"}


def _state(path: Path) -> tuple[int, int, bytes]:
    info = path.stat()
    return info.st_ino, info.st_mode, path.read_bytes() if stat.S_ISREG(info.st_mode) else b""


def _database_state(db_path: Path) -> tuple[int, list[str], bytes]:
    """The same file, with the same records (closing the database checkpoints its -wal, so
    bytes alone would differ), and nothing but SQLite's files beside it."""
    import sqlite3

    conn = sqlite3.connect(db_path)
    try:
        names = [r[0] for r in conn.execute("SELECT name FROM patients ORDER BY id")]
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()
    extra = sorted(p.name for p in db_path.parent.glob(f"{db_path.name}*")
                   if not p.name.endswith(("-wal", "-shm")))
    return db_path.stat().st_ino, [*names, *extra], db_path.read_bytes()[:16]


@pytest.mark.parametrize("writer", sorted(WRITERS))
@pytest.mark.parametrize(
    "target", ["database", "wal", "shm", "journal", "hard link", "symlink", "backup", "in backups"]
)
def test_no_command_writes_over_the_database_or_its_backups(
    run: Run, db_path: Path, records: dict[str, str], writer: str, target: str
) -> None:
    if (writer, target) == ("backup", "in backups"):
        pytest.skip("a new backup in the backups folder is allowed (tested below)")
    backup = Path(run("backup", "--format", "json")[1].split('"path": "')[1].split('"')[0])
    suffix = SUFFIX.get(writer, "")
    named = {
        "database": db_path,
        "wal": Path(f"{db_path}-wal"),
        "shm": Path(f"{db_path}-shm"),
        "journal": Path(f"{db_path}-journal"),
        "hard link": db_path.parent / f"linked{suffix}",
        "symlink": db_path.parent / f"pointing{suffix}",
        "backup": backup,
        "in backups": backup.parent / f"new-file{suffix}",
    }[target]
    if target == "hard link":
        os.link(db_path, named)
    elif target == "symlink":
        named.symlink_to(db_path)
    before = _database_state(db_path)
    backups_before = {p.name: _state(p) for p in backup.parent.iterdir()}
    code, out, err = run(*WRITERS[writer](records, str(named)))
    if suffix and not named.name.endswith(suffix):
        assert code == 2 and f"must end in {suffix}" in err  # refused before anything else
    else:
        assert code == 2, (out, err)
        assert any(word in err for word in ("open database", "working file", "backup")), err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert _database_state(db_path) == before
    assert {p.name: _state(p) for p in backup.parent.iterdir()} == backups_before


def test_print_day_refuses_the_backups_folder(
    run: Run, db_path: Path, records: dict[str, str]
) -> None:
    run("backup")
    folder = db_path.parent / "backups"
    before = sorted(p.name for p in folder.iterdir())
    code, _out, err = run("print", "day", datetime.date.today().isoformat(), "-o", str(folder))
    assert code == 2 and "backups folder" in err and err.count("\n") == 1
    assert sorted(p.name for p in folder.iterdir()) == before


def test_a_backup_may_still_be_written_into_the_backups_folder_under_a_new_name(
    run: Run, db_path: Path
) -> None:
    """File → Back up now… proposes a new file in that folder; only replacing one is refused."""
    target = db_path.parent / "backups" / "chosen-by-hand.sqlite3"
    target.parent.mkdir(exist_ok=True)
    code, _out, err = run("backup", "-o", str(target))
    assert code == 0, err and target.is_file()


# -- special files ---------------------------------------------------------------------------
def _device(tmp_path: Path) -> Path:
    """A character device like /dev/null, made where the test may look at its neighbours."""
    node = tmp_path / "null-device"
    try:
        os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except (PermissionError, AttributeError):
        pytest.skip("cannot make a device node here")
    return node


def _fifo(tmp_path: Path, name: str = "pipe") -> Path:
    fifo = tmp_path / name
    os.mkfifo(fifo)
    return fifo


@pytest.mark.parametrize("writer", sorted(WRITERS))
@pytest.mark.parametrize("special", ["device", "fifo", "dev-null"])
def test_no_command_replaces_a_device_or_a_pipe(
    run: Run, db_path: Path, records: dict[str, str], tmp_path: Path, writer: str, special: str
) -> None:
    suffix = SUFFIX.get(writer, "")
    if special == "dev-null":
        if suffix:
            pytest.skip("/dev/null has no suffix")
        node = Path("/dev/null")
    elif special == "device":
        node = _device(tmp_path)
        if suffix:
            linked = tmp_path / f"device{suffix}"
            linked.symlink_to(node)
            node = linked
    else:
        node = _fifo(tmp_path, f"pipe{suffix}")
    code, _out, err = run(*WRITERS[writer](records, str(node)))
    assert code == 2 and err.count("\n") == 1, err
    assert "device" in err or "pipe" in err, err
    info = node.stat()
    assert stat.S_ISCHR(info.st_mode) or stat.S_ISFIFO(info.st_mode)


def _cli(tmp_path: Path, *argv: str, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "EQUITONE_HOME": str(tmp_path / "home")}
    return subprocess.run([sys.executable, "-m", "equitone", *argv], capture_output=True,
                          text=True, cwd=ROOT, env=env, timeout=timeout)


@pytest.mark.parametrize("source", ["/dev/zero", "/dev/urandom", "fifo", "device"])
def test_import_refuses_devices_and_pipes_without_hanging(
    db_path: Path, tmp_path: Path, source: str
) -> None:
    """A subprocess with a timeout: the old import hung on a pipe and grew without bound on
    /dev/zero."""
    path = (str(_fifo(tmp_path)) if source == "fifo"
            else str(_device(tmp_path)) if source == "device" else source)
    done = _cli(tmp_path, "--db", str(db_path), "import", path)
    assert done.returncode != 0 and done.returncode != 70, done.stderr
    assert done.stderr.count("\n") == 1 and ("device" in done.stderr or "pipe" in done.stderr)


@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_a_device_or_a_pipe_is_refused_as_the_database(tmp_path: Path, kind: str) -> None:
    node = _fifo(tmp_path) if kind == "fifo" else _device(tmp_path)
    for argv in (["patient", "list"], ["check"], ["backup"], ["restore", str(node)]):
        done = _cli(tmp_path, "--db", str(node), *argv)
        said = done.stdout + done.stderr  # check reports on stdout
        assert done.returncode not in (0, 70), (argv, said)
        assert "device" in said or "pipe" in said, (argv, said)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(node.name)) == [
        node.name
    ]  # no -journal or -wal beside it
