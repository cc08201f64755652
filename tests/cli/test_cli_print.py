"""`equitone print session|report|day`: files written, one-line errors."""

from __future__ import annotations

import datetime
from pathlib import Path

from .conftest import Run


def _patient_with_session(run: Run, status: str = "planned") -> tuple[str, str]:
    pid = run("patient", "add", "--name", "Zoë Ångström")[1].strip()
    run("assess", "--patient", pid, "--tag", "gluteus-medius:left:underactive:3")
    sid = run("session", "new", "--patient", pid, "--exercise", "clamshell:gluteus-medius:left",
              "--status", status, "--date", datetime.date.today().isoformat())[1].strip()
    return pid, sid


def test_print_session_and_report(run: Run, tmp_path: Path) -> None:
    pid, sid = _patient_with_session(run)
    code, _, err = run("print", "session", sid, "-o", str(tmp_path / "p.pdf"),
                         "--copy", "clinician", "--paper", "letter")
    assert code == 0, err
    assert (tmp_path / "p.pdf").read_bytes()[:5] == b"%PDF-"
    code, _, err = run("print", "report", pid, "-o", str(tmp_path / "r.pdf"))
    assert code == 0, err
    assert (tmp_path / "r.pdf").read_bytes()[:5] == b"%PDF-"


def test_print_day(run: Run, tmp_path: Path) -> None:
    _patient_with_session(run)
    code, out, err = run("print", "day", datetime.date.today().isoformat(), "-o", str(tmp_path))
    assert code == 0, err
    assert len(out.strip().splitlines()) == 1 and out.strip().endswith(".pdf")


def test_print_errors(run: Run, tmp_path: Path) -> None:
    pid, sid = _patient_with_session(run)
    folder = tmp_path / "taken.pdf"
    folder.mkdir()
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    for argv, fragment in (
        (["session", "999", "-o", str(tmp_path / "x.pdf")], "no session with id 999"),
        (["session", sid, "-o", str(tmp_path / "no" / "x.pdf")], "does not exist"),
        (["report", "999", "-o", str(tmp_path / "x.pdf")], "no patient with id 999"),
        (["report", pid, "-o", str(tmp_path / "x.pdf"), "--from", "1990-01-01",
          "--to", "1990-02-01"], "no assessments in that period"),
        (["day", "1999-01-01", "-o", str(tmp_path)], "No sessions are planned"),
        (["day", "2026-02-30", "-o", str(tmp_path)], "not a valid date"),
        (["session", sid, "-o", str(tmp_path)], "must end in .pdf"),
        (["session", sid, "-o", str(folder)], "is a folder"),
        (["session", sid, "-o", str(blocker / "x.pdf")], "does not exist"),
        (["report", pid, "-o", str(tmp_path / "x.pdf"), "--from", "2030-01-01",
          "--to", "2020-01-01"], "The start date is after the end date."),
        (["day", datetime.date.today().isoformat(), "-o", str(blocker)], "does not exist"),
    ):
        code, _, err = run("print", *argv)
        assert code != 0 and fragment in err and len(err.strip().splitlines()) == 1, err
