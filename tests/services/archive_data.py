"""A patient with one of everything an archive holds, for the archive tests."""

from __future__ import annotations

from datetime import date

from equitone.domain.assessment import Measures, PsfsItem, StateGrade, ToneTag
from equitone.domain.patients import PatientDraft
from equitone.domain.sequencing import AutoKey, AutoOverride, BlockSide, Dismissal
from equitone.domain.session import SessionDetails, SessionStatus
from equitone.domain.types import Side, ToneState
from equitone.services import assessments, patients, sessions
from equitone.services.catalog import add_custom_exercise, load_catalog
from equitone.storage.database import Database

CUSTOM = {
    "slug": "towel-hip-press", "name": "Towel hip press", "kind": "activation",
    "muscles": ["gluteus-medius"], "muscle_parameter": False, "sustained": True,
    "performer": "self", "dose": {"sets": 2, "reps": 10, "hold_seconds": None,
                                  "rest_seconds": 30},
    "equipment": ["towel"], "instruction": "Press the knee out against a rolled towel.",
    "tags": ["home"],
}


def build_patient(db: Database, *, name: str = "Élodie Marchand") -> int:
    """Patient with a signed assessment (one side carrying two states) and its amendment, a
    second, neurological visit with every measure,
    a delivered session (custom exercise, a dismissal and a swap) and its new version."""
    patient = patients.create_patient(db, PatientDraft(
        name=name, date_of_birth=date(1975, 3, 29), phone="+44 20 7946 0012",
        email="e@example.org", address="22 Harbour St\nFlat 2", notes="Postnatal; 'PGP'.",
    ))
    patients.set_preferred_modality(db, patient.id, "foam-roll")
    add_custom_exercise(db, CUSTOM)
    first = assessments.create_assessment(
        db, patient.id, day=date(2026, 1, 5), clinician="Dr Ana Silva", findings="Initial.",
        tags=[ToneTag("gluteus-medius", Side.LEFT, ToneState.UNDERACTIVE, 4, grade=2,
                      note="baseline", measures=Measures(strength=3, tenderness=1),
                      others=(StateGrade(ToneState.TENDER, 1),)),
              ToneTag("tensor-fasciae-latae", Side.LEFT, ToneState.OVERACTIVE, 7,
                      measures=Measures(tenderness=2, pain=5))],
        psfs=[PsfsItem("Stairs", 4), PsfsItem("Long walks", None), PsfsItem("Squats", 5)],
    )
    assessments.sign_assessment(db, first.id, by="Dr Ana Silva")
    amended = assessments.amend_assessment(db, first.id)
    assessments.update_details(db, amended.id, day=first.day, clinician=first.clinician,
                               findings="Initial. Corrected TFL score.")
    assessments.create_assessment(
        db, patient.id, day=date(2026, 2, 2), clinician="Tom Berg",
        tags=[ToneTag("hip-adductors", Side.RIGHT, ToneState.TIGHT, 6,
                      measures=Measures(rom_degrees=35, rom_test="hip-abduction")),
              ToneTag("piriformis", Side.RIGHT, ToneState.SPASM, 8,
                      measures=Measures(ashworth="1+"))],
        copy_previous=False, neurological=True,
    )
    catalog = load_catalog(db)
    placed = [sessions.parse_exercise_spec(catalog, "towel-hip-press"),
              sessions.parse_exercise_spec(catalog, "lateral-band-walk")]
    record = sessions.create_session(db, patient.id, placed,
                                     SessionDetails(date(2026, 1, 5), 3, in_clinic=True))
    auto = [b for b in record.blocks if b.auto and b.rule is not None]
    assert len(auto) >= 2, "the engine adds relaxation after sustained work"
    keys = [AutoKey(b.anchor, b.rule, b.muscles[0], BlockSide(b.side))  # type: ignore[arg-type]
            for b in auto[:2]]
    sessions.save_session(
        db, record.id, record.placed,
        dismissals=[Dismissal(keys[0], "done at home")],
        overrides=[AutoOverride(keys[1], "lacrosse-ball-release")],
    )
    sessions.set_status(db, record.id, SessionStatus.DELIVERED)
    sessions.new_version(db, record.id)
    return patient.id
