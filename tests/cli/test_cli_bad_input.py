"""Input that used to end in an internal error (exit 70, a traceback in the log) is refused
with one line (issue 12, item 13): ids no database can hold, text that is not UTF-8, names too
long for the file system, malformed server addresses, a body map too wide to draw, read-only
folders and files (reported as what they are, never as damage)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import Run

HUGE = ("9223372036854775808", "18446744073709551616", "1" + "0" * 30)

# Every place the command line takes an id (or another whole number stored or drawn as one).
ID_COMMANDS: tuple[tuple[str, ...], ...] = (
    ("patient", "show", "{n}"),
    ("patient", "archive", "{n}"),
    ("assess", "--patient", "{n}"),
    ("assessment", "show", "{n}"),
    ("assessment", "list", "--patient", "{n}"),
    ("assessment", "sign", "{n}"),
    ("assessment", "amend", "{n}"),
    ("bodymap", "--assessment", "{n}", "-o", "{tmp}/map.png"),
    ("session", "new", "--patient", "{n}", "--exercise", "clamshell"),
    ("session", "new", "--patient", "1", "--exercise", "clamshell", "--frequency", "{n}"),
    ("session", "show", "{n}"),
    ("session", "list", "--patient", "{n}"),
    ("session", "status", "{n}", "planned"),
    ("trend", "--patient", "{n}"),
    ("print", "session", "{n}", "-o", "{tmp}/x.pdf"),
    ("print", "report", "{n}", "-o", "{tmp}/x.pdf"),
    ("export", "--patient", "{n}", "-o", "{tmp}/x.json"),
    ("audit", "--patient", "{n}"),
    ("audit", "--entity", "patient", "--id", "{n}"),
    ("audit", "--limit", "{n}"),
    ("versions", "assessment", "{n}"),
    ("versions", "session", "{n}"),
)


def _one_line_refusal(code: int, out: str, err: str) -> None:
    assert code not in (0, 70), (code, err)
    assert out == "" and err.count("\n") == 1 and "internal error" not in err, err


@pytest.mark.parametrize("argv", ID_COMMANDS, ids=lambda a: " ".join(a[:2]))
def test_ids_beyond_what_a_database_holds_are_refused(
    run: Run, tmp_path: Path, argv: tuple[str, ...]
) -> None:
    run("patient", "add", "--name", "Only one")
    for n in HUGE:
        code, out, err = run(*(a.format(n=n, tmp=tmp_path) for a in argv))
        _one_line_refusal(code, out, err)
        assert code == 2 and "too large" in err, err


def test_bodymap_width_is_bounded(run: Run, tmp_path: Path) -> None:
    pid = run("patient", "add", "--name", "Wide")[1].strip()
    aid = run("assess", "--patient", pid, "--tag", "gluteus-medius:left:underactive")[1].strip()
    for width in ("100000", "9" * 25):
        code, out, err = run("bodymap", "--assessment", aid, "-o", str(tmp_path / "m.png"),
                             "--width", width)
        _one_line_refusal(code, out, err)
        assert "width" in err
    assert not (tmp_path / "m.png").exists()


def test_text_that_is_not_utf8_is_refused(run: Run) -> None:
    """On Linux, argv bytes that are not UTF-8 arrive as lone surrogates (surrogateescape)."""
    for argv in (("patient", "add", "--name", "Ren\udce9e"),
                 ("patient", "list", "--search", "\udcff"),
                 ("export", "--patient", "1", "-o", "/tmp/\udcff.json")):
        code, out, err = run(*argv)
        _one_line_refusal(code, out, err)
        assert code == 2 and "UTF-8" in err


def test_text_that_is_not_utf8_is_refused_in_a_real_process(
    db_path: Path, tmp_path: Path
) -> None:
    env = {**os.environ, "EQUITONE_HOME": str(tmp_path / "home")}
    done = subprocess.run(
        [sys.executable.encode(), b"-m", b"equitone", b"--db", os.fsencode(db_path),
         b"patient", b"add", b"--name", b"Ren\xe9e"],
        capture_output=True, env=env, timeout=60,
    )
    assert done.returncode == 2 and done.stdout == b"", done.stderr
    assert b"UTF-8" in done.stderr and done.stderr.count(b"\n") == 1


@pytest.mark.parametrize(
    "argv",
    [("--db", "{long}/x.sqlite3", "patient", "list"),
     ("--db", "{long}.sqlite3", "check"),
     ("--db", "{long}.sqlite3", "backup", "--list"),
     ("export", "--patient", "1", "-o", "{long}.json"),
     ("backup", "-o", "{long}.sqlite3"),
     ("print", "report", "1", "-o", "{long}.pdf"),
     ("import", "{long}.json"),
     ("restore", "{long}.sqlite3")],
    ids=lambda a: " ".join(x for x in a if "{" not in x),
)
def test_names_too_long_for_the_file_system(
    run: Run, db_path: Path, tmp_path: Path, argv: tuple[str, ...]
) -> None:
    run("patient", "add", "--name", "Long names")
    long = str(tmp_path / ("n" * 300))
    before = db_path.read_bytes()[:100], db_path.stat().st_ino
    code, out, err = run(*(a.format(long=long) for a in argv))
    said = out + err
    assert code not in (0, 70), said
    assert "too long" in said or "does not exist" in said, said
    assert "internal error" not in said and "Traceback" not in said
    assert (db_path.read_bytes()[:100], db_path.stat().st_ino) == before


@pytest.mark.sqlite_only("the address is refused before any server is asked")
@pytest.mark.parametrize(
    ("address", "fragment"),
    [("postgresql://[::1/db", "address"),
     ("postgresql://kim@[::1]:99999/db", "port"),
     ("postgresql://kim@localhost/db?sslmode=bogus", "sslmode"),
     ("postgresql://kim@localhost/db?nonsense=1", "nonsense"),
     ("postgresql://kim@localhost/db?connect_timeout=soon", "connect_timeout")],
)
def test_malformed_server_addresses_are_one_line(
    run: Run, address: str, fragment: str
) -> None:
    for argv in (("patient", "list"), ("check",), ("backup", "--list")):
        code, out, err = run(*argv, db=address)
        said = out + err
        assert code not in (0, 70) and "internal error" not in said, said
        assert fragment in said, said


@pytest.mark.sqlite_only("no database is opened")
def test_an_empty_db_argument_is_refused(run: Run) -> None:
    code, out, err = run("patient", "list", db="")
    _one_line_refusal(code, out, err)
    assert "--db" in err


# -- read-only folders and files, for real ---------------------------------------------------
def _unprivileged() -> list[str]:
    """A prefix that runs a command without the power to ignore file permissions: root here
    gives it up (setpriv), an ordinary user has none to give."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: permissions cannot be tested")
    return [setpriv, "--inh-caps=-all",
            "--bounding-set=-dac_override,-dac_read_search,-fowner", "--"]


def _equitone(tmp_path: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "EQUITONE_HOME": str(tmp_path / "home")}
    return subprocess.run([*_unprivileged(), sys.executable, "-m", "equitone", *argv],
                          capture_output=True, text=True, env=env, timeout=60)


@pytest.fixture
def clinic(tmp_path: Path, db_path: Path) -> Path:
    """A clinic database with one patient and its backups folder, in a folder of its own."""
    folder = tmp_path / "clinic"
    folder.mkdir()
    path = folder / "clinic.sqlite3"
    shutil.copyfile(db_path, path)
    assert _equitone(tmp_path, "--db", str(path), "patient", "add", "--name", "A").returncode == 0
    return path


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_a_read_only_database_file_is_listed_and_checked(tmp_path: Path, clinic: Path) -> None:
    clinic.chmod(0o444)
    try:
        listed = _equitone(tmp_path, "--db", str(clinic), "patient", "list")
        assert listed.returncode == 0 and "A" in listed.stdout, listed.stderr
        checked = _equitone(tmp_path, "--db", str(clinic), "check")
        assert checked.returncode == 0 and "read-only" in checked.stdout, checked.stdout
        added = _equitone(tmp_path, "--db", str(clinic), "patient", "add", "--name", "B")
        assert added.returncode == 4 and "read-only" in added.stderr, added.stderr
        assert "damaged" not in added.stderr and added.stderr.count("\n") == 1
    finally:
        clinic.chmod(0o600)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_a_read_only_folder_is_reported_as_read_only(tmp_path: Path, clinic: Path) -> None:
    folder = clinic.parent
    folder.chmod(0o555)
    try:
        listed = _equitone(tmp_path, "--db", str(clinic), "patient", "list")
        assert listed.returncode == 0 and "A" in listed.stdout, listed.stderr
        added = _equitone(tmp_path, "--db", str(clinic), "patient", "add", "--name", "B")
        assert added.returncode == 4 and "read-only" in added.stderr, added.stderr
        assert "damaged" not in added.stderr
    finally:
        folder.chmod(0o700)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_a_read_only_backups_folder_is_reported_as_read_only(
    tmp_path: Path, clinic: Path
) -> None:
    backups = clinic.parent / "backups"
    os.chown(backups, 65534, 65534)  # someone else's folder: not even chmod is allowed
    backups.chmod(0o555)
    try:
        done = _equitone(tmp_path, "--db", str(clinic), "backup")
        assert done.returncode == 4 and "read-only" in done.stderr, done.stderr
        assert "damaged" not in done.stderr and done.stderr.count("\n") == 1
        listed = _equitone(tmp_path, "--db", str(clinic), "backup", "--list")
        assert listed.returncode == 0, listed.stderr
    finally:
        os.chown(backups, os.getuid(), os.getgid())
        backups.chmod(0o700)
