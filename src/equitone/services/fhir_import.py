"""`import FILE` for a FHIR R4 Bundle: checked as R4, turned into a patient archive document,
then imported by the archive importer's own rules (all or nothing, duplicates, --force-new).

Order of the checks: the file (regular, bounded, UTF-8 JSON), the Bundle (R4, its type, its
entries), every resource (services/fhir_check.py), references (each resolves inside the
Bundle; everything is about the one patient), codes (Equitone's code systems, the checked
SNOMED CT and FMA muscles, the laterality codes), then everything the archive importer checks. A
problem found after the translation is named by the resource it came from. Nothing is written
until all of it passed.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from equitone.domain.catalog import Catalog
from equitone.domain.length_tests import length_tests
from equitone.services import fhir_terms as terms
from equitone.services.archive import ImportResult, plan_document, write_plan
from equitone.services.archive_format import (
    FORMAT,
    FORMAT_VERSION,
    ArchiveError,
    quoted,
    where,
)
from equitone.services.catalog import load_catalog
from equitone.services.fhir_bundle import NOTE_SECTIONS, state_rank
from equitone.services.fhir_check import (
    KNOWN_TYPES,
    FhirError,
    bad,
    check_bundle_shell,
    check_resource,
    label,
)
from equitone.storage.database import Database

_R4 = re.compile(r"4\.0(\.\d+)?")
_MEASURE_KEYS = {"tightness": "tightness", "mrc-strength": "strength",
                 "tenderness": "tenderness", "modified-ashworth": "ashworth"}
_ELEMENTS = {  # an archive key, as the FHIR element it came from (for messages)
    "tightness": "component[tightness]", "strength": "component[mrc-strength]",
    "tenderness": "component[tenderness]", "pain": "component[72514-3]",
    "rom_degrees": "component[length test].valueQuantity", "rom_test": "component[length test]",
    "ashworth": "component[modified-ashworth]", "muscle": "bodySite",
    "side": "extension[laterality]", "state": "code", "states": "code", "grade": "value[x]",
    "date": "date", "clinician": "participant", "findings": "content[findings]",
    "signed_at_utc": "recorded", "signed_by": "agent.who", "psfs": "item",
    "reported_on": "effectiveDateTime", "delivered_at": "performedDateTime",
    "exercise": "code", "muscles": "bodySite", "block_id": "identifier",
    "frequency_per_week": "extension[frequency-per-week]", "supersedes": "extension[replaces]",
    "version": "extension[record-version]", "notes": "note", "name": "name",
    "date_of_birth": "birthDate", "email": "telecom[email]", "phone": "telecom[phone]",
}


@dataclass(frozen=True, slots=True)
class FhirImportResult:
    result: ImportResult
    skipped: dict[str, int] = field(default_factory=dict)


def _int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _codings(concept: Any) -> list[dict[str, Any]]:
    return [c for c in (concept or {}).get("coding", []) if isinstance(c, dict)]


def _code_in(concept: Any, system: str) -> str | None:
    for coding in _codings(concept):
        if coding.get("system") == system:
            code: str | None = coding.get("code")
            return code
    return None


def _codes(concept: Any) -> dict[str | None, Any]:
    """system -> code of a CodeableConcept's codings (the first coding of each system)."""
    found: dict[str | None, Any] = {}
    for coding in _codings(concept):
        found.setdefault(coding.get("system"), coding.get("code"))
    return found


def _ext(resource: dict[str, Any], name: str) -> list[dict[str, Any]]:
    url = terms.extension(name)
    return [e for e in resource.get("extension", []) if e.get("url") == url]


def _ext_value(resource: dict[str, Any], name: str, kind: str, default: Any = None) -> Any:
    found = _ext(resource, name)
    return found[0].get(kind, default) if found else default


def _day(text: Any) -> str:
    return str(text)[:10] if isinstance(text, str) else str(text)


def _utc_stamp(text: str) -> str:
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment.isoformat(timespec="microseconds") + "Z"


def _local_stamp(text: str) -> str:
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is not None:
        moment = moment.astimezone().replace(tzinfo=None)
    return moment.isoformat(timespec="microseconds")


def _references(node: Any, path: tuple[str | int, ...] = (),
                found: list[tuple[str | int, ...]] | None = None) -> list[tuple[str | int, ...]]:
    """Where a resource holds a `reference` (the path to it). Only containers are walked: a
    bundle has a million leaves; and a resource's shape fixes these paths (see the reader)."""
    found = [] if found is None else found
    if type(node) is dict:
        for key, value in node.items():
            if type(value) is dict or type(value) is list:
                _references(value, (*path, key), found)
            elif key == "reference":
                found.append((*path, key))
    elif type(node) is list:
        for n, value in enumerate(node):
            if type(value) is dict or type(value) is list:
                _references(value, (*path, n), found)
    return found


def _element(path: tuple[str | int, ...]) -> str:
    text = ""
    for step in path:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else step)
    return text


class _Reader:
    def __init__(self, bundle: dict[str, Any], catalog: Catalog, skip_unknown: bool) -> None:
        self.bundle = bundle
        self.catalog = catalog
        self.skip_unknown = skip_unknown
        self.skipped: dict[str, int] = {}
        self.by_url: dict[str, dict[str, Any]] = {}
        self.resources: list[dict[str, Any]] = []
        # (archive path, the resource it was made from): for messages, so worked out only then
        self.origins: list[tuple[list[Any], dict[str, Any]]] = []
        self.patient: dict[str, Any] = {}
        self.encounter_refs: dict[int, int] = {}  # id(Encounter) → assessment ref
        self.assessments: dict[int, dict[str, Any]] = {}
        self.sessions: dict[int, dict[str, Any]] = {}
        self.session_refs: dict[int, int] = {}  # id(CarePlan) → session ref
        self.blocks_read: set[int] = set()  # id(ServiceRequest) of every block read
        self.shapes: dict[int, Any] = {}  # id(resource) → its shape (services/fhir_check.py)
        self.reference_paths: dict[Any, list[tuple[str | int, ...]]] = {}  # by shape

    # -- the bundle --------------------------------------------------------------------------
    def check_bundle(self) -> None:
        b = self.bundle
        if b.get("resourceType") != "Bundle":
            raise FhirError(f"The file holds a FHIR {quoted(b.get('resourceType'))} resource; "
                            "Equitone imports a Bundle of one patient's records.")
        self.check_version()
        if b.get("type") not in ("collection", "transaction", "batch"):
            raise bad("Bundle", f"type: {quoted(b.get('type'))} is not a bundle Equitone "
                                "imports (collection, transaction or batch)")
        entries = b.get("entry")
        if not isinstance(entries, list) or not entries:
            raise bad("Bundle", "entry: missing or empty")
        for n, entry in enumerate(entries):
            resource = entry.get("resource") if isinstance(entry, dict) else None
            if not isinstance(resource, dict) or not isinstance(
                    resource.get("resourceType"), str):
                raise bad(f"Bundle.entry[{n}]", "resource: missing or without a resourceType")
            kind = resource["resourceType"]
            if kind not in KNOWN_TYPES:
                if not self.skip_unknown:
                    raise bad(f"Bundle.entry[{n}] {label(resource)}",
                              f"Equitone does not read {label(resource).split('/')[0]} "
                              "resources (use --skip-unknown to skip them)")
                self.skipped[kind] = self.skipped.get(kind, 0) + 1
            else:
                self.shapes[id(resource)] = check_resource(resource)
                self.resources.append(resource)
            urls = {f"{kind}/{resource.get('id')}"}
            full = entry.get("fullUrl")
            if isinstance(full, str):
                urls.add(full)
            for url in urls:
                if url in self.by_url:
                    raise bad(label(resource), f"fullUrl: {quoted(url)} appears twice")
                self.by_url[url] = resource
        check_bundle_shell(b)

    def came_from(self, path: list[Any], resource: dict[str, Any]) -> None:
        """The part of the archive document at `path` was made from `resource`."""
        self.origins.append((path, resource))

    def check_version(self) -> None:
        stated = [self.bundle.get("fhirVersion"), (self.bundle.get("meta") or {}).get(
            "fhirVersion") if isinstance(self.bundle.get("meta"), dict) else None]
        for version in stated:
            if version is not None and not (isinstance(version, str) and _R4.fullmatch(version)):
                raise FhirError(f"The FHIR bundle is for FHIR version {quoted(version)}; "
                                "Equitone reads FHIR R4 (4.0.1).")
        meta = self.bundle.get("meta")
        profiles = meta.get("profile", []) if isinstance(meta, dict) else []
        for profile in profiles if isinstance(profiles, list) else []:
            if isinstance(profile, str) and re.search(r"hl7\.org/fhir/(R5|R4B|5\.0|STU3|3\.0|"
                                                      r"DSTU2|1\.0)/", profile):
                raise FhirError(f"The FHIR bundle is for another FHIR version (profile "
                                f"{quoted(profile)}); Equitone reads FHIR R4 (4.0.1).")

    def resolve(self, resource: dict[str, Any], element: str, ref: Any,
                kinds: tuple[str, ...]) -> dict[str, Any]:
        target = self.by_url.get(ref) if isinstance(ref, str) else None
        if target is None and isinstance(ref, str) and "/" in ref:
            target = self.by_url.get("/".join(ref.rsplit("/", 2)[-2:]))
        if target is None:
            raise bad(label(resource), f"{element}: {quoted(ref)} points to nothing in the "
                                       "bundle")
        if target.get("resourceType") not in kinds:
            if target.get("resourceType") == "Patient":
                raise bad(label(resource), f"{element}: refers to another patient")
            raise bad(label(resource), f"{element}: refers to {label(target)}, not to a "
                                       f"{' or '.join(kinds)}")
        return target

    def check_references(self) -> None:
        patients = [r for r in self.resources if r["resourceType"] == "Patient"]
        if len(patients) != 1:
            raise bad("Bundle", f"holds {len(patients)} Patient resources; Equitone imports "
                                "one patient per bundle")
        self.patient = patients[0]
        for resource in self.resources:
            shape = self.shapes[id(resource)]
            paths = self.reference_paths.get(shape)
            if paths is None:
                paths = self.reference_paths[shape] = _references(resource)
            for path in paths:
                ref: Any = resource
                for step in path:
                    ref = ref[step]
                element = _element(path[:-1]) or "reference"
                kinds = tuple(KNOWN_TYPES) + tuple(self.skipped)
                target = self.resolve(resource, element, ref, kinds)
                if target.get("resourceType") == "Patient" and target is not self.patient:
                    raise bad(label(resource), f"{element}: refers to another patient")
            subject = resource.get("subject")
            if isinstance(subject, dict) and self.resolve(
                    resource, "subject", subject.get("reference"), ("Patient",)) is not (
                    self.patient):
                raise bad(label(resource), "subject: refers to another patient")

    # -- codes -------------------------------------------------------------------------------
    def muscle(self, resource: dict[str, Any], concept: Any, element: str) -> str:
        slug = _code_in(concept, terms.system("muscle"))
        if slug is None:
            snomed = _code_in(concept, terms.SNOMED)
            slug = terms.muscle_of_snomed().get(snomed or "")
        if slug is None:
            fma = _code_in(concept, terms.FMA)
            slug = terms.muscle_of_fma().get(fma or "")
        if slug is None or slug not in self.catalog.muscles:
            shown = slug or next((c.get("code") for c in _codings(concept)), None)
            raise bad(label(resource), f"{element}: unknown muscle {quoted(shown)} (Equitone "
                                       "knows its own muscle codes and the SNOMED CT and FMA "
                                       "codes in docs/fhir.md)")
        return slug

    def side(self, resource: dict[str, Any], concept: Any, element: str,
             allowed: tuple[str, ...] = ("left", "right")) -> str:
        code = _code_in(concept, terms.SNOMED)
        side = terms.side_of_laterality().get(code or "")
        if side not in allowed:
            raise bad(label(resource), f"{element}: {quoted(code)} is not a SNOMED CT "
                                       f"laterality code for {' or '.join(allowed)}")
        return side

    def code(self, resource: dict[str, Any], concept: Any, code_system: str,
             element: str) -> str:
        code = _code_in(concept, terms.system(code_system))
        if code is None or (code_system in terms.SHIPPED_CODE_SYSTEMS
                            and code not in terms.codes(code_system)):
            shown = code or next((c.get("code") for c in _codings(concept)), None)
            raise bad(label(resource), f"{element}: unknown code {quoted(shown)} (expected a "
                                       f"code of {terms.system(code_system)})")
        return code

    def integer(self, resource: dict[str, Any], value: Any, element: str) -> int | None:
        if value is None or _int(value):
            return value  # type: ignore[no-any-return]
        raise bad(label(resource), f"{element}: expected a whole number, found {quoted(value)}")

    # -- patient -----------------------------------------------------------------------------
    def patient_record(self) -> dict[str, Any]:
        p = self.patient
        self.came_from(["patient"], p)
        ident = next((i.get("value") for i in p.get("identifier", [])
                      if i.get("system") == terms.identifier_system("patient")), None)
        hex_id = str(ident or p["id"]).replace("-", "").lower()
        if not re.fullmatch(r"[0-9a-f]{32}", hex_id):
            hex_id = uuid.uuid5(uuid.NAMESPACE_URL, f"fhir-patient:{p['id']}").hex
        names = p.get("name", [])
        name = ""
        if names:
            first = names[0]
            name = first.get("text") or " ".join(
                [*first.get("given", []), first.get("family", "")]).strip()
        if not name:
            raise bad(label(p), "name: missing (Equitone needs the patient's name)")
        telecom = {t.get("system"): t.get("value") for t in reversed(p.get("telecom", []))}
        address = ""
        if p.get("address"):
            a = p["address"][0]
            address = a.get("text") or ", ".join(
                [*a.get("line", []), *(a.get(k) for k in ("city", "postalCode", "country")
                                        if a.get(k))])
        modality = _ext_value(p, "preferred-modality", "valueCoding")
        return {
            "uuid": hex_id, "name": name, "date_of_birth": p.get("birthDate"),
            "phone": telecom.get("phone") or "", "email": telecom.get("email") or "",
            "address": address, "notes": _ext_value(p, "patient-notes", "valueString", ""),
            "archived": p.get("active") is False,
            "preferred_modality": modality.get("code") if isinstance(modality, dict) else None,
            "relax_after_every_activation": bool(
                _ext_value(p, "relax-after-every-activation", "valueBoolean", False)),
            "relax_after_muscles": [
                self.muscle(p, {"coding": [e.get("valueCoding", {})]}, "extension")
                for e in _ext(p, "relax-after-muscle")],
        }

    # -- assessments -------------------------------------------------------------------------
    def ref_of(self, resource: dict[str, Any], name: str, used: set[int]) -> int:
        value = next((i.get("value") for i in resource.get("identifier", [])
                      if i.get("system") == terms.identifier_system(name)), None)
        ref = int(value) if isinstance(value, str) and value.isdigit() and len(value) < 10 \
            else max(used, default=0) + 1
        if ref in used:
            raise bad(label(resource), f"identifier: the {name} {ref} appears twice")
        used.add(ref)
        return ref

    def replaced(self, resource: dict[str, Any], kind: str, refs: dict[int, int]) -> int | None:
        link = _ext_value(resource, "replaces", "valueReference")
        if link is None:
            return None
        target = self.resolve(resource, "extension[replaces]", link.get("reference"), (kind,))
        if id(target) not in refs:
            raise bad(label(resource), f"extension[replaces]: {label(target)} is not an earlier "
                                       "record of this bundle")
        return refs[id(target)]

    def encounters(self) -> None:
        used: set[int] = set()
        for resource in self.resources:
            if resource["resourceType"] != "Encounter":
                continue
            ref = self.ref_of(resource, "assessment", used)
            participants = resource.get("participant", [])
            clinician = (participants[0].get("individual") or {}).get("display", "") if (
                participants) else ""
            start = (resource.get("period") or {}).get("start")
            if start is None:
                raise bad(label(resource), "period.start: missing (the day of the visit)")
            assessment = {
                "ref": ref, "date": _day(start), "clinician": clinician, "findings": "",
                "signed_at_utc": None, "signed_by": "",
                "version": _ext_value(resource, "record-version", "valueInteger", 1),
                "supersedes": self.replaced(resource, "Encounter", self.encounter_refs),
                "neurological": bool(_ext_value(resource, "neurological", "valueBoolean",
                                                False)),
                "tags": [], "psfs": [],
                "notes": dict.fromkeys(("subjective", "objective", "assessment", "plan"), ""),
            }
            self.encounter_refs[id(resource)] = ref
            self.assessments[ref] = assessment
            self.came_from(["assessments", len(self.assessments) - 1], resource)

    def assessment_of(self, resource: dict[str, Any], ref: Any, element: str) -> dict[str, Any]:
        if ref is None:
            raise bad(label(resource), f"{element}: missing (the visit it belongs to)")
        target = self.resolve(resource, element, ref, ("Encounter",))
        return self.assessments[self.encounter_refs[id(target)]]

    def tags(self) -> None:
        groups: dict[tuple[int, str, str], list[tuple[dict[str, Any], dict[str, Any]]]] = {}
        for r in self.resources:
            if r["resourceType"] != "Observation" or _code_in(
                    r.get("code"), terms.system("measure")) == "next-day-report":
                continue
            assessment = self.assessment_of(r, (r.get("encounter") or {}).get("reference"),
                                            "encounter")
            state = self.code(r, r.get("code"), "tone-state", "code")
            muscle = self.muscle(r, r.get("bodySite"), "bodySite")
            lateral = [e for e in r.get("extension", []) if e.get("url") ==
                       terms.LATERALITY_EXTENSION]
            if not lateral:
                raise bad(label(r), "extension[structureLaterality]: missing (which side)")
            side = self.side(r, lateral[0].get("valueCodeableConcept"),
                             "extension[structureLaterality]")
            grade = self.integer(r, r.get("valueInteger"), "valueInteger")
            if any(k.startswith("value") and k != "valueInteger" for k in r):
                raise bad(label(r), "value[x]: a tone state's value is its grade (an integer)")
            groups.setdefault((assessment["ref"], muscle, side), []).append(
                (r, {"state": state, "grade": grade}))
        position = {ref: n for n, ref in enumerate(self.assessments)}
        for (ref, muscle, side), found in groups.items():
            assessment = self.assessments[ref]
            found.sort(key=lambda pair: state_rank(pair[1]["state"]))
            tag: dict[str, Any] = {
                "muscle": muscle, "side": side, "state": found[0][1]["state"],
                "grade": found[0][1]["grade"], "states": [s for _r, s in found], "note": "",
                "tightness": None, "strength": None, "tenderness": None, "pain": None,
                "rom_test": None, "rom_degrees": None, "ashworth": None,
            }
            for resource, _state in found:
                self.measures(resource, tag)
                notes = [n.get("text", "") for n in resource.get("note", [])]
                if notes and tag["note"]:
                    raise bad(label(resource), f"note: {muscle} {side} has a note twice")
                tag["note"] = tag["note"] or "\n".join(notes)
            index = len(assessment["tags"])
            assessment["tags"].append(tag)
            self.came_from(["assessments", position[ref], "tags", index], found[0][0])

    def measures(self, r: dict[str, Any], tag: dict[str, Any]) -> None:
        tests = length_tests()
        measures, length_test = terms.system("measure"), terms.system("length-test")
        for n, part in enumerate(r.get("component", [])):
            element = f"component[{n}]"
            codes = _codes(part.get("code"))
            measure, test = codes.get(measures), codes.get(length_test)
            value: int | str | None
            if codes.get(terms.LOINC) == terms.PAIN_NRS["code"]:
                key, value = "pain", self.integer(r, part.get("valueInteger"),
                                                  f"{element}.valueInteger")
            elif measure == "modified-ashworth":
                key = "ashworth"
                value = self.code(r, part.get("valueCodeableConcept"), "modified-ashworth",
                                  f"{element}.valueCodeableConcept")
            elif measure in _MEASURE_KEYS:
                key = _MEASURE_KEYS[measure]
                value = self.integer(r, part.get("valueInteger"), f"{element}.valueInteger")
            elif test is not None or measure == "range-of-motion":
                if test is not None and test not in tests:
                    raise bad(label(r), f"{element}.code: unknown length test {quoted(test)}")
                key = "rom_degrees"
                quantity = part.get("valueQuantity") or {}
                value = self.integer(r, quantity.get("value"), f"{element}.valueQuantity.value")
                unit = terms.UNITS[tests[test].unit if test else "degrees"][0]
                if quantity.get("code", unit) != unit:
                    raise bad(label(r), f"{element}.valueQuantity.code: "
                                        f"{quoted(quantity.get('code'))} is not the test's "
                                        f"unit {unit}")
                tag["rom_test"] = test
            else:
                shown = next((c.get("code") for c in _codings(part.get("code"))), None)
                raise bad(label(r), f"{element}.code: unknown measure {quoted(shown)}")
            if value is None:
                raise bad(label(r), f"{element}: a measure without its value")
            if tag[key] is not None:
                raise bad(label(r), f"{element}: {tag['muscle']} {tag['side']} has {key} twice")
            tag[key] = value

    def psfs(self) -> None:
        for r in self.resources:
            if r["resourceType"] != "QuestionnaireResponse":
                continue
            if str(r.get("questionnaire", "")).split("|")[0] != terms.PSFS_QUESTIONNAIRE:
                raise bad(label(r), f"questionnaire: {quoted(r.get('questionnaire'))} is not "
                                    f"the PSFS ({terms.PSFS_QUESTIONNAIRE})")
            assessment = self.assessment_of(r, (r.get("encounter") or {}).get("reference"),
                                            "encounter")
            if assessment["psfs"]:
                raise bad(label(r), "encounter: the visit has a second PSFS")
            items = []
            for n, group in enumerate(r.get("item", []), start=1):
                if group.get("linkId") != f"activity-{n}":
                    raise bad(label(r), f"item[{n - 1}].linkId: expected activity-{n}")
                answers = {i.get("linkId"): (i.get("answer") or [{}])[0]
                           for i in group.get("item", [])}
                name = answers.get(f"activity-{n}.name", {}).get("valueString")
                if not isinstance(name, str):
                    raise bad(label(r), f"item[{n - 1}]: the activity's name is missing")
                score = self.integer(r, answers.get(f"activity-{n}.score", {}).get(
                    "valueInteger"), f"item[{n - 1}].score")
                items.append({"activity": name, "score": score})
            assessment["psfs"] = items
            self.came_from(["assessments", list(self.assessments).index(
                assessment["ref"]), "psfs"], r)

    def notes(self) -> None:
        for r in self.resources:
            if r["resourceType"] != "DocumentReference":
                continue
            refs = (r.get("context") or {}).get("encounter") or [{}]
            assessment = self.assessment_of(r, refs[0].get("reference"), "context.encounter")
            for n, part in enumerate(r["content"]):
                attachment = part["attachment"]
                title = attachment.get("title")
                if title not in NOTE_SECTIONS:
                    raise bad(label(r), f"content[{n}].attachment.title: {quoted(title)} is "
                                        f"not one of {', '.join(NOTE_SECTIONS)}")
                try:
                    text = base64.b64decode(attachment.get("data", ""), validate=True).decode()
                except (binascii.Error, ValueError):
                    raise bad(label(r), f"content[{n}].attachment.data: not base64 UTF-8 "
                                        "text") from None
                if title == "findings":
                    assessment["findings"] = text
                else:
                    assessment["notes"][title] = text
            n = list(self.assessments).index(assessment["ref"])
            self.came_from(["assessments", n, "notes"], r)
            self.came_from(["assessments", n, "findings"], r)

    def signatures(self) -> None:
        for r in self.resources:
            if r["resourceType"] != "Provenance":
                continue
            # FHIR requires at least one target and one agent; an edited file may have neither
            for element in ("target", "agent"):
                if not r.get(element):
                    raise bad(label(r), f"{element}: missing or empty")
            assessment = self.assessment_of(r, r["target"][0].get("reference"), "target[0]")
            agent = r["agent"][0]
            assessment["signed_at_utc"] = _utc_stamp(r["recorded"])
            assessment["signed_by"] = (agent.get("who") or {}).get("display", "")
            n = list(self.assessments).index(assessment["ref"])
            self.came_from(["assessments", n, "signed_at_utc"], r)
            self.came_from(["assessments", n, "signed_by"], r)

    # -- sessions ----------------------------------------------------------------------------
    def care_plans(self) -> None:
        used: set[int] = set()
        refs: dict[int, int] = {}
        for r in self.resources:
            if r["resourceType"] != "CarePlan":
                continue
            status = terms.SESSION_STATUS_BACK.get(r["status"])
            if status is None:
                raise bad(label(r), f"status: {quoted(r['status'])}: an Equitone session is "
                                    "draft, active (planned) or completed (delivered)")
            ref = self.ref_of(r, "session", used)
            start = (r.get("period") or {}).get("start")
            if start is None:
                raise bad(label(r), "period.start: missing (the day of the session)")
            session = {
                "ref": ref, "date": _day(start), "status": status,
                "frequency_per_week": _ext_value(r, "frequency-per-week", "valueInteger", 1),
                "version": _ext_value(r, "record-version", "valueInteger", 1),
                "supersedes": self.replaced(r, "CarePlan", refs),
                "in_clinic": bool(_ext_value(r, "in-clinic", "valueBoolean", False)),
                "pre_sport": bool(_ext_value(r, "pre-sport", "valueBoolean", False)),
                "template": _ext_value(r, "template", "valueString"),
                "notes": "\n".join(n.get("text", "") for n in r.get("note", [])),
                "delivered_at": None, "blocks": [], "responses": [], "next_day": [],
                "decisions": [self.decision(r, e) for e in _ext(r, "decision")],
            }
            refs[id(r)] = ref
            n = len(self.sessions)
            self.sessions[ref] = session
            self.came_from(["sessions", n], r)
            for k, activity in enumerate(r.get("activity", [])):
                reference = (activity.get("reference") or {}).get("reference")
                if reference is None:
                    raise bad(label(r), f"activity[{k}].reference: missing (Equitone's blocks "
                                        "are ServiceRequests)")
                request = self.resolve(r, f"activity[{k}].reference", reference,
                                       ("ServiceRequest",))
                self.block(session, n, request)
        self.session_refs = refs
        for r in self.resources:
            if r["resourceType"] == "ServiceRequest" and id(r) not in self.blocks_read:
                raise bad(label(r), "basedOn: the block belongs to no session of the bundle")

    def decision(self, r: dict[str, Any], e: dict[str, Any]) -> dict[str, Any]:
        parts = {p.get("url"): p for p in e.get("extension", [])}
        kind = self.code(r, {"coding": [parts.get("kind", {}).get("valueCoding", {})]},
                         "decision-kind", "extension[decision].kind")
        exercise = parts.get("exercise", {}).get("valueCoding")
        return {
            "kind": kind, "anchor": parts.get("anchor", {}).get("valueString"),
            "rule": parts.get("rule", {}).get("valueCode"),
            "muscle": self.muscle(r, {"coding": [parts.get("muscle", {}).get(
                "valueCoding", {})]}, "extension[decision].muscle"),
            "side": parts.get("side", {}).get("valueCode"),
            "exercise": exercise.get("code") if isinstance(exercise, dict) else None,
            "reason": parts.get("reason", {}).get("valueString", ""),
        }

    def block(self, session: dict[str, Any], n: int, r: dict[str, Any]) -> None:
        if id(r) in self.blocks_read:
            raise bad(label(r), "the block is listed by two sessions, or twice")
        self.blocks_read.add(id(r))
        index = len(session["blocks"])
        block_id = next((i.get("value") for i in r.get("identifier", [])
                         if i.get("system") == terms.identifier_system("block")),
                        f"b{index + 1}")
        exercise = _code_in(r.get("code"), terms.system("exercise"))
        if exercise is None:
            raise bad(label(r), "code: no Equitone exercise code")
        side_ext = _ext(r, "block-side")
        side = self.side(r, side_ext[0].get("valueCodeableConcept") if side_ext else None,
                         "extension[block-side]", ("left", "right", "both"))
        dose = {p.get("url"): p.get("valueInteger") for e in _ext(r, "dose")
                for p in e.get("extension", [])}
        reason = (r.get("reasonCode") or [{}])[0]
        rule = _code_in(reason, terms.system("sequencing-rule"))
        if rule is not None:
            self.code(r, reason, "sequencing-rule", "reasonCode")
        cues = []
        for cue in _ext(r, "cue"):
            parts = {p.get("url"): p for p in cue.get("extension", [])}
            cues.append([parts.get("rule", {}).get("valueCode", ""),
                         parts.get("text", {}).get("valueString", "")])
        session["blocks"].append({
            "block_id": block_id, "exercise": exercise,
            "muscles": [self.muscle(r, m, f"bodySite[{k}]")
                        for k, m in enumerate(r.get("bodySite", []))],
            "side": side, "sets": dose.get("sets"), "reps": dose.get("reps"),
            "hold_seconds": dose.get("hold-seconds"), "rest_seconds": dose.get("rest-seconds"),
            "auto": bool(_ext_value(r, "automatic", "valueBoolean", False)), "rule": rule,
            "reason": reason.get("text", ""), "cues": cues,
            "anchor": _ext_value(r, "anchor", "valueString"),
            "reciprocal_inhibition": bool(_ext_value(r, "reciprocal-inhibition",
                                                     "valueBoolean", False)),
            "pinned": bool(_ext_value(r, "pinned", "valueBoolean", False)),
            "note": "\n".join(x.get("text", "") for x in r.get("note", [])),
        })
        self.came_from(["sessions", n, "blocks", index], r)
        for response in _ext(r, "response"):
            parts = {p.get("url"): p for p in response.get("extension", [])}
            outcome = self.code(r, {"coding": [parts.get("outcome", {}).get("valueCoding", {})]},
                                "block-outcome", "extension[response].outcome")
            self.came_from(["sessions", n, "responses", len(session["responses"])], r)
            session["responses"].append({
                "block_id": block_id, "outcome": outcome,
                "pain": parts.get("pain", {}).get("valueInteger"),
                "rpe": parts.get("rpe", {}).get("valueInteger"),
                "note": parts.get("note", {}).get("valueString", ""),
            })

    def procedures(self) -> None:
        delivered: dict[int, dict[str, Any]] = {}
        for r in self.resources:
            if r["resourceType"] != "Procedure":
                continue
            plans = r.get("basedOn") or [{}]
            plan = self.resolve(r, "basedOn[0]", plans[0].get("reference"), ("CarePlan",))
            session = self.sessions[self.session_refs[id(plan)]]
            if session["delivered_at"] is not None:
                raise bad(label(r), "basedOn: the session is delivered twice")
            performed = r.get("performedDateTime")
            if performed is None:
                raise bad(label(r), "performedDateTime: missing (when it was delivered)")
            session["delivered_at"] = _local_stamp(performed)
            delivered[id(r)] = session
            n = list(self.sessions).index(session["ref"])
            self.came_from(["sessions", n, "delivered_at"], r)
        for r in self.resources:
            if r["resourceType"] != "Observation" or _code_in(
                    r.get("code"), terms.system("measure")) != "next-day-report":
                continue
            parts = r.get("partOf") or [{}]
            procedure = self.resolve(r, "partOf[0]", parts[0].get("reference"), ("Procedure",))
            session = delivered[id(procedure)]
            lateral = [e for e in r.get("extension", [])
                       if e.get("url") == terms.LATERALITY_EXTENSION] or [{}]
            values = {_code_in(c.get("code"), terms.system("measure")): c
                      for c in r.get("component", [])}
            n = list(self.sessions).index(session["ref"])
            self.came_from(["sessions", n, "next_day", len(session["next_day"])], r)
            session["next_day"].append({
                "muscle": self.muscle(r, r.get("bodySite"), "bodySite"),
                "side": self.side(r, lateral[0].get("valueCodeableConcept"),
                                  "extension[structureLaterality]"),
                "reported_on": _day(r.get("effectiveDateTime")),
                "tight": values.get("felt-tight", {}).get("valueBoolean") is True,
                "barely_firing": values.get("barely-firing", {}).get("valueBoolean") is True,
                "sore": values.get("soreness", {}).get("valueInteger"),
                "note": "\n".join(x.get("text", "") for x in r.get("note", [])),
            })

    def custom_exercises(self) -> list[Any]:
        found: list[dict[str, Any]] = []
        for r in self.resources:
            if r["resourceType"] != "ActivityDefinition":
                continue
            text = _ext_value(r, "catalog-entry", "valueString")
            try:
                entry = json.loads(text) if isinstance(text, str) else None
            except (ValueError, RecursionError):
                entry = None
            if not isinstance(entry, dict):
                raise bad(label(r), "extension[catalog-entry]: missing or not an exercise "
                                    "definition")
            self.came_from(["custom_exercises", len(found)], r)
            entry.setdefault("picture", None)  # written before exercises had pictures
            found.append(entry)
        return found

    def document(self) -> dict[str, Any]:
        self.check_bundle()
        self.check_references()
        patient = self.patient_record()
        self.encounters()
        self.tags()
        self.psfs()
        self.notes()
        self.signatures()
        self.care_plans()
        self.procedures()
        return {
            "format": FORMAT, "format_version": FORMAT_VERSION,
            "exported_at_utc": str(self.bundle.get("timestamp") or ""),
            "exported_by": "FHIR bundle", "equitone_version": "", "schema_revision": "",
            "patient": patient, "assessments": list(self.assessments.values()),
            "sessions": list(self.sessions.values()),
            "custom_exercises": self.custom_exercises(),
        }

    def translate(self, error: ArchiveError) -> FhirError:
        """An archive importer's message, naming the resource and element instead."""
        text = str(error)
        match = re.match(r"The archive is not valid: (.+?): (.*)$", text)
        if match is None:
            return FhirError(text.replace("The archive", "The FHIR bundle"))
        path, problem = match.groups()
        places = {where(at): label(resource) for at, resource in self.origins}
        best = max((p for p in places if path == p or path.startswith((p + ".", p + "["))),
                   key=len, default=None)
        if best is None:
            return FhirError(f"The FHIR bundle is not valid: {path}: {problem}")
        rest = path[len(best):].lstrip(".") or (
            "" if best.endswith("]") else best.rsplit(".", 1)[-1])
        leaf = re.split(r"[.\[]", rest)[0]
        element = _ELEMENTS.get(leaf, leaf)
        return FhirError(f"The FHIR bundle is not valid: {places[best]}"
                         + (f": {element}" if element else "") + f": {problem}")


def import_bundle(db: Database, bundle: dict[str, Any], source: str, *, force_new: bool = False,
                  dry_run: bool = False, skip_unknown: bool = False) -> FhirImportResult:
    """Check `bundle` completely, then import its patient like an archive (one transaction)."""
    reader = _Reader(bundle, load_catalog(db), skip_unknown)
    document = reader.document()
    try:
        plan = plan_document(db, document)
    except ArchiveError as exc:
        raise reader.translate(exc) from None
    except (TypeError, KeyError, ValueError, AttributeError) as exc:  # pragma: no cover
        raise FhirError(f"The FHIR bundle is not valid: {exc}") from None
    result = write_plan(db, plan, note=f"imported from FHIR bundle {source}",
                        force_new=force_new, dry_run=dry_run)
    return FhirImportResult(result, reader.skipped)

