"""Calendar ticks for the trend charts' time axis: plain date arithmetic, no Qt.

Chart x values are POSIX seconds at local noon of a day (`prepared.DayClock`), so a tick on
a day sits exactly on that day's assessments. pyqtgraph's DateAxisItem converted every
candidate tick of every level through QDateTime time zones on each range change: ~10 ms per
axis per pan frame (bench_trends.py). Here ticks come from a cached day → seconds table and
labels from a cache, so a frame's ticks cost well under a millisecond.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Literal

Unit = Literal["day", "week", "month", "year"]
LabelKind = Literal["day", "month", "year"]
LabelWidths = Mapping[str, float]  # "day", "month", "year" and "day+year", "month+year"

DAY_S = 86400.0
_UNIT_DAYS: dict[Unit, float] = {"day": 1.0, "week": 7.0, "month": 30.44, "year": 365.25}
#: Steps from finest to coarsest; the major level is the finest one whose labels fit.
STEPS: tuple[tuple[Unit, int], ...] = (
    ("day", 1), ("day", 2), ("week", 1), ("week", 2), ("month", 1), ("month", 2),
    ("month", 3), ("month", 6), ("year", 1), ("year", 2), ("year", 5), ("year", 10),
    ("year", 25), ("year", 50),
)
MIN_MINOR_PX = 14.0  # denser minor ticks are noise, and each costs pyqtgraph ~10 µs a frame
LABEL_GAP_PX = 20.0
# "Jan Jul Jan Jul" reads worse than years: half-years only ever make minor ticks
_MINOR_ONLY = {("month", 6)}
#: Widest label of each kind, with and without its year, when no font metrics are at hand.
DEFAULT_LABEL_PX: dict[str, float] = {
    "day": 48.0, "month": 28.0, "year": 36.0, "day+year": 80.0, "month+year": 62.0,
}
_FIRST, _LAST = date(1900, 1, 1), date(2200, 12, 31)
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

_noon_cache: dict[int, float] = {}


def noon(day: date) -> float:
    """POSIX seconds at local noon of `day` (the same clock as the chart's data)."""
    key = day.toordinal()
    value = _noon_cache.get(key)
    if value is None:
        value = datetime(day.year, day.month, day.day, 12).timestamp()
        _noon_cache[key] = value
    return value


def label_kind(unit: Unit) -> LabelKind:
    return "day" if unit in ("day", "week") else unit  # type: ignore[return-value]


def step_seconds(unit: Unit, count: int) -> float:
    return _UNIT_DAYS[unit] * count * DAY_S


def _to_day(seconds: float) -> date | None:
    try:
        day = date.fromtimestamp(seconds)
    except (OverflowError, OSError, ValueError):
        return None
    return min(max(day, _FIRST), _LAST)


def _days(unit: Unit, count: int, first: date, last: date) -> list[date]:
    """Every tick day of the step in [first, last] (inclusive)."""
    if unit == "day" or unit == "week":
        start = first.toordinal()
        if unit == "week":  # on Mondays (ordinal 1, 1 Jan 0001, was a Monday)
            start += (-(start - 1)) % 7
            start += ((-((start - 1) // 7)) % count) * 7
            span = 7 * count
        else:
            start += (-start) % count
            span = count
        return [date.fromordinal(o) for o in range(start, last.toordinal() + 1, span)]
    if unit == "month":
        index = first.year * 12 + first.month - 1
        if first.day > 1:
            index += 1
        index += (-index) % count
        result: list[date] = []
        while True:
            year, month0 = divmod(index, 12)
            day = date(year, month0 + 1, 1)
            if day > last:
                return result
            result.append(day)
            index += count
    year = first.year + (1 if (first.month, first.day) > (1, 1) else 0)
    year += (-year) % count
    return [date(y, 1, 1) for y in range(year, last.year + 1, count)]


def _divides(minor: tuple[Unit, int], major: tuple[Unit, int]) -> bool:
    """True when every major tick is also a minor tick (days under weeks, months under
    years, a step under a multiple of itself)."""
    (unit, count), (big, big_count) = minor, major
    if unit == big:
        return big_count % count == 0
    return (unit, big, count) in {("day", "week", 1), ("month", "year", 1),
                                  ("month", "year", 2), ("month", "year", 3),
                                  ("month", "year", 6)}


def calendar_ticks(
    lo: float, hi: float, length_px: float,
    label_px: LabelWidths | None = None,
) -> list[tuple[tuple[Unit, int], list[float]]]:
    """[(major step, tick values), (minor step, tick values)] for the x range [lo, hi].

    The major step is the finest whose widest label without its year (plus a gap) fits
    between ticks; the minor level, unlabelled, is the finest step at least MIN_MINOR_PX
    apart that divides it.
    """
    if not (hi > lo) or length_px <= 0 or hi - lo > 500 * 365.25 * DAY_S:
        return []
    widths = label_px or DEFAULT_LABEL_PX
    px_per_s = length_px / (hi - lo)
    major_index = len(STEPS) - 1
    for i, (unit, count) in enumerate(STEPS):
        if (unit, count) in _MINOR_ONLY:
            continue
        if step_seconds(unit, count) * px_per_s >= widths[label_kind(unit)] + LABEL_GAP_PX:
            major_index = i
            break
    first, last = _to_day(lo - DAY_S), _to_day(hi + DAY_S)
    if first is None or last is None:
        return []
    levels: list[tuple[tuple[Unit, int], list[float]]] = []
    major = STEPS[major_index]
    levels.append((major, [v for d in _days(*major, first, last) if lo <= (v := noon(d)) <= hi]))
    for unit, count in STEPS[:major_index]:
        if not _divides((unit, count), major):
            continue  # minor ticks that do not divide the major step would look misplaced
        if step_seconds(unit, count) * px_per_s >= MIN_MINOR_PX:
            levels.append(((unit, count), [v for d in _days(unit, count, first, last)
                                           if lo <= (v := noon(d)) <= hi]))
            break
    return levels


def tick_labels(values: list[float], unit: Unit, *, room_px: float = float("inf"),
                label_px: LabelWidths | None = None, first: int = 0) -> list[str]:
    """Labels for one level's ticks: '3 Mar', 'Mar', '2025'.

    The year is added to label `first` (the first one fully on the axis) and wherever the
    year changes, when `room_px` between ticks leaves space for it; where it does not, a
    tick starting a new year is labelled with the year alone ('2026' instead of 'Jan').
    """
    kind = label_kind(unit)
    widths = label_px or DEFAULT_LABEL_PX
    # a label with its year sits between two without: half of each, plus a small gap
    roomy = kind == "year" or room_px >= (widths[f"{kind}+year"] + widths[kind]) / 2 + 10
    labels = []
    previous_year: int | None = None
    for index, value in enumerate(values):
        day = _to_day(value) or _FIRST
        if kind == "year":
            labels.append(str(day.year))
            continue
        text = f"{day.day} {_MONTHS[day.month - 1]}" if kind == "day" else _MONTHS[day.month - 1]
        new_year = previous_year is not None and day.year != previous_year
        if index == first or new_year:
            if roomy:
                text += f" {day.year}"
            elif new_year and kind == "month":
                text = str(day.year)
        previous_year = day.year
        labels.append(text)
    return labels


def widest_labels(measure: Callable[[str], float]) -> dict[str, float]:
    """Widest label of each kind, measured with `measure(text)` (the axis font's metrics)."""
    return {
        "day": measure("28 Sep"), "month": measure("Sep"), "year": measure("2025"),
        "day+year": measure("28 Sep 2025"), "month+year": measure("Sep 2025"),
    }
