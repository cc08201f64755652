"""Tightness trends: the data behind the trend charts and exports.

Pure Python on purpose (no Qt, no SQLAlchemy): the storage layer fills a `TrendData`, the
chart widget draws it, the CLI's ``equitone trend`` prints `to_csv`/`to_json` of it, and the
printed progress report renders it offscreen: all four must agree on the same rows.

The "activated, then tighter" flag read from these data is in `activation_flags`.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from operator import itemgetter
from typing import Literal, NamedTuple

from .assessment import PSFS_MEANINGFUL_AVERAGE
from .limits import EARLIEST_DAY, last_accepted_day
from .types import Side, ToneState

__all__ = [
    "CSV_HEADER",
    "JSON_KEYS",
    "MarkerKind",
    "NextDayPoint",
    "PsfsPoint",
    "RomKey",
    "RomPoint",
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
    "rom_csv",
    "rom_rows",
    "rom_series",
    "series",
    "series_label",
    "to_csv",
    "to_json",
    "to_rows",
]

#: The band around the first PSFS score on the trends chart: the minimal meaningful change of
#: the mean (domain/assessment.py).
psfs_meaningful_change = PSFS_MEANINGFUL_AVERAGE

#: Column order of the ``equitone trend`` CSV/JSON contract. Do not reorder: scripts rely on it.
CSV_HEADER: tuple[str, ...] = ("date", "muscle", "side", "state", "tightness")

#: `equitone trend --format json` keys: the CSV columns, then what was added after them.
JSON_KEYS: tuple[str, ...] = (*CSV_HEADER, "states")

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
    others: tuple[ToneState, ...] = ()


class TrendPoint(_TrendPointFields):
    """One muscle side at one assessment.

    `state` is the primary state, None when a tightness score was recorded without a tone tag;
    `others` the side's further states (types.STATE_PRIORITY order); `tightness` is None
    when the muscle was tagged without a score. None-tolerant so a partial record still
    shows on the state band or the curve, whichever it has.

    An immutable named tuple rather than a frozen dataclass: a heavy patient has 52,000 of
    them and a frozen dataclass took four times as long to build (bench_trends.py).
    """

    __slots__ = ()

    def __new__(cls, day: date, assessment_id: int, muscle: str, side: Side,
                state: ToneState | None, tightness: int | None,
                others: tuple[ToneState, ...] = ()) -> TrendPoint:
        if tightness is not None and not TIGHTNESS_MIN <= tightness <= TIGHTNESS_MAX:
            raise ValueError(f"tightness must be 0–10, got {tightness}")
        return tuple.__new__(cls, (day, assessment_id, muscle, side, state, tightness, others))

    @property
    def key(self) -> SeriesKey:
        return (self.muscle, self.side)

    @property
    def states(self) -> tuple[ToneState, ...]:
        """Every state, primary first (empty when only a score was recorded)."""
        return () if self.state is None else (self.state, *self.others)


class RomPoint(NamedTuple):
    """A range of motion measured with a named length test at one assessment (values
    recorded before tests were named are not charted: nothing says what they measured)."""

    day: date
    assessment_id: int
    muscle: str
    side: Side
    test: str  # a length test id (domain.length_tests)
    value: int

    @property
    def key(self) -> RomKey:
        return (self.muscle, self.side, self.test)


RomKey = tuple[str, Side, str]
"""One ROM series: muscle slug, side and length test id."""


class NextDayPoint(NamedTuple):
    """How an activated muscle side felt on the days after a session, as the patient reported
    it on `day` (the warning sign the method names: "tight and barely firing")."""

    day: date
    session_id: int
    session_day: date
    muscle: str
    side: Side
    tight: bool = False
    sore: int | None = None
    barely_firing: bool = False

    @property
    def key(self) -> SeriesKey:
        return (self.muscle, self.side)

    @property
    def warning(self) -> bool:
        """Tight, barely firing, or sore 4 or more (moderate pain on the numeric scale)."""
        return self.tight or self.barely_firing or (self.sore is not None
                                                    and self.sore >= SORE_WARNING)

    def words(self) -> str:
        """'tight and barely firing, sore 6/10' ('fine' when nothing was reported)."""
        signs = [w for w, on in (("tight", self.tight), ("barely firing", self.barely_firing))
                 if on]
        text = " and ".join(signs)
        if self.sore is not None:
            text += (", " if text else "") + f"sore {self.sore}/10"
        return text or "fine"


SORE_WARNING = 4  # soreness from here counts as the warning sign (moderate pain, 4-6)


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
    rom: tuple[RomPoint, ...] = ()  # ranges of motion against named length tests
    next_day: tuple[NextDayPoint, ...] = ()  # next-day reports on delivered sessions


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
    days |= {s.day for s in data.sessions} | {r.day for r in data.rom}
    days |= {n.day for n in data.next_day}
    dropped = {day for day in days if not keep(day)}
    if not dropped:
        return data
    return replace(
        data,
        points=tuple(p for p in data.points if keep(p.day)),
        psfs=tuple(p for p in data.psfs if keep(p.day)),
        sessions=tuple(s for s in data.sessions if keep(s.day)),
        rom=tuple(r for r in data.rom if keep(r.day)),
        next_day=tuple(n for n in data.next_day if keep(n.day)),
        left_out=tuple(sorted(dropped | set(data.left_out))),
    )


def rom_series(data: TrendData) -> dict[RomKey, list[RomPoint]]:
    """The ROM points by (muscle, side, test), each series oldest first; series in muscle,
    side, test order."""
    grouped: dict[RomKey, list[RomPoint]] = {}
    for point in sorted(data.rom, key=lambda r: (r.muscle, _side_rank(r.side), r.test,
                                                 r.day, r.assessment_id)):
        grouped.setdefault(point.key, []).append(point)
    return grouped


def left_out_note(data: TrendData) -> str:
    """One sentence for beside a chart that `drawable` thinned, '' when nothing was left out."""
    if not data.left_out:
        return ""
    days = ", ".join(day.isoformat() for day in data.left_out)
    return (f"Not drawn: {len(data.left_out)} date(s) outside the dates Equitone accepts "
            f"({days}); correct them in the record.")


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
# Rows for `equitone trend` (CSV/JSON) and for the chart's CSV export

Row = dict[str, str | int | list[str] | None]


def to_rows(
    points: Iterable[TrendPoint], muscle: str | None = None, side: Side | str | None = None
) -> list[Row]:
    """One row per assessment, muscle and side, oldest first, keys in `JSON_KEYS` order.

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
            "states": [s.value for s in p.states],
        }
        for p in chosen
    ]


def to_csv(rows: Iterable[Row], header: tuple[str, ...] = CSV_HEADER) -> str:
    """Header ``date,muscle,side,state,tightness`` (or `header`) then one line per row ('\\n'
    line ends); an empty cell where a value was not recorded."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if row[k] is None else row[k] for k in header])
    return buffer.getvalue()


def to_json(rows: Iterable[Row]) -> str:
    """One JSON list of objects with the `JSON_KEYS` in that order: `CSV_HEADER`, then
    `states` (the side's every state, primary first; `state` is the primary one)."""
    return json.dumps([{k: row[k] for k in JSON_KEYS} for row in rows], ensure_ascii=False)


ROM_CSV_HEADER: tuple[str, ...] = ("date", "muscle", "side", "test", "value", "unit", "normal")


def rom_rows(data: TrendData, muscle: str | None = None,
             side: Side | str | None = None) -> list[Row]:
    """`equitone trend --measure rom`: one row per measurement, keys in ROM_CSV_HEADER
    order; `normal` is the test's normal limit in words ("≥ 80°")."""
    from .length_tests import length_tests

    tests = length_tests()
    want = Side(side) if side is not None else None
    rows: list[Row] = []
    for key, points in rom_series(data).items():
        if (muscle is not None and key[0] != muscle) or (want is not None and key[1] is not want):
            continue
        test = tests.get(key[2])
        for p in points:
            rows.append({"date": p.day.isoformat(), "muscle": p.muscle, "side": p.side.value,
                         "test": p.test, "value": p.value,
                         "unit": test.unit if test else None,
                         "normal": test.normal_text if test else None})
    rows.sort(key=lambda r: (str(r["date"]), str(r["muscle"]), str(r["side"]), str(r["test"])))
    return rows


def rom_csv(rows: Iterable[Row]) -> str:
    return to_csv(rows, ROM_CSV_HEADER)
