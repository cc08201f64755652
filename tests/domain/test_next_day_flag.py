"""The next-day report as a signal of the one "activated, then tighter" flag: a muscle side
the session activated and the patient then reported tight, barely firing or sore is flagged
even when no assessment followed; a report of feeling fine raises nothing; the assessments'
own signal still wins when it fires."""

from __future__ import annotations

from datetime import date, timedelta

from equitone.domain.activation_flags import (
    SIGNALS,
    next_day_observations,
    reported_next_day,
    rising_tightness_flags,
    standing_flags,
)
from equitone.domain.trends import NextDayPoint, SessionMarker, TrendData, TrendPoint
from equitone.domain.types import Side, ToneState

D0 = date(2026, 3, 2)
GM = ("gluteus-medius", Side.LEFT)
NAMES = {"gluteus-medius": "gluteus medius"}


def _day(n: int) -> date:
    return D0 + timedelta(days=n)


def _session(n: int, sid: int) -> SessionMarker:
    return SessionMarker(_day(n), sid, f"Session {sid}", "Clamshell", "delivered", (GM,))


def _tag(n: int, aid: int, tightness: int) -> TrendPoint:
    return TrendPoint(_day(n), aid, GM[0], GM[1], ToneState.UNDERACTIVE, tightness)


def _report(n: int, sid: int, session_day: int, **signs: object) -> NextDayPoint:
    return NextDayPoint(_day(n), sid, _day(session_day), GM[0], GM[1], **signs)  # type: ignore[arg-type]


def test_a_report_of_tight_and_barely_firing_flags_the_session() -> None:
    data = TrendData("Maria", (_tag(0, 1, 3),), (_session(0, 10),), muscle_names=NAMES,
                     next_day=(_report(2, 10, 0, tight=True, barely_firing=True),))
    (flag,) = rising_tightness_flags(data)
    assert (flag.muscle, flag.side, flag.session_id, flag.sign) == (*GM, 10, "next-day")
    assert flag.peak_day == _day(2) and flag.peak is None and flag.before == 3
    assert flag.explanation == (
        "Left gluteus medius was activated on 2 Mar 2026 and the patient reported it tight "
        "and barely firing the following days (told on 4 Mar 2026): add relaxation after its "
        "activation or lower the load.")


def test_soreness_counts_from_moderate_and_feeling_fine_raises_nothing() -> None:
    for signs, flagged in (({"sore": 3}, False), ({"sore": 4}, True), ({}, False)):
        data = TrendData("Maria", (_tag(0, 1, 3),), (_session(0, 10),), muscle_names=NAMES,
                         next_day=(_report(1, 10, 0, **signs),))
        assert bool(rising_tightness_flags(data)) is flagged, signs


def test_a_report_on_another_session_or_side_does_not_flag_this_one() -> None:
    other_side = NextDayPoint(_day(1), 10, _day(0), GM[0], Side.RIGHT, tight=True)
    other_session = _report(1, 11, 0, tight=True)
    data = TrendData("Maria", (), (_session(0, 10),), next_day=(other_side, other_session))
    assert rising_tightness_flags(data) == []


def test_the_assessments_signal_wins_when_both_fire() -> None:
    data = TrendData("Maria", (_tag(0, 1, 3), _tag(7, 2, 6)), (_session(0, 10),),
                     muscle_names=NAMES, next_day=(_report(1, 10, 0, tight=True),))
    (flag,) = rising_tightness_flags(data)
    assert flag.sign == "tightness" and (flag.before, flag.peak) == (3, 6)


def test_the_report_is_one_more_signal_of_the_one_flag() -> None:
    assert SIGNALS[-1] is reported_next_day
    (seen,) = next_day_observations([_report(1, 10, 0, tight=True, sore=6)])[GM]
    assert seen.source == "next-day" and seen.notes == {"tight", "sore 6"}


def test_a_report_given_after_the_next_assessment_is_about_a_later_session() -> None:
    """Session 10, then an assessment, then session 11 and the report on it: only session 11
    is flagged."""
    data = TrendData("Maria", (_tag(0, 1, 3), _tag(7, 2, 3)), (_session(0, 10), _session(7, 11)),
                     muscle_names=NAMES, next_day=(_report(9, 11, 7, barely_firing=True),))
    (flag,) = rising_tightness_flags(data)
    assert flag.session_id == 11 and flag.session_days == (_day(7),)


def test_a_later_report_of_feeling_fine_lifts_the_flag() -> None:
    flagged = TrendData("Maria", (_tag(0, 1, 3),), (_session(0, 10), _session(7, 11)),
                        muscle_names=NAMES, next_day=(_report(1, 10, 0, tight=True),))
    assert [f.session_id for f in standing_flags(flagged)] == [10]
    fine = _report(8, 11, 7)
    later = TrendData("Maria", flagged.points, flagged.sessions, muscle_names=NAMES,
                      next_day=(*flagged.next_day, fine))
    assert standing_flags(later) == []
