"""`equitone export --as fhir|csv` and `equitone import` of a FHIR bundle: the command's shapes
(flags, JSON keys, CSV columns), exit codes, and one-line refusals that write nothing."""

from __future__ import annotations

import csv
import json
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from equitone.services.csv_export import BLOCK_COLUMNS, PATIENT_COLUMNS, TAG_COLUMNS

from .conftest import Run, as_json


@pytest.fixture
def patient(run: Run) -> str:
    code, out, _err = run("patient", "add", "--name", "=HYPERLINK(\"x\") Keller",
                          "--born", "1984-03-12")
    assert code == 0
    patient_id = out.strip()
    code, _out, _err = run("assess", "--patient", patient_id, "--date", "2026-01-05",
                           "--clinician", "Dr Ana Silva",
                           "--tag", "gluteus-medius:left:underactive+tender:4",
                           "--tag", "soleus:right:tight")
    assert code == 0
    return patient_id


@pytest.fixture
def other(tmp_path: Path, template_database: Path) -> Path:
    path = tmp_path / "other.sqlite3"
    shutil.copyfile(template_database, path)
    return path


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_export_fhir_then_import_it(run: Run, patient: str, tmp_path: Path, other: Path) -> None:
    target = tmp_path / "keller.fhir.json"
    code, out, _err = run("export", "--patient", patient, "--as", "fhir", "-o", str(target),
                          "--format", "json")
    assert code == 0
    shown = as_json(out)
    assert shown["file"] == str(target) and shown["bundle_type"] == "collection"
    assert shown["resources"]["Patient"] == 1 and shown["resources"]["Encounter"] == 1
    assert shown["resources"]["Observation"] == 3  # one per muscle side state
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    bundle = json.loads(target.read_text(encoding="utf-8"))
    assert bundle["resourceType"] == "Bundle" and bundle["type"] == "collection"

    code, out, _err = run("import", str(target), "--dry-run", "--format", "json", db=other)
    assert code == 0 and as_json(out)["source"] == "fhir" and as_json(out)["dry_run"]
    code, out, _err = run("import", str(target), db=other)
    assert code == 0 and out.startswith("Imported =HYPERLINK(\"x\") Keller as patient 1")
    code, _out, err = run("import", str(target), db=other)
    assert code == 5 and "already in the database as patient 1" in err
    code, out, _err = run("import", str(target), "--force-new", "--format", "json", db=other)
    assert code == 0 and as_json(out)["patient_id"] == 2 and as_json(out)["skipped"] == {}


def test_export_fhir_text_and_transaction(run: Run, patient: str, tmp_path: Path) -> None:
    target = tmp_path / "t.json"
    code, out, _err = run("export", "--patient", patient, "--as", "fhir", "--transaction",
                          "-o", str(target))
    assert code == 0
    assert out.startswith(f"Exported patient {patient} as a FHIR R4 transaction bundle (")
    bundle = json.loads(target.read_text(encoding="utf-8"))
    assert bundle["type"] == "transaction"
    assert all(e["request"]["method"] == "POST" for e in bundle["entry"])


def test_archive_stays_the_default(run: Run, patient: str, tmp_path: Path) -> None:
    target = tmp_path / "a.json"
    code, _out, _err = run("export", "--patient", patient, "-o", str(target))
    assert code == 0
    assert json.loads(target.read_text(encoding="utf-8"))["format"] == (
        "equitone-patient-archive")


def test_unknown_resources_are_refused_unless_skipped(run: Run, patient: str, tmp_path: Path,
                                                     other: Path) -> None:
    target = tmp_path / "b.json"
    run("export", "--patient", patient, "--as", "fhir", "-o", str(target))
    bundle = json.loads(target.read_text(encoding="utf-8"))
    bundle["entry"].append({"resource": {"resourceType": "Condition", "id": "c1"}})
    target.write_text(json.dumps(bundle), encoding="utf-8")
    code, out, err = run("import", str(target), db=other)
    assert code == 2 and out == ""
    last = len(bundle["entry"]) - 1
    assert err == (f"equitone: error: The FHIR bundle is not valid: Bundle.entry[{last}] "
                   "Condition/c1: Equitone does not read Condition resources (use "
                   "--skip-unknown to skip them).\n")
    assert run("patient", "list", "--format", "json", db=other)[1].strip() == "[]"
    code, out, _err = run("import", str(target), "--skip-unknown", db=other)
    assert code == 0 and out.rstrip().endswith("; skipped 1 Condition (not read by Equitone).")
    code, out, _err = run("import", str(target), "--skip-unknown", "--force-new",
                          "--format", "json", db=other)
    assert as_json(out)["skipped"] == {"Condition": 1}


@pytest.mark.parametrize(("content", "message"), [
    (b"{\"resourceType\": \"Bundle\", \"type\": ", "The file is not valid JSON: it ends too "
                                                   "early"),
    (b"{\"resourceType\": \"Bundle\", \"type\": \"collection\", \"entry\": []}",
     "The FHIR bundle is not valid: Bundle: entry: missing or empty."),
    (b"{\"resourceType\": \"Bundle\", \"type\": \"searchset\", \"entry\": [{}]}",
     "Bundle: type: \"searchset\" is not a bundle Equitone imports"),
    (b"{\"resourceType\": \"Bundle\", \"type\": \"collection\", \"meta\": {\"profile\": "
     b"[\"http://hl7.org/fhir/R5/StructureDefinition/Bundle\"]}, \"entry\": [{}]}",
     "another FHIR version"),
])
def test_bad_bundles_exit_non_zero_with_one_line(run: Run, tmp_path: Path, content: bytes,
                                                 message: str) -> None:
    bad = tmp_path / "bad.json"
    bad.write_bytes(content)
    code, out, err = run("import", str(bad))
    assert code == 2 and out == ""
    assert err.startswith("equitone: error: ") and message in err
    assert len(err.splitlines()) == 1 and "Traceback" not in err


def test_option_combinations_are_checked(run: Run, patient: str, tmp_path: Path) -> None:
    code, _out, err = run("export", "--patient", patient, "--transaction", "-o",
                          str(tmp_path / "x.json"))
    assert code == 2 and "--transaction goes with --as fhir" in err
    code, _out, err = run("export", "--as", "fhir", "-o", str(tmp_path / "x.json"))
    assert code == 2 and "Name the patient with --patient ID" in err
    code, _out, err = run("export", "--patient", "99", "--as", "fhir", "-o",
                          str(tmp_path / "x.json"))
    assert code == 3 and "no patient with id 99" in err
    assert not (tmp_path / "x.json").exists()


def test_csv_export_of_one_patient(run: Run, patient: str, tmp_path: Path) -> None:
    folder = tmp_path / "sheets"
    code, _out, err = run("export", "--patient", patient, "--as", "csv", "-o", str(folder))
    assert code == 2 and f"The folder {folder} does not exist." in err
    folder.mkdir()
    code, out, _err = run("export", "--patient", patient, "--as", "csv", "-o", str(folder),
                          "--format", "json")
    assert code == 0
    assert as_json(out) == {"folder": str(folder), "rows": {
        "patients.csv": 1, "tags.csv": 3, "session_blocks.csv": 0}}
    for name, columns in (("patients.csv", PATIENT_COLUMNS), ("tags.csv", TAG_COLUMNS),
                          ("session_blocks.csv", BLOCK_COLUMNS)):
        path = folder / name
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # spreadsheets read it as UTF-8
        with path.open(encoding="utf-8-sig", newline="") as handle:
            assert tuple(next(csv.reader(handle))) == columns
    (person,) = _rows(folder / "patients.csv")
    assert person["name"] == "'=HYPERLINK(\"x\") Keller"  # never run as a formula
    assert (person["date_of_birth"], person["assessments"], person["archived"]) == (
        "1984-03-12", "1", "no")
    tags = _rows(folder / "tags.csv")
    glute = [t for t in tags if t["muscle"] == "gluteus-medius"]
    assert [(t["state"], t["primary"]) for t in glute] == [("underactive", "yes"),
                                                          ("tender", "no")]
    assert glute[0]["tightness"] == "4" and glute[1]["tightness"] == ""
    assert {(t["muscle"], t["side"], t["clinician"]) for t in tags} == {
        ("gluteus-medius", "left", "Dr Ana Silva"), ("soleus", "right", "Dr Ana Silva")}


def test_csv_export_of_every_patient_with_sessions(run: Run, patient: str,
                                                   tmp_path: Path) -> None:
    code, _out, _err = run("patient", "add", "--name", "Second Person")
    assert code == 0
    code, _out, err = run("session", "new", "--patient", patient, "--date", "2026-01-06",
                          "--exercise", "clamshell:gluteus-medius:left",
                          "--exercise", "calf-raise")
    assert code == 0, err
    folder = tmp_path / "all"
    folder.mkdir()
    code, out, _err = run("export", "--as", "csv", "-o", str(folder))
    assert code == 0 and out.startswith("Wrote patients.csv 2 row(s), tags.csv 3 row(s), ")
    blocks = _rows(folder / "session_blocks.csv")
    assert blocks and {b["patient_id"] for b in blocks} == {patient}
    assert [int(b["position"]) for b in blocks] == list(range(1, len(blocks) + 1))
    assert all(b["exercise"] and b["side"] in ("left", "right", "both") for b in blocks)
    code, _out, err = run("export", "--as", "csv", "-o", str(folder / "patients.csv"))
    assert code == 2 and len(err.splitlines()) == 1


def test_other_commands_do_not_load_the_fhir_library() -> None:
    code = ("import sys, equitone.cli.main, equitone.cli.commands.archive, "
            "equitone.services.import_file, equitone.services.archive, "
            "equitone.services.csv_export; "
            "assert 'fhirclient' not in sys.modules, 'fhirclient imported eagerly'")
    subprocess.run([sys.executable, "-c", code], check=True)
