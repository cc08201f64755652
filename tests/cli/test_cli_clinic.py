"""The command line on a clinic server: migrate-to, backups as pg_dump archives, restore
refused, check, and passwords that never reach the output."""

from __future__ import annotations

import shutil
import stat
from pathlib import Path

import pytest

from equitone.cli.main import main
from equitone.storage.location import DatabaseLocation
from tests.cli.conftest import as_json
from tests.pg.cluster import Cluster


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def solo(tmp_path: Path, template_database: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """A solo practice's file with the demo clinic in it."""
    path = tmp_path / "solo.sqlite3"
    shutil.copyfile(template_database, path)
    assert cli(capsys, "--db", str(path), "demo")[0] == 0
    return str(path)


def test_migrate_to_then_work_on_the_server(
    capsys: pytest.CaptureFixture[str], solo: str, pg_empty_url: str
) -> None:
    code, out, err = cli(capsys, "--db", solo, "migrate-to", pg_empty_url, "--format", "json")
    assert code == 0, err
    report = as_json(out)[0]
    assert report["ok"] is True and report["rows"] > 2000 and report["source"] == solo
    assert {"table", "source_rows", "target_rows", "sha256", "verified"} <= set(
        report["tables"][0])
    assert all(t["verified"] and t["source_rows"] == t["target_rows"] for t in report["tables"])
    assert "copied patients: 14 rows" in err  # progress, one line per table
    code, out, _ = cli(capsys, "--db", pg_empty_url, "patient", "list", "--format", "json")
    assert code == 0 and len(as_json(out)) == 14
    code, out, err = cli(capsys, "--db", solo, "migrate-to", pg_empty_url)
    assert code == 2 and out == "" and err.count("\n") == 1 and "not empty" in err


def test_backup_of_a_server_is_a_private_pg_dump_and_restore_is_refused(
    capsys: pytest.CaptureFixture[str], pg_url: str, private_home: Path
) -> None:
    code, out, err = cli(capsys, "--db", pg_url, "backup", "--format", "json")
    assert code == 0, err
    written = Path(as_json(out)[0]["path"])
    assert written.parent == private_home / "data" / "server-backups"
    assert written.suffix == ".pgdump" and written.read_bytes().startswith(b"PGDMP")
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
    assert not [p for p in written.parent.iterdir() if p.name.startswith(".")]
    code, out, _ = cli(capsys, "--db", pg_url, "backup", "--list", "--format", "json")
    assert code == 0 and [row["path"] for row in as_json(out)] == [str(written)]
    code, out, err = cli(capsys, "--db", pg_url, "restore", str(written))
    assert code == 4 and out == "" and err.count("\n") == 1
    assert "does not restore over the shared clinic database" in err and "pg_restore" in err


def test_backup_without_pg_dump_is_cleanly_unavailable(
    capsys: pytest.CaptureFixture[str], pg_url: str, monkeypatch: pytest.MonkeyPatch,
    private_home: Path,
) -> None:
    from equitone.storage import pg_dump

    monkeypatch.setattr(pg_dump, "find_tool", lambda _name: None)
    monkeypatch.setattr("equitone.services.server_backups.find_tool", lambda _name: None)
    code, out, err = cli(capsys, "--db", pg_url, "backup")
    assert code == 4 and out == "" and err.count("\n") == 1 and "need PostgreSQL's pg_dump" in err
    assert not (private_home / "data" / "server-backups").exists() or not list(
        (private_home / "data" / "server-backups").iterdir())


def test_check_of_a_server_and_of_an_unreachable_one(
    capsys: pytest.CaptureFixture[str], pg_url: str
) -> None:
    code, out, _ = cli(capsys, "--db", pg_url, "check")
    assert code == 0 and "ok: Schema:" in out and "Audit trail: append-only" in out
    assert "no backup of this server on this computer" in out
    code, out, err = cli(capsys, "--db", "postgresql://kim:hunter2@127.0.0.1:1/clinic", "check")
    assert code == 1 and "PROBLEM: Cannot reach the clinic server" in out
    assert "hunter2" not in out + err and "postgresql://kim@127.0.0.1:1/clinic" in out


def test_errors_never_print_the_password(
    capsys: pytest.CaptureFixture[str], pg_cluster: Cluster, pg_url: str
) -> None:
    role = pg_cluster.create_password_role("right-one")
    location = DatabaseLocation.parse(pg_url)
    wrong = f"postgresql://{role}:wrong-one@127.0.0.1:{location.port}/{location.database}"
    code, out, err = cli(capsys, "--db", wrong, "patient", "list")
    assert code == 4 and out == "" and err.count("\n") == 1
    assert "refused the login" in err and "wrong-one" not in err
    code, _out, err = cli(capsys, "--db", "oracle://kim:hunter2@db/x", "patient", "list")
    assert code == 2 and "hunter2" not in err and "cannot use a 'oracle' database" in err
