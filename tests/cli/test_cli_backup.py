"""`equitone backup|restore|check` and the CLI's behaviour on busy and damaged databases."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest

from tests.cli.conftest import Run, as_json


def _names(path: Path) -> list[str]:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return [r[0] for r in conn.execute("SELECT name FROM patients ORDER BY id")]
    finally:
        conn.close()


def test_backup_list_and_restore_round_trip(run: Run, db_path: Path, tmp_path: Path) -> None:
    assert run("patient", "add", "--name", "Before")[0] == 0
    code, out, _ = run("backup", "--format", "json")
    assert code == 0
    written = Path(as_json(out)[0]["path"])
    assert written.parent == db_path.parent / "backups" and written.exists()
    assert written.stat().st_mode & 0o777 == 0o600
    assert run("patient", "add", "--name", "After")[0] == 0
    code, out, _ = run("backup", "--list", "--format", "json")
    listed = as_json(out)
    assert code == 0 and {"taken", "kind", "size_bytes", "path"} <= set(listed[0])
    assert str(written) in [row["path"] for row in listed]
    assert "daily" in {row["kind"] for row in listed}  # the first command of the day took one
    code, out, err = run("restore", str(written))
    assert code == 0, err
    assert "Restored" in out and "kept as" in out
    assert _names(db_path) == ["Before"]


def test_backup_to_a_file(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "out.sqlite3"
    code, out, _ = run("backup", "-o", str(target))
    assert code == 0 and str(target) in out and target.stat().st_mode & 0o777 == 0o600
    code, _out, err = run("backup", "-o", str(tmp_path / "no" / "x.sqlite3"))
    assert code == 2 and err.count("\n") == 1 and "does not exist" in err


def test_restore_refuses_a_bad_file(run: Run, db_path: Path, tmp_path: Path) -> None:
    assert run("patient", "add", "--name", "Stays")[0] == 0
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"this is not a database\n" * 200)
    before = db_path.read_bytes()
    code, out, err = run("restore", str(bad))
    assert code == 4 and out == ""
    assert str(bad) in err and "not an SQLite file" in err and "nothing was changed" in err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert db_path.read_bytes() == before


def test_check_names_the_newest_good_backup(run: Run, db_path: Path) -> None:
    code, out, _ = run("backup")
    assert code == 0
    code, out, _ = run("check")
    assert code == 0 and "newest good backup:" in out
    db_path.write_bytes(db_path.read_bytes()[:8192])  # truncated
    code, out, _ = run("check")
    assert code == 1
    assert "truncated" in out and str(db_path) in out
    assert "equitone restore" in out and "backups" in out


def test_check_without_backups_says_so(run: Run, tmp_path: Path) -> None:
    bad = tmp_path / "junk.sqlite3"
    bad.write_bytes(b"junk" * 100)
    code, out, _ = run("check", db=bad)
    assert code == 1 and "no good backup found" in out


def test_cli_waits_briefly_then_says_the_database_is_busy(
    run: Run, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from equitone.storage import engines

    assert run("patient", "add", "--name", "First")[0] == 0  # daily backup taken now
    monkeypatch.setattr(engines, "BUSY_TIMEOUT_MS", 300)
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another program is writing
    try:
        started = time.monotonic()
        code, out, err = run("patient", "add", "--name", "Second")
        waited = time.monotonic() - started
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert code != 0 and out == ""
    assert "database is busy" in err.lower() and "Traceback" not in err
    assert err.count("\n") == 1
    assert waited >= 0.3  # it waited for the lock before giving up
    assert _names(db_path) == ["First"]
    assert run("patient", "add", "--name", "Second")[0] == 0  # free again: works
