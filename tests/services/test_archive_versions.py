"""Patient archives across format versions, on both engines: a format 1 archive written by the
previous release (fixtures/patient-archive-v1.json, exported from the database that release
made, tests/storage/fixtures/release-0005.sqlite3) still imports, and is exported again in
the current format with every state, grade, length test and the neurological mark. A format 2
archive (fixtures/patient-archive-v2.json) imports too, and format 3
carries the visit notes, the responses per block and the next-day reports."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from equitone.domain.assessment import Measures, StateGrade, ToneTag, psfs_incomplete
from equitone.domain.session import SessionDetails, SessionStatus
from equitone.domain.types import Side, ToneState
from equitone.domain.visit_record import BlockResponse, NextDayReport, Outcome, VisitNotes
from equitone.services import assessments, responses, sessions, visit_notes
from equitone.services.archive import ArchiveError, import_archive, patient_archive
from equitone.services.archive_format import FORMAT_VERSION, validate_schema
from equitone.services.catalog import load_catalog
from equitone.storage.database import Database

V1 = Path(__file__).parent / "fixtures" / "patient-archive-v1.json"
L, R = Side.LEFT, Side.RIGHT


def test_a_format_1_archive_of_the_previous_release_imports(db: Database) -> None:
    document = json.loads(V1.read_text(encoding="utf-8"))
    assert document["format_version"] == 1 and document["schema_revision"] == "0005_row_versions"
    result = import_archive(db, V1)
    assert (result.name, result.assessments, result.sessions) == ("Zoë Ångström", 3, 1)
    visits = assessments.history(db, result.patient_id)
    first = assessments.get_assessment(db, visits[0].supersedes_id or 0)
    assert first.signed and first.signed_by == "Ana" and not first.neurological
    tags = first.tag_map()
    assert all(len(t.states) == 1 for t in first.tags)
    assert tags[("gluteus-medius", L)] == ToneTag(
        "gluteus-medius", L, ToneState.UNDERACTIVE, 3, 2, "fires late",
        Measures(strength=3, pain=2))
    # what today's rules would not accept is kept, and shown for what it is
    assert tags[("tensor-fasciae-latae", L)].not_applying(neurological=False) == ("ashworth",)
    assert tags[("hamstrings", R)].measures.value("rom") == (None, 65)
    assert psfs_incomplete(first.psfs)

    again = patient_archive(db, result.patient_id)
    assert again["format_version"] == FORMAT_VERSION
    validate_schema(again)
    exported = {(t["muscle"], t["side"]): t for t in again["assessments"][0]["tags"]}
    assert exported[("soleus", "left")]["states"] == [{"state": "tender", "grade": 1}]
    assert exported[("hamstrings", "right")]["rom_test"] is None
    assert again["assessments"][0]["neurological"] is False


def _v2(db: Database, tmp_path: Path) -> dict[str, Any]:
    """The v1 fixture imported, given a side with two states, exported as format 2."""
    patient = import_archive(db, V1).patient_id
    latest = assessments.latest_assessment(db, patient)
    assert latest is not None
    assessments.update_details(db, latest.id, day=latest.day, clinician="Ana", findings="",
                               neurological=True)
    assessments.set_tags(db, latest.id, [ToneTag.of(
        "hamstrings", R, [StateGrade(ToneState.UNDERACTIVE, 1), StateGrade(ToneState.TIGHT, 3)],
        tightness=6, measures=Measures(strength=3, rom_degrees=58,
                                       rom_test="straight-leg-raise"))])
    return patient_archive(db, patient)


def test_format_2_carries_every_state_and_imports_again(db: Database, tmp_path: Path) -> None:
    document = _v2(db, tmp_path)
    latest = document["assessments"][-1]
    assert latest["neurological"] is True
    hamstrings = next(t for t in latest["tags"] if t["muscle"] == "hamstrings")
    assert (hamstrings["state"], hamstrings["grade"]) == ("tight", 3)
    assert hamstrings["states"] == [{"state": "tight", "grade": 3},
                                    {"state": "underactive", "grade": 1}]
    assert (hamstrings["rom_test"], hamstrings["rom_degrees"]) == ("straight-leg-raise", 58)
    path = tmp_path / "v2.json"
    document["patient"]["uuid"] = "d" * 32
    document["patient"]["name"] = "Zoë Ångström (copy)"
    path.write_text(json.dumps(document), encoding="utf-8")
    result = import_archive(db, path)
    visit = assessments.history(db, result.patient_id)[-1]
    assert visit.neurological
    tag = visit.tag_map()[("hamstrings", R)]
    assert tag.states == (ToneState.TIGHT, ToneState.UNDERACTIVE) and tag.grade_of(
        ToneState.UNDERACTIVE) == 1


@pytest.mark.parametrize(("change", "message"), [
    (lambda t: t["states"].append({"state": "tight", "grade": None}), "listed twice"),
    (lambda t: t.update(state="underactive", grade=1), "must be the primary state"),
    (lambda t: t.update(rom_test="sit-and-reach"), "Unknown length test"),
    (lambda t: t.update(rom_test="clamshell\n"), r"Unknown length test 'clamshell\\n'"),
    (lambda t: t["states"].append({"state": "balanced", "grade": None}), "cannot be combined"),
    (lambda t: t.pop("states"), 'missing "states"'),
])
def test_bad_format_2_tags_are_refused(
    db: Database, tmp_path: Path, change: Any, message: str
) -> None:
    document = copy.deepcopy(_v2(db, tmp_path))
    document["patient"]["uuid"] = "e" * 32
    document["patient"]["name"] = "Someone else"
    tag = next(t for t in document["assessments"][-1]["tags"] if t["muscle"] == "hamstrings")
    change(tag)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(ArchiveError, match=message) as caught:
        import_archive(db, path)
    assert "\n" not in str(caught.value)


V2 = Path(__file__).parent / "fixtures" / "patient-archive-v2.json"


def test_a_format_2_archive_of_the_previous_version_imports(db: Database) -> None:
    document = json.loads(V2.read_text(encoding="utf-8"))
    assert document["format_version"] == 2 and document["schema_revision"] == "0006_tag_states"
    result = import_archive(db, V2)
    latest = assessments.history(db, result.patient_id)[-1]
    assert latest.neurological
    assert latest.tag_map()[("hamstrings", R)].states == (ToneState.TIGHT, ToneState.UNDERACTIVE)
    assert visit_notes.get_notes(db, latest.id) == VisitNotes()
    again = patient_archive(db, result.patient_id)
    assert again["format_version"] == FORMAT_VERSION
    validate_schema(again)


def _v3(db: Database) -> tuple[dict[str, Any], int]:
    """The v1 fixture imported, with notes, a response and a next-day report, exported."""
    patient = import_archive(db, V1).patient_id
    latest = assessments.latest_assessment(db, patient)
    assert latest is not None
    visit_notes.save_notes(db, latest.id, VisitNotes("Stairs easier.", plan="Add walks."))
    catalog = load_catalog(db)
    record = sessions.create_session(
        db, patient, [sessions.parse_exercise_spec(catalog, "clamshell:gluteus-medius:left")],
        SessionDetails(latest.day, in_clinic=True), status=SessionStatus.DELIVERED)
    block = record.placed[0].id
    responses.record_response(db, record.id, BlockResponse(block, Outcome.MODIFIED, 2, 6, "ok"))
    responses.record_next_day(db, record.id, NextDayReport(
        "gluteus-medius", L, latest.day, tight=True, sore=5, barely_firing=True))
    return patient_archive(db, patient), record.id


def _reimport(db: Database, tmp_path: Path, document: dict[str, Any], uuid: str) -> int:
    document["patient"]["uuid"] = uuid * 32
    document["patient"]["name"] = f"Copy {uuid}"
    path = tmp_path / f"{uuid}.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return import_archive(db, path).patient_id


def test_format_3_round_trips_notes_responses_and_next_day_reports(
    db: Database, tmp_path: Path
) -> None:
    document, _sid = _v3(db)
    validate_schema(document)
    assert document["assessments"][-1]["notes"] == {
        "subjective": "Stairs easier.", "objective": "", "assessment": "", "plan": "Add walks."}
    copy_id = _reimport(db, tmp_path, copy.deepcopy(document), "f")
    again = patient_archive(db, copy_id)
    for key in ("assessments", "sessions"):
        strip = ("ref", "supersedes")
        assert [{k: v for k, v in r.items() if k not in strip} for r in again[key]] == [
            {k: v for k, v in r.items() if k not in strip} for r in document[key]]
    latest = assessments.latest_assessment(db, copy_id)
    assert latest is not None and visit_notes.get_notes(db, latest.id).plan == "Add walks."


@pytest.mark.parametrize(("change", "message"), [
    (lambda s: s["responses"][0].update(pain=11), "out of range"),
    (lambda s: s["responses"][0].update(block_id="nope"), "has no block"),
    (lambda s: s["responses"].append(dict(s["responses"][0])), "one response"),
    (lambda s: s["next_day"][0].update(side="right"), "did not activate"),
    (lambda s: s["next_day"][0].update(reported_on="2001-01-01"), "before the session"),
    (lambda s: s.update(in_clinic=False), "home program"),
    (lambda s: s.pop("next_day"), 'missing "next_day"'),
])
def test_bad_format_3_records_are_refused(
    db: Database, tmp_path: Path, change: Any, message: str
) -> None:
    document, _sid = _v3(db)
    change(document["sessions"][-1])
    with pytest.raises(ArchiveError, match=message) as caught:
        _reimport(db, tmp_path, document, "a")
    assert "\n" not in str(caught.value)
