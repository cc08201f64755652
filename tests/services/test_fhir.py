"""FHIR R4 export and import: every resource valid R4, the round trip keeps the clinical
content on both engines, hostile text survives, and each kind of bad bundle is refused with one
line naming the resource and element, writing nothing."""

from __future__ import annotations

import copy
import json
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from equitone.errors import EquitoneError, NotFoundError
from equitone.services.archive import DuplicatePatientError, patient_archive
from equitone.services.fhir_check import FhirError, check_resource, model
from equitone.services.fhir_export import export_fhir, patient_bundle
from equitone.services.fhir_import import import_bundle
from equitone.services.fhir_terms import (
    FMA,
    LATERALITY_EXTENSION,
    SNOMED,
    STATUS_CODES,
    body_sites,
    system,
)
from equitone.services.import_file import import_file
from equitone.services.workspace import open_workspace
from equitone.storage.database import Database

from .archive_data import build_patient
from .test_archive import comparable, counts

HOSTILE = "Zoë \u202eevil\u202c \x1b[2J'; DROP TABLE patients;-- \u0627\u0644 \U0001f600 <b>&amp;"


@pytest.fixture
def other_db(tmp_path: Path, template_database: Path) -> Iterator[Database]:
    path = tmp_path / "other.sqlite3"
    shutil.copyfile(template_database, path)
    database = open_workspace(path)
    yield database
    database.close()


@pytest.fixture
def bundle(db: Database) -> dict[str, Any]:
    return patient_bundle(db, build_patient(db))


def resources(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def test_every_resource_validates_as_r4(bundle: dict[str, Any]) -> None:
    kinds = {e["resource"]["resourceType"] for e in bundle["entry"]}
    assert {"Patient", "Encounter", "Observation", "QuestionnaireResponse",
            "DocumentReference", "Provenance", "CarePlan", "ServiceRequest", "Procedure",
            "ActivityDefinition", "CodeSystem", "Questionnaire"} <= kinds
    for entry in bundle["entry"]:
        resource = entry["resource"]
        check_resource(resource)  # the R4 model, choices, id form, status binding
        round_tripped = model(resource["resourceType"])(resource).as_json()
        assert round_tripped == resource, resource["resourceType"]
        assert entry["fullUrl"] == f"urn:uuid:{resource['id']}"
        if resource["resourceType"] in STATUS_CODES:
            assert resource["status"] in STATUS_CODES[resource["resourceType"]]
    model("Bundle")(bundle)


def test_tags_are_observations_with_standard_laterality_and_measures(
        bundle: dict[str, Any]) -> None:
    observations = [o for o in resources(bundle, "Observation")
                    if o["category"][0]["coding"][0]["code"] == "exam"]
    glute = [o for o in observations if o["bodySite"]["text"] == "Gluteus medius"]
    assert {o["code"]["coding"][0]["code"] for o in glute} >= {"underactive", "tender"}
    for o in observations:
        (lateral,) = [e for e in o["extension"] if e["url"] == LATERALITY_EXTENSION]
        assert lateral["valueCodeableConcept"]["coding"][0]["system"] == SNOMED
        assert lateral["valueCodeableConcept"]["coding"][0]["code"] in {"7771000", "24028007"}
        assert o["bodySite"]["coding"][-1]["display"]  # always with display text
    snomed = glute[0]["bodySite"]["coding"][0]
    assert (snomed["system"], snomed["code"]) == (SNOMED, "78333006")
    pains = [c for o in observations for c in o.get("component", [])
             if c["code"]["coding"][0]["code"] == "72514-3"]
    assert pains and pains[0]["code"]["coding"][0]["system"] == "http://loinc.org"
    rom = [c for o in observations for c in o.get("component", []) if "valueQuantity" in c]
    assert rom[0]["code"]["coding"][0]["code"] == "hip-abduction"
    assert rom[0]["valueQuantity"]["code"] == "deg"


def test_round_trip_keeps_the_clinical_content(db: Database, other_db: Database,
                                               tmp_path: Path) -> None:
    """export → import into an empty database → export: the same record (on the engine the
    test runs on, and into SQLite)."""
    patient_id = build_patient(db)
    path = tmp_path / "patient.fhir.json"
    result = export_fhir(db, patient_id, path)
    assert result.resources["Patient"] == 1 and path.stat().st_mode & 0o777 == 0o600
    imported = import_file(other_db, path)
    assert imported.source == "fhir"
    before = comparable(patient_archive(db, patient_id))
    after = comparable(patient_archive(other_db, imported.result.patient_id))
    assert after == before
    again = patient_bundle(other_db, imported.result.patient_id)
    first = json.loads(path.read_text(encoding="utf-8"))
    assert _content(again) == _content(first)
    with pytest.raises(DuplicatePatientError):
        import_file(other_db, path)
    assert import_file(other_db, path, force_new=True).result.patient_id != (
        imported.result.patient_id)


def _content(bundle: dict[str, Any]) -> list[dict[str, Any]]:
    return sorted((e["resource"] for e in bundle["entry"]), key=json.dumps)


def test_round_trip_from_sqlite_into_postgres(other_db: Database, pg_url: str) -> None:
    patient_id = build_patient(other_db)
    server = open_workspace(pg_url)
    try:
        imported = import_bundle(server, patient_bundle(other_db, patient_id), "x.json")
        assert comparable(patient_archive(server, imported.result.patient_id)) == comparable(
            patient_archive(other_db, patient_id))
    finally:
        server.close()


def test_transaction_bundle(db: Database, other_db: Database) -> None:
    bundle = patient_bundle(db, build_patient(db), transaction=True)
    assert bundle["type"] == "transaction"
    assert {e["request"]["method"] for e in bundle["entry"]} == {"POST"}
    systems = [e for e in bundle["entry"] if e["resource"]["resourceType"] == "CodeSystem"]
    assert all(e["request"]["ifNoneExist"].startswith("url=") for e in systems)
    import_bundle(other_db, bundle, "t.json")


def _body_sites_of(bundle: dict[str, Any], slug: str) -> list[dict[str, Any]]:
    return [o["bodySite"] for o in resources(bundle, "Observation")
            if {"system": system("muscle"), "code": slug} in [
                {k: c.get(k) for k in ("system", "code")} for c in o["bodySite"]["coding"]]]


def test_muscles_without_a_snomed_code_carry_their_checked_fma_id(
        db: Database, other_db: Database, bundle: dict[str, Any]) -> None:
    assert FMA == "urn:oid:2.16.840.1.113883.6.119"  # the FMA's OID (DICOM PS3.16 Table 8-1)
    tfl = _body_sites_of(bundle, "tensor-fasciae-latae")
    assert tfl and all(site["coding"][0] == {
        "system": FMA, "code": "22423", "display": "tensor fasciae latae muscle"}
        for site in tfl)
    assert all(site["text"] and site["coding"][-1]["display"] for site in tfl)
    glute = _body_sites_of(bundle, "gluteus-medius")  # SNOMED CT, so no FMA beside it
    assert glute and all(FMA not in {c["system"] for c in site["coding"]} for site in glute)
    piriformis = _body_sites_of(bundle, "piriformis")  # neither checked: Equitone's code only
    assert piriformis and all(len(site["coding"]) == 1 for site in piriformis)
    # a bundle from elsewhere naming the muscle by its FMA id alone is understood
    for site in tfl:
        site["coding"] = site["coding"][:1]
    imported = import_bundle(other_db, bundle, "fma.json")
    tags = patient_archive(other_db, imported.result.patient_id)["assessments"][0]["tags"]
    assert "tensor-fasciae-latae" in {t["muscle"] for t in tags}
    assert set(body_sites()["fma"]).isdisjoint(body_sites()["snomed"])


def test_hostile_names_survive(db: Database, other_db: Database) -> None:
    patient_id = build_patient(db, name=HOSTILE)
    imported = import_bundle(other_db, patient_bundle(db, patient_id), "h.json")
    assert imported.result.name == HOSTILE
    assert patient_archive(other_db, imported.result.patient_id)["patient"]["name"] == HOSTILE


def _mutate(change: Callable[[dict[str, Any]], None]) -> Callable[[dict[str, Any]], None]:
    return change


def _first(kind: str, bundle: dict[str, Any], where: Callable[[dict[str, Any]], bool] = (
        lambda _r: True)) -> dict[str, Any]:
    return next(r for r in resources(bundle, kind) if where(r))


def _tag(bundle: dict[str, Any]) -> dict[str, Any]:
    return _first("Observation", bundle, lambda r: "component" in r and "encounter" in r)


BAD: list[tuple[str, Callable[[dict[str, Any]], None], str]] = [
    ("missing status", lambda b: _tag(b).pop("status"),
     r"Observation/[-0-9a-f]+: status: missing"),
    ("unknown element", lambda b: _tag(b).update(bodyStructure={}),
     r"Observation/[-0-9a-f]+: bodyStructure: not an element of this FHIR R4 resource"),
    ("wrong type", lambda b: _tag(b)["component"][0].update(valueInteger="7"),
     r"Observation/[-0-9a-f]+: component\[0\]\.valueInteger: expected a whole number"),
    ("two values", lambda b: _tag(b).update(valueString="x"),
     r"Observation/[-0-9a-f]+: value\[x\]: holds valueInteger and valueString"),
    ("bad status code", lambda b: _tag(b).update(status="done"),
     r"Observation/[-0-9a-f]+: status: \"done\" is not a code"),
    ("bad laterality", lambda b: _tag(b)["extension"][0]["valueCodeableConcept"]["coding"][0]
     .update(code="51440002"), r"extension\[structureLaterality\]: \"51440002\""),
    ("unknown state", lambda b: _tag(b)["code"]["coding"][0].update(code="floppy"),
     r"Observation/[-0-9a-f]+: code: unknown code \"floppy\""),
    ("unknown muscle", lambda b: _tag(b).update(bodySite={"coding": [
        {"system": SNOMED, "code": "12345"}]}), r"bodySite: unknown muscle \"12345\""),
    ("dangling reference", lambda b: _tag(b).update(encounter={"reference": "urn:uuid:nope"}),
     r"encounter: \"urn:uuid:nope\" points to nothing in the bundle"),
    ("another patient", lambda b: b["entry"].append({"fullUrl": "urn:uuid:other", "resource": {
        "resourceType": "Patient", "id": "other", "name": [{"text": "Someone else"}]}}),
     r"Bundle: holds 2 Patient resources"),
    ("subject elsewhere", lambda b: _tag(b).update(
        subject={"reference": _first("Encounter", b)["id"] and "Encounter/" + _first(
            "Encounter", b)["id"]}), r"subject: refers to Encounter/"),
    ("out of range", lambda b: _tag(b)["component"][0].update(valueInteger=12),
     r"Observation/[-0-9a-f]+: component\[tightness\]: 12 is out of range"),
    ("another version", lambda b: b.update(meta={"profile": [
        "http://hl7.org/fhir/R5/StructureDefinition/Bundle"]}), r"another FHIR version"),
    ("r5 shape", lambda b: _first("Encounter", b).update(
        **{"class": [{"coding": [{"code": "AMB"}]}]}), r"Encounter/[-0-9a-f]+: class"),
    ("bundle element", lambda b: b.update(signatures=[]),
     r"Bundle: signatures: not an element of this FHIR R4 resource"),
    ("bundle timestamp", lambda b: b.update(timestamp="yesterday"),
     r"Bundle: timestamp: not a valid FHIR date or time"),
    ("not a bundle", lambda b: b.update(resourceType="Patient"),
     r"holds a FHIR \"Patient\" resource"),
    ("unknown type", lambda b: b["entry"].append({"resource": {
        "resourceType": "Condition", "id": "c1"}}), r"does not read Condition resources"),
    ("future signature", lambda b: _first("Provenance", b).update(
        recorded="2999-01-01T00:00:00Z"), r"Provenance/[-0-9a-f]+: recorded: signed in the "
                                          r"future"),
    ("null code", lambda b: _tag(b)["component"][0]["code"].update(coding=None),
     r"Observation/[-0-9a-f]+: component\[0\]\.code\.coding: null is not allowed"),
    ("signature without signer", lambda b: _first("Provenance", b).update(agent=[]),
     r"Provenance/[-0-9a-f]+: agent: missing or empty"),
]


@pytest.mark.parametrize(("change", "message"), [(c, m) for _n, c, m in BAD],
                         ids=[n for n, _c, _m in BAD])
def test_bad_bundles_are_refused_with_one_line_and_no_write(
    db: Database, other_db: Database, tmp_path: Path,
    change: Callable[[dict[str, Any]], None], message: str,
) -> None:
    bundle = copy.deepcopy(patient_bundle(db, build_patient(db)))
    change(bundle)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bundle), encoding="utf-8")
    before = counts(other_db)
    with pytest.raises(FhirError, match=message) as caught:
        import_file(other_db, path)
    assert "\n" not in str(caught.value)
    assert counts(other_db) == before


def test_unknown_types_can_be_skipped(db: Database, other_db: Database) -> None:
    bundle = patient_bundle(db, build_patient(db))
    bundle["entry"].append({"resource": {"resourceType": "Condition", "id": "c1"}})
    imported = import_bundle(other_db, bundle, "b.json", skip_unknown=True)
    assert imported.skipped == {"Condition": 1}


@pytest.mark.parametrize(("data", "message"), [
    (b"{\"resourceType\": \"Bundle\", \"entry\": [", "ends too early"),
    (b"\xff\xfe{}", "not UTF-8"),
    (b"[1, 2]", "neither an Equitone patient archive nor a FHIR Bundle"),
])
def test_malformed_files_are_refused(other_db: Database, tmp_path: Path, data: bytes,
                                     message: str) -> None:
    path = tmp_path / "x.json"
    path.write_bytes(data)
    with pytest.raises(EquitoneError, match=message):
        import_file(other_db, path)


def test_gigantic_and_odd_files_are_refused(other_db: Database, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    import equitone.services.import_file as importer

    monkeypatch.setattr(importer, "MAX_BYTES", 1024)
    path = tmp_path / "big.json"
    path.write_text(json.dumps({"resourceType": "Bundle", "x": "y" * 5000}))
    with pytest.raises(EquitoneError, match="larger than"):
        import_file(other_db, path)
    with pytest.raises(NotFoundError):
        import_file(other_db, tmp_path / "missing.json")
    with pytest.raises(EquitoneError, match="folder"):
        import_file(other_db, tmp_path)


DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_the_documented_sample_bundle_imports(other_db: Database) -> None:
    """docs/fhir-sample.json (an excerpt of a demo patient's bundle) stays importable."""
    sample = json.loads((DOCS / "fhir-sample.json").read_text(encoding="utf-8"))
    imported = import_bundle(other_db, sample, "fhir-sample.json")
    assert imported.result.name == "Maria Keller" and imported.result.assessments == 1


def test_the_documented_snomed_and_fma_codes_are_the_shipped_ones() -> None:
    text = (DOCS / "fhir.md").read_text(encoding="utf-8")
    for entry in [*body_sites()["snomed"].values(), *body_sites()["fma"].values()]:
        assert f"`{entry['code']}`" in text, entry


@pytest.mark.parametrize(("change", "message"), [
    ({"effectiveDateTime": "2026-02-30"}, r"effectiveDateTime: "),
    ({"effectiveDateTime": "yesterday"}, r"effectiveDateTime: not a valid FHIR date"),
    ({"valueInteger": "2"}, r"valueInteger: expected a whole number, found text"),
])
def test_a_shape_checked_before_is_still_checked_in_full(
        bundle: dict[str, Any], change: dict[str, Any], message: str) -> None:
    """Resources of a shape the library accepted once are not rebuilt by it, but their dates
    are parsed and any other difference of type is a new shape."""
    tag = copy.deepcopy(_tag(bundle))
    check_resource(tag)
    tag.update(change)
    with pytest.raises(FhirError, match=message):
        check_resource(tag)


def test_shipped_code_systems_are_consistent(bundle: dict[str, Any]) -> None:
    """Each shipped CodeSystem counts its concepts, names each code once, and holds every
    code of its system that an export writes."""
    from equitone.services.fhir_terms import SHIPPED_CODE_SYSTEMS, shipped, system

    written: dict[str, set[str]] = {}

    def collect(node: Any) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("system"), str) and "code" in node:
                written.setdefault(node["system"], set()).add(node["code"])
            for value in node.values():
                collect(value)
        elif isinstance(node, list):
            for value in node:
                collect(value)

    collect([e["resource"] for e in bundle["entry"]
             if e["resource"]["resourceType"] != "CodeSystem"])
    for name in SHIPPED_CODE_SYSTEMS:
        code_system = shipped(f"CodeSystem-{name}")
        codes = [c["code"] for c in code_system["concept"]]
        assert code_system["url"] == system(name)
        assert code_system["count"] == len(codes) == len(set(codes)), name
        assert written.get(system(name), set()) <= set(codes), name
