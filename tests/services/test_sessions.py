"""Session services around the engine: create, autosave, decisions, versions, templates."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from equitone.domain.assessment import ToneTag
from equitone.domain.patients import PatientDraft
from equitone.domain.sequencing import BlockSide, RuleId, dismiss, move, swap
from equitone.domain.session import SessionDetails, SessionStatus
from equitone.domain.types import Side, ToneState
from equitone.errors import NotFoundError, ValidationError
from equitone.services import sessions as service
from equitone.services.assessments import create_assessment
from equitone.services.catalog import load_catalog
from equitone.services.patients import create_patient, set_preferred_modality
from equitone.services.templates import list_templates, save_as_template, template_blocks
from equitone.storage.database import Database

L = Side.LEFT


@pytest.fixture
def patient_id(db: Database) -> int:
    pid = create_patient(db, PatientDraft(name="Maria Keller")).id
    create_assessment(db, pid, tags=[
        ToneTag("gluteus-medius", L, ToneState.UNDERACTIVE, 3),
        ToneTag("tensor-fasciae-latae", L, ToneState.OVERACTIVE, 7),
    ])
    return pid


def _blocks(db: Database, *specs: str) -> list[service.Block]:
    catalog = load_catalog(db)
    return [service.parse_exercise_spec(catalog, s) for s in specs]


def test_create_runs_the_engine_and_stores_its_output(db: Database, patient_id: int) -> None:
    record = service.create_session(
        db, patient_id, _blocks(db, "clamshell:gluteus-medius:left", "lateral-band-walk"),
        SessionDetails(date(2026, 3, 2), 3),
    )
    rules = [b.rule for b in record.blocks if b.auto]
    assert RuleId.RELEASE_COMPENSATORS_FIRST in rules
    assert RuleId.SUSTAINED_RELAX in rules
    assert record.blocks[-1].rule is RuleId.WARM_DOWN
    first_release = next(i for i, b in enumerate(record.blocks)
                         if b.rule is RuleId.RELEASE_COMPENSATORS_FIRST)
    first_activation = next(i for i, b in enumerate(record.blocks) if b.exercise == "clamshell")
    assert first_release < first_activation
    stored = service.get_session(db, record.id)
    assert stored.blocks == record.blocks
    assert service.design(db, patient_id, stored.blocks, stored.details).blocks == stored.blocks


def test_patient_preference_chooses_the_modality(db: Database, patient_id: int) -> None:
    set_preferred_modality(db, patient_id, "active-stretch")
    record = service.create_session(db, patient_id, _blocks(db, "lateral-band-walk"))
    relax = next(b for b in record.blocks if b.rule is RuleId.SUSTAINED_RELAX)
    assert relax.exercise == "active-stretch"


@pytest.mark.parametrize(
    ("spec", "fragment"),
    [("no-such-exercise", "Unknown exercise"), ("lacrosse-ball-release", "applied to one muscle"),
     ("clamshell:soleus", "does not work soleus"), ("clamshell:gluteus-medius:up", "Unknown side"),
     ("foam-roll:unicorn", "Unknown muscle")],
)
def test_bad_specs_refused(db: Database, spec: str, fragment: str) -> None:
    with pytest.raises(ValidationError, match=fragment):
        _blocks(db, spec)


def test_autosave_keeps_dismissals_and_swaps(db: Database, patient_id: int) -> None:
    record = service.create_session(db, patient_id, _blocks(db, "lateral-band-walk"))
    relax = next(b for b in record.blocks if b.rule is RuleId.SUSTAINED_RELAX)
    swapped = service.save_session(db, record.id, record.blocks,
                                   overrides=[swap(relax, "foam-roll")])
    assert next(b for b in swapped.blocks if b.rule is RuleId.SUSTAINED_RELAX).exercise == (
        "foam-roll")
    dismissed = service.save_session(db, record.id, swapped.blocks,
                                     dismissals=[dismiss(relax, "patient has no equipment")])
    assert all(b.rule is not RuleId.SUSTAINED_RELAX for b in dismissed.blocks)
    assert dismissed.dismissals[0].reason == "patient has no equipment"
    assert dismissed.warnings  # the method still warns about the missing relaxation
    again = service.get_session(db, record.id)
    assert again.dismissals == dismissed.dismissals and again.overrides == swapped.overrides


def test_moved_auto_block_stays_pinned(db: Database, patient_id: int) -> None:
    record = service.create_session(db, patient_id, _blocks(db, "lateral-band-walk",
                                                            "clamshell:gluteus-medius:left"))
    relax = next(b for b in record.blocks if b.rule is RuleId.SUSTAINED_RELAX)
    moved = move(record.blocks, relax.id, len(record.blocks) - 2)
    saved = service.save_session(db, record.id, moved)
    stored = next(b for b in saved.blocks if b.id == relax.id)
    assert stored.pinned
    assert [b.id for b in service.get_session(db, record.id).blocks] == [b.id for b in saved.blocks]


def test_delivered_is_read_only_and_new_version(db: Database, patient_id: int) -> None:
    record = service.create_session(db, patient_id, _blocks(db, "clamshell:gluteus-medius:left"))
    service.set_status(db, record.id, SessionStatus.DELIVERED)
    with pytest.raises(ValidationError, match="read-only"):
        service.save_session(db, record.id, record.blocks)
    with pytest.raises(ValidationError, match="cannot go back"):
        service.set_status(db, record.id, SessionStatus.DRAFT)
    version = service.new_version(db, record.id)
    assert version.version == 2 and version.supersedes_id == record.id
    assert version.status is SessionStatus.DRAFT
    assert [b.exercise for b in version.placed] == [b.exercise for b in record.placed]


def test_new_version_is_an_editable_copy_with_the_clinicians_decisions(
    db: Database, patient_id: int
) -> None:
    record = service.create_session(db, patient_id, _blocks(
        db, "lateral-band-walk", "clamshell:gluteus-medius:left", "hip-hike"))
    relax = next(b for b in record.blocks if b.rule is RuleId.SUSTAINED_RELAX)
    warm = next(b for b in record.blocks if b.rule is RuleId.WARM_DOWN)
    moved = move(record.blocks, relax.id, len(record.blocks) - 2)
    saved = service.save_session(db, record.id, moved, dismissals=[dismiss(warm, "walks home")],
                                 overrides=[swap(relax, "foam-roll")])
    service.set_status(db, record.id, SessionStatus.DELIVERED)
    version = service.new_version(db, record.id)
    assert version.version == 2 and version.status is SessionStatus.DRAFT
    assert version.blocks == saved.blocks  # same order, ids, pinned move and dismissal
    assert version.dismissals == saved.dismissals and version.overrides == saved.overrides
    assert version.warnings == saved.warnings
    edited = service.save_session(db, version.id, version.blocks[1:])
    assert service.get_session(db, record.id).blocks == saved.blocks  # the original stays
    assert edited.dismissals == saved.dismissals


def test_design_context_matches_the_stored_plan(db: Database, patient_id: int) -> None:
    details = SessionDetails(date(2026, 3, 2), in_clinic=True, pre_sport=True)
    record = service.create_session(db, patient_id, _blocks(db, "clamshell", "hip-hike"),
                                    details)
    context = service.design_context(db, patient_id, SessionDetails(date(2026, 3, 2)))
    assert context.run(record.blocks).blocks != record.blocks  # rule 8 is off here
    plan = context.for_details(details).run(record.blocks)
    assert plan.blocks == record.blocks and plan.warnings == record.warnings


def test_sessions_on_a_day_skip_drafts(db: Database, patient_id: int) -> None:
    day = date(2026, 4, 1)
    draft = service.create_session(db, patient_id, _blocks(db, "hip-hike"), SessionDetails(day))
    planned = service.create_session(db, patient_id, _blocks(db, "hip-hike"),
                                     SessionDetails(day), status=SessionStatus.PLANNED)
    assert [s.id for s in service.sessions_on(db, day)] == [planned.id]
    assert draft.id != planned.id


def test_bad_dose_and_frequency_write_nothing(db: Database, patient_id: int) -> None:
    block = _blocks(db, "hip-hike")[0]
    with pytest.raises(ValidationError, match="out of range"):
        service.create_session(db, patient_id, [replace(block, dose=replace(block.dose, sets=0))])
    with pytest.raises(ValidationError, match="Frequency"):
        service.create_session(db, patient_id, [block], SessionDetails(date.today(), 0))
    assert service.list_sessions(db, patient_id) == []


def test_delete_and_restore_draft(db: Database, patient_id: int) -> None:
    record = service.create_session(db, patient_id, _blocks(db, "hip-hike"))
    service.delete_draft(db, record.id)
    with pytest.raises(NotFoundError):
        service.get_session(db, record.id)
    assert service.restore_session(db, record).blocks == record.blocks


def test_templates_shipped_and_custom(db: Database, patient_id: int) -> None:
    entries = list_templates(db)
    assert len([e for e in entries if not e.custom]) >= 5
    glute = next(e.template for e in entries if e.template.slug == "glute-med-beginner")
    record = service.create_session(db, patient_id, template_blocks(db, glute), template=glute.slug)
    saved = save_as_template(db, record, "Maria's program")
    assert saved.slug == "custom-maria-s-program"
    assert [b.exercise for b in saved.blocks] == [b.exercise for b in record.placed]
    again = save_as_template(db, record, "Maria's program")
    assert again.slug == "custom-maria-s-program-2"


def test_block_sides(db: Database) -> None:
    block = _blocks(db, "lacrosse-ball-release:piriformis:right")[0]
    assert block.side is BlockSide.RIGHT and block.muscles == ("piriformis",)
