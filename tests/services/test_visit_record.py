"""Visit notes, quick phrases, responses per block and next-day reports: stored on both
engines, read-only once the visit is signed (whoever writes), copied into an amendment,
merged rather than lost when two editors save, and in the audit trail."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select, update

from equitone.domain.assessment import ToneTag
from equitone.domain.patients import PatientDraft
from equitone.domain.session import SessionDetails, SessionStatus
from equitone.domain.text_merge import CONFLICT_MARK
from equitone.domain.types import Side, ToneState
from equitone.domain.visit_record import BlockResponse, NextDayReport, Outcome, VisitNotes
from equitone.errors import NotFoundError, ValidationError
from equitone.services import assessments, patients, responses, sessions, visit_notes
from equitone.services.audit import audit_entries, summary
from equitone.services.catalog import load_catalog
from equitone.storage.audit import acting_as
from equitone.storage.database import Database
from equitone.storage.models import AssessmentRow, AuditRow, VisitNoteRow

DAY = date.today() - timedelta(days=3)
NOTES = VisitNotes("Stairs easier.", "Clams 2x10 L.", "Glute med firing better.", "Add walks.")


@pytest.fixture
def patient_id(db: Database) -> int:
    return patients.create_patient(db, PatientDraft(name="Maria Keller")).id


@pytest.fixture
def visit(db: Database, patient_id: int) -> int:
    return assessments.create_assessment(db, patient_id, day=DAY, clinician="Dr Ana").id


def _session(db: Database, patient_id: int, *, in_clinic: bool = True,
             status: SessionStatus = SessionStatus.DELIVERED) -> int:
    catalog = load_catalog(db)
    blocks = [sessions.parse_exercise_spec(catalog, "clamshell:gluteus-medius:left")]
    return sessions.create_session(db, patient_id, blocks,
                                   SessionDetails(DAY, in_clinic=in_clinic), status=status).id


def _entries(db: Database) -> int:
    with db.reading() as s:
        return int(s.scalar(select(func.count()).select_from(AuditRow)) or 0)


def test_notes_round_trip_and_are_in_the_audit_trail(db: Database, visit: int) -> None:
    assert visit_notes.get_notes(db, visit) == VisitNotes()
    with acting_as("ana@pc1"):
        saved = visit_notes.save_notes(db, visit, NOTES)
    assert saved.notes == NOTES and not saved.merged
    assert visit_notes.get_notes(db, visit) == NOTES
    assert visit_notes.notes_for(db, [visit, 999]) == {visit: NOTES}
    entry = audit_entries(db, entity="assessment", entity_id=visit)[-1]
    assert entry.actor == "ana@pc1" and "visit notes" in (entry.new or {})
    assert summary(entry) == ("visit notes: subjective Stairs easier.; objective Clams 2x10 L.; "
                              "assessment Glute med firing better.; plan Add walks.")


def test_adding_to_a_section_appends_a_paragraph(db: Database, visit: int) -> None:
    visit_notes.add_to_notes(db, visit, "plan", "Review in a week.")
    notes = visit_notes.add_to_notes(db, visit, "plan", "Phone on Friday.")
    assert notes.plan == "Review in a week.\n\nPhone on Friday."
    with pytest.raises(ValidationError, match="no note section"):
        visit_notes.add_to_notes(db, visit, "history", "x")
    with pytest.raises(ValidationError, match="Give the text"):
        visit_notes.add_to_notes(db, visit, "plan", "  ")
    with pytest.raises(NotFoundError):
        visit_notes.add_to_notes(db, 999, "plan", "x")


def test_signed_notes_are_read_only_for_every_writer(db: Database, visit: int) -> None:
    visit_notes.save_notes(db, visit, NOTES)
    assessments.sign_assessment(db, visit, by="Dr Ana")
    before = _entries(db)
    for attempt in (
        lambda: visit_notes.save_notes(db, visit, VisitNotes(plan="changed")),
        lambda: visit_notes.add_to_notes(db, visit, "plan", "more"),
    ):
        with pytest.raises(ValidationError, match="signed"):
            attempt()
    # a writer that skips the service is refused by the audit fold at commit
    with pytest.raises(ValidationError, match="signed and read-only"), db.transaction() as s:
        s.execute(select(VisitNoteRow))  # opens the transaction
        row = s.scalar(select(VisitNoteRow).where(VisitNoteRow.assessment_id == visit))
        assert row is not None
        row.plan = "changed behind the service's back"
    assert visit_notes.get_notes(db, visit) == NOTES
    assert _entries(db) == before


def test_an_amendment_carries_the_notes_and_the_signed_version_keeps_its_own(
    db: Database, visit: int
) -> None:
    visit_notes.save_notes(db, visit, NOTES)
    assessments.sign_assessment(db, visit, by="Dr Ana")
    amended = assessments.amend_assessment(db, visit)
    assert visit_notes.get_notes(db, amended.id) == NOTES
    visit_notes.add_to_notes(db, amended.id, "assessment", "Correction: right side.")
    assert visit_notes.get_notes(db, visit) == NOTES
    assert "Correction" in visit_notes.get_notes(db, amended.id).assessment


def test_two_editors_typing_on_one_visit_keep_both_texts(db: Database, visit: int) -> None:
    base = visit_notes.save_notes(db, visit, VisitNotes(subjective="Knee better.")).notes
    first = base.with_section("subjective", "Knee better. Slept well.")
    visit_notes.save_notes(db, visit, first, base=base)
    second = base.with_section("subjective", "Knee better. Stairs ok.").with_section(
        "plan", "Add walks.")
    saved = visit_notes.save_notes(db, visit, second, base=base)
    assert saved.merged and saved.clean
    assert saved.notes.subjective == "Knee better. Slept well. Stairs ok."
    assert saved.notes.plan == "Add walks."
    assert visit_notes.get_notes(db, visit) == saved.notes


def test_a_clash_on_the_same_words_keeps_both_versions_marked(db: Database, visit: int) -> None:
    base = visit_notes.save_notes(db, visit, VisitNotes(objective="Pain 4.")).notes
    visit_notes.save_notes(db, visit, VisitNotes(objective="Pain 2."), base=base)
    saved = visit_notes.save_notes(db, visit, VisitNotes(objective="Pain 6."), base=base)
    assert not saved.clean
    text = visit_notes.get_notes(db, visit).objective
    assert "Pain 2." in text and "Pain 6." in text and CONFLICT_MARK in text


def test_notes_out_of_limits_write_nothing(db: Database, visit: int) -> None:
    before = _entries(db)
    with pytest.raises(ValidationError, match="at most 100000"):
        visit_notes.save_notes(db, visit, VisitNotes(plan="x" * 100_001))
    with pytest.raises(ValidationError, match="cannot be stored"):
        visit_notes.save_notes(db, visit, VisitNotes(plan="a\x00b"))
    assert visit_notes.get_notes(db, visit) == VisitNotes() and _entries(db) == before


def test_quick_phrases(db: Database) -> None:
    visit_notes.save_phrase(db, "GM", "Glute med activation tolerated well.")
    phrases = visit_notes.save_phrase(db, "hep", "Home exercise program reviewed.")
    assert phrases == {"gm": "Glute med activation tolerated well.",
                       "hep": "Home exercise program reviewed."}
    visit_notes.save_phrase(db, "gm", "Replaced.")
    visit_notes.delete_phrase(db, "hep")
    assert visit_notes.list_phrases(db) == {"gm": "Replaced."}
    for key, text in (("two words", "x"), ("", "x"), ("k", " ")):
        with pytest.raises(ValidationError):
            visit_notes.save_phrase(db, key, text)


def test_responses_per_block(db: Database, patient_id: int) -> None:
    sid = _session(db, patient_id, status=SessionStatus.PLANNED)
    block = sessions.get_session(db, sid, with_warnings=False).blocks[0].id
    responses.record_response(db, sid, BlockResponse(block, Outcome.MODIFIED, 3, 6, " clicked "))
    assert responses.responses(db, sid) == {
        block: BlockResponse(block, Outcome.MODIFIED, 3, 6, "clicked")}
    responses.record_response(db, sid, BlockResponse(block, Outcome.DONE, 1, 5))
    assert responses.responses(db, sid)[block].outcome is Outcome.DONE
    sessions.set_status(db, sid, SessionStatus.DELIVERED)
    # the response is record, not plan: still written after delivery
    responses.record_response(db, sid, BlockResponse(block, Outcome.DONE, 2, 5))
    entry = audit_entries(db, entity="session", entity_id=sid)[-1]
    assert f"response {block}" in (entry.new or {})
    assert summary(entry) == (
        f"response to block {block}: done · pain 1 · RPE 5 → done · pain 2 · RPE 5")


def test_bad_responses_write_nothing(db: Database, patient_id: int) -> None:
    sid = _session(db, patient_id)
    home = _session(db, patient_id, in_clinic=False)
    block = sessions.get_session(db, sid, with_warnings=False).blocks[0].id
    before = _entries(db)
    for attempt, error in (
        (lambda: BlockResponse(block, pain=11), "pain"),
        (lambda: BlockResponse(block, rpe=-1), "RPE"),
    ):
        with pytest.raises(ValidationError, match=error):
            responses.record_response(db, sid, attempt())
    with pytest.raises(NotFoundError, match="no block"):
        responses.record_response(db, sid, BlockResponse("nope"))
    with pytest.raises(NotFoundError):
        responses.record_response(db, 999, BlockResponse(block))
    home_block = sessions.get_session(db, home, with_warnings=False).blocks[0].id
    with pytest.raises(ValidationError, match="home program"):
        responses.record_response(db, home, BlockResponse(home_block))
    assert responses.responses(db, sid) == {} and _entries(db) == before


def test_next_day_reports(db: Database, patient_id: int) -> None:
    sid = _session(db, patient_id)
    report = NextDayReport("gluteus-medius", Side.LEFT, DAY + timedelta(days=1), tight=True,
                           sore=6, barely_firing=True)
    responses.record_next_day(db, sid, report)
    assert responses.next_day_reports(db, sid) == [report]
    assert report.warning and report.text() == "tight · sore 6 · barely firing"
    entry = audit_entries(db, entity="session", entity_id=sid)[-1]
    assert summary(entry) == (
        "next-day report gluteus-medius left: none → tight · barely firing · sore 6")


def test_bad_next_day_reports_write_nothing(db: Database, patient_id: int) -> None:
    sid = _session(db, patient_id)
    draft = _session(db, patient_id, status=SessionStatus.DRAFT)
    ok = NextDayReport("gluteus-medius", Side.LEFT, DAY + timedelta(days=1))
    before = _entries(db)
    cases = (
        (sid, NextDayReport("gluteus-medius", Side.LEFT, DAY, sore=11), "soreness"),
        (sid, NextDayReport("gluteus-medius", Side.RIGHT, DAY), "did not activate"),
        (sid, NextDayReport("gluteus-medius", Side.LEFT, DAY - timedelta(days=1)), "on or after"),
        (sid, NextDayReport("gluteus-medius", Side.LEFT, date.today() + timedelta(days=2)),
         "not in the future"),
        (draft, ok, "not been delivered"),
    )
    for session_id, report, error in cases:
        with pytest.raises(ValidationError, match=error):
            responses.record_next_day(db, session_id, report)
    with pytest.raises(NotFoundError):
        responses.record_next_day(db, 999, ok)
    assert responses.next_day_reports(db, sid) == [] and _entries(db) == before


def test_a_note_save_racing_a_signature_is_never_written_under_it(
    db: Database, visit: int
) -> None:
    """The save checks the signature under the assessment's row lock; a signature that
    landed first is seen and the save refused."""
    with db.transaction() as s:  # what a signature committed just before looks like
        s.execute(update(AssessmentRow).where(AssessmentRow.id == visit).values(
            signed_at=DAY, signed_by="Dr Ana"))
    with pytest.raises(ValidationError, match="signed"):
        visit_notes.save_notes(db, visit, NOTES)



def test_a_next_day_report_reaches_the_trends_and_raises_the_flag(
    db: Database, patient_id: int
) -> None:
    from equitone.services.overview import patient_overview
    from equitone.services.trends import trend_data

    assessments.create_assessment(db, patient_id, day=DAY, tags=[
        ToneTag("gluteus-medius", Side.LEFT, ToneState.UNDERACTIVE, 3)])
    sid = _session(db, patient_id)
    responses.record_next_day(db, sid, NextDayReport(
        "gluteus-medius", Side.LEFT, DAY + timedelta(days=1), barely_firing=True))
    (point,) = trend_data(db, patient_id).next_day
    assert (point.session_id, point.key, point.barely_firing) == (
        sid, ("gluteus-medius", Side.LEFT), True)
    (flag,) = patient_overview(db, patient_id).flags
    assert flag.sign == "next-day" and "reported it barely firing" in flag.explanation
