"""Stored text that would act on a terminal — ANSI escapes, a carriage return, newlines,
bidirectional overrides, a lone surrogate — is stored as given but printed safely by every
CLI output: tables, `show`, lists, import and error lines show it escaped and on its own line,
and JSON output stays valid JSON that reads back to exactly what is stored."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import insert, update

from equitone.cli.output import shown
from equitone.domain.patients import PatientDraft
from equitone.services import archive, assessments, patients
from equitone.storage.database import Database
from equitone.storage.models import AssessmentRow, PatientRow

from .conftest import Run, as_json

ANSI = "Eve \x1b[2J\x1b[31mRed\x1b[0m"
BIDI = "Bob \u202eevil\u202c"
RAW = ("\x1b", "\u202e", "\r", "\x07", "\u2028")


def _clean(text: str) -> None:
    for char in RAW:
        assert char not in text, f"{char!r} reached the terminal: {text!r}"


def test_the_escaping_function() -> None:
    assert shown(ANSI) == "Eve \\x1b[2J\\x1b[31mRed\\x1b[0m"
    assert shown(BIDI) == "Bob \\u202eevil\\u202c"
    assert shown("a\nb\rc\td\x00e\x7f\x85\ud800") == "a\\nb\\rc\\td\\x00e\\x7f\\x85\\ud800"
    assert shown("Zoë Ångström 王小明 ‍👩‍⚕️") == "Zoë Ångström 王小明 ‍👩‍⚕️"  # text stays text
    assert shown(None) == "" and shown(3) == "3"


@pytest.fixture
def odd(db: Database) -> dict[str, int]:
    """Patients named with escapes, and one whose name and findings hold a newline and a
    carriage return (a row of an older version, or written by hand)."""
    ids = {
        "ansi": patients.create_patient(db, PatientDraft(name=ANSI)).id,
        "bidi": patients.create_patient(db, PatientDraft(name=BIDI)).id,
    }
    with db.engine.begin() as conn:
        ids["newline"] = conn.execute(insert(PatientRow).values(
            uuid="c" * 32, name="Line one\nFAKE 99  Injected", phone="", email="",
            address="", notes="", archived=False, row_version=1,
        ).returning(PatientRow.id)).scalar_one()
    visit = assessments.create_assessment(db, ids["ansi"], day=date(2026, 3, 2),
                                          clinician=BIDI, findings="first\nSigned by nobody")
    with db.engine.begin() as conn:
        conn.execute(update(AssessmentRow).where(AssessmentRow.id == visit.id).values(
            clinician="Dr\rX"))
    ids["visit"] = visit.id
    return ids


def test_names_are_stored_as_given(db: Database, odd: dict[str, int]) -> None:
    assert patients.get_patient(db, odd["ansi"]).name == ANSI
    assert patients.get_patient(db, odd["bidi"]).name == BIDI


def test_tables_and_show_print_them_escaped(run: Run, odd: dict[str, int]) -> None:
    code, out, _ = run("patient", "list")
    assert code == 0
    _clean(out)
    lines = out.splitlines()
    assert len(lines) == 2 + 3  # header, rule and one line per patient
    assert any("Line one\\nFAKE 99  Injected" in line for line in lines)
    for patient in ("ansi", "bidi", "newline"):
        code, out, _ = run("patient", "show", str(odd[patient]))
        assert code == 0
        _clean(out)
        assert len(out.splitlines()) == 8
    code, out, _ = run("assessment", "show", str(odd["visit"]))
    _clean(out)
    assert "Dr\\rX" in out
    lines = out.splitlines()
    at = next(n for n, line in enumerate(lines) if line.startswith("Findings: first"))
    assert lines[at + 1].startswith(" ") and "Signed by nobody" in lines[at + 1]
    code, out, _ = run("assessment", "list", "--patient", str(odd["ansi"]))
    _clean(out)
    assert len(out.splitlines()) == 1


def test_json_stays_valid_and_exact(run: Run, db: Database, odd: dict[str, int]) -> None:
    code, out, _ = run("patient", "list", "--format", "json")
    assert code == 0
    _clean(out)
    names = {row["id"]: row["name"] for row in as_json(out)}
    for patient in ("ansi", "bidi", "newline"):
        assert names[odd[patient]] == patients.get_patient(db, odd[patient]).name
    code, out, _ = run("assessment", "show", str(odd["visit"]), "--format", "json")
    _clean(out)
    assert as_json(out)["clinician"] == "Dr\rX"


def test_import_and_error_lines_are_escaped(
    run: Run, db: Database, odd: dict[str, int], tmp_path: Path
) -> None:
    path = tmp_path / "eve.json"
    archive.export_patient(db, odd["ansi"], path)
    document = json.loads(path.read_text(encoding="utf-8"))
    document["patient"]["name"] = BIDI + " 2"
    document["patient"]["uuid"] = "d" * 32
    path.write_text(json.dumps(document), encoding="utf-8")
    code, out, err = run("import", str(path))
    assert code == 0, err
    _clean(out)
    assert "Bob \\u202eevil\\u202c 2" in out
    # an error whose message names the patient
    code, out, err = run("print", "report", str(odd["bidi"]), "-o", str(tmp_path / "r.pdf"))
    assert code == 2
    _clean(err)
    assert err.count("\n") == 1 and "Bob \\u202eevil\\u202c has no assessments" in err
