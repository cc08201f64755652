"""Waiting edits on disk and written again: the journal (owner-only, torn lines ignored,
compacted, gone when empty), the replay of each kind of edit through the version checks
(exactly once, on top of others' changes, held on a clash), recovery files of format 1 and 2,
the server identity, and the time-travel check. On SQLite and PostgreSQL."""

from __future__ import annotations

import json
import stat
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from equitone.domain import waiting_edits as codec
from equitone.domain.assessment import PsfsItem, ToneTag
from equitone.domain.merge import session_key
from equitone.domain.patients import PatientDraft
from equitone.domain.sequencing import RuleId, dismiss, move, swap
from equitone.domain.session import SessionDetails, SessionRecord
from equitone.domain.session_edits import SessionState
from equitone.domain.types import Side, ToneState
from equitone.services import assessments, patients, sessions, time_travel
from equitone.services.catalog import load_catalog
from equitone.services.journal import Journal, journal_path
from equitone.services.outbox import Outbox, PendingWrite, Result, Tally
from equitone.services.replay import (
    decline,
    describe,
    read_recovery,
    replay,
    replay_and_forget,
    take_in,
)
from equitone.storage.database import Database
from tests.services.waiting import GM, PIR, chain, entry, tag_entry


@pytest.fixture
def maria(db: Database) -> int:
    return patients.create_patient(db, PatientDraft("Maria Keller", phone="0601")).id


# -- the journal -----------------------------------------------------------------------------
def test_journal_is_private_survives_reopening_and_ignores_a_torn_line(tmp_path: Path) -> None:
    path = journal_path("postgresql://anna:secret@server/clinic", tmp_path / "waiting")
    assert "secret" not in path.name and "server" not in path.name
    journal = Journal(path)
    first, second = entry({"kind": "tags"}, "one"), entry({"kind": "tags"}, "two")
    journal.add(first)
    journal.add(second)
    journal.close()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    with path.open("a", encoding="utf-8") as handle:  # a kill in the middle of an append
        handle.write('{"op": "wait", "entry": {"id": "x", "lab')
    again = Journal(path)
    assert [e["id"] for e in again.waiting] == [first["id"], second["id"]]
    again.done(first["id"])
    assert [e["id"] for e in Journal(path).waiting] == [second["id"]]
    again.done(second["id"])
    assert not path.exists()  # nothing waits: no file left behind


def test_a_journal_left_with_everything_done_is_removed_when_read(tmp_path: Path) -> None:
    path = tmp_path / "j.jsonl"
    made = entry({"kind": "tags"}, "one")
    path.write_text(json.dumps({"op": "wait", "entry": made}) + "\n"
                    + json.dumps({"op": "done", "id": made["id"]}) + "\n")
    assert len(Journal(path)) == 0 and not path.exists()  # killed before it was removed


def test_journal_compacts_when_done_lines_pile_up(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "j.jsonl")
    keep = entry({"kind": "tags"}, "kept")
    journal.add(keep)
    for n in range(40):
        made = entry({"kind": "tags"}, f"edit {n}")
        journal.add(made)
        journal.done(made["id"])
    lines = (tmp_path / "j.jsonl").read_text().splitlines()
    assert len(lines) < 20  # rewritten with what still waits
    assert [e["id"] for e in Journal(tmp_path / "j.jsonl").waiting] == [keep["id"]]


def test_a_batch_of_done_lines_is_rewritten_once_and_not_flushed_line_by_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A replay of many edits: each done line is appended as its edit is confirmed (a kill
    re-offers only what was not), but without an fsync each, and one rewrite at the end."""
    journal = Journal(tmp_path / "j.jsonl")
    made = [entry({"kind": "tags"}, f"edit {n}") for n in range(200)]
    for one in made:
        journal.add(one)
    journal.close()
    compactions: list[int] = []
    flushes: list[int] = []
    original = Journal.compact
    monkeypatch.setattr(Journal, "compact",
                        lambda self: (compactions.append(len(self)), original(self))[1])
    again = Journal(tmp_path / "j.jsonl")
    monkeypatch.setattr(again._syncer, "request", lambda descriptor: flushes.append(descriptor))
    with again.batch():
        for one in made[:150]:
            again.done(one["id"])
            assert one["id"] not in Journal(tmp_path / "j.jsonl")  # on file at once
        assert compactions == []
    assert compactions == [50] and flushes == []  # once, with what still waits
    assert [e["id"] for e in Journal(tmp_path / "j.jsonl").waiting] == [
        e["id"] for e in made[150:]]


def test_outbox_writes_the_journal_before_it_says_queued(tmp_path: Path) -> None:
    from equitone.errors import ServerUnavailableError

    journal = Journal(tmp_path / "j.jsonl")
    box = Outbox(journal=journal, basis=lambda: {"server": "abc", "marker": 7, "marker_at": ""})

    def gone() -> Result:
        raise ServerUnavailableError("gone")

    write = PendingWrite("Tag soleus L as tight", "assessment 1",
                         {"kind": "tags", "assessment_id": 1, "expected_version": 2,
                          "tags": {}, "before": {}}, gone)
    box.submit(write)
    on_disk = Journal(tmp_path / "j.jsonl").waiting
    assert [e["id"] for e in on_disk] == [write.id]
    assert on_disk[0]["basis"]["marker"] == 7 and on_disk[0]["label"] == "Tag soleus L as tight"
    write.attempt = lambda: Result.SAVED
    assert box.flush() == 1
    assert not (tmp_path / "j.jsonl").exists()


def test_tally_says_exactly_what_happened() -> None:
    tally = Tally()
    for result in (Result.SAVED, Result.MERGED, Result.HELD):
        tally.add(result)
    tally.kept_theirs = 1
    assert tally.text() == ("4 waiting changes: 1 saved, 1 merged with a change made "
                            "elsewhere, 1 not saved (theirs kept), 1 held: it clashed with a "
                            "change made elsewhere")
    only = Tally()
    only.add(Result.SAVED)
    assert only.text() == "1 waiting change saved"


# -- replay ----------------------------------------------------------------------------------
def test_replay_of_tags_writes_once_even_when_replayed_again(db: Database, maria: int) -> None:
    a = assessments.create_assessment(db, maria)
    made = tag_entry(db, a, GM, Side.LEFT, ToneState.UNDERACTIVE, 2)
    assert replay(db, made).result is Result.SAVED
    stored = assessments.get_assessment(db, a.id)
    assert stored.tag_map()[(GM, Side.LEFT)].state is ToneState.UNDERACTIVE
    assert replay(db, made).result is Result.ALREADY  # a kill after the commit: found there
    assert assessments.get_assessment(db, a.id).row_version == stored.row_version  # once


def test_a_chain_of_offline_edits_lands_in_order_each_once(db: Database, maria: int) -> None:
    a = assessments.create_assessment(db, maria)
    edits = chain(db, a, 6)
    results = [replay(db, e).result for e in edits]
    assert results == [Result.SAVED] + [Result.MERGED] * 5  # each on top of the one before
    stored = assessments.get_assessment(db, a.id)
    assert stored.row_version == a.row_version + 6
    assert stored.tag_map()[(PIR, Side.LEFT)].state is ToneState.OVERACTIVE  # the 4th edit


def test_a_clash_is_held_and_on_top_writes_it(db: Database, maria: int) -> None:
    a = assessments.create_assessment(db, maria, tags=[ToneTag(GM, Side.LEFT, ToneState.TIGHT)])
    made = tag_entry(db, a, GM, Side.LEFT, ToneState.UNDERACTIVE)
    assessments.replace_tags(db, a.id, [ToneTag(GM, Side.LEFT, ToneState.OVERACTIVE)],
                             expected_version=a.row_version)  # another workstation
    held = replay(db, made)
    assert held.result is Result.HELD and "changed" in held.message
    assert assessments.get_assessment(db, a.id).tag_map()[(GM, Side.LEFT)].state is (
        ToneState.OVERACTIVE)  # nothing written
    assert replay(db, made, on_top=True).result is Result.SAVED
    assert assessments.get_assessment(db, a.id).tag_map()[(GM, Side.LEFT)].state is (
        ToneState.UNDERACTIVE)


def test_details_psfs_patient_and_new_patient_replay(db: Database, maria: int) -> None:
    a = assessments.create_assessment(db, maria)
    p = patients.get_patient(db, maria)
    details = entry({"kind": codec.DETAILS, "assessment_id": a.id,
                     "expected_version": a.row_version,
                     "details": {"findings": "Hip drop on the left"},
                     "before": {"findings": a.findings}}, "Edit findings")
    items = (PsfsItem("Stairs", 4), PsfsItem("Running", 2), PsfsItem("Sitting", 7))
    psfs = entry({"kind": codec.PSFS, "assessment_id": a.id, "expected_version": a.row_version,
                  "psfs": codec.psfs_json(items), "before": []}, "Edit PSFS")
    phone = entry({"kind": codec.PATIENT, "patient_id": maria,
                   "expected_version": p.row_version, "details": {"phone": "0612"},
                   "before": {"phone": "0601"}, "archived": False, "was_archived": False},
                  "Edit Maria Keller")
    new = entry({"kind": codec.NEW_PATIENT, "uuid": "f" * 32,
                 "create_patient": {"name": "Jonas Berg", "date_of_birth": "1980-02-03"}},
                "New patient Jonas Berg")
    assert [replay(db, e).result for e in (details, psfs, phone, new, new)] == [
        Result.SAVED, Result.MERGED, Result.SAVED, Result.SAVED, Result.SAVED]
    stored = assessments.get_assessment(db, a.id)
    assert stored.findings == "Hip drop on the left" and stored.psfs == items
    assert patients.get_patient(db, maria).phone == "0612"
    assert [x.name for x in patients.list_patients(db)].count("Jonas Berg") == 1  # once


def _session_entry(before: SessionState, after: SessionState, session_id: int,
                   version: int) -> dict[str, object]:
    return entry({"kind": codec.SESSION, "session_id": session_id, "expected_version": version,
                  "session": codec.session_json(after), "before": codec.session_json(before)},
                 "Edit the session plan")


def _planned(db: Database, patient_id: int) -> SessionRecord:
    catalog = load_catalog(db)
    blocks = [sessions.parse_exercise_spec(catalog, s)
              for s in ("lateral-band-walk", "clamshell:gluteus-medius:left", "hip-hike")]
    return sessions.create_session(db, patient_id, blocks, SessionDetails(date(2026, 3, 2)))


def test_a_session_plan_round_trips_through_the_file(db: Database, maria: int) -> None:
    record = _planned(db, maria)
    relax = next(b for b in record.blocks if b.rule is RuleId.SUSTAINED_RELAX)
    warm = next(b for b in record.blocks if b.rule is RuleId.WARM_DOWN)
    state = replace(SessionState.of(record),
                    blocks=move(record.blocks, relax.id, len(record.blocks) - 2),
                    dismissals=(dismiss(warm, "walks home"),),
                    overrides=(swap(relax, "foam-roll"),))
    text = json.loads(json.dumps(codec.session_json(state)))  # as the file holds it
    assert session_key(codec.session_from_json(text)) == session_key(state)


def test_a_session_plan_edit_is_replayed_through_the_version_checks(
    db: Database, maria: int
) -> None:
    record = _planned(db, maria)
    before = SessionState.of(record)
    warm = next(b for b in record.blocks if b.rule is RuleId.WARM_DOWN)
    after = replace(before, blocks=tuple(b for b in record.blocks if b.exercise != "hip-hike"),
                    dismissals=(dismiss(warm, "walks home"),))
    made = _session_entry(before, after, record.id, record.row_version)
    assert replay(db, made).result is Result.SAVED
    stored = sessions.get_session(db, record.id, with_warnings=False)
    assert session_key(SessionState.of(stored)) == session_key(after)
    assert replay(db, made).result is Result.ALREADY  # exactly once
    assert sessions.get_session(db, record.id).row_version == stored.row_version
    # the next edit, made offline on the same version; meanwhile another workstation wrote
    # the notes: held, as a live session edit is, and "mine on top" keeps their notes
    again = replace(after, blocks=after.blocks[1:])
    later = _session_entry(after, again, record.id, record.row_version)
    sessions.save_session(db, record.id, stored.blocks,
                          details=replace(stored.details, notes="knee sore"),
                          dismissals=stored.dismissals, expected_version=stored.row_version)
    held = replay(db, later)
    assert held.result is Result.HELD and held.clash is not None and "knee sore" in held.message
    assert replay(db, later, on_top=True).result is Result.SAVED
    on_top = sessions.get_session(db, record.id, with_warnings=False)
    assert on_top.details.notes == "knee sore"
    assert session_key(replace(SessionState.of(on_top), details=again.details)) == session_key(
        again)


def test_a_bad_entry_is_refused_with_a_sentence_and_writes_nothing(
    db: Database, maria: int
) -> None:
    a = assessments.create_assessment(db, maria)
    bad = entry({"kind": codec.TAGS, "assessment_id": a.id, "expected_version": 1,
                 "tags": {f"{GM} left": {"state": "no-such-state"}}}, "Tag")
    refused = replay(db, bad)
    assert refused.result is Result.REFUSED and "damaged" in refused.message
    assert assessments.get_assessment(db, a.id).row_version == a.row_version


# -- offering and declining ------------------------------------------------------------------
def test_describe_says_what_for_whom_and_when(db: Database, maria: int) -> None:
    a = assessments.create_assessment(db, maria)
    shown = describe(db, [tag_entry(db, a, GM, Side.LEFT, ToneState.UNDERACTIVE, 2)])
    assert shown[0].whom == "Maria Keller"
    assert shown[0].what == "Tag gluteus medius L as underactive"
    assert shown[0].replayable and "assessment_id" not in shown[0].when


def test_describe_reads_all_names_in_a_few_queries(db: Database, maria: int) -> None:
    """A thousand waiting edits are described in a few reads, not a round trip each."""
    from sqlalchemy import event

    others = [patients.create_patient(db, PatientDraft(f"Patient {n}")).id for n in range(12)]
    made = []
    for owner in [maria, *others]:
        a = assessments.create_assessment(db, owner)
        made += chain(db, a, 3)
    renamed = entry({"kind": codec.PATIENT, "patient_id": others[0], "expected_version": 1,
                     "details": {"phone": "1"}}, "Phone")
    gone = entry({"kind": codec.TAGS, "assessment_id": 999_999, "expected_version": 1,
                  "tags": {}}, "Tag")
    statements: list[str] = []
    event.listen(db.engine, "before_cursor_execute",
                 lambda *args: statements.append(str(args[2])))
    shown = describe(db, [*made, renamed, gone])
    assert [s.whom for s in shown[:3]] == ["Maria Keller"] * 3
    assert shown[3].whom == shown[-2].whom == "Patient 0"
    assert shown[-1].whom == "a record no longer in the database"
    assert len([s for s in statements if s.lstrip().upper().startswith("SELECT")]) <= 4


def test_declined_go_to_a_readable_file_that_opens_again(
    db: Database, maria: int, tmp_path: Path
) -> None:
    a = assessments.create_assessment(db, maria)
    journal = Journal(tmp_path / "j.jsonl")
    made = tag_entry(db, a, GM, Side.LEFT, ToneState.UNDERACTIVE)
    journal.add(made)
    path = decline(journal, [made], db.describe(), tmp_path / "recovery")
    assert len(journal) == 0 and stat.S_IMODE(path.stat().st_mode) == 0o600
    document = json.loads(path.read_text())
    assert document["writes"][0]["label"] == made["label"]
    assert "password" not in path.read_text()
    again = read_recovery(path)
    assert take_in(journal, again) == again
    assert replay_and_forget(db, journal, again[0]).result is Result.SAVED
    assert len(journal) == 0


def test_a_recovery_file_of_format_1_is_read_and_replayed(db: Database, maria: int,
                                                         tmp_path: Path) -> None:
    p = patients.get_patient(db, maria)
    old = {"format": "equitone-pending-writes", "format_version": 1, "database": "x",
           "writes": [{"label": "Edit Maria Keller", "record": f"patient {maria}",
                       "queued_at_utc": "2026-12-01T10:00:00Z",
                       "intent": {"patient_id": maria, "expected_version": p.row_version,
                                  "details": {"name": "Maria Keller", "date_of_birth": None,
                                              "phone": "0699", "email": "", "address": "",
                                              "notes": ""}, "archived": False}}]}
    path = tmp_path / "pending-old.json"
    path.write_text(json.dumps(old))
    entries = read_recovery(path)
    assert entries[0]["id"] == read_recovery(path)[0]["id"]  # stable: opening twice adds none
    assert replay(db, entries[0]).result is Result.SAVED
    assert patients.get_patient(db, maria).phone == "0699"


@pytest.mark.parametrize("content", ["not json", '{"format": "other"}', '{"format": '
                                     '"equitone-pending-writes", "writes": 3}'])
def test_other_files_are_refused_in_one_line(tmp_path: Path, content: str) -> None:
    from equitone.errors import ValidationError

    path = tmp_path / "x.json"
    path.write_text(content)
    with pytest.raises(ValidationError) as caught:
        read_recovery(path)
    assert "x.json" in str(caught.value) and "\n" not in str(caught.value)


# -- the server's identity and going back in time --------------------------------------------
def test_identity_is_kept_and_changes_only_on_purpose(db: Database) -> None:
    first = time_travel.identity(db)
    assert len(first) == 32 and time_travel.identity(db) == first
    drawn = time_travel.new_identity(db)
    assert drawn != first and time_travel.identity(db) == drawn


def test_no_differences_after_an_ordinary_outage(db: Database, maria: int) -> None:
    a = assessments.create_assessment(db, maria)
    made = tag_entry(db, a, GM, Side.LEFT, ToneState.TIGHT)
    patients.update_patient(db, maria, PatientDraft("Maria Keller", phone="0700"))  # elsewhere
    assert time_travel.differences(db, [made]) == []


def test_another_database_and_older_records_are_differences(db: Database, maria: int) -> None:
    a = assessments.create_assessment(db, maria)
    made = tag_entry(db, a, GM, Side.LEFT, ToneState.TIGHT, version=a.row_version + 3)
    found = time_travel.differences(db, [made], {made["id"]: "Tag GM L"})
    assert len(found) == 1 and "version" in found[0].text and found[0].entry_id == made["id"]
    time_travel.new_identity(db)
    found = time_travel.differences(db, [made])
    assert len(found) == 1 and "not the database" in found[0].text
