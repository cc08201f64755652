"""The one "activated, then tighter" flag: the tag signal, what stands, and new signals."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from equitone.domain.activation_flags import (
    SIGNALS,
    Finding,
    Observation,
    activated_then_tighter,
    rising_tightness_flags,
    standing_flags,
)
from equitone.domain.trends import SessionMarker, TrendData, TrendPoint
from equitone.domain.types import Side, ToneState

L, R = Side.LEFT, Side.RIGHT
GM = "gluteus-medius"
U, T, S, B = ToneState.UNDERACTIVE, ToneState.TIGHT, ToneState.SPASM, ToneState.BALANCED
D0 = date(2025, 3, 3)


def day(n: int) -> date:
    return D0 + timedelta(days=n)


def pt(n: int, aid: int, state: ToneState | None = None, tight: int | None = None,
       side: Side = L, *others: ToneState) -> TrendPoint:
    return TrendPoint(day(n), aid, GM, side, state, tight, others)


def session(n: int, sid: int = 100) -> SessionMarker:
    return SessionMarker(day(n), sid, "Session", "Clamshell", "delivered", ((GM, L),))


# (points, session day, expected sign or None)
TAG_CASES = [
    pytest.param([pt(0, 1, U), pt(7, 2, T)], 1, "state", id="underactive-then-tight-no-scores"),
    pytest.param([pt(0, 1, U), pt(7, 2, S)], 1, "state", id="underactive-then-spasm"),
    pytest.param([pt(0, 1, U), pt(7, 2, U), pt(14, 3, T)], 1, "state", id="tight-at-second-look"),
    pytest.param([pt(0, 1, U), pt(7, 2, B)], 1, None, id="underactive-then-balanced"),
    pytest.param([pt(0, 1, T), pt(7, 2, T)], 1, None, id="tight-all-along"),
    pytest.param([pt(0, 1, U, 3), pt(7, 2, T, 6)], 1, "tightness", id="scores-win-with-numbers"),
    pytest.param([pt(0, 1, U, 3), pt(7, 2, T, 3)], 1, "state", id="tag-without-a-rise"),
    # a side carries several states: a tighter one it did not carry before counts
    pytest.param([pt(0, 1, U), pt(7, 2, U, None, L, T)], 1, "state",
                 id="underactive-then-underactive-and-tight"),
    pytest.param([pt(0, 1, T, None, L, U), pt(7, 2, T, None, L, U)], 1, None,
                 id="tight-and-underactive-all-along"),
    pytest.param([pt(0, 1, T, None, L, U), pt(7, 2, S, None, L, U)], 1, "state",
                 id="tight-and-underactive-then-spasm"),
]


@pytest.mark.parametrize(("points", "session_day", "sign"), TAG_CASES)
def test_a_retag_to_tight_or_spasm_flags_without_scores(
    points: list[TrendPoint], session_day: int, sign: str | None
) -> None:
    data = TrendData("P", tuple(points), (session(session_day),), muscle_names={GM: "Glute med"})
    flags = rising_tightness_flags(data)
    if sign is None:
        assert flags == []
        return
    (flag,) = flags
    assert flag.sign == sign
    if sign == "state":
        assert flag.before is None and flag.after == ()
        assert flag.peak == points[-1].tightness  # drawn at its score, or at the top without
        assert "was underactive before and was tagged" in flag.explanation
        assert flag.explanation.startswith("Left glute med was activated on 4 Mar 2025")


@pytest.mark.parametrize(
    ("later", "stands"),
    [
        pytest.param([], True, id="nothing-since"),
        pytest.param([pt(21, 4, tight=7)], True, id="still-high"),
        pytest.param([pt(21, 4, tight=3)], False, id="back-to-baseline"),
        pytest.param([pt(21, 4, tight=2)], False, id="below-baseline"),
    ],
)
def test_a_tightness_flag_stands_until_a_later_look_shows_it_back(
    later: list[TrendPoint], stands: bool
) -> None:
    points = (pt(0, 1, tight=3), pt(14, 2, tight=6), *later)
    data = TrendData("P", points, (session(1),))
    assert bool(standing_flags(data)) is stands


def test_a_tag_flag_stands_until_the_side_is_no_longer_tight() -> None:
    base = (pt(0, 1, U), pt(7, 2, T))
    assert standing_flags(TrendData("P", base, (session(1),)))
    relaxed = TrendData("P", (*base, pt(14, 3, U)), (session(1),))
    assert standing_flags(relaxed) == []


def test_a_flag_stands_only_from_the_day_it_was_seen() -> None:
    data = TrendData("P", (pt(0, 1, tight=3), pt(14, 2, tight=6)), (session(1),))
    assert standing_flags(data, on=day(13)) == []
    assert len(standing_flags(data, on=day(14))) == 1


def test_another_source_is_one_more_signal_and_its_observations() -> None:
    """How a next-day report joins: its observations, and a signal that reads them."""

    def sore_next_day(
        before: object, after: list[Observation], window: int, min_rise: int
    ) -> Finding | None:
        for seen in after:
            if seen.source == "next-day report" and "barely firing" in seen.notes:
                return Finding("report", seen, seen, "the patient said it was barely firing")
        return None

    data = TrendData("P", (pt(0, 1, U, 3), pt(14, 2, U, 3)), (session(1),))
    report = {
        (GM, L): [Observation(day(2), 0, None, frozenset(), "next-day report",
                              frozenset({"barely firing"}))]
    }
    assert rising_tightness_flags(data, extra=report) == []
    (flag,) = rising_tightness_flags(data, extra=report, signals=(*SIGNALS, sore_next_day))
    assert flag.sign == "report" and "barely firing" in flag.explanation


def test_the_first_signal_that_fires_wins_and_window_is_checked() -> None:
    before = [Observation(day(0), 1, 3, frozenset({U}))]
    after = [Observation(day(7), 2, 6, frozenset({T}))]
    finding = activated_then_tighter(before, after)
    assert finding is not None and finding.sign == "tightness"
    with pytest.raises(ValueError):
        activated_then_tighter(before, after, window=0)
