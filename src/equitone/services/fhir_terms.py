"""The words Equitone's FHIR bundles speak: code systems, extensions, and the codings of muscles,
sides and measures (docs/fhir.md has the mapping table).

Equitone's own CodeSystems and the PSFS Questionnaire ship in resources/fhir/; the muscle,
length-test and exercise CodeSystems are made from the catalog the database uses, so they
never drift from it. SNOMED CT codes, and FMA ids for muscles without one, are shipped only
where they were checked (resources/fhir/body-sites.json); every other muscle carries
Equitone's own code and its name.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from equitone.resources_access import read_text

BASE = "https://fhir.equitone.app"
"""The canonical base of Equitone's own code systems and extensions: a name, not a server."""
SNOMED = "http://snomed.info/sct"
FMA = "urn:oid:2.16.840.1.113883.6.119"
"""The Foundational Model of Anatomy. HL7 lists no URI for it, so by FHIR's rule its OID (the
one DICOM PS3.16 Table 8-1 gives the FMA) names it."""
LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
LATERALITY_EXTENSION = "http://hl7.org/fhir/StructureDefinition/observation-structureLaterality"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
PARTICIPANT_TYPE = "http://terminology.hl7.org/CodeSystem/provenance-participant-type"
PAIN_NRS = {"system": LOINC, "code": "72514-3",
            "display": "Pain severity - 0-10 verbal numeric rating [Score] - Reported"}

SHIPPED_CODE_SYSTEMS = ("tone-state", "sequencing-rule", "measure", "modified-ashworth",
                        "block-outcome", "decision-kind")
PSFS_QUESTIONNAIRE = f"{BASE}/Questionnaire/psfs"
PSFS_ITEMS = 5

UNITS = {"degrees": ("deg", "degrees"), "mmHg": ("mm[Hg]", "mmHg"), "mm": ("mm", "mm")}

# FHIR R4 required bindings of the status elements Equitone writes and reads. The model
# library checks structure and types, not these value sets.
STATUS_CODES: dict[str, frozenset[str]] = {
    "Observation": frozenset({"registered", "preliminary", "final", "amended", "corrected",
                              "cancelled", "entered-in-error", "unknown"}),
    "Encounter": frozenset({"planned", "arrived", "triaged", "in-progress", "onleave",
                            "finished", "cancelled", "entered-in-error", "unknown"}),
    "CarePlan": frozenset({"draft", "active", "on-hold", "revoked", "completed",
                           "entered-in-error", "unknown"}),
    "ServiceRequest": frozenset({"draft", "active", "on-hold", "revoked", "completed",
                                 "entered-in-error", "unknown"}),
    "Procedure": frozenset({"preparation", "in-progress", "not-done", "on-hold", "stopped",
                            "completed", "entered-in-error", "unknown"}),
    "QuestionnaireResponse": frozenset({"in-progress", "completed", "amended",
                                        "entered-in-error", "stopped"}),
    "DocumentReference": frozenset({"current", "superseded", "entered-in-error"}),
    "CodeSystem": frozenset({"draft", "active", "retired", "unknown"}),
    "Questionnaire": frozenset({"draft", "active", "retired", "unknown"}),
    "ActivityDefinition": frozenset({"draft", "active", "retired", "unknown"}),
}
SESSION_STATUS = {"draft": "draft", "planned": "active", "delivered": "completed"}
SESSION_STATUS_BACK = {v: k for k, v in SESSION_STATUS.items()}


def system(name: str) -> str:
    """The canonical URL of one of Equitone's code systems."""
    return f"{BASE}/CodeSystem/{name}"


def extension(name: str) -> str:
    return f"{BASE}/StructureDefinition/{name}"


def identifier_system(name: str) -> str:
    return f"{BASE}/identifier/{name}"


@cache
def shipped(name: str) -> dict[str, Any]:
    """A shipped resource of resources/fhir/ (a CodeSystem or the Questionnaire)."""
    loaded: dict[str, Any] = json.loads(read_text("fhir", f"{name}.json"))
    return loaded


@cache
def codes(code_system: str) -> dict[str, str]:
    """code → display of a shipped CodeSystem."""
    return {c["code"]: c["display"] for c in shipped(f"CodeSystem-{code_system}")["concept"]}


@cache
def body_sites() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(read_text("fhir", "body-sites.json"))
    return loaded


def laterality(side: str) -> dict[str, Any]:
    """The SNOMED CT coding of `left`, `right` or `both`."""
    entry = body_sites()["laterality"][side]
    return {"coding": [{"system": SNOMED, "code": entry["code"], "display": entry["display"]}]}


@cache
def side_of_laterality() -> dict[str, str]:
    return {entry["code"]: side for side, entry in body_sites()["laterality"].items()}


@cache
def muscle_of_snomed() -> dict[str, str]:
    return {entry["code"]: slug for slug, entry in body_sites()["snomed"].items()}


@cache
def muscle_of_fma() -> dict[str, str]:
    return {entry["code"]: slug for slug, entry in body_sites()["fma"].items()}


def muscle_concept(slug: str, name: str) -> dict[str, Any]:
    """The muscle as a CodeableConcept: SNOMED CT where a checked code exists, else the FMA
    where a checked id exists, always Equitone's own code, and the name as text."""
    coding = []
    snomed, fma = body_sites()["snomed"].get(slug), body_sites()["fma"].get(slug)
    if snomed is not None:
        coding.append({"system": SNOMED, "code": snomed["code"], "display": snomed["display"]})
    elif fma is not None:
        coding.append({"system": FMA, "code": fma["code"], "display": fma["display"]})
    coding.append({"system": system("muscle"), "code": slug, "display": name})
    return {"coding": coding, "text": name}


def coding(code_system: str, code: str, display: str | None = None) -> dict[str, Any]:
    shown = display if display is not None else codes(code_system).get(code)
    entry = {"system": system(code_system), "code": code}
    if shown:
        entry["display"] = shown
    return entry


def concept(code_system: str, code: str, display: str | None = None) -> dict[str, Any]:
    return {"coding": [coding(code_system, code, display)]}
