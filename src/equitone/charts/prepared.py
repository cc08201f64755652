"""Numbers ready to draw: per-series numpy arrays computed once per `set_data`.

Toggling series, switching modes and zooming reuse these arrays, so only the first `set_data`
pays for walking the points (the 10-year benchmark has 52,000 of them).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import numpy as np
import numpy.typing as npt

from equitone.domain.trends import (
    RisingFlag,
    SeriesKey,
    SessionMarker,
    TrendData,
    TrendPoint,
    default_selection,
    display_name,
    muscles_of,
    psfs_band,
    rising_tightness_flags,
    series,
    series_label,
)
from equitone.domain.types import ToneState

from .style import STATE_ORDER, SeriesLook, muscle_look_index, series_look

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int8]

SAME_DAY_OFFSET_S = 2 * 3600.0  # a second assessment on one day sits 2 h later: both hoverable
DAY_S = 86400.0
_STATE_CODE: dict[ToneState | None, int] = {s: i for i, s in enumerate(STATE_ORDER)}
_STATE_CODE[None] = -1


class DayClock:
    """Date → POSIX seconds at local noon (what DateAxisItem shows; noon dodges DST edges)."""

    def __init__(self) -> None:
        self._cache: dict[date, float] = {}

    def __call__(self, day: date) -> float:
        value = self._cache.get(day)
        if value is None:
            value = datetime(day.year, day.month, day.day, 12).timestamp()
            self._cache[day] = value
        return value


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
    states: IntArray  # index in STATE_ORDER, -1 = not tagged


@dataclass(slots=True)
class PreparedTrends:
    data: TrendData
    selection: list[SeriesKey]  # default: tagged at the latest assessment
    series: dict[SeriesKey, SeriesArrays]
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


def _series_arrays(
    key: SeriesKey, pts: list[TrendPoint], look: SeriesLook, data: TrendData, clock: DayClock
) -> SeriesArrays:
    n = len(pts)
    base = np.fromiter((clock(p.day) for p in pts), dtype=np.float64, count=n)
    # same-day repeats: 0 for the first assessment of a day, 1, 2… for later ones
    index = np.arange(n)
    starts = np.ones(n, dtype=bool)
    starts[1:] = base[1:] != base[:-1]
    repeat = index - np.maximum.accumulate(np.where(starts, index, 0))
    x = base + repeat * SAME_DAY_OFFSET_S
    y = np.fromiter((-1 if p.tightness is None else p.tightness for p in pts),
                    dtype=np.float64, count=n)
    y[y < 0] = np.nan
    states = np.fromiter((_STATE_CODE[p.state] for p in pts), dtype=np.int8, count=n)
    seg_x1 = np.empty(n, dtype=np.float64)
    if n:
        seg_x1[:-1] = x[1:]
        spacing = float(np.median(np.diff(x))) if n > 1 else 7 * DAY_S
        seg_x1[-1] = x[-1] + max(spacing, 7 * DAY_S)
    return SeriesArrays(
        key=key,
        label=series_label(key, data.muscle_names),
        short_label=series_label(key, data.muscle_names, short=True),
        look=look,
        points=pts,
        x=x,
        y=y,
        seg_x0=x.copy(),
        seg_x1=seg_x1,
        states=states,
    )


def prepare(data: TrendData) -> PreparedTrends:
    clock = DayClock()
    grouped = series(data.points)
    muscles = muscles_of(grouped)
    slots = muscle_look_index(muscles)
    arrays = {
        key: _series_arrays(key, pts, series_look(key, slots[key[0]]), data, clock)
        for key, pts in grouped.items()
    }
    psfs = sorted(data.psfs, key=lambda p: (p.day, p.assessment_id))
    psfs_x = np.array([clock(p.day) for p in psfs], dtype=np.float64)
    psfs_y = np.array([p.score for p in psfs], dtype=np.float64)
    sessions = [(clock(s.day), s) for s in sorted(data.sessions, key=lambda s: s.day)]
    xs = [a.x[0] for a in arrays.values() if len(a.x)] + [a.seg_x1[-1] for a in arrays.values()
                                                        if len(a.x)]
    xs += [x for x, _ in sessions] + list(psfs_x)
    if xs:
        x_min, x_max = float(min(xs)), float(max(xs))
    else:
        today = clock(date.today())
        x_min, x_max = today - 30 * DAY_S, today
    if x_max - x_min < 14 * DAY_S:
        x_min -= 7 * DAY_S
        x_max += 7 * DAY_S
    return PreparedTrends(
        data=data,
        selection=default_selection(data, grouped),
        series=arrays,
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
