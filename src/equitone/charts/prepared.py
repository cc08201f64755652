"""Numbers ready to draw: per-series numpy arrays, built when a series is first shown.

Toggling series, switching modes and zooming reuse these arrays. Only the series drawn pay
for walking their points: a heavy patient has 100 series and 52,000 points, but the default
selection is the ten or so tagged at the last visit.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import numpy as np
import numpy.typing as npt

from equitone.domain.activation_flags import RisingFlag, rising_tightness_flags
from equitone.domain.trends import (
    SeriesKey,
    SessionMarker,
    TrendData,
    TrendPoint,
    default_selection,
    display_name,
    drawable,
    muscles_of,
    psfs_band,
    series,
    series_label,
)
from equitone.domain.types import ToneState

from .style import STATE_ORDER, SeriesLook, muscle_look_index, series_look

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int8]

SAME_DAY_OFFSET_S = 2 * 3600.0  # a second assessment on one day sits 2 h later: both hoverable
DAY_S = 86400.0
MIN_TAIL_S = 7 * DAY_S  # the last state holds at least a week on the band
_STATE_CODE: dict[ToneState | None, int] = {s: i for i, s in enumerate(STATE_ORDER)}
_STATE_CODE[None] = -1


class DayClock:
    """Date → POSIX seconds at local noon (what the calendar axis shows; noon dodges DST)."""

    def __init__(self) -> None:
        self._cache: dict[date, float] = {}

    def __call__(self, day: date) -> float:
        value = self._cache.get(day)
        if value is None:
            value = datetime(day.year, day.month, day.day, 12).timestamp()
            self._cache[day] = value
        return value

    def many(self, days: tuple[date, ...]) -> FloatArray:
        """Seconds for many days at once: each distinct day is converted once."""
        cache = self._cache
        for day in set(days).difference(cache):
            self(day)
        return np.fromiter(map(cache.__getitem__, days), dtype=np.float64, count=len(days))


@dataclass(slots=True)
class SeriesArrays:
    key: SeriesKey
    label: str
    short_label: str
    look: SeriesLook
    points: list[TrendPoint]
    x: FloatArray  # seconds
    y: FloatArray  # tightness, NaN where not scored (the curve breaks there)
    seg_x0: FloatArray  # state band: a state holds from its assessment to the next one
    seg_x1: FloatArray
    states: IntArray  # index in STATE_ORDER, -1 = not tagged (the primary state)
    second: IntArray  # the side's second state, same codes; -1 = it carries one state


def _tail_s(pts: list[TrendPoint]) -> float:
    """How long the last state is drawn: the series' mean spacing, at least a week."""
    if len(pts) < 2:
        return MIN_TAIL_S
    spacing = (pts[-1].day - pts[0].day).days * DAY_S / (len(pts) - 1)
    return max(spacing, MIN_TAIL_S)


def _series_arrays(key: SeriesKey, pts: list[TrendPoint], label: str, short_label: str,
                   look: SeriesLook, clock: DayClock) -> SeriesArrays:
    n = len(pts)
    days, _ids, _muscles, _sides, states, scores, others = (
        zip(*pts, strict=True) if n else ((),) * 7)
    base = clock.many(days)
    # same-day repeats: 0 for the first assessment of a day, 1, 2… for later ones
    index = np.arange(n)
    starts = np.ones(n, dtype=bool)
    starts[1:] = base[1:] != base[:-1]
    repeat = index - np.maximum.accumulate(np.where(starts, index, 0))
    x = base + repeat * SAME_DAY_OFFSET_S
    y = np.array([np.nan if t is None else t for t in scores], dtype=np.float64)
    codes = np.fromiter(map(_STATE_CODE.__getitem__, states), dtype=np.int8, count=n)
    second = np.fromiter((_STATE_CODE[o[0]] if o else -1 for o in others), dtype=np.int8,
                         count=n)
    seg_x1 = np.empty(n, dtype=np.float64)
    if n:
        seg_x1[:-1] = x[1:]
        seg_x1[-1] = x[-1] + _tail_s(pts)
    return SeriesArrays(key=key, label=label, short_label=short_label, look=look, points=pts,
                        x=x, y=y, seg_x0=x.copy(), seg_x1=seg_x1, states=codes,
                        second=second)


class LazySeries(Mapping[SeriesKey, SeriesArrays]):
    """Series arrays by key, each built on first access and kept."""

    def __init__(self, grouped: Mapping[SeriesKey, list[TrendPoint]], data: TrendData,
                 looks: Mapping[SeriesKey, SeriesLook], clock: DayClock) -> None:
        self._grouped = grouped
        self._looks = looks
        self._clock = clock
        self.labels = {k: series_label(k, data.muscle_names) for k in grouped}
        self.short_labels = {k: series_label(k, data.muscle_names, short=True) for k in grouped}
        self._built: dict[SeriesKey, SeriesArrays] = {}

    def __getitem__(self, key: SeriesKey) -> SeriesArrays:
        built = self._built.get(key)
        if built is None:
            built = _series_arrays(key, self._grouped[key], self.labels[key],
                                   self.short_labels[key], self._looks[key], self._clock)
            self._built[key] = built
        return built

    def __iter__(self) -> Iterator[SeriesKey]:
        return iter(self._grouped)

    def __len__(self) -> int:
        return len(self._grouped)

    def __contains__(self, key: object) -> bool:
        return key in self._grouped

    def look(self, key: SeriesKey) -> SeriesLook:
        return self._looks[key]


@dataclass(slots=True)
class PreparedTrends:
    data: TrendData
    selection: list[SeriesKey]  # default: tagged at the latest assessment
    series: LazySeries
    muscles: list[str]
    flags: list[RisingFlag]
    sessions: list[tuple[float, SessionMarker]]
    psfs_x: FloatArray
    psfs_y: FloatArray
    psfs_band: tuple[float, float, float] | None
    x_min: float
    x_max: float
    clock: DayClock = field(default_factory=DayClock)

    def muscle_name(self, muscle: str) -> str:
        name = display_name(muscle, self.data.muscle_names)
        return name[:1].upper() + name[1:]


def _extent(grouped: Mapping[SeriesKey, list[TrendPoint]], clock: DayClock,
            more: Iterable[float]) -> tuple[float, float]:
    """First and last x of everything drawn (the band's last state included)."""
    xs = list(more)
    for pts in grouped.values():
        if pts:
            xs.append(clock(pts[0].day))
            # same-day repeats sit up to a few hours later; the tail covers them
            xs.append(clock(pts[-1].day) + _tail_s(pts))
    if not xs:
        today = clock(date.today())
        return today - 30 * DAY_S, today
    x_min, x_max = min(xs), max(xs)
    if x_max - x_min < 14 * DAY_S:
        x_min -= 7 * DAY_S
        x_max += 7 * DAY_S
    return float(x_min), float(x_max)


def prepare(data: TrendData) -> PreparedTrends:
    """Everything the chart draws, from `data` less what it cannot place (a date outside the
    accepted window: `data.left_out` names them)."""
    data = drawable(data)
    clock = DayClock()
    grouped = series(data.points)
    muscles = muscles_of(grouped)
    slots = muscle_look_index(muscles)
    looks = {key: series_look(key, slots[key[0]]) for key in grouped}
    psfs = sorted(data.psfs, key=lambda p: (p.day, p.assessment_id))
    psfs_x = np.array([clock(p.day) for p in psfs], dtype=np.float64)
    psfs_y = np.array([p.score for p in psfs], dtype=np.float64)
    sessions = [(clock(s.day), s) for s in sorted(data.sessions, key=lambda s: s.day)]
    x_min, x_max = _extent(grouped, clock, [x for x, _ in sessions] + psfs_x.tolist())
    return PreparedTrends(
        data=data,
        selection=default_selection(data, grouped),
        series=LazySeries(grouped, data, looks, clock),
        muscles=muscles,
        flags=rising_tightness_flags(data, grouped=grouped),
        sessions=sessions,
        psfs_x=psfs_x,
        psfs_y=psfs_y,
        psfs_band=psfs_band(psfs),
        x_min=x_min,
        x_max=x_max,
        clock=clock,
    )


PRESET_DAYS: dict[str, int | None] = {"3m": 91, "6m": 182, "1y": 365, "all": None}


def preset_range(prepared: PreparedTrends, preset: str) -> tuple[float, float]:
    """X range for a preset: the last N days up to the latest event, or everything."""
    if preset not in PRESET_DAYS:
        raise ValueError(f"unknown range preset {preset!r}; use one of {list(PRESET_DAYS)}")
    days = PRESET_DAYS[preset]
    pad = 0.02 * (prepared.x_max - prepared.x_min)
    end = prepared.x_max + pad
    if days is None:
        return prepared.x_min - pad, end
    return end - timedelta(days=days).total_seconds(), end
