"""The one definition of the "activated, then tighter" flag (rule 9 of the method).

A weak muscle that was activated can tighten over the next days ("tight and barely firing"),
which worsens the very dysfunction being treated. So, for every delivered session and every
muscle side it activated, what was seen of that side afterwards is compared with what was seen
before it, by a list of *signals*:

- its 0-10 tightness rose by `min_rise` or more within the next `window` scored assessments;
- its tightness crept up at two or more assessments in a row (a rise too small for
  `min_rise`, but steady);
- it was underactive before and was tagged tight or in spasm afterwards, scored or not;
- the patient reported it tight, barely firing or sore (4/10 or more) on the following days
  (the next-day report, `TrendData.next_day`), before the next assessment.

The first signal that fires raises a flag; the trends chart, the progress report and the
overview show it, and the next session's designer proposes more relaxation and a lower dose.

What was seen is a list of `Observation`s per muscle side, oldest first: the assessments
give them (`observations_of`), and any other source adds its own — a report of how the
activated muscle felt on the following days becomes observations with their own `source`
plus one more function in `SIGNALS` (or the `signals` argument), nothing else.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from equitone.domain.trends import (
    SORE_WARNING,
    NextDayPoint,
    SeriesKey,
    SessionMarker,
    TrendData,
    TrendPoint,
    format_day,
    series,
    series_label,
)
from equitone.domain.types import Side, ToneState

__all__ = [
    "SIGNALS",
    "Finding",
    "Observation",
    "RisingFlag",
    "Signal",
    "activated_then_tighter",
    "next_day_observations",
    "observations_of",
    "reported_next_day",
    "retagged_tighter",
    "rising_tightness_flags",
    "standing_flags",
    "tightness_crept",
    "tightness_rose",
]

#: States that mean "tighter" after an activation of an underactive muscle.
TIGHTER_STATES = frozenset({ToneState.TIGHT, ToneState.SPASM})


class Observation(NamedTuple):
    """One look at a muscle side: at an assessment, or from another source (a next-day
    report). `order` breaks ties within a day (an assessment's id); `tightness` is the 0-10
    tightness score when one was given; `states` the tone states seen (empty when not tagged);
    `notes` anything else a source reports, by name ("sore 6", "barely firing"), for the
    signals that read it."""

    day: date
    order: int
    tightness: int | None = None
    states: frozenset[ToneState] = frozenset()
    source: str = "assessment"
    notes: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Finding:
    """What a signal saw: the observation it compared with (`base`), the one where the sign
    shows most (`peak`), and the words for it ("its tightness rose from 3 to 6 over the next
    2 assessments")."""

    sign: str
    base: Observation
    peak: Observation
    words: str
    before: int | None = None
    after: tuple[int, ...] = ()


Signal = Callable[[Sequence[Observation], Sequence[Observation], int, int], "Finding | None"]
"""(seen up to the session, seen after it, window, min_rise) -> a finding or None."""


def _next(count: int) -> str:
    return "the next assessment" if count == 1 else f"the next {count} assessments"


def _scored(seen: Iterable[Observation]) -> list[Observation]:
    return [o for o in seen if o.tightness is not None]


def tightness_rose(
    before: Sequence[Observation], after: Sequence[Observation], window: int, min_rise: int
) -> Finding | None:
    """The peak of the next `window` scores is `min_rise` or more above the last score before
    (a score on the session day counts as before: assess, then treat)."""
    earlier, later = _scored(before), _scored(after)[:window]
    if not earlier or not later:
        return None
    base = earlier[-1]
    values = tuple(o.tightness for o in later if o.tightness is not None)
    assert base.tightness is not None
    peak_index = values.index(max(values))
    if values[peak_index] - base.tightness < min_rise:
        return None
    return Finding(
        "tightness",
        base,
        later[peak_index],
        f"its tightness rose from {base.tightness} to {values[peak_index]} over"
        f" {_next(peak_index + 1)}",
        base.tightness,
        values,
    )


def tightness_crept(
    before: Sequence[Observation], after: Sequence[Observation], window: int, min_rise: int
) -> Finding | None:
    """The next scores rise strictly, at two or more assessments in a row."""
    earlier, later = _scored(before), _scored(after)[:window]
    if not earlier or not later:
        return None
    base = earlier[-1]
    values = tuple(o.tightness for o in later if o.tightness is not None)
    run, previous = 0, base.tightness
    assert previous is not None
    for value in values:
        if value <= previous:
            break
        run, previous = run + 1, value
    if run < 2:
        return None
    return Finding(
        "tightness",
        base,
        later[run - 1],
        f"its tightness rose from {base.tightness} to {values[run - 1]} over {_next(run)}",
        base.tightness,
        values,
    )


def retagged_tighter(
    before: Sequence[Observation], after: Sequence[Observation], window: int, min_rise: int
) -> Finding | None:
    """Underactive at the last look before, tagged tight or spasm at one of the next `window`
    looks (scores or not). A side may carry several states: only a tighter state it did not
    carry before counts (tight and underactive, then tight again, is no change)."""
    tagged = [o for o in before if o.states]
    if not tagged or ToneState.UNDERACTIVE not in tagged[-1].states:
        return None
    base = tagged[-1]
    looks = [o for o in after if o.source == ASSESSMENT]
    for count, seen in enumerate(looks[:window], 1):
        tighter = (seen.states & TIGHTER_STATES) - base.states
        if tighter:
            state = "spasm" if ToneState.SPASM in tighter else "tight"
            return Finding(
                "state",
                base,
                seen,
                f"it was underactive before and was tagged {state} at {_next(count)}",
            )
    return None


ASSESSMENT = "assessment"
NEXT_DAY = "next-day"


def _reported_warning(seen: Observation) -> bool:
    """A next-day report of the sign: tight, barely firing, or sore SORE_WARNING or more."""
    if seen.source != NEXT_DAY:
        return False
    sore = [int(n.removeprefix("sore ")) for n in seen.notes if n.startswith("sore ")]
    return bool({"tight", "barely firing"} & seen.notes) or any(s >= SORE_WARNING for s in sore)


def reported_next_day(
    before: Sequence[Observation], after: Sequence[Observation], window: int, min_rise: int
) -> Finding | None:
    """The patient reported the side tight, barely firing or sore on the following days, in a
    next-day report given before the next assessment (one given after it is about a later
    session)."""
    if not before:
        return None
    for seen in after:
        if seen.source == ASSESSMENT:
            return None
        if _reported_warning(seen):
            signs = [n for n in ("tight", "barely firing") if n in seen.notes]
            text = " and ".join(signs)
            sore = sorted(n for n in seen.notes if n.startswith("sore "))
            if sore:
                text += (", " if text else "") + f"{sore[0]}/10"
            scored = _scored(before)
            return Finding(
                NEXT_DAY,
                before[-1],
                seen,
                f"the patient reported it {text} the following days (told on "
                f"{format_day(seen.day)})",
                scored[-1].tightness if scored else None,
            )
    return None


SIGNALS: tuple[Signal, ...] = (tightness_rose, tightness_crept, retagged_tighter,
                               reported_next_day)


def activated_then_tighter(
    before: Sequence[Observation],
    after: Sequence[Observation],
    *,
    window: int = 3,
    min_rise: int = 2,
    signals: Sequence[Signal] = SIGNALS,
) -> Finding | None:
    """The first signal that fires for one activation: `before` is what was seen up to the
    session, `after` what was seen after it, both oldest first."""
    if window < 1:
        raise ValueError("window must be at least 1")
    for signal in signals:
        finding = signal(before, after, window, min_rise)
        if finding is not None:
            return finding
    return None


@dataclass(frozen=True, slots=True)
class RisingFlag:
    """An activated muscle side that was tighter afterwards.

    `before` is the last tightness at or before the session and `after` the following scores
    (empty for a flag raised by a tag alone); `peak_day`/`peak` locate where the sign shows
    most, which is where a chart draws the flag (`peak` None: no score, draw it at the top).
    `sign` is "tightness", "state" or "next-day".
    """

    muscle: str
    side: Side
    session_id: int
    session_day: date
    before: int | None
    after: tuple[int, ...]
    explanation: str
    peak_day: date
    peak: int | None
    session_days: tuple[date, ...] = ()
    sign: str = "tightness"


def observations_of(points: Iterable[TrendPoint]) -> list[Observation]:
    """One muscle side's assessments as observations, oldest first."""
    seen = [
        Observation(
            p.day, p.assessment_id, p.tightness, frozenset(p.states)  # every state it carries
        )
        for p in points
    ]
    seen.sort(key=lambda o: (o.day, o.order))
    return seen


#: Next-day reports sort after the day's assessments (a report told at a visit is about the
#: days before it).
_REPORT_ORDER = 1 << 40


def next_day_observations(
    reports: Iterable[NextDayPoint],
) -> dict[SeriesKey, list[Observation]]:
    """The next-day reports as observations of their muscle sides, oldest first."""
    found: dict[SeriesKey, list[Observation]] = {}
    for report in reports:
        notes = {n for n, on in (("tight", report.tight), ("barely firing",
                                                             report.barely_firing)) if on}
        if report.sore is not None:
            notes.add(f"sore {report.sore}")
        found.setdefault(report.key, []).append(Observation(
            report.day, _REPORT_ORDER + report.session_id, source=NEXT_DAY,
            notes=frozenset(notes)))
    for seen in found.values():
        seen.sort(key=lambda o: (o.day, o.order))
    return found


def _join_days(days: Sequence[date]) -> str:
    labels = [format_day(d) for d in days]
    if len(labels) <= 1:
        return "".join(labels)
    return ", ".join(labels[:-1]) + " and " + labels[-1]


def _explain(key: SeriesKey, names: Mapping[str, str], days: Sequence[date], words: str) -> str:
    label = series_label(key, names)
    label = label[:1].upper() + label[1:]
    return (
        f"{label} was activated on {_join_days(days)} and {words}: add relaxation after its"
        " activation or lower the load."
    )


def _side_rank(side: Side) -> int:
    return 0 if side is Side.LEFT else 1


def rising_tightness_flags(
    data: TrendData,
    *,
    min_rise: int = 2,
    window: int = 3,
    grouped: Mapping[SeriesKey, Sequence[TrendPoint]] | None = None,
    extra: Mapping[SeriesKey, Sequence[Observation]] | None = None,
    signals: Sequence[Signal] = SIGNALS,
) -> list[RisingFlag]:
    """Flag activated muscle sides that were tighter after the session that activated them.

    For every session and every muscle side it activated, what was seen up to the session day
    (an assessment that day counts as before: assess, then treat) is compared with what was
    seen after it, by `signals` (see the module docstring). `extra` adds observations from
    other sources to the assessments'.

    Several sessions before the same next look share one baseline and one outcome: they make
    one flag, linked to the latest of them (the program to change), and the explanation names
    every activation date. `grouped` is `series(data.points)` if the caller has it.
    """
    if window < 1:
        raise ValueError("window must be at least 1")
    if grouped is None:
        grouped = series(data.points)
    if extra is None and data.next_day:
        extra = next_day_observations(data.next_day)
    cache: dict[SeriesKey, tuple[list[Observation], list[date]]] = {}
    found: dict[tuple[SeriesKey, tuple[date, int]], list[SessionMarker]] = {}
    outcome: dict[tuple[SeriesKey, tuple[date, int]], Finding] = {}
    for session in sorted(data.sessions, key=lambda s: (s.day, s.session_id)):
        for key in dict.fromkeys(session.activated):
            cached = cache.get(key)
            if cached is None:
                seen = observations_of(grouped.get(key, ()))
                if extra and key in extra:
                    seen = sorted([*seen, *extra[key]], key=lambda o: (o.day, o.order))
                cached = cache[key] = (seen, [o.day for o in seen])
            seen, seen_days = cached
            split = bisect_right(seen_days, session.day)
            if split == 0 or split == len(seen):
                continue
            finding = activated_then_tighter(
                seen[:split], seen[split:], window=window, min_rise=min_rise, signals=signals
            )
            if finding is None:
                continue
            anchor = (key, (finding.base.day, finding.base.order))
            found.setdefault(anchor, []).append(session)
            outcome[anchor] = finding
    flags: list[RisingFlag] = []
    for anchor, sessions in found.items():
        key = anchor[0]
        finding = outcome[anchor]
        days = tuple(s.day for s in sessions)
        last = sessions[-1]
        flags.append(
            RisingFlag(
                muscle=key[0],
                side=key[1],
                session_id=last.session_id,
                session_day=last.day,
                before=finding.before,
                after=finding.after,
                explanation=_explain(key, data.muscle_names, days, finding.words),
                peak_day=finding.peak.day,
                peak=finding.peak.tightness,
                session_days=days,
                sign=finding.sign,
            )
        )
    flags.sort(key=lambda f: (f.session_day, f.muscle, _side_rank(f.side)))
    return flags


def _resolved(flag: RisingFlag, seen: Observation) -> bool:
    """A later look that shows the flagged side back where it was."""
    if seen.source == NEXT_DAY:  # a later report of feeling fine
        return flag.sign == NEXT_DAY and not _reported_warning(seen)
    if flag.sign == NEXT_DAY and flag.before is None:
        return bool(seen.states) and not seen.states & TIGHTER_STATES
    if flag.sign == "state":
        return bool(seen.states) and not seen.states & TIGHTER_STATES
    return flag.before is not None and seen.tightness is not None and seen.tightness <= flag.before


def standing_flags(
    data: TrendData,
    *,
    on: date | None = None,
    grouped: Mapping[SeriesKey, Sequence[TrendPoint]] | None = None,
    extra: Mapping[SeriesKey, Sequence[Observation]] | None = None,
) -> list[RisingFlag]:
    """The flags that still stand on `on` (default: now): raised by then, and not resolved by
    a later look that shows the side back at its baseline (or no longer tight or in spasm).
    Only the newest flag of each muscle side is kept."""
    if grouped is None:
        grouped = series(data.points)
    if extra is None and data.next_day:
        extra = next_day_observations(data.next_day)
    newest: dict[SeriesKey, RisingFlag] = {}
    for flag in rising_tightness_flags(data, grouped=grouped, extra=extra):
        if on is None or flag.peak_day <= on:
            newest[(flag.muscle, flag.side)] = flag
    standing = []
    for key, flag in newest.items():
        seen = observations_of(grouped.get(key, ()))
        if extra and key in extra:
            seen += list(extra[key])
        later = [o for o in seen if o.day > flag.peak_day and (on is None or o.day <= on)]
        if not any(_resolved(flag, o) for o in later):
            standing.append(flag)
    return standing
