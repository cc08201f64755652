"""Assessment services: create, tag, copy, PSFS carry-over, validation leaves data untouched."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from equitone.domain.assessment import Measures, PsfsItem, ToneTag, compare
from equitone.domain.patients import PatientDraft
from equitone.domain.types import Side, ToneState
from equitone.errors import NotFoundError, ValidationError
from equitone.services import assessments as service
from equitone.services.patients import create_patient
from equitone.storage.database import Database

L, R = Side.LEFT, Side.RIGHT


@pytest.fixture
def patient_id(db: Database) -> int:
    return create_patient(db, PatientDraft(name="Maria Keller")).id


def test_create_with_tags_and_measures(db: Database, patient_id: int) -> None:
    created = service.create_assessment(
        db, patient_id, day=date(2026, 3, 1), clinician="Dr Silva",
        tags=[
            ToneTag("gluteus-medius", L, ToneState.UNDERACTIVE, 3,
                    measures=Measures(strength=3)),
            ToneTag("tensor-fasciae-latae", L, ToneState.OVERACTIVE, 7, grade=2,
                    note="trigger point <2 cm> & tender", measures=Measures(tenderness=2)),
        ],
        psfs=[PsfsItem("Stairs", 4), PsfsItem("Running", 2), PsfsItem("Squats", 3)],
    )
    loaded = service.get_assessment(db, created.id)
    assert loaded == created
    assert loaded.tag_map()[("gluteus-medius", L)].measures.strength == 3
    assert loaded.tag_map()[("tensor-fasciae-latae", L)].note == "trigger point <2 cm> & tender"
    assert loaded.psfs_score == 3.0


@pytest.mark.parametrize(
    "bad_tag",
    [
        ToneTag("unicorn", L, ToneState.TIGHT),
        ToneTag("gluteus-medius", L, ToneState.TIGHT, 11),
        ToneTag("gluteus-medius", L, ToneState.TIGHT, -1),
        ToneTag("gluteus-medius", L, ToneState.UNDERACTIVE, measures=Measures(strength=6)),
        ToneTag("gluteus-medius", L, ToneState.SPASM, measures=Measures(ashworth="5")),
    ],
    ids=["unknown-muscle", "tightness-high", "tightness-negative", "mrc-6", "ashworth-5"],
)
def test_invalid_tags_write_nothing(db: Database, patient_id: int, bad_tag: ToneTag) -> None:
    good = ToneTag("soleus", R, ToneState.TIGHT, 5)
    with pytest.raises(ValidationError):
        service.create_assessment(db, patient_id, tags=[good, bad_tag])
    assert service.list_assessments(db, patient_id) == []


def test_unknown_patient(db: Database) -> None:
    with pytest.raises(NotFoundError):
        service.create_assessment(db, 999)


def test_psfs_carries_over_and_copy_previous(db: Database, patient_id: int) -> None:
    first = service.create_assessment(
        db, patient_id, day=date(2026, 1, 5),
        tags=[ToneTag("gluteus-medius", L, ToneState.UNDERACTIVE, 4)],
        psfs=[PsfsItem("Stairs", 3), PsfsItem("Running", 2), PsfsItem("Squats", 5)],
    )
    empty = service.create_assessment(db, patient_id, day=date(2026, 2, 5))
    assert empty.tags == ()
    assert empty.psfs == tuple(PsfsItem(i.activity, None) for i in first.psfs)
    copy = service.create_assessment(db, patient_id, day=date(2026, 3, 5), copy_previous=True)
    assert copy.tags == ()  # the previous visit (Feb) had no tags
    service.set_tags(db, copy.id, first.tags)
    again = service.create_assessment(db, patient_id, day=date(2026, 4, 5), copy_previous=True)
    assert again.tags == first.tags


def test_set_and_clear_tags_upsert(db: Database, patient_id: int) -> None:
    a = service.create_assessment(db, patient_id)
    service.set_tags(db, a.id, [ToneTag("soleus", L, ToneState.TIGHT, 5)])
    after = service.set_tags(db, a.id, [ToneTag("soleus", L, ToneState.SPASM, 8),
                                        ToneTag("soleus", R, ToneState.TIGHT, 4)])
    assert after.states() == {("soleus", L): ToneState.SPASM, ("soleus", R): ToneState.TIGHT}
    cleared = service.clear_tags(db, a.id, [("soleus", L)])
    assert list(cleared.states()) == [("soleus", R)]


def test_duplicate_tag_in_one_call_refused(db: Database, patient_id: int) -> None:
    a = service.create_assessment(db, patient_id)
    with pytest.raises(ValidationError, match="tagged twice"):
        service.set_tags(db, a.id, [ToneTag("soleus", L, ToneState.TIGHT),
                                    ToneTag("soleus", L, ToneState.SPASM)])


def test_signed_assessment_is_read_only(db: Database, patient_id: int) -> None:
    from sqlalchemy import text

    a = service.create_assessment(db, patient_id, tags=[ToneTag("soleus", L, ToneState.TIGHT)])
    with db.transaction() as session:
        session.execute(text("UPDATE assessments SET signed_at = CURRENT_TIMESTAMP, "
                             "signed_by = 'Dr A' WHERE id = :id"), {"id": a.id})
    with pytest.raises(ValidationError, match="signed and read-only"):
        service.set_tags(db, a.id, [ToneTag("soleus", L, ToneState.SPASM)])
    assert service.get_assessment(db, a.id).tags == a.tags


def test_history_order_and_same_day(db: Database, patient_id: int) -> None:
    one = service.create_assessment(db, patient_id, day=date(2026, 5, 1))
    two = service.create_assessment(db, patient_id, day=date(2026, 5, 1))
    zero = service.create_assessment(db, patient_id, day=date(2026, 4, 1))
    assert [a.id for a in service.history(db, patient_id)] == [zero.id, one.id, two.id]
    assert [a.id for a in service.list_assessments(db, patient_id)] == [two.id, one.id, zero.id]


def test_delete_and_restore_keep_the_id(db: Database, patient_id: int) -> None:
    a = service.create_assessment(db, patient_id, tags=[ToneTag("soleus", L, ToneState.TIGHT)],
                                  psfs=[PsfsItem("Walking", 5), PsfsItem("Stairs", 4),
                                        PsfsItem("Squats", 6)])
    service.delete_assessment(db, a.id)
    with pytest.raises(NotFoundError):
        service.get_assessment(db, a.id)
    restored = service.restore_assessment(db, a)
    # the same record, one version on (services/concurrency.py: versions never go back)
    assert replace(restored, row_version=a.row_version) == a
    assert restored.row_version == a.row_version + 1


def test_compare_lists_what_changed() -> None:
    before = {("soleus", L): ToneTag("soleus", L, ToneState.TIGHT, 6),
              ("soleus", R): ToneTag("soleus", R, ToneState.TIGHT, 4)}
    after = {("soleus", L): ToneTag("soleus", L, ToneState.TIGHT, 3),
             ("soleus", R): ToneTag("soleus", R, ToneState.TIGHT, 4),
             ("hamstrings", L): ToneTag("hamstrings", L, ToneState.OVERACTIVE)}
    changes = compare(before, after)
    assert [(c.muscle, c.side) for c in changes] == [("hamstrings", L), ("soleus", L)]
    assert changes[1].summary == "tight 6/10 → tight 3/10"
