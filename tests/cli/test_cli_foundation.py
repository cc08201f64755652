"""`equitone` sub-commands of the foundation: version, patient, catalog, demo, check."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from equitone import __version__
from equitone.storage.database import Database

from .conftest import Run, as_json

HOSTILE_NAMES = ["O'Brien & <Sons>", "Zoë Ångström", "王小明", 'Quote "Q" \\ Back']


def test_version_runs_as_module() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "equitone", "--version"], capture_output=True, text=True,
        check=False, timeout=60,
    )
    assert result.returncode == 0
    assert result.stdout.strip() == f"Equitone {__version__}"


def test_console_script_is_installed() -> None:
    script = Path(sys.executable).with_name("equitone")
    result = subprocess.run([str(script), "--help"], capture_output=True, text=True, check=False)
    assert result.returncode == 0
    for command in ("patient", "catalog", "demo", "check"):
        assert command in result.stdout


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_patient_names_round_trip(run: Run, name: str) -> None:
    code, out, _ = run("patient", "add", "--name", name, "--born", "1980-02-29",
                       "--note", "likes <b>bold</b> & 'quotes'")
    assert code == 0
    new_id = int(out.strip())
    _, out, _ = run("patient", "list", "--format", "json")
    rows = as_json(out)
    row = next(r for r in rows if r["id"] == new_id)
    assert row["name"] == name
    assert row["date_of_birth"] == "1980-02-29"
    assert row["notes"] == "likes <b>bold</b> & 'quotes'"
    code, out, _ = run("patient", "list")
    assert name in out


def test_patient_list_search_and_json_keys(run: Run) -> None:
    run("patient", "add", "--name", "Maria Keller")
    run("patient", "add", "--name", "王小明")
    code, out, _ = run("patient", "list", "--search", "小明", "--format", "json")
    rows = as_json(out)
    assert code == 0 and [r["name"] for r in rows] == ["王小明"]
    assert {"id", "name"} <= set(rows[0])
    code, out, _ = run("patient", "list", "--search", "nobody-like-this", "--format", "json")
    assert as_json(out) == []


def test_archive_hides_but_keeps(run: Run) -> None:
    _, out, _ = run("patient", "add", "--name", "Archie")
    patient_id = out.strip()
    assert run("patient", "archive", patient_id)[0] == 0
    assert "Archie" not in run("patient", "list")[1]
    _, out, _ = run("patient", "list", "--archived", "--format", "json")
    assert [r["archived"] for r in as_json(out) if r["name"] == "Archie"] == [True]


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (["patient", "add", "--name", "X", "--born", "1980-13-40"], "not a valid date"),
        (["patient", "add", "--name", "X", "--born", "2999-01-01"], "in the future"),
        (["patient", "add", "--name", "   "], "needs a name"),
        (["patient", "show", "999"], "no patient with id 999"),
        (["patient", "archive", "abc"], "not a whole number"),
        (["catalog", "exercises", "--muscle", "unicorn-muscle"], "Unknown muscle"),
        (["catalog", "spices"], "invalid choice"),
    ],
    ids=["bad-date", "future-date", "empty-name", "unknown-id", "non-numeric-id",
         "unknown-slug", "unknown-catalog"],
)
def test_bad_input_is_one_line_error_and_nothing_written(
    run: Run, argv: list[str], fragment: str
) -> None:
    before = run("patient", "list", "--archived", "--format", "json")[1]
    code, out, err = run(*argv)
    assert code != 0
    assert fragment in err
    assert len(err.strip().splitlines()) == 1, err
    assert "Traceback" not in err + out
    assert run("patient", "list", "--archived", "--format", "json")[1] == before


def test_missing_db_directory_is_one_line_error(run: Run, tmp_path: Path) -> None:
    code, _, err = run("patient", "list", db=tmp_path / "missing" / "x.sqlite3")
    assert code != 0
    assert "does not exist" in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "missing").exists()


def test_read_only_db_is_one_line_error(
    run: Run, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    real_access = os.access
    monkeypatch.setattr(
        os, "access",
        lambda p, m: False if (Path(str(p)) == db_path and m == os.W_OK) else real_access(p, m),
    )
    code, _, err = run("patient", "add", "--name", "Nope")
    assert code != 0 and "read-only" in err and len(err.strip().splitlines()) == 1


def test_env_variable_chooses_database(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "from-env.sqlite3"
    monkeypatch.setenv("EQUITONE_DB", str(target))
    code, _, _ = run("patient", "add", "--name", "Env", db=None)
    assert code == 0 and target.exists()


def test_catalog_json_contract(run: Run) -> None:
    code, out, _ = run("catalog", "muscles", "--format", "json")
    muscles = as_json(out)
    assert code == 0 and len(muscles) >= 51
    assert {"slug", "name", "region", "layer"} <= set(muscles[0])
    code, out, _ = run("catalog", "exercises", "--format", "json")
    exercises = as_json(out)
    assert len(exercises) >= 80
    assert {"slug", "name", "kind", "muscles"} <= set(exercises[0])
    assert "clamshell" in {e["slug"] for e in exercises}
    code, out, _ = run("catalog", "exercises")
    assert code == 0 and "lateral-band-walk" in out


def test_demo_then_check(run: Run, backend_name: str) -> None:
    code, out, _ = run("demo")
    assert code == 0
    names = {r["name"] for r in as_json(run("patient", "list", "--format", "json")[1])}
    assert len(names) >= 12 and "Zoë Ångström" in names and "王小明" in names
    code, out, _ = run("check")
    assert code == 0
    assert "No problems found" in out and "Records: 1" in out
    if backend_name == "sqlite":
        assert "integrity check: ok" in out
    else:  # a server: it answers, the schema is current, the audit trail is protected
        assert "ok: Server: PostgreSQL" in out and "(current)" in out
        assert "Audit trail: append-only" in out


def test_check_reports_damaged_file(run: Run, tmp_path: Path) -> None:
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"garbage" * 100)
    code, out, _ = run("check", db=bad)
    assert code == 1 and "not an SQLite file" in out


def test_help_for_every_subcommand(run: Run) -> None:
    for argv in (["patient", "add"], ["patient", "list"], ["catalog"], ["demo"], ["check"]):
        code, out, _ = run(*argv, "--help")
        assert code == 0 and "usage:" in out


def test_new_identity_only_with_yes(run: Run, db: Database) -> None:
    from equitone.services.time_travel import identity

    before = identity(db)
    code, out, _ = run("new-identity")
    assert code == 2 and "--yes" in out and identity(db) == before  # untouched
    code, out, _ = run("new-identity", "--yes")
    after = identity(db)
    assert code == 0 and after != before and f"{before} -> {after}" in out
