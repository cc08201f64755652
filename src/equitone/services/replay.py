"""Writing a waiting edit again from its journal entry alone (services/journal.py, or a
recovery file): after a crash, a kill or a quit with changes unsaved, the next start offers
them and this writes each one the clinician accepts.

Each replay goes through the same optimistic-concurrency steps as a live edit
(services/write_steps.py), on the version the edit was made on:
- the record already holds it (an earlier try landed, then the process died before the
  journal heard): nothing is written — exactly once;
- the part it changes is as the edit found it: written (on top of whatever else changed);
- the same part was changed elsewhere: held, for the clinician to put theirs or this on top.

A session-plan edit is written the same way: its contents are merged onto the session as it
is now when someone else changed another part of it (domain/merge.py), as a live edit is.
An entry written before session entries said what the session was before ("before") cannot
tell another workstation's change from its own starting point, so on a changed session it is
held for the clinician rather than guessed at. No Qt here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from equitone.domain import waiting_edits as codec
from equitone.domain.assessment import Assessment, validate_psfs
from equitone.domain.merge import merge_session, session_key
from equitone.domain.patients import Patient
from equitone.domain.session import SessionRecord
from equitone.domain.session_edits import SessionState
from equitone.errors import (
    EquitoneError,
    NotFoundError,
    ServerUnavailableError,
    StaleRecordError,
    ValidationError,
)
from equitone.services import assessments, patients, sessions
from equitone.services.journal import Entry, Journal
from equitone.services.outbox import Result, recovery_folder, write_recovery_file
from equitone.services.write_steps import Clash, Done, Step, perform
from equitone.storage.database import Database
from equitone.storage.models import AssessmentRow, PatientRow, SessionRow

_CHUNK = 500  # ids per IN list

NOT_REPLAYABLE = ("This kind of change cannot be saved again from the file; it is kept in the "
                  "file of changes not saved, to be made again by hand.")


DECLINED_NOTE = ("Changes made while the database server could not be reached, which were NOT "
                 "saved in the database: declined, kept theirs, or not writable any more. "
                 "Each entry says what was changed and to what; File > Open recovery file... "
                 "in Equitone offers them again.")


@dataclass(frozen=True, slots=True)
class Replayed:
    result: Result
    message: str = ""  # why it was held or refused, in the clinician's words
    clash: StaleRecordError | None = None


@dataclass(frozen=True, slots=True)
class Shown:
    """An entry as the clinician reads it: what, for whom, when."""

    id: str
    what: str
    whom: str
    when: str
    replayable: bool


def _intent(entry: Mapping[str, Any]) -> Mapping[str, Any]:
    intent = entry.get("intent")
    if not isinstance(intent, Mapping):
        raise ValidationError("An entry of the file holds no change.")
    return intent


def _version(intent: Mapping[str, Any]) -> int:
    return int(intent["expected_version"])


# -- steps, one per kind ---------------------------------------------------------------------
def _tags_step(db: Database, intent: Mapping[str, Any]) -> Step[Assessment]:
    assessment_id = int(intent["assessment_id"])
    target = codec.snapshot_from_json(intent["tags"])
    source = codec.snapshot_from_json(intent["before"]) if "before" in intent else None
    upserts = [t for t in target.values() if t is not None]
    cleared = [k for k, t in target.items() if t is None]
    return Step[Assessment](
        write=lambda expected, _base: assessments.replace_tags(
            db, assessment_id, upserts, cleared, expected_version=expected),
        load=lambda: assessments.get_assessment(db, assessment_id),
        version=lambda a: a.row_version,
        applied=lambda a: codec.holds_tags(a, target),
        based_on=lambda a: source is not None and codec.holds_tags(a, source),
    )


def _detail_values(a: Assessment) -> dict[str, object]:
    return {"day": a.day, "clinician": a.clinician.strip(), "findings": a.findings.strip(),
            "neurological": a.neurological}


def _details_step(db: Database, intent: Mapping[str, Any]) -> Step[Assessment]:
    assessment_id = int(intent["assessment_id"])
    target = codec.details_from_json(intent["details"])
    source = codec.details_from_json(intent["before"]) if "before" in intent else None

    def load() -> Assessment:
        return assessments.get_assessment(db, assessment_id)

    def holds(a: Assessment, wanted: Mapping[str, object] | None) -> bool:
        stored = _detail_values(a)
        return wanted is not None and all(
            stored.get(n) == (v.strip() if isinstance(v, str) else v) for n, v in wanted.items())

    def write(expected: int, base: Assessment | None) -> Assessment:
        values = {**_detail_values(base or load()), **target}
        return assessments.update_details(
            db, assessment_id, day=values["day"], clinician=str(values["clinician"]),  # type: ignore[arg-type]
            findings=str(values["findings"]), neurological=bool(values["neurological"]),
            expected_version=expected)

    return Step[Assessment](write, load, lambda a: a.row_version,
                            lambda a: holds(a, target), lambda a: holds(a, source))


def _psfs_step(db: Database, intent: Mapping[str, Any]) -> Step[Assessment]:
    assessment_id = int(intent["assessment_id"])
    target = codec.psfs_from_json(intent["psfs"])
    source = codec.psfs_from_json(intent["before"]) if "before" in intent else None
    complete = bool(intent.get("complete", True))

    def holds(a: Assessment, wanted: tuple[Any, ...] | None) -> bool:
        if wanted is None:
            return False
        try:
            return a.psfs == validate_psfs(wanted, complete=False)
        except EquitoneError:
            return False

    return Step[Assessment](
        write=lambda expected, _base: assessments.set_psfs(
            db, assessment_id, target, expected_version=expected, complete=complete),
        load=lambda: assessments.get_assessment(db, assessment_id),
        version=lambda a: a.row_version,
        applied=lambda a: holds(a, target),
        based_on=lambda a: holds(a, source),
    )


def _patient_step(db: Database, intent: Mapping[str, Any]) -> Step[Patient]:
    patient_id = int(intent["patient_id"])
    target = codec.patient_fields_from_json(intent.get("details", {}))
    source = (codec.patient_fields_from_json(intent["before"]) if "before" in intent
              else None)
    archived = bool(intent.get("archived", False))
    archiving = "was_archived" in intent and bool(intent["was_archived"]) != archived

    def load() -> Patient:
        return patients.get_patient(db, patient_id)

    def holds(p: Patient, wanted: Mapping[str, object] | None, flag: bool) -> bool:
        if wanted is None:
            return False
        stored = p.draft.validated()
        fields_hold = all(getattr(stored, n) == v for n, v in wanted.items())
        return fields_hold and (p.archived == flag if archiving or not wanted else True)

    def write(expected: int, base: Patient | None) -> Patient:
        if archiving:
            return patients.set_archived(db, patient_id, archived, expected_version=expected)
        draft = replace((base or load()).draft, **target)  # type: ignore[arg-type]
        return patients.update_patient(db, patient_id, draft, expected_version=expected)

    return Step[Patient](write, load, lambda p: p.row_version,
                         lambda p: holds(p, target, archived),
                         lambda p: holds(p, source, not archived))


def _session_step(db: Database, intent: Mapping[str, Any]) -> Step[SessionRecord]:
    session_id = int(intent["session_id"])
    target = codec.session_from_json(intent["session"])
    source = codec.session_from_json(intent["before"]) if "before" in intent else None

    def write(expected: int, base: SessionRecord | None) -> SessionRecord:
        state = target
        if base is not None and source is not None:
            state = merge_session(source, target, SessionState.of(base))
        return sessions.save_session(
            db, session_id, state.blocks, details=state.details, dismissals=state.dismissals,
            overrides=state.overrides, responses=state.responses, expected_version=expected)

    def holds(record: SessionRecord, wanted: SessionState | None) -> bool:
        return wanted is not None and session_key(SessionState.of(record)) == session_key(wanted)

    return Step[SessionRecord](
        write, lambda: sessions.get_session(db, session_id, with_warnings=False),
        lambda r: r.row_version, lambda r: holds(r, target), lambda r: holds(r, source))


STEPS: dict[str, Callable[[Database, Mapping[str, Any]], Step[Any]]] = {
    codec.TAGS: _tags_step, codec.DETAILS: _details_step, codec.PSFS: _psfs_step,
    codec.PATIENT: _patient_step, codec.SESSION: _session_step,
}


# -- replaying -------------------------------------------------------------------------------
@dataclass(slots=True)
class Run:
    """What one replay of several entries wrote so far, by record: the version the edits were
    made on and the version the last one written left. Edits made offline one after the
    other all name the version stored before the outage; the second is made on top of the
    first, so once the first is written it is written on the version the first left — no
    detour through a refused write (and not counted as a merge with someone else)."""

    written: dict[str, tuple[int, int]] = field(default_factory=dict)

    def version_for(self, record: str, expected: int) -> int:
        based, now = self.written.get(record, (None, None))
        return now if based == expected and now is not None else expected


def _record(intent: Mapping[str, Any]) -> str:
    key = next((k for k in ("assessment_id", "patient_id", "session_id") if k in intent), "")
    return f"{key}:{intent.get(key)}"


def _noting_writes(step: Step[Any]) -> tuple[Step[Any], list[bool]]:
    """`step`, and a list that gets an item when it writes: written now, not found there
    already (then others may have changed the record since, and the next edit of it must
    take the long way through the version checks)."""
    wrote: list[bool] = []
    write = step.write

    def noted(expected: int, base: Any) -> Any:
        stored = write(expected, base)  # a refused write (stale) raises: nothing written
        wrote.append(True)
        return stored

    return replace(step, write=noted), wrote


def replay(
    db: Database, entry: Mapping[str, Any], *, on_top: bool = False, run: Run | None = None
) -> Replayed:
    """Write `entry` once. `on_top`: the clinician chose to put it over a clashing change.
    `run`: the replay of several entries this one belongs to. ServerUnavailableError
    propagates (the entry stays where it is)."""
    intent = _intent(entry)
    kind = codec.kind_of(intent)
    try:
        if kind == codec.NEW_PATIENT:
            patients.create_patient(db, codec.draft_from_json(intent["create_patient"]),
                                    uuid=str(intent["uuid"]))
            return Replayed(Result.SAVED)
        if kind not in STEPS:
            return Replayed(Result.REFUSED, NOT_REPLAYABLE)
        step = STEPS[kind](db, intent)
        if on_top:
            current = step.load()
            if step.applied(current):
                return Replayed(Result.SAVED)
            step.write(step.version(current), current)
            return Replayed(Result.SAVED)
        made_on = _version(intent)
        record = _record(intent)
        step, wrote = _noting_writes(step)
        outcome = perform(step, run.version_for(record, made_on) if run else made_on)
        if run is not None and wrote and isinstance(outcome, Done):
            run.written[record] = (made_on, step.version(outcome.record))
    except StaleRecordError as stale:  # changed again in this very instant
        return Replayed(Result.HELD, str(stale), stale)
    except (ValidationError, NotFoundError, KeyError, ValueError, TypeError) as exc:
        return Replayed(Result.REFUSED, _why(exc))
    except ServerUnavailableError:
        raise
    except EquitoneError as exc:
        return Replayed(Result.REFUSED, str(exc))
    if isinstance(outcome, Clash):
        return Replayed(Result.HELD, str(outcome.error), outcome.error)
    assert isinstance(outcome, Done)
    if not wrote:
        return Replayed(Result.ALREADY)
    return Replayed(Result.MERGED if outcome.rebased else Result.SAVED)


def _why(exc: Exception) -> str:
    if isinstance(exc, EquitoneError):
        return str(exc)
    return "The entry in the file is incomplete or damaged."


def replay_and_forget(
    db: Database, journal: Journal, entry: Entry, *, on_top: bool = False,
    run: Run | None = None,
) -> Replayed:
    """Replay one journaled entry; once it is in the database (or cannot ever be), the journal
    forgets it. A held one stays: the clinician decides. Killed between the write and the
    journal's word, the entry is offered again and its replay finds it already written."""
    done = replay(db, entry, on_top=on_top, run=run)
    if done.result in (Result.SAVED, Result.MERGED, Result.ALREADY):
        journal.done(str(entry["id"]))
    return done


def decline(journal: Journal, entries: list[Entry], database: str,
            folder: Path | None = None) -> Path:
    """Keep `entries` in a readable file (the recovery format: File → Open recovery file…
    offers them again), then forget them. Returns the file."""
    path = write_recovery_file(folder or recovery_folder(), database, entries,
                               note=DECLINED_NOTE, stem="not-saved")
    journal.done_many(str(e["id"]) for e in entries)
    return path


# -- saying what waits -----------------------------------------------------------------------
def _local(text: object) -> str:
    try:
        moment = datetime.fromisoformat(str(text).replace("Z", "+00:00"))
    except ValueError:
        return "at an unknown time"
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return f"{moment.astimezone():%a %d %b %Y, %H:%M}"


_OWNED: dict[str, Any] = {"assessment_id": AssessmentRow, "session_id": SessionRow}


def _patient_key(intent: Mapping[str, Any]) -> tuple[str, int] | None:
    """Which record names the entry's patient: ("patient_id", id), or the assessment or
    session whose owner it is."""
    for key in ("patient_id", "assessment_id", "session_id"):
        if key in intent:
            return key, int(intent[key])
    return None


def _names(db: Database, intents: list[Mapping[str, Any]]) -> dict[tuple[str, int], str]:
    """The patient's name behind each record the entries name, read from the server in a few
    queries for all of them (the journal keeps ids, not names): a query per entry cost a
    round trip each on a clinic server."""
    wanted: dict[str, set[int]] = {}
    for intent in intents:
        found = _patient_key(intent)
        if found is not None:
            wanted.setdefault(found[0], set()).add(found[1])
    owner: dict[tuple[str, int], int] = {
        ("patient_id", i): i for i in wanted.get("patient_id", ())}
    with db.reading() as session:
        for key, model in _OWNED.items():
            ids = sorted(wanted.get(key, ()))
            for at in range(0, len(ids), _CHUNK):
                rows = session.execute(select(model.id, model.patient_id)
                                       .where(model.id.in_(ids[at:at + _CHUNK])))
                owner.update({(key, int(i)): int(p) for i, p in rows})
        patient_ids = sorted(set(owner.values()))
        names: dict[int, str] = {}
        for at in range(0, len(patient_ids), _CHUNK):
            rows = session.execute(select(PatientRow.id, PatientRow.name)
                                   .where(PatientRow.id.in_(patient_ids[at:at + _CHUNK])))
            names.update({int(i): str(n) for i, n in rows})
    return {record: names[p] for record, p in owner.items() if p in names}


def _whom(intent: Mapping[str, Any], names: Mapping[tuple[str, int], str]) -> str:
    if codec.kind_of(intent) == codec.NEW_PATIENT:
        return str(intent["create_patient"].get("name", "a new patient"))
    found = _patient_key(intent)
    if found is None:
        return "—"
    return names.get(found, "a record no longer in the database")


def describe(db: Database, entries: list[Entry]) -> list[Shown]:
    """What each entry is, for whom and when (reads the patients' names: needs the server)."""
    intents = [_intent(entry) for entry in entries]
    names = _names(db, intents)
    return [
        Shown(str(entry.get("id", "")), str(entry.get("label", "A change")),
              _whom(intent, names), _local(entry.get("queued_at_utc")),
              codec.kind_of(intent) in codec.REPLAYABLE)
        for entry, intent in zip(entries, intents, strict=True)
    ]


# -- recovery files --------------------------------------------------------------------------
def read_recovery(path: Path) -> list[Entry]:
    """The changes in a recovery file (format 1 or 2), as journal entries. A file that is not
    one raises ValidationError with one line that says so."""
    import hashlib
    import json

    from equitone.services.outbox import RECOVERY_FORMAT

    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise ValidationError(f"{path.name} cannot be read as a recovery file ({exc}).") from None
    if not isinstance(document, dict) or document.get("format") != RECOVERY_FORMAT:
        raise ValidationError(f"{path.name} is not an Equitone recovery file.")
    writes = document.get("writes")
    if not isinstance(writes, list) or not all(isinstance(w, dict) for w in writes):
        raise ValidationError(f"{path.name} is damaged: its list of changes cannot be read.")
    entries: list[Entry] = []
    for write in writes:
        entry = dict(write)
        codec.kind_of(_intent(entry))  # a foreign entry is refused now, not half-way
        if not entry.get("id"):  # format 1: a stable id, so opening it twice adds nothing
            digest = json.dumps(entry, sort_keys=True, ensure_ascii=False).encode()
            entry["id"] = hashlib.sha256(digest).hexdigest()[:32]
        entry.setdefault("basis", {})
        entries.append(entry)
    return entries


def take_in(journal: Journal, entries: list[Entry]) -> list[Entry]:
    """Put a recovery file's entries into the journal (those not there yet), so their replay
    is as safe against a kill as any other; returns the ones added."""
    added = [e for e in entries if str(e["id"]) not in journal]
    for entry in added:
        journal.add(entry)
    return added
