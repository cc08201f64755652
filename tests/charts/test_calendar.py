"""Calendar ticks of the trend charts' time axis: steps that fit, aligned days, labels."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from equitone.charts.calendar import calendar_ticks, noon, tick_labels


def _days(values: list[float]) -> list[date]:
    return [date.fromtimestamp(v) for v in values]


def _span(days: int, end: date = date(2025, 3, 1)) -> tuple[float, float]:
    return noon(end - timedelta(days=days)), noon(end)


@pytest.mark.parametrize(("days", "px", "step"), [
    (3650, 1100, ("year", 1)),
    (3650, 300, ("year", 2)),
    (365, 1100, ("month", 1)),
    (365, 560, ("month", 2)),
    (91, 1100, ("week", 1)),
    (7, 1100, ("day", 1)),
])
def test_major_step_is_the_finest_whose_labels_fit(days: int, px: float,
                                                    step: tuple[str, int]) -> None:
    levels = calendar_ticks(*_span(days), px)
    assert levels[0][0] == step
    values = levels[0][1]
    lo, hi = _span(days)
    assert all(lo <= v <= hi for v in values)
    assert values == sorted(values)


def test_ticks_sit_on_calendar_boundaries_at_noon() -> None:
    years = _days(calendar_ticks(*_span(3650), 1100)[0][1])
    assert all((d.month, d.day) == (1, 1) for d in years)
    months = _days(calendar_ticks(*_span(365), 1100)[0][1])
    assert all(d.day == 1 for d in months)
    weeks = _days(calendar_ticks(*_span(45), 1100)[0][1])
    assert all(d.weekday() == 0 for d in weeks)  # Mondays
    # noon, like the data: a tick on a day sits exactly on that day's assessments
    assert all(date.fromtimestamp(v) == d and noon(d) == v
               for v, d in zip(calendar_ticks(*_span(45), 1100)[0][1], weeks, strict=True))


def test_minor_ticks_divide_the_major_step() -> None:
    levels = calendar_ticks(*_span(3650), 1100)
    assert len(levels) == 2
    (major, majors), (minor, minors) = levels
    assert major == ("year", 1) and minor[0] == "month" and 12 % minor[1] == 0
    assert set(majors) <= set(minors)
    # a month view has no minor weeks (weeks do not divide months)
    assert [level[0] for level in calendar_ticks(*_span(365), 1100)] == [("month", 1)]


def test_labels_carry_the_year_where_it_changes() -> None:
    months = [noon(date(2024, m, 1)) for m in (11, 12)] + [noon(date(2025, 1, 1))]
    assert tick_labels(months, "month") == ["Nov 2024", "Dec", "Jan 2025"]
    days = [noon(date(2025, 3, d)) for d in (3, 10)]
    assert tick_labels(days, "week") == ["3 Mar 2025", "10 Mar"]
    assert tick_labels([noon(date(2020, 1, 1))], "year") == ["2020"]


@pytest.mark.parametrize(("lo", "hi", "px"), [
    (10.0, 10.0, 500), (20.0, 10.0, 500), (0.0, 1e9, 0), (-1e15, 1e15, 800),
    (float("nan"), 1.0, 500),
])
def test_degenerate_ranges_give_no_ticks(lo: float, hi: float, px: float) -> None:
    assert calendar_ticks(lo, hi, px) == []


def test_without_room_for_the_year_a_new_year_is_named_by_its_number() -> None:
    months = [noon(date(2025, m, 1)) for m in (10,)] + [noon(date(2026, m, 1)) for m in (1, 4)]
    assert tick_labels(months, "month", room_px=40) == ["Oct", "2026", "Apr"]
    assert tick_labels(months, "month", room_px=200) == ["Oct 2025", "Jan 2026", "Apr"]
    # the year goes on the first label that stays on the axis, not on one cut off
    assert tick_labels(months, "month", room_px=200, first=1) == ["Oct", "Jan 2026", "Apr"]
