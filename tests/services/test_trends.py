"""The trend query: gaps, same-day assessments, archived patients, delivered-session markers."""

from __future__ import annotations

from datetime import date

import pytest

from equitone.domain.activation_flags import rising_tightness_flags
from equitone.domain.assessment import PsfsItem, ToneTag
from equitone.domain.patients import PatientDraft
from equitone.domain.session import SessionDetails, SessionStatus
from equitone.domain.trends import series, to_rows
from equitone.domain.types import Side, ToneState
from equitone.errors import NotFoundError
from equitone.services.assessments import create_assessment
from equitone.services.catalog import load_catalog
from equitone.services.patients import create_patient, set_archived
from equitone.services.sessions import create_session, parse_exercise_spec
from equitone.services.trends import trend_data
from equitone.storage.database import Database

L, R = Side.LEFT, Side.RIGHT


def _tag(muscle: str, side: Side, tightness: int, state: ToneState = ToneState.TIGHT) -> ToneTag:
    return ToneTag(muscle, side, state, tightness)


@pytest.fixture
def patient_id(db: Database) -> int:
    return create_patient(db, PatientDraft(name="Zoë Ångström")).id


def test_series_with_gaps_and_same_day(db: Database, patient_id: int) -> None:
    create_assessment(db, patient_id, day=date(2026, 1, 1),
                      tags=[_tag("soleus", L, 6), _tag("soleus", R, 4)])
    create_assessment(db, patient_id, day=date(2026, 2, 1), tags=[_tag("soleus", R, 3)])
    second = create_assessment(db, patient_id, day=date(2026, 2, 1), tags=[_tag("soleus", L, 5)])
    create_assessment(db, patient_id, day=date(2026, 3, 1), tags=[_tag("soleus", L, 2)])
    data = trend_data(db, patient_id)
    by_key = series(data.points)
    assert [p.tightness for p in by_key[("soleus", L)]] == [6, 5, 2]  # gap on the first Feb visit
    assert [p.tightness for p in by_key[("soleus", R)]] == [4, 3]
    rows = to_rows(data.points, "soleus", "left")
    assert [r["date"] for r in rows] == ["2026-01-01", "2026-02-01", "2026-03-01"]
    assert by_key[("soleus", L)][1].assessment_id == second.id


def test_archived_patient_still_has_a_trend(db: Database, patient_id: int) -> None:
    create_assessment(db, patient_id, day=date(2026, 1, 1), tags=[_tag("hamstrings", L, 7)])
    set_archived(db, patient_id, True)
    assert len(trend_data(db, patient_id).points) == 1


def test_unknown_patient(db: Database) -> None:
    with pytest.raises(NotFoundError):
        trend_data(db, 4242)


def test_psfs_and_delivered_sessions_and_rising_flag(db: Database, patient_id: int) -> None:
    catalog = load_catalog(db)
    create_assessment(db, patient_id, day=date(2026, 1, 1),
                      tags=[_tag("gastrocnemius", L, 2, ToneState.UNDERACTIVE)],
                      psfs=[PsfsItem("Running", 3), PsfsItem("Stairs", 5), PsfsItem("Hops", 4)])
    session = create_session(db, patient_id,
                             [parse_exercise_spec(catalog, "calf-raise:gastrocnemius:left")],
                             SessionDetails(date(2026, 1, 2)), status=SessionStatus.DELIVERED)
    create_session(db, patient_id, [parse_exercise_spec(catalog, "hip-hike")],
                   SessionDetails(date(2026, 1, 3)))  # a draft: not a marker
    create_assessment(db, patient_id, day=date(2026, 1, 20),
                      tags=[_tag("gastrocnemius", L, 5, ToneState.UNDERACTIVE)])
    create_assessment(db, patient_id, day=date(2026, 2, 10),
                      tags=[_tag("gastrocnemius", L, 6, ToneState.UNDERACTIVE)])
    data = trend_data(db, patient_id)
    assert [m.session_id for m in data.sessions] == [session.id]
    assert ("gastrocnemius", L) in data.sessions[0].activated
    assert data.psfs[0].score == 4.0
    flags = rising_tightness_flags(data)
    assert [(f.muscle, f.side, f.session_id) for f in flags] == [("gastrocnemius", L, session.id)]


def test_date_window(db: Database, patient_id: int) -> None:
    for month in (1, 2, 3):
        create_assessment(db, patient_id, day=date(2026, month, 1),
                          tags=[_tag("soleus", L, month)])
    data = trend_data(db, patient_id, since=date(2026, 2, 1), until=date(2026, 2, 28))
    assert [p.tightness for p in data.points] == [2]


def test_amended_assessment_is_drawn_once(db: Database, patient_id: int) -> None:
    """An amendment is a newer row that supersedes the original: only the current version
    counts, so a corrected visit is not drawn twice."""
    from equitone.storage.models import AssessmentRow, ToneTagRow

    original = create_assessment(db, patient_id, day=date(2026, 1, 1),
                                 tags=[_tag("soleus", L, 6)])
    with db.transaction() as session:
        amended = AssessmentRow(patient_id=patient_id, date=date(2026, 1, 1), version=2,
                                supersedes_id=original.id)
        session.add(amended)
        session.flush()
        session.add(ToneTagRow(assessment_id=amended.id, muscle="soleus", side="left",
                               state="tight", tightness=4))
    data = trend_data(db, patient_id)
    assert [(p.assessment_id, p.tightness) for p in data.points] == [(amended.id, 4)]


def test_points_of_many_assessments_are_read_in_batches(
    db: Database, patient_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    from equitone.services import trends as service

    monkeypatch.setattr(service, "_IDS_PER_QUERY", 2)  # 5 assessments: 3 statements
    for day in range(1, 6):
        create_assessment(db, patient_id, day=date(2026, 1, day),
                          tags=[_tag("soleus", L, day), _tag("soleus", R, 10 - day)])
    data = trend_data(db, patient_id)
    assert sorted(p.tightness for p in data.points if p.side is L) == [1, 2, 3, 4, 5]
    assert len(data.points) == 10
