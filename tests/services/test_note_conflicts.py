"""Clinic mode: two workstations typing notes on the same visit at the same instant never lose
either text, and a note save racing a signature lands before it or is refused — never under
it. Each workstation is its own Database (its own engine and connections) on the same
database, on SQLite and on the PostgreSQL throwaway cluster; the saves start together at a
barrier, 15 rounds each."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import date, timedelta

import pytest

from equitone.domain.patients import PatientDraft
from equitone.domain.visit_record import VisitNotes
from equitone.errors import ValidationError
from equitone.services import assessments, patients, visit_notes
from equitone.services.audit import audit_entries
from equitone.services.workspace import open_workspace
from equitone.storage.audit import acting_as
from equitone.storage.database import Database

ROUNDS = 15
DAY = date.today() - timedelta(days=1)


@pytest.fixture
def workstations(db_target: str) -> Iterator[tuple[Database, Database]]:
    first, second = open_workspace(db_target), open_workspace(db_target)
    try:
        yield first, second
    finally:
        first.close()
        second.close()


def _together(*actions: Callable[[], object]) -> list[object]:
    """Run the actions in threads that start at the same instant; their results or errors."""
    barrier = threading.Barrier(len(actions))
    results: list[object] = [None] * len(actions)

    def run(n: int) -> None:
        barrier.wait()
        try:
            results[n] = actions[n]()
        except Exception as exc:  # collected: the test looks at what each got
            results[n] = exc

    threads = [threading.Thread(target=run, args=(n,)) for n in range(len(actions))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results


def test_two_workstations_typing_on_one_visit_keep_both_texts(
    workstations: tuple[Database, Database],
) -> None:
    room1, room2 = workstations
    patient = patients.create_patient(room1, PatientDraft(name="Maria Keller"))
    visit = assessments.create_assessment(room1, patient.id, day=DAY).id
    for n in range(ROUNDS):
        base = visit_notes.get_notes(room1, visit)
        mine = base.with_section("subjective", f"{base.subjective} Room 1 says {n}.".strip())
        theirs = base.with_section("subjective", f"{base.subjective} Room 2 says {n}.".strip())
        theirs = theirs.with_section("plan", f"{base.plan} Plan {n}.".strip())
        with acting_as("ana@room1"):
            results = _together(
                lambda m=mine, b=base: visit_notes.save_notes(room1, visit, m, base=b),
                lambda t=theirs, b=base: visit_notes.save_notes(room2, visit, t, base=b),
            )
        assert not any(isinstance(r, Exception) for r in results), results
        stored = visit_notes.get_notes(room2, visit)
        assert f"Room 1 says {n}." in stored.subjective
        assert f"Room 2 says {n}." in stored.subjective
        assert f"Plan {n}." in stored.plan
    final = visit_notes.get_notes(room1, visit)
    for n in range(ROUNDS):  # nothing of an earlier round was lost either
        assert f"Room 1 says {n}." in final.subjective and f"Room 2 says {n}." in final.subjective


def test_a_note_save_racing_a_signature_never_lands_under_it(
    workstations: tuple[Database, Database],
) -> None:
    room1, room2 = workstations
    patient = patients.create_patient(room1, PatientDraft(name="Maria Keller"))
    outcomes = set()
    for n in range(ROUNDS):
        visit = assessments.create_assessment(room1, patient.id, day=DAY).id
        notes = VisitNotes(plan=f"Round {n}.")
        results = _together(
            lambda v=visit, s=notes: visit_notes.save_notes(room1, v, s),
            lambda v=visit: assessments.sign_assessment(room2, v, by="Dr Ana"),
        )
        saved, signed = results
        assert not isinstance(signed, Exception), signed
        stored = visit_notes.get_notes(room1, visit)
        if isinstance(saved, Exception):
            assert isinstance(saved, ValidationError) and "signed" in str(saved)
            assert stored == VisitNotes()
            outcomes.add("refused")
        else:
            assert stored == notes  # saved before the signature, so signed with it
            outcomes.add("saved")
        trail = audit_entries(room1, entity="assessment", entity_id=visit)
        actions = [e.action for e in trail]
        assert actions[-1] == "sign"  # nothing after the signature
    assert outcomes  # at least one of the two endings was seen
