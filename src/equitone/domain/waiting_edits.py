"""A waiting edit as plain JSON values and back: what the outbox journal and the recovery file
hold, and what a replay writes again.

An intent names its kind, the record and the version it was made on, and — for the part it
changes only — the values before and after, so a replay can run the same checks as a live
edit (services/write_steps.py): already there, written on top of someone else's change, or a
clash. Files written before intents had a kind (recovery format 1) are recognised by their
keys; they carry no "before", so a replay of one that finds the record changed holds it for
the clinician instead of guessing. Pure Python.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from equitone.domain.assessment import Assessment, Measures, PsfsItem, StateGrade, ToneTag
from equitone.domain.patients import DRAFT_FIELDS, PatientDraft
from equitone.domain.types import Side, ToneState
from equitone.errors import ValidationError

TAGS, DETAILS, PSFS, PATIENT, NEW_PATIENT, SESSION = (
    "tags", "details", "psfs", "patient", "new_patient", "session")
REPLAYABLE = frozenset({TAGS, DETAILS, PSFS, PATIENT, NEW_PATIENT})

TagSnapshot = dict[tuple[str, Side], ToneTag | None]


def kind_of(intent: Mapping[str, Any]) -> str:
    """The intent's kind; format 1 files are told by their keys."""
    kind = intent.get("kind")
    if isinstance(kind, str):
        return kind
    if "create_patient" in intent:
        return NEW_PATIENT
    if "session" in intent:
        return SESSION
    if "tags" in intent:
        return TAGS
    if "psfs" in intent:
        return PSFS
    if "patient_id" in intent:
        return PATIENT
    if "details" in intent:
        return DETAILS
    raise ValidationError("An entry of the file is not an Equitone change.")


# -- tags ------------------------------------------------------------------------------------
def tag_json(tag: ToneTag | None) -> object:
    if tag is None:
        return None
    return {"state": tag.state.value, "tightness": tag.tightness, "grade": tag.grade,
            "note": tag.note, **tag.measures.as_dict(),
            "states": [{"state": f.state.value, "grade": f.grade} for f in tag.findings]}


def tag_from_json(muscle: str, side: Side, value: object) -> ToneTag | None:
    if value is None:
        return None
    if not isinstance(value, Mapping):
        raise ValidationError(f"{muscle} {side.value}: not a tag.")
    states = value.get("states") or [{"state": value["state"], "grade": value.get("grade")}]
    findings = [StateGrade(ToneState(s["state"]), s.get("grade")) for s in states]
    measures = Measures(**{k: value.get(k) for k in Measures().as_dict()})
    return ToneTag.of(muscle, side, findings, tightness=value.get("tightness"),
                      note=str(value.get("note") or ""), measures=measures)


def _norm(tag: ToneTag | None) -> ToneTag | None:
    return tag.validated() if tag is not None else None


def holds_tags(assessment: Assessment, snapshot: Mapping[tuple[str, Side], ToneTag | None]) -> bool:
    """The assessment's muscle sides of `snapshot` are as it says."""
    stored = assessment.tag_map()
    return all(_norm(stored.get(key)) == _norm(tag) for key, tag in snapshot.items())


def snapshot_json(snapshot: Mapping[tuple[str, Side], ToneTag | None]) -> dict[str, object]:
    return {f"{m} {s.value}": tag_json(t) for (m, s), t in snapshot.items()}


def snapshot_from_json(value: Mapping[str, object]) -> TagSnapshot:
    found: TagSnapshot = {}
    for key, tag in value.items():
        muscle, _, side_text = key.rpartition(" ")
        side = Side(side_text)
        found[(muscle, side)] = tag_from_json(muscle, side, tag)
    return found


# -- assessment details and PSFS -------------------------------------------------------------
def details_from_json(value: Mapping[str, object]) -> dict[str, object]:
    """Assessment details by name, typed (format 1 wrote every value with str())."""
    typed: dict[str, object] = {}
    for name, raw in value.items():
        if name == "day":
            typed[name] = date.fromisoformat(str(raw))
        elif name == "neurological":
            typed[name] = raw if isinstance(raw, bool) else str(raw) == "True"
        else:
            typed[name] = str(raw)
    return typed


def psfs_json(items: tuple[PsfsItem, ...]) -> list[dict[str, object]]:
    return [{"activity": i.activity, "score": i.score} for i in items]


def psfs_from_json(value: object) -> tuple[PsfsItem, ...]:
    if not isinstance(value, list):
        raise ValidationError("Not a PSFS list.")
    return tuple(PsfsItem(str(i["activity"]), i.get("score")) for i in value)


# -- patients --------------------------------------------------------------------------------
def plain(value: object) -> object:
    return value.isoformat() if isinstance(value, date) else value


def patient_fields_from_json(value: Mapping[str, object]) -> dict[str, object]:
    typed: dict[str, object] = {}
    for name, raw in value.items():
        if name not in DRAFT_FIELDS:
            continue
        if name == "date_of_birth":
            typed[name] = date.fromisoformat(str(raw)) if raw else None
        else:
            typed[name] = "" if raw is None else str(raw)
    return typed


def draft_from_json(value: Mapping[str, object]) -> PatientDraft:
    return PatientDraft(**patient_fields_from_json(value))  # type: ignore[arg-type]
