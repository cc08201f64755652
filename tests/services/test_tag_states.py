"""Several states per muscle side and the measures that fit them, through the services on both
engines: stored and read back, refused with one clear line (and nothing written) when a
measure is entered that does not apply, kept when the states change under it."""

from __future__ import annotations

from datetime import date

import pytest

from equitone.domain.assessment import Measures, PsfsItem, StateGrade, ToneTag
from equitone.domain.patients import PatientDraft
from equitone.domain.types import Side, ToneState
from equitone.errors import ValidationError
from equitone.services import assessments as service
from equitone.services.patients import create_patient
from equitone.storage.database import Database

L, R = Side.LEFT, Side.RIGHT
U, T, TEN, S = ToneState.UNDERACTIVE, ToneState.TIGHT, ToneState.TENDER, ToneState.SPASM
PSFS = [PsfsItem("Stairs", 4), PsfsItem("Running", 2), PsfsItem("Squats", 5)]


@pytest.fixture
def patient_id(db: Database) -> int:
    return create_patient(db, PatientDraft(name="Tomás Ferreira")).id


def test_several_states_with_their_grades_round_trip(db: Database, patient_id: int) -> None:
    tight_and_weak = ToneTag.of(
        "hamstrings", R, [StateGrade(U, 2), StateGrade(T, 3)], tightness=7, note="post-strain",
        measures=Measures(strength=3, rom_degrees=55, rom_test="straight-leg-raise"))
    tender = ToneTag.of("gluteus-medius", L, [U, TEN], measures=Measures(tenderness=2))
    created = service.create_assessment(db, patient_id, day=date(2026, 3, 2),
                                        tags=[tight_and_weak, tender], psfs=PSFS)
    loaded = service.get_assessment(db, created.id)
    assert loaded == created
    hamstrings = loaded.tag_map()[("hamstrings", R)]
    assert hamstrings == tight_and_weak
    assert (hamstrings.state, hamstrings.grade, hamstrings.grade_of(U)) == (T, 3, 2)
    assert loaded.tag_map()[("gluteus-medius", L)].states == (U, TEN)
    # toggling one state off again stores the side with the one left
    after = service.set_tags(db, created.id, [tender.toggled(TEN)])  # type: ignore[list-item]
    assert after.tag_map()[("gluteus-medius", L)].states == (U,)
    assert after.tag_map()[("gluteus-medius", L)].measures.tenderness == 2


def test_a_measure_that_does_not_apply_is_refused_and_nothing_written(
    db: Database, patient_id: int
) -> None:
    visit = service.create_assessment(db, patient_id, tags=[ToneTag("hamstrings", R, T, 5)])
    bad = [
        (ToneTag("hamstrings", R, U, measures=Measures(rom_degrees=60,
                                                       rom_test="straight-leg-raise")),
         "Range of motion does not apply to hamstrings right tagged underactive"),
        (ToneTag("hamstrings", R, S, measures=Measures(ashworth="2")),
         "mark the assessment neurological first"),
        (ToneTag("hamstrings", R, T, measures=Measures(rom_degrees=60)),
         "Name the length test"),
        (ToneTag("hamstrings", R, T, measures=Measures(rom_degrees=60,
                                                       rom_test="thomas-hip-flexors")),
         "does not measure hamstrings"),
        (ToneTag("hamstrings", R, ToneState.BALANCED, others=(StateGrade(T),)),
         "cannot be combined"),
    ]
    for tag, message in bad:
        with pytest.raises(ValidationError, match=message):
            service.set_tags(db, visit.id, [ToneTag("soleus", L, T, 3), tag])
        assert service.get_assessment(db, visit.id) == visit


def test_retagging_keeps_a_measure_that_no_longer_applies(
    db: Database, patient_id: int
) -> None:
    tight = ToneTag("hamstrings", R, T, 6, measures=Measures(
        strength=4, rom_degrees=55, rom_test="straight-leg-raise"))
    visit = service.create_assessment(db, patient_id, tags=[tight])
    weak = tight.with_findings([StateGrade(U, 2)])  # retagged: the SLR was for "tight"
    stored = service.set_tags(db, visit.id, [weak]).tag_map()[("hamstrings", R)]
    assert stored.measures == tight.measures
    assert stored.not_applying(neurological=False) == ("rom",)
    # ... and editing something else on it keeps it too; changing it is refused
    service.set_tags(db, visit.id, [ToneTag.of("hamstrings", R, [U], tightness=4,
                                               measures=tight.measures)])
    with pytest.raises(ValidationError, match="does not apply"):
        service.set_tags(db, visit.id, [ToneTag.of("hamstrings", R, [U], measures=Measures(
            strength=4, rom_degrees=60, rom_test="straight-leg-raise"))])


def test_ashworth_only_on_a_neurological_assessment(db: Database, patient_id: int) -> None:
    spasm = ToneTag("gastrocnemius", L, S, 8, measures=Measures(ashworth="1+"))
    with pytest.raises(ValidationError, match="neurological"):
        service.create_assessment(db, patient_id, tags=[spasm])
    assert service.list_assessments(db, patient_id) == []
    visit = service.create_assessment(db, patient_id, day=date(2026, 3, 2), tags=[spasm],
                                      neurological=True, psfs=PSFS)
    assert visit.neurological and visit.tags == (spasm,)
    # unmarking keeps the grade, shown as recorded on a neurological assessment
    plain = service.update_details(db, visit.id, day=visit.day, clinician="", findings="",
                                   neurological=False)
    assert not plain.neurological and plain.tags == (spasm,)
    assert plain.tags[0].not_applying(neurological=False) == ("ashworth",)
    service.update_details(db, visit.id, day=visit.day, clinician="", findings="",
                           neurological=True)
    signed = service.sign_assessment(db, visit.id, by="Ana")
    amended = service.amend_assessment(db, signed.id)
    assert amended.neurological and amended.tags == (spasm,)
    copied = service.create_assessment(db, patient_id, day=date(2026, 3, 9),
                                       copy_previous=True)
    assert copied.neurological and copied.tags == (spasm,)
    fresh = service.create_assessment(db, patient_id, day=date(2026, 3, 16))
    assert not fresh.neurological


def test_psfs_needs_three_activities_and_older_records_stay(
    db: Database, patient_id: int
) -> None:
    visit = service.create_assessment(db, patient_id, day=date(2026, 3, 2), psfs=PSFS)
    with pytest.raises(ValidationError, match="2 given: add 1 more"):
        service.set_psfs(db, visit.id, PSFS[:2])
    assert service.get_assessment(db, visit.id).psfs == tuple(PSFS)
    with pytest.raises(ValidationError, match="asks for 3 to 5"):
        service.create_assessment(db, patient_id, psfs=PSFS[:1])
    assert len(service.list_assessments(db, patient_id)) == 1
    cleared = service.set_psfs(db, visit.id, [])  # not done at this visit: allowed
    assert cleared.psfs == ()
