"""`equitone audit|versions|export|import` and `equitone assessment sign|amend`."""

from __future__ import annotations

import json
import shutil
import stat
from pathlib import Path

import pytest

from .conftest import Run, as_json


@pytest.fixture
def patient(run: Run) -> str:
    code, out, _err = run("patient", "add", "--name", "Maria Keller", "--born", "1984-03-12")
    assert code == 0
    return out.strip()


@pytest.fixture
def assessment(run: Run, patient: str) -> str:
    code, out, _err = run("assess", "--patient", patient, "--date", "2026-01-05",
                          "--tag", "gluteus-medius:left:underactive:4")
    assert code == 0
    return out.strip()


def test_sign_then_amend(run: Run, assessment: str) -> None:
    code, out, _err = run("assessment", "sign", assessment, "--by", "Dr Ana Silva")
    assert code == 0 and out.startswith(f"{assessment} signed by Dr Ana Silva on ")
    code, _out, err = run("assessment", "sign", assessment)
    assert code == 2 and err.startswith("equitone: error: ") and "already signed" in err
    code, _out, err = run("assess", "--patient", "1")  # a second, unsigned assessment
    code, out, _err = run("assessment", "amend", assessment)
    assert code == 0
    amended = out.strip()
    code, out, _err = run("assessment", "show", amended, "--format", "json")
    shown = as_json(out)
    # the existing keys stay; version keys are added
    assert {"id", "patient_id", "date", "clinician", "findings", "signed", "psfs",
            "psfs_score", "tags"} <= set(shown)
    assert (shown["version"], shown["supersedes_id"], shown["signed"]) == (2, int(assessment),
                                                                           False)
    code, out, _err = run("assessment", "show", assessment, "--format", "json")
    assert as_json(out)["signed_by"] == "Dr Ana Silva"
    assert as_json(out)["signed_at_utc"].endswith("Z")
    code, _out, err = run("assessment", "amend", assessment)
    assert code == 2 and "already amended" in err
    code, _out, err = run("assessment", "amend", "999")
    assert code == 3 and "no assessment with id 999" in err


def test_versions_table_and_json(run: Run, assessment: str) -> None:
    run("assessment", "sign", assessment, "--by", "Ana")
    _code, out, _err = run("assessment", "amend", assessment)
    code, out, _err = run("versions", "assessment", assessment, "--format", "json")
    assert code == 0
    found = as_json(out)
    assert [(v["version"], v["status"], v["current"]) for v in found] == [
        (1, "signed", False), (2, "draft", True)]
    assert found[0]["locked_by"] == "Ana" and found[1]["created_by"]
    code, out, _err = run("versions", "assessment", assessment)
    assert code == 0 and "signed by" in out.splitlines()[0]


def test_audit_table_and_json(run: Run, patient: str, assessment: str) -> None:
    run("assessment", "sign", assessment, "--by", "Ana")
    code, out, _err = run("audit", "--patient", patient, "--format", "json")
    assert code == 0
    entries = as_json(out)
    assert [(e["entity"], e["action"]) for e in entries] == [
        ("patient", "create"), ("assessment", "create"), ("assessment", "sign")]
    assert {"id", "at_utc", "actor", "patient_id", "entity", "entity_id", "action",
            "old_values", "new_values", "note", "summary"} <= set(entries[0])
    assert entries[0]["at_utc"].endswith("Z") and "@" in entries[0]["actor"]
    assert entries[2]["summary"] == "signed by Ana"
    assert entries[1]["new_values"]["tag gluteus-medius left"]["tightness"] == 4
    code, out, _err = run("audit")
    lines = out.splitlines()
    assert code == 0 and lines[0].split()[:3] == ["id", "when", "(UTC)"] and len(lines) == 5
    code, out, _err = run("audit", "--entity", "assessment", "--id", assessment, "--limit", "1")
    assert code == 0 and "signed by Ana" in out and "create" not in out
    code, _out, err = run("audit", "--id", "1")
    assert code == 2 and "--id needs --entity" in err
    code, _out, err = run("audit", "--patient", "999")
    assert code == 3


def test_export_import_between_databases(
    run: Run, patient: str, assessment: str, tmp_path: Path, template_database: Path
) -> None:
    target = tmp_path / "maria.json"
    code, out, _err = run("export", "--patient", patient, "-o", str(target), "--format", "json")
    assert code == 0
    assert as_json(out) == {"file": str(target), "patient_id": 1, "assessments": 1,
                            "sessions": 0, "custom_exercises": 0}
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    other = tmp_path / "other.sqlite3"
    shutil.copyfile(template_database, other)
    code, out, _err = run("import", str(target), "--dry-run", db=other)
    assert code == 0 and out.startswith("The archive is valid: Maria Keller")
    code, out, _err = run("import", str(target), db=other)
    assert code == 0 and out.startswith("Imported Maria Keller as patient 1: 1 assessment(s)")
    code, _out, err = run("import", str(target), db=other)
    assert code == 5 and "already in the database as patient 1" in err
    assert len(err.strip().splitlines()) == 1
    code, out, _err = run("import", str(target), "--force-new", "--format", "json", db=other)
    assert code == 0 and as_json(out)["patient_id"] == 2


def test_import_bad_file_is_one_line(run: Run, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"format": "equitone-patient-archive", "format_version": 1}),
                   encoding="utf-8")
    code, _out, err = run("import", str(bad))
    assert code == 2
    assert err == ("equitone: error: The archive is not valid: the archive: missing "
                   "\"exported_at_utc\".\n")
    code, _out, err = run("import", str(tmp_path / "missing.json"))
    assert code == 3 and "does not exist" in err
    code, _out, err = run("export", "--patient", "1", "-o", str(tmp_path / "x.json"))
    assert code == 3 and "no patient with id 1" in err
