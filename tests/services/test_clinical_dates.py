"""Dates: only a sensible clinical window is accepted (visits and plans from 1900 to a few
years ahead, never before the patient's birth; birth dates not in the future), with one
line saying so and nothing written — and whatever date the database holds (a row of an older
version, or written by hand: 0001-01-01, 9999-12-31), everything that prints or draws it
copes: report, trend PNG, day sheet, patient and clinician copies."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, insert, select

from equitone.domain.assessment import ToneTag
from equitone.domain.limits import EARLIEST_DAY, last_accepted_day
from equitone.domain.patients import PatientDraft
from equitone.domain.session import SessionDetails, SessionStatus
from equitone.domain.trends import drawable
from equitone.domain.types import Side, ToneState
from equitone.errors import ValidationError
from equitone.services import assessments, patients, printing, sessions
from equitone.services.catalog import load_catalog
from equitone.services.trends import trend_data
from equitone.storage.database import Database
from equitone.storage.models import AssessmentRow, SessionBlockRow, SessionRow, ToneTagRow
from tests.printing import pdftools

GM = ToneTag("gluteus-medius", Side.LEFT, ToneState.UNDERACTIVE, 4)
ODD = (date(1, 1, 1), date(9999, 12, 31))


@pytest.fixture
def patient_id(db: Database) -> int:
    return patients.create_patient(
        db, PatientDraft(name="Maria Keller", date_of_birth=date(1980, 5, 1))).id


def _count(db: Database, table: type[AssessmentRow] | type[SessionRow]) -> int:
    with db.reading() as s:
        return int(s.scalar(select(func.count()).select_from(table)) or 0)


def _blocks(db: Database) -> list[object]:
    return [sessions.parse_exercise_spec(load_catalog(db), "clamshell:gluteus-medius:left")]


def test_the_window_runs_from_1900_to_five_years_ahead() -> None:
    assert date(1900, 1, 1) == EARLIEST_DAY
    assert last_accepted_day(date(2026, 3, 2)) == date(2031, 3, 2)
    assert last_accepted_day(date(2028, 2, 29)) == date(2033, 2, 28)


@pytest.mark.parametrize("day", [*ODD, date(1899, 12, 31), date.today() + timedelta(days=6 * 366)])
def test_visits_and_plans_outside_the_window_are_refused(
    db: Database, patient_id: int, day: date
) -> None:
    with pytest.raises(ValidationError, match=r"^The assessment date .* is outside") as caught:
        assessments.create_assessment(db, patient_id, day=day, tags=[GM])
    assert "\n" not in str(caught.value)
    with pytest.raises(ValidationError, match=r"^The session date .* is outside"):
        sessions.create_session(db, patient_id, _blocks(db), SessionDetails(day))
    assert (_count(db, AssessmentRow), _count(db, SessionRow)) == (0, 0)
    visit = assessments.create_assessment(db, patient_id, day=date(2026, 3, 2))
    with pytest.raises(ValidationError, match="outside"):
        assessments.update_details(db, visit.id, day=day, clinician="", findings="")
    plan = sessions.create_session(db, patient_id, _blocks(db), SessionDetails(date(2026, 3, 2)))
    with pytest.raises(ValidationError, match="outside"):
        sessions.save_session(db, plan.id, plan.placed, details=SessionDetails(day))
    assert assessments.get_assessment(db, visit.id).day == date(2026, 3, 2)
    assert sessions.get_session(db, plan.id).day == date(2026, 3, 2)


def test_nothing_before_birth(db: Database, patient_id: int) -> None:
    with pytest.raises(ValidationError, match="before Maria Keller was born"):
        assessments.create_assessment(db, patient_id, day=date(1980, 4, 30))
    with pytest.raises(ValidationError, match="before Maria Keller was born"):
        sessions.create_session(db, patient_id, _blocks(db), SessionDetails(date(1979, 1, 1)))
    assessments.create_assessment(db, patient_id, day=date(1980, 5, 1))  # the day itself
    with pytest.raises(ValidationError, match="after the first visit"):
        patients.update_patient(db, patient_id, PatientDraft(
            name="Maria Keller", date_of_birth=date(1981, 1, 1)))
    assert patients.get_patient(db, patient_id).date_of_birth == date(1980, 5, 1)
    with pytest.raises(ValidationError, match="in the future"):
        patients.update_patient(db, patient_id, PatientDraft(
            name="Maria Keller", date_of_birth=date.today() + timedelta(days=1)))


def test_the_cli_refuses_with_one_line(
    db_target: str, patient_id: int, capsys: pytest.CaptureFixture[str]
) -> None:
    from equitone.cli.main import main

    for argv in (["assess", "--patient", str(patient_id), "--date", "9999-12-31"],
                 ["session", "new", "--patient", str(patient_id), "--exercise", "clamshell",
                  "--date", "0001-01-01"]):
        assert main(["--db", db_target, *argv]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "is outside" in err, err


# -- rows the services would refuse, written the way an older version or a hand could -------
@pytest.fixture
def odd_rows(db: Database, patient_id: int) -> dict[str, int]:
    """Two assessments and two planned sessions on 0001-01-01 and 9999-12-31, beside a
    normal visit and session."""
    assessments.create_assessment(db, patient_id, day=date(2026, 3, 2), tags=[GM])
    normal = sessions.create_session(db, patient_id, _blocks(db),
                                     SessionDetails(date(2026, 3, 3)),
                                     status=SessionStatus.DELIVERED)
    ids: dict[str, int] = {"normal": normal.id}
    with db.engine.begin() as conn:
        for day in ODD:
            visit = conn.execute(insert(AssessmentRow).values(
                patient_id=patient_id, date=day, clinician="Hand", findings="", signed_by="",
                version=1, row_version=1).returning(AssessmentRow.id)).scalar_one()
            conn.execute(insert(ToneTagRow).values(
                assessment_id=visit, muscle="gluteus-medius", side="left", state="tight",
                tightness=6, note=""))
            plan = conn.execute(insert(SessionRow).values(
                patient_id=patient_id, date=day, frequency_per_week=3, status="planned",
                version=1, in_clinic=False, pre_sport=False, notes="",
                row_version=1).returning(SessionRow.id)).scalar_one()
            conn.execute(insert(SessionBlockRow).values(
                session_id=plan, position=0, block_id="b1", exercise="clamshell",
                muscles=["gluteus-medius"], side="left", sets=2, reps=10, hold_seconds=None,
                rest_seconds=30, auto=False, rule=None, reason="", cues=[], anchor=None,
                reciprocal_inhibition=False, pinned=False, note=""))
            ids[str(day.year)] = plan
    return ids


def test_drawable_leaves_out_what_a_chart_cannot_place(
    db: Database, patient_id: int, odd_rows: dict[str, int]
) -> None:
    data = trend_data(db, patient_id)
    assert {p.day for p in data.points} == {date(2026, 3, 2), *ODD}
    shown = drawable(data)
    assert {p.day for p in shown.points} == {date(2026, 3, 2)}
    assert shown.left_out == ODD
    assert drawable(shown) == shown


@pytest.mark.sqlite_only("the same drawing code on either engine; PDFs take a while")
def test_everything_that_prints_or_draws_copes(
    db: Database, patient_id: int, odd_rows: dict[str, int], tmp_path: Path
) -> None:
    from equitone.charts.render import render_trend_png

    report = printing.print_report(db, patient_id, tmp_path / "report.pdf")
    text = pdftools.text(report)
    assert "0001-01-01" in text and "9999-12-31" in text  # named, not drawn
    for name, session_id in odd_rows.items():
        for copy in ("patient", "clinician"):
            pdf = printing.print_session(db, session_id, tmp_path / f"{name}-{copy}.pdf",
                                         copy=copy)
            assert pdftools.pages(pdf) >= 1
    for day in ODD:
        folder = tmp_path / f"day-{day.year}"
        folder.mkdir()
        assert len(printing.print_day(db, day, folder)) == 1
    data = trend_data(db, patient_id)
    png = render_trend_png(data, [p.key for p in data.points], 800, 400)
    assert png.startswith(b"\x89PNG")


def test_a_visit_ahead_is_signed_on_its_day_not_before(db: Database, patient_id: int) -> None:
    """What the archive import refuses (a signature before the visit), signing refuses too."""
    ahead = assessments.create_assessment(db, patient_id,
                                          day=date.today() + timedelta(days=7))
    with pytest.raises(ValidationError, match=r"is dated .*: it can be signed on or after"):
        assessments.sign_assessment(db, ahead.id, by="Dr Ana Silva")
    assert not assessments.get_assessment(db, ahead.id).signed
    tomorrow = assessments.create_assessment(db, patient_id,
                                             day=date.today() + timedelta(days=1))
    assert assessments.sign_assessment(db, tomorrow.id, by="Dr Ana Silva").signed  # time zones
