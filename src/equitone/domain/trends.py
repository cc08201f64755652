"""Tightness trends: the data behind the trend charts, the rising-tightness check and exports.

Pure Python on purpose (no Qt, no SQLAlchemy): the storage layer fills a `TrendData`, the
chart widget draws it, the CLI's ``equitone trend`` prints `to_csv`/`to_json` of it, and the
printed progress report renders it offscreen: all four must agree on the same rows.

The rising-tightness check encodes rule 9 of the method (DOMAIN.md): an activated muscle whose
tightness climbs at the following assessments needs more relaxation after its activation or
less load, so the chart points at the session that activated it.
"""

from __future__ import annotations

import csv
import io
import json
from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from operator import itemgetter
from typing import Literal, NamedTuple

from .limits import EARLIEST_DAY, last_accepted_day
from .types import Side, ToneState

__all__ = [
    "CSV_HEADER",
    "MarkerKind",
    "PsfsPoint",
    "RisingFlag",
    "SeriesKey",
    "SessionMarker",
    "TrendData",
    "TrendPoint",
    "default_selection",
    "display_name",
    "drawable",
    "format_day",
    "latest_day",
    "left_out_note",
    "muscles_of",
    "psfs_band",
    "psfs_meaningful_change",
    "rising_tightness_flags",
    "series",
    "series_label",
    "to_csv",
    "to_json",
    "to_rows",
]

#: A change of 2 points in the PSFS average is the minimal meaningful change (DOMAIN.md).
psfs_meaningful_change = 2.0

#: Column order of the ``equitone trend`` CSV/JSON contract. Do not reorder: scripts rely on it.
CSV_HEADER: tuple[str, ...] = ("date", "muscle", "side", "state", "tightness")

TIGHTNESS_MIN, TIGHTNESS_MAX = 0, 10

SeriesKey = tuple[str, Side]
"""One muscle side: (muscle slug, side). Left and right are separate series."""

MarkerKind = Literal["delivered", "program-change"]

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


class _TrendPointFields(NamedTuple):
    day: date
    assessment_id: int
    muscle: str
    side: Side
    state: ToneState | None
    tightness: int | None


class TrendPoint(_TrendPointFields):
    """One muscle side at one assessment.

    `state` is None when a tightness score was recorded without a tone tag; `tightness` is None
    when the muscle was tagged without a score. Both None-tolerant so a partial record still
    shows on the state band or the curve, whichever it has.

    An immutable named tuple rather than a frozen dataclass: a heavy patient has 52,000 of
    them and a frozen dataclass took four times as long to build (bench_trends.py).
    """

    __slots__ = ()

    def __new__(cls, day: date, assessment_id: int, muscle: str, side: Side,
                state: ToneState | None, tightness: int | None) -> TrendPoint:
        if tightness is not None and not TIGHTNESS_MIN <= tightness <= TIGHTNESS_MAX:
            raise ValueError(f"tightness must be 0–10, got {tightness}")
        return tuple.__new__(cls, (day, assessment_id, muscle, side, state, tightness))

    @property
    def key(self) -> SeriesKey:
        return (self.muscle, self.side)


@dataclass(frozen=True, slots=True)
class SessionMarker:
    """A delivered session or a program change, drawn on the time axis.

    `activated` lists the muscle sides the session trains (activation, explosive or postural
    work): those are the ones the rising-tightness check follows afterwards.
    """

    day: date
    session_id: int
    title: str
    details: str
    kind: MarkerKind
    activated: tuple[SeriesKey, ...] = ()

    def __post_init__(self) -> None:
        if self.kind not in ("delivered", "program-change"):
            raise ValueError(f"unknown session marker kind {self.kind!r}")


@dataclass(frozen=True, slots=True)
class PsfsPoint:
    """Patient-Specific Functional Scale at one assessment: score = mean of scored activities."""

    day: date
    assessment_id: int
    score: float
    activities: tuple[tuple[str, int | None], ...] = ()


@dataclass(frozen=True, slots=True)
class TrendData:
    """Everything one patient's trend chart shows; built by storage, read by chart, CLI, PDF.

    `points` come in no promised order: `series` and `to_rows` put them in date order.
    """

    patient_name: str
    points: tuple[TrendPoint, ...]
    sessions: tuple[SessionMarker, ...] = ()
    psfs: tuple[PsfsPoint, ...] = ()
    muscle_names: Mapping[str, str] = field(default_factory=dict)
    # dates of visits and sessions that `drawable` left out (outside the accepted window)
    left_out: tuple[date, ...] = ()


def drawable(data: TrendData, today: date | None = None) -> TrendData:
    """`data` without the visits and sessions a chart cannot place: dated outside the window
    Equitone accepts (domain/limits.py), which only an older version or a hand could have
    stored. Their dates are kept in `left_out`, for a note beside the chart."""
    # The window once, and each distinct day once (52,000 points of a long history fall on
    # ~500 days): date.today() alone costs ~5 µs, as it imports the time module on every
    # call, through PySide6's import hook in the app.
    last = last_accepted_day(today)

    def keep(day: date) -> bool:
        return EARLIEST_DAY <= day <= last

    days = {p.day for p in data.points} | {p.day for p in data.psfs}
    dropped = {day for day in days | {s.day for s in data.sessions} if not keep(day)}
    if not dropped:
        return data
    return replace(
        data,
        points=tuple(p for p in data.points if keep(p.day)),
        psfs=tuple(p for p in data.psfs if keep(p.day)),
        sessions=tuple(s for s in data.sessions if keep(s.day)),
        left_out=tuple(sorted(dropped | set(data.left_out))),
    )


def left_out_note(data: TrendData) -> str:
    """One sentence for beside a chart that `drawable` thinned, '' when nothing was left out."""
    if not data.left_out:
        return ""
    days = ", ".join(day.isoformat() for day in data.left_out)
    return (f"Not drawn: {len(data.left_out)} date(s) outside the dates Equitone accepts "
            f"({days}); correct them in the record.")


@dataclass(frozen=True, slots=True)
class RisingFlag:
    """An activated muscle side whose tightness rose at the following assessments.

    `before` is the last tightness at or before the session; `after` the tightness at the
    following assessments (up to the window); `peak_day`/`peak` locate the highest of them,
    which is where the chart draws the flag.
    """

    muscle: str
    side: Side
    session_id: int
    session_day: date
    before: int
    after: tuple[int, ...]
    explanation: str
    peak_day: date
    peak: int
    session_days: tuple[date, ...] = ()


# --------------------------------------------------------------------------------------------
# Names and dates


def format_day(day: date) -> str:
    """'3 Mar 2025': unambiguous in every locale (no strftime, whose month names follow it)."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def display_name(muscle: str, names: Mapping[str, str]) -> str:
    """Display name of a muscle slug, falling back to the slug made readable."""
    return names.get(muscle) or muscle.replace("-", " ").replace("_", " ")


def series_label(key: SeriesKey, names: Mapping[str, str], *, short: bool = False) -> str:
    """'Left gluteus medius' (or 'L gluteus medius' when short): side first, as clinicians say."""
    muscle, side = key
    name = display_name(muscle, names)
    if not name[:2].isupper():  # keep acronyms (TFL, QL) upper case mid-sentence
        name = name[:1].lower() + name[1:]
    prefix = side.letter if short else side.value.capitalize()
    return f"{prefix} {name}"


# --------------------------------------------------------------------------------------------
# Series and selection


def _side_rank(side: Side) -> int:
    return 0 if side is Side.LEFT else 1


def series(points: Iterable[TrendPoint]) -> dict[SeriesKey, list[TrendPoint]]:
    """Group points per muscle side, each oldest first.

    Same-day assessments keep assessment-id order (ids grow with entry order). A muscle missing
    at some assessments simply has fewer points: gaps are not filled. Keys come out sorted by
    muscle slug, left before right, so every view lists series in the same order.
    """
    groups: dict[SeriesKey, list[TrendPoint]] = {}
    key_of = _KEY_OF
    for p in points:
        key = key_of(p)
        group = groups.get(key)
        if group is None:
            groups[key] = [p]
        else:
            group.append(p)
    ordered = sorted(groups, key=lambda k: (k[0], _side_rank(k[1])))
    result: dict[SeriesKey, list[TrendPoint]] = {}
    for key in ordered:
        pts = groups[key]
        pts.sort(key=_WHEN)  # C-level key: points from storage come sorted, so this is O(n)
        result[key] = pts
    return result


# field getters for the hot loops above (a heavy patient has 52,000 points)
_KEY_OF = itemgetter(2, 3)  # (muscle, side)
_WHEN = itemgetter(0, 1)  # (day, assessment_id)


def default_selection(
    data: TrendData, grouped: Mapping[SeriesKey, Sequence[TrendPoint]] | None = None
) -> list[SeriesKey]:
    """The muscle sides tagged (any tone state) at the latest assessment, else every series.

    That is what the clinician is working on now; everything else stays one click away.
    `grouped` is `series(data.points)` when the caller already has it (saves a regrouping).
    """
    if grouped is None:
        grouped = series(data.points)
    lasts = {key: pts[-1] for key, pts in grouped.items() if pts}
    if not lasts:
        return []
    # each series is sorted, so a point at the latest assessment is its series' last one
    latest = max(_WHEN(p) for p in lasts.values())
    chosen = [k for k, p in lasts.items() if _WHEN(p) == latest and p.state is not None]
    return chosen or list(grouped)


def muscles_of(keys: Iterable[SeriesKey]) -> list[str]:
    """Distinct muscle slugs in first-seen order (one small multiple each)."""
    seen: dict[str, None] = {}
    for muscle, _side in keys:
        seen.setdefault(muscle, None)
    return list(seen)


def latest_day(data: TrendData) -> date | None:
    """The last day anything happened (assessment, session or PSFS): where range presets end."""
    days = [p.day for p in data.points]
    days += [s.day for s in data.sessions]
    days += [p.day for p in data.psfs]
    return max(days) if days else None


def psfs_band(psfs: Sequence[PsfsPoint]) -> tuple[float, float, float] | None:
    """(baseline, low, high): the first score ± the minimal meaningful change, clipped to 0–10.

    A later score outside the band is a change the patient would notice.
    """
    if not psfs:
        return None
    first = min(psfs, key=lambda p: (p.day, p.assessment_id))
    base = first.score
    low = max(0.0, base - psfs_meaningful_change)
    high = min(10.0, base + psfs_meaningful_change)
    return base, low, high


# --------------------------------------------------------------------------------------------
# Rising tightness after activation (DOMAIN.md rule 9)


def _join_days(days: Sequence[date]) -> str:
    labels = [format_day(d) for d in days]
    if len(labels) <= 1:
        return "".join(labels)
    return ", ".join(labels[:-1]) + " and " + labels[-1]


def _explain(key: SeriesKey, names: Mapping[str, str], days: Sequence[date], before: int,
             peak: int, count: int) -> str:
    label = series_label(key, names)
    label = label[:1].upper() + label[1:]
    nxt = "the next assessment" if count == 1 else f"the next {count} assessments"
    return (
        f"{label} was activated on {_join_days(days)} and its tightness rose from {before} "
        f"to {peak} over {nxt}: add relaxation after its activation or lower the load."
    )


def rising_tightness_flags(
    data: TrendData,
    *,
    min_rise: int = 2,
    window: int = 3,
    grouped: Mapping[SeriesKey, Sequence[TrendPoint]] | None = None,
) -> list[RisingFlag]:
    """Flag activated muscle sides whose tightness rose after the session that activated them.

    For every session marker and every muscle side it activated, the baseline is the last
    scored assessment on or before the session day (an assessment on the session day is taken
    as done before the session, as in a visit: assess, then treat). The following up to
    `window` scored assessments are compared with it. A flag is raised when the peak is at
    least `min_rise` above the baseline, or when tightness strictly increases from the baseline
    across two or more following assessments (a steady creep too small for `min_rise`).

    Several sessions between the same two assessments share one baseline and one outcome: they
    make one flag, linked to the latest of them (the program to change), and the explanation
    names every activation date. `grouped` is `series(data.points)` if the caller has it.
    """
    if window < 1:
        raise ValueError("window must be at least 1")
    if grouped is None:
        grouped = series(data.points)
    scored_cache: dict[SeriesKey, tuple[list[TrendPoint], list[date]]] = {}
    # (key, baseline assessment) -> sessions, kept in day order
    found: dict[tuple[SeriesKey, tuple[date, int]], list[SessionMarker]] = {}
    # anchor -> (before, after, index of the peak in after, day of the peak)
    outcome: dict[tuple[SeriesKey, tuple[date, int]], tuple[int, tuple[int, ...], int, date]] = {}
    for session in sorted(data.sessions, key=lambda s: (s.day, s.session_id)):
        for key in dict.fromkeys(session.activated):
            cached = scored_cache.get(key)
            if cached is None:
                scored = [p for p in grouped.get(key, ()) if p.tightness is not None]
                cached = scored_cache[key] = (scored, [p.day for p in scored])
            pts, scored_days = cached
            split = bisect_right(scored_days, session.day)  # points on the session day come before
            if split == 0 or split == len(pts):
                continue
            later = pts[split:split + window]
            base_pt = pts[split - 1]
            before = base_pt.tightness
            after = tuple(p.tightness for p in later if p.tightness is not None)
            assert before is not None
            peak_index = after.index(max(after))
            rising = after[peak_index] - before >= min_rise
            if not rising:
                run = 0
                prev = before
                for value in after:
                    if value <= prev:
                        break
                    run += 1
                    prev = value
                if run >= 2:
                    rising = True
                    peak_index = run - 1
            if not rising:
                continue
            anchor = (key, (base_pt.day, base_pt.assessment_id))
            found.setdefault(anchor, []).append(session)
            outcome[anchor] = (before, after, peak_index, later[peak_index].day)
    flags: list[RisingFlag] = []
    for anchor, sessions in found.items():
        key = anchor[0]
        before, after, peak_index, peak_day = outcome[anchor]
        peak = after[peak_index]
        days = tuple(s.day for s in sessions)
        last = sessions[-1]
        flags.append(
            RisingFlag(
                muscle=key[0],
                side=key[1],
                session_id=last.session_id,
                session_day=last.day,
                before=before,
                after=after,
                explanation=_explain(key, data.muscle_names, days, before, peak, peak_index + 1),
                peak_day=peak_day,
                peak=peak,
                session_days=days,
            )
        )
    flags.sort(key=lambda f: (f.session_day, f.muscle, _side_rank(f.side)))
    return flags


# --------------------------------------------------------------------------------------------
# Rows for `equitone trend` (CSV/JSON) and for the chart's CSV export

Row = dict[str, str | int | None]


def to_rows(
    points: Iterable[TrendPoint], muscle: str | None = None, side: Side | str | None = None
) -> list[Row]:
    """One row per assessment, muscle and side, oldest first, keys in `CSV_HEADER` order.

    `state` and `tightness` are None when not recorded (empty cell in CSV, null in JSON).
    """
    want_side = Side(side) if side is not None else None
    chosen = [
        p
        for p in points
        if (muscle is None or p.muscle == muscle) and (want_side is None or p.side is want_side)
    ]
    chosen.sort(key=lambda p: (p.day, p.assessment_id, p.muscle, _side_rank(p.side)))
    return [
        {
            "date": p.day.isoformat(),
            "muscle": p.muscle,
            "side": p.side.value,
            "state": p.state.value if p.state is not None else None,
            "tightness": p.tightness,
        }
        for p in chosen
    ]


def to_csv(rows: Iterable[Row]) -> str:
    """Header ``date,muscle,side,state,tightness`` then one line per row ('\\n' line ends)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for row in rows:
        writer.writerow(["" if row[k] is None else row[k] for k in CSV_HEADER])
    return buffer.getvalue()


def to_json(rows: Iterable[Row]) -> str:
    """One JSON list of objects with the `CSV_HEADER` keys in that order."""
    return json.dumps([{k: row[k] for k in CSV_HEADER} for row in rows], ensure_ascii=False)
