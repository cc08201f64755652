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
from equitone.domain.sequencing import (
    AutoKey,
    AutoOverride,
    Block,
    BlockSide,
    Dismissal,
    ProposalResponse,
    RuleId,
)
from equitone.domain.session import SessionDetails
from equitone.domain.session_edits import SessionState
from equitone.domain.types import Dose, Side, ToneState
from equitone.errors import ValidationError

TAGS, DETAILS, PSFS, PATIENT, NEW_PATIENT, SESSION = (
    "tags", "details", "psfs", "patient", "new_patient", "session")
REPLAYABLE = frozenset({TAGS, DETAILS, PSFS, PATIENT, NEW_PATIENT, SESSION})

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


# -- session plans ---------------------------------------------------------------------------
def _key_json(key: AutoKey) -> dict[str, object]:
    return {"rule": key.rule.value, "muscle": key.muscle, "side": key.side.value,
            "anchor": key.anchor}


def _key_from_json(value: Mapping[str, Any]) -> AutoKey:
    return AutoKey(value.get("anchor"), RuleId(value["rule"]), str(value["muscle"]),
                   BlockSide(value["side"]))


def _block_json(block: Block) -> dict[str, object]:
    return {"block_id": block.id, "exercise": block.exercise, "muscles": list(block.muscles),
            "side": block.side.value, "sets": block.dose.sets, "reps": block.dose.reps,
            "hold_seconds": block.dose.hold_seconds, "rest_seconds": block.dose.rest_seconds,
            "note": block.note, "auto": block.auto, "pinned": block.pinned,
            "rule": block.rule.value if block.rule else None, "anchor": block.anchor,
            "reason": block.reason, "reciprocal_inhibition": block.reciprocal_inhibition}


def _block_from_json(value: Mapping[str, Any]) -> Block:
    rule = value.get("rule")
    return Block(
        id=str(value["block_id"]), exercise=str(value["exercise"]),
        muscles=tuple(str(m) for m in value.get("muscles") or ()),
        side=BlockSide(value["side"]),
        dose=Dose(int(value.get("sets") or 1), value.get("reps"), value.get("hold_seconds"),
                  int(value.get("rest_seconds") or 0)),
        auto=bool(value.get("auto", False)), rule=RuleId(rule) if rule else None,
        reason=str(value.get("reason") or ""), anchor=value.get("anchor"),
        reciprocal_inhibition=bool(value.get("reciprocal_inhibition", False)),
        pinned=bool(value.get("pinned", False)), note=str(value.get("note") or ""))


def session_json(state: SessionState) -> dict[str, object]:
    """What a session edit writes: its details, the blocks the clinician decides (the engine
    places the others again), and the decisions about automatic blocks and proposals."""
    d = state.details
    return {
        "date": d.day.isoformat(), "frequency_per_week": d.frequency_per_week,
        "in_clinic": d.in_clinic, "pre_sport": d.pre_sport, "notes": d.notes,
        "blocks": [_block_json(b) for b in state.blocks if not b.auto or b.pinned],
        "dismissals": [{**_key_json(x.key), "reason": x.reason} for x in state.dismissals],
        "swaps": [{**_key_json(o.key), "exercise": o.exercise} for o in state.overrides],
        "answers": [{"muscle": r.muscle, "side": r.side.value, "accepted": r.accepted,
                     "reason": r.reason} for r in state.responses],
    }


def session_from_json(value: Mapping[str, Any]) -> SessionState:
    """A session state from `session_json` (files written before blocks said whether they
    were automatic read them as the clinician's own)."""
    if not isinstance(value, Mapping):
        raise ValidationError("Not a session plan.")
    details = SessionDetails(
        date.fromisoformat(str(value["date"])), int(value.get("frequency_per_week", 3)),
        bool(value.get("in_clinic", False)), bool(value.get("pre_sport", False)),
        str(value.get("notes") or ""))
    return SessionState(
        blocks=tuple(_block_from_json(b) for b in value.get("blocks") or ()),
        dismissals=tuple(Dismissal(_key_from_json(x), str(x.get("reason") or ""))
                         for x in value.get("dismissals") or ()),
        overrides=tuple(AutoOverride(_key_from_json(o), str(o["exercise"]))
                        for o in value.get("swaps") or ()),
        details=details,
        responses=tuple(ProposalResponse(str(r["muscle"]), Side(r["side"]),
                                         bool(r["accepted"]), str(r.get("reason") or ""))
                        for r in value.get("answers") or ()),
    )
