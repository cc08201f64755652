"""One patient's archive document as a FHIR R4 Bundle (docs/fhir.md has the mapping table).

The Bundle is made from the same document `export` writes as a patient archive
(services/archive.py), so both exports say the same thing, and `import` can turn a Bundle back
into that document and reuse every check of the archive importer. Resource ids are derived
from the patient's identity and the record, so exporting the same record twice gives the same
Bundle (but its timestamp).
"""

from __future__ import annotations

import base64
import json
import uuid
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from equitone.domain.catalog import Catalog
from equitone.domain.length_tests import length_tests
from equitone.domain.types import STATE_PRIORITY
from equitone.services import fhir_terms as terms
from equitone.services.fhir_terms import concept, extension, identifier_system

_NAMESPACE = uuid.UUID("6b1f3c52-6c55-4f0e-9d7e-3f2b8a1e4c11")
NOTE_SECTIONS = ("findings", "subjective", "objective", "assessment", "plan")


def resource_id(patient_uuid: str, *parts: object) -> str:
    return str(uuid.uuid5(_NAMESPACE, "/".join([patient_uuid, *map(str, parts)])))


def _ext(name: str, **value: Any) -> dict[str, Any]:
    return {"url": extension(name), **value}


def _part(name: str, **value: Any) -> dict[str, Any]:
    """A part of a complex extension: its url is the part's name."""
    return {"url": name, **value}


def _local_stamp(value: str) -> str:
    """A local time without zone (how Equitone stores a delivery) with this machine's offset:
    a FHIR dateTime with a time must name its zone."""
    moment = datetime.fromisoformat(value)
    return moment.astimezone().isoformat(timespec="microseconds")


class _Builder:
    def __init__(self, document: Mapping[str, Any], catalog: Catalog) -> None:
        self.doc = document
        self.catalog = catalog
        self.uuid = str(document["patient"]["uuid"]).replace("-", "").lower()
        self.entries: list[dict[str, Any]] = []
        self.patient_ref = self.ref("Patient", self.id("patient"))
        self.exercises_named: set[str] = set()

    def id(self, *parts: object) -> str:
        return resource_id(self.uuid, *parts)

    @staticmethod
    def ref(kind: str, rid: str) -> str:
        return f"urn:uuid:{rid}"

    def add(self, resource: dict[str, Any]) -> str:
        full_url = self.ref(resource["resourceType"], resource["id"])
        self.entries.append({"fullUrl": full_url, "resource": resource})
        return full_url

    def muscle(self, slug: str) -> dict[str, Any]:
        muscle = self.catalog.muscles.get(slug)
        return terms.muscle_concept(slug, muscle.name if muscle else slug)

    def exercise(self, slug: str) -> dict[str, Any]:
        self.exercises_named.add(slug)
        exercise = self.catalog.exercises.get(slug)
        return terms.coding("exercise", slug, exercise.name if exercise else slug)

    # -- patient ---------------------------------------------------------------------------
    def patient(self) -> None:
        p = self.doc["patient"]
        resource: dict[str, Any] = {
            "resourceType": "Patient", "id": self.id("patient"),
            "identifier": [{"system": identifier_system("patient"), "value": self.uuid}],
            "active": not p["archived"], "name": [{"text": p["name"]}],
        }
        telecom = [{"system": kind, "value": p[key]}
                   for kind, key in (("phone", "phone"), ("email", "email")) if p[key]]
        if telecom:
            resource["telecom"] = telecom
        if p["date_of_birth"]:
            resource["birthDate"] = p["date_of_birth"]
        if p["address"]:
            resource["address"] = [{"text": p["address"]}]
        extensions = []
        if p["notes"]:
            extensions.append(_ext("patient-notes", valueString=p["notes"]))
        if p["preferred_modality"]:
            extensions.append(_ext("preferred-modality",
                                   valueCoding=self.exercise(p["preferred_modality"])))
        if p.get("relax_after_every_activation"):
            extensions.append(_ext("relax-after-every-activation", valueBoolean=True))
        for muscle in p.get("relax_after_muscles", []):
            extensions.append(_ext("relax-after-muscle",
                                   valueCoding=self.muscle(muscle)["coding"][-1]))
        if extensions:
            resource["extension"] = extensions
        self.add(resource)

    # -- assessments -----------------------------------------------------------------------
    def assessment(self, a: Mapping[str, Any]) -> None:
        eid = self.id("assessment", a["ref"])
        encounter: dict[str, Any] = {
            "resourceType": "Encounter", "id": eid, "status": "finished",
            "identifier": [{"system": identifier_system("assessment"), "value": str(a["ref"])}],
            "class": {"system": terms.ACT_CODE, "code": "AMB", "display": "ambulatory"},
            "type": [{"text": "Assessment"}], "subject": {"reference": self.patient_ref},
            "period": {"start": a["date"]},
            "extension": [_ext("record-version", valueInteger=a["version"])],
        }
        if a["supersedes"] is not None:
            encounter["extension"].append(_ext("replaces", valueReference={
                "reference": self.ref("Encounter", self.id("assessment", a["supersedes"]))}))
        if a.get("neurological"):
            encounter["extension"].append(_ext("neurological", valueBoolean=True))
        if a["clinician"]:
            encounter["participant"] = [{"individual": {"display": a["clinician"]}}]
        encounter_ref = self.add(encounter)
        signed = a["signed_at_utc"] is not None
        for tag in a["tags"]:
            self.tag(a, tag, encounter_ref, signed)
        if a["psfs"]:
            self.psfs(a, encounter_ref)
        notes = {"findings": a["findings"], **a.get("notes", {})}
        if any(notes.get(k) for k in NOTE_SECTIONS):
            self.notes(a, notes, encounter_ref, signed)
        if signed:
            self.add({
                "resourceType": "Provenance", "id": self.id("signature", a["ref"]),
                "target": [{"reference": encounter_ref}],
                "recorded": a["signed_at_utc"],
                "activity": {"text": "Signed the assessment"},
                "agent": [{"type": {"coding": [{"system": terms.PARTICIPANT_TYPE,
                                                "code": "verifier", "display": "Verifier"}]},
                           "who": {"display": a["signed_by"]}}],
            })

    def tag(self, a: Mapping[str, Any], tag: Mapping[str, Any], encounter_ref: str,
            signed: bool) -> None:
        for n, state in enumerate(tag["states"]):
            resource: dict[str, Any] = {
                "resourceType": "Observation",
                "id": self.id("tag", a["ref"], tag["muscle"], tag["side"], state["state"]),
                "status": "final" if signed else "preliminary",
                "category": [{"coding": [{"system": terms.OBSERVATION_CATEGORY,
                                          "code": "exam", "display": "Exam"}]}],
                "code": concept("tone-state", state["state"]),
                "subject": {"reference": self.patient_ref},
                "encounter": {"reference": encounter_ref},
                "effectiveDateTime": a["date"],
                "bodySite": self.muscle(tag["muscle"]),
                "extension": [{"url": terms.LATERALITY_EXTENSION,
                               "valueCodeableConcept": terms.laterality(tag["side"])}],
            }
            if state["grade"] is not None:
                resource["valueInteger"] = state["grade"]
            if n == 0:  # the side's measures and note go with its primary state
                components = self.measures(tag)
                if components:
                    resource["component"] = components
                if tag["note"]:
                    resource["note"] = [{"text": tag["note"]}]
            self.add(resource)

    def measures(self, tag: Mapping[str, Any]) -> list[dict[str, Any]]:
        parts: list[dict[str, Any]] = []
        for key, code in (("tightness", "tightness"), ("strength", "mrc-strength"),
                          ("tenderness", "tenderness")):
            if tag[key] is not None:
                parts.append({"code": concept("measure", code), "valueInteger": tag[key]})
        if tag["pain"] is not None:
            parts.append({"code": {"coding": [dict(terms.PAIN_NRS)]}, "valueInteger": tag["pain"]})
        if tag["rom_degrees"] is not None:
            test = length_tests().get(tag.get("rom_test") or "")
            unit, shown = terms.UNITS[test.unit] if test else terms.UNITS["degrees"]
            rom = (terms.concept("length-test", test.id, test.name) if test
                   else concept("measure", "range-of-motion"))
            parts.append({"code": rom, "valueQuantity": {
                "value": tag["rom_degrees"], "unit": shown, "system": terms.UCUM, "code": unit}})
        if tag["ashworth"] is not None:
            parts.append({"code": concept("measure", "modified-ashworth"),
                          "valueCodeableConcept": concept("modified-ashworth", tag["ashworth"])})
        return parts

    def psfs(self, a: Mapping[str, Any], encounter_ref: str) -> None:
        items = []
        for n, entry in enumerate(a["psfs"], start=1):
            answers = [{"linkId": f"activity-{n}.name",
                        "answer": [{"valueString": entry["activity"]}]}]
            score: dict[str, Any] = {"linkId": f"activity-{n}.score"}
            if entry["score"] is not None:
                score["answer"] = [{"valueInteger": entry["score"]}]
            answers.append(score)
            items.append({"linkId": f"activity-{n}", "item": answers})
        self.add({
            "resourceType": "QuestionnaireResponse", "id": self.id("psfs", a["ref"]),
            "questionnaire": terms.PSFS_QUESTIONNAIRE, "status": "completed",
            "subject": {"reference": self.patient_ref}, "encounter": {"reference": encounter_ref},
            "authored": a["date"], "item": items,
        })

    def notes(self, a: Mapping[str, Any], notes: Mapping[str, str], encounter_ref: str,
              signed: bool) -> None:
        content = [
            {"attachment": {"contentType": "text/plain; charset=utf-8", "title": section,
                            "data": base64.b64encode(notes[section].encode()).decode("ascii")}}
            for section in NOTE_SECTIONS if notes.get(section)
        ]
        self.add({
            "resourceType": "DocumentReference", "id": self.id("notes", a["ref"]),
            "status": "current", "docStatus": "final" if signed else "preliminary",
            "type": {"text": "Visit notes (findings and SOAP)"},
            "subject": {"reference": self.patient_ref},
            "content": content, "context": {"encounter": [{"reference": encounter_ref}]},
        })

    # -- sessions --------------------------------------------------------------------------
    def session(self, s: Mapping[str, Any]) -> None:
        cid = self.id("session", s["ref"])
        status = terms.SESSION_STATUS[s["status"]]
        care_ref = self.ref("CarePlan", cid)
        blocks = []
        for n, block in enumerate(s["blocks"]):
            response = next((r for r in s["responses"] if r["block_id"] == block["block_id"]),
                            None)
            blocks.append(self.block(s, n, block, status, care_ref, response))
        plan: dict[str, Any] = {
            "resourceType": "CarePlan", "id": cid, "status": status, "intent": "plan",
            "identifier": [{"system": identifier_system("session"), "value": str(s["ref"])}],
            "title": "Exercise session", "subject": {"reference": self.patient_ref},
            "period": {"start": s["date"]},
            "extension": [
                _ext("record-version", valueInteger=s["version"]),
                _ext("frequency-per-week", valueInteger=s["frequency_per_week"]),
                _ext("in-clinic", valueBoolean=s["in_clinic"]),
                _ext("pre-sport", valueBoolean=s["pre_sport"]),
            ],
        }
        if s["supersedes"] is not None:
            plan["extension"].append(_ext("replaces", valueReference={
                "reference": self.ref("CarePlan", self.id("session", s["supersedes"]))}))
        if s["template"]:
            plan["extension"].append(_ext("template", valueString=s["template"]))
        plan["extension"] += [self.decision(d) for d in s["decisions"]]
        if s["notes"]:
            plan["note"] = [{"text": s["notes"]}]
        if blocks:
            plan["activity"] = [{"reference": {"reference": ref}} for ref in blocks]
        self.add(plan)
        if s["status"] == "delivered":
            procedure_ref = self.add({
                "resourceType": "Procedure", "id": self.id("delivered", s["ref"]),
                "status": "completed", "code": concept("measure", "exercise-session"),
                "subject": {"reference": self.patient_ref},
                "basedOn": [{"reference": care_ref}],
                "performedDateTime": _local_stamp(s["delivered_at"]),
            })
            for report in s["next_day"]:
                self.next_day(s, report, procedure_ref)

    def block(self, s: Mapping[str, Any], n: int, b: Mapping[str, Any], status: str,
              care_ref: str, response: Mapping[str, Any] | None) -> str:
        dose = [_part(key.replace("_", "-"), valueInteger=b[key])
                for key in ("sets", "reps", "hold_seconds", "rest_seconds") if b[key] is not None]
        extensions = [
            _ext("block-side", valueCodeableConcept=terms.laterality(b["side"])),
            {"url": extension("dose"), "extension": dose},
            _ext("automatic", valueBoolean=b["auto"]),
            _ext("reciprocal-inhibition", valueBoolean=b["reciprocal_inhibition"]),
            _ext("pinned", valueBoolean=b["pinned"]),
        ]
        if b["anchor"] is not None:
            extensions.append(_ext("anchor", valueString=b["anchor"]))
        for rule, text in b["cues"]:
            cue = [_part("rule", valueCode=rule)] if rule else []
            cue += [_part("text", valueString=text)] if text else []
            extensions.append({"url": extension("cue"), "extension": cue})
        if response is not None:
            parts = [_part("outcome", valueCoding=terms.coding("block-outcome",
                                                              response["outcome"]))]
            parts += [_part(k, valueInteger=response[k]) for k in ("pain", "rpe")
                      if response[k] is not None]
            if response["note"]:
                parts.append(_part("note", valueString=response["note"]))
            extensions.append({"url": extension("response"), "extension": parts})
        resource: dict[str, Any] = {
            "resourceType": "ServiceRequest", "id": self.id("block", s["ref"], n),
            "status": status, "intent": "plan",
            "identifier": [{"system": identifier_system("block"), "value": b["block_id"]}],
            "basedOn": [{"reference": care_ref}],
            "code": {"coding": [self.exercise(b["exercise"])]},
            "subject": {"reference": self.patient_ref},
            "occurrenceDateTime": s["date"],
            "patientInstruction": _dose_text(b),
            "extension": extensions,
        }
        if b["muscles"]:
            resource["bodySite"] = [self.muscle(m) for m in b["muscles"]]
        if b["rule"] or b["reason"]:
            reason: dict[str, Any] = {}
            if b["rule"]:
                reason["coding"] = [terms.coding("sequencing-rule", b["rule"])]
            if b["reason"]:
                reason["text"] = b["reason"]
            resource["reasonCode"] = [reason]
        if b["note"]:
            resource["note"] = [{"text": b["note"]}]
        return self.add(resource)

    def decision(self, d: Mapping[str, Any]) -> dict[str, Any]:
        parts = [_part("kind", valueCoding=terms.coding("decision-kind", d["kind"])),
                 _part("muscle", valueCoding=self.muscle(d["muscle"])["coding"][-1]),
                 _part("side", valueCode=d["side"]),
                 _part("rule", valueCode=d["rule"])]
        if d["anchor"] is not None:
            parts.append(_part("anchor", valueString=d["anchor"]))
        if d["exercise"] is not None:
            parts.append(_part("exercise", valueCoding=self.exercise(d["exercise"])))
        if d["reason"]:
            parts.append(_part("reason", valueString=d["reason"]))
        return {"url": extension("decision"), "extension": parts}

    def next_day(self, s: Mapping[str, Any], r: Mapping[str, Any], procedure_ref: str) -> None:
        components: list[dict[str, Any]] = [
            {"code": concept("measure", "felt-tight"), "valueBoolean": r["tight"]},
            {"code": concept("measure", "barely-firing"), "valueBoolean": r["barely_firing"]},
        ]
        if r["sore"] is not None:
            components.append({"code": concept("measure", "soreness"), "valueInteger": r["sore"]})
        resource: dict[str, Any] = {
            "resourceType": "Observation",
            "id": self.id("next-day", s["ref"], r["muscle"], r["side"]),
            "status": "final",
            "category": [{"coding": [{"system": terms.OBSERVATION_CATEGORY,
                                      "code": "survey", "display": "Survey"}]}],
            "code": concept("measure", "next-day-report"),
            "subject": {"reference": self.patient_ref}, "partOf": [{"reference": procedure_ref}],
            "effectiveDateTime": r["reported_on"], "bodySite": self.muscle(r["muscle"]),
            "extension": [{"url": terms.LATERALITY_EXTENSION,
                           "valueCodeableConcept": terms.laterality(r["side"])}],
            "component": components,
        }
        if r["note"]:
            resource["note"] = [{"text": r["note"]}]
        self.add(resource)

    # -- definitions -----------------------------------------------------------------------
    def custom_exercise(self, entry: Mapping[str, Any]) -> None:
        resource: dict[str, Any] = {
            "resourceType": "ActivityDefinition", "id": self.id("exercise", entry["slug"]),
            "url": f"{terms.BASE}/ActivityDefinition/{entry['slug']}", "status": "active",
            "title": entry["name"], "kind": "ServiceRequest",
            "code": {"coding": [terms.coding("exercise", entry["slug"], entry["name"])]},
            "extension": [_ext("catalog-entry", valueString=json.dumps(
                entry, ensure_ascii=False, sort_keys=True))],
        }
        if entry["instruction"]:
            resource["description"] = entry["instruction"]
        self.add(resource)

    def definitions(self) -> None:
        for name in terms.SHIPPED_CODE_SYSTEMS:
            self.add(dict(terms.shipped(f"CodeSystem-{name}")))
        self.add(dict(terms.shipped("Questionnaire-psfs")))
        muscles = [{"code": m.slug, "display": m.name} for m in self.catalog.muscles.values()]
        tests = [{"code": t.id, "display": t.name, "definition": f"{t.measured}. {t.sign}."}
                 for t in length_tests().values()]
        exercises = [{"code": slug, "display": self.catalog.exercises[slug].name
                      if slug in self.catalog.exercises else slug}
                     for slug in sorted(self.exercises_named)]
        for name, title, concepts, content in (
            ("muscle", "Equitone muscles", muscles, "complete"),
            ("length-test", "Equitone length tests", tests, "complete"),
            ("exercise", "Equitone exercises named in this bundle", exercises, "fragment"),
        ):
            self.add({
                "resourceType": "CodeSystem", "id": name, "url": terms.system(name),
                "name": "Equitone" + "".join(w.title() for w in name.split("-")),
                "title": title, "status": "active", "publisher": "Equitone",
                "caseSensitive": True, "content": content, "count": len(concepts),
                "concept": concepts,
            })

    def build(self) -> list[dict[str, Any]]:
        self.patient()
        for a in self.doc["assessments"]:
            self.assessment(a)
        for s in self.doc["sessions"]:
            self.session(s)
        for entry in self.doc["custom_exercises"]:
            self.custom_exercise(entry)
        self.definitions()
        return self.entries


def _dose_text(b: Mapping[str, Any]) -> str:
    work = (f"{b['reps']} reps" if b["reps"] is not None
            else f"{b['hold_seconds']} s" if b["hold_seconds"] is not None else "")
    text = f"{b['sets']} × {work}" if work else f"{b['sets']} set(s)"
    return f"{text}, rest {b['rest_seconds']} s"


def bundle_of(document: Mapping[str, Any], catalog: Catalog, *,
              transaction: bool = False) -> dict[str, Any]:
    """The Bundle for an archive document (services/archive.patient_archive)."""
    entries = _Builder(document, catalog).build()
    if transaction:
        for entry in entries:
            resource = entry["resource"]
            request: dict[str, Any] = {"method": "POST", "url": resource["resourceType"]}
            if "url" in resource:  # definitions are created once per server
                request["ifNoneExist"] = f"url={resource['url']}"
            entry["request"] = request
    uid = str(document["patient"]["uuid"]).replace("-", "").lower()
    return {
        "resourceType": "Bundle", "id": resource_id(uid, "bundle"),
        "meta": {"tag": [{"system": identifier_system("exported-by"),
                          "code": str(document["equitone_version"])}]},
        "type": "transaction" if transaction else "collection",
        "timestamp": document["exported_at_utc"],
        "entry": entries,
    }


def state_rank(state: str) -> int:
    return [s.value for s in STATE_PRIORITY].index(state)
