"""Trend data → printable chart models (pure Python: no Qt, no reportlab).

The same rows as the on-screen trend chart (:mod:`equitone.domain.trends`): one chart per
muscle, left and right as two series, the tone state held from one assessment to the next,
delivered sessions on the time axis and the rising-tightness flags of rule 9.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta

from equitone.domain.activation_flags import rising_tightness_flags
from equitone.domain.trends import (
    TrendData,
    display_name,
    drawable,
    series,
)
from equitone.domain.types import Side, ToneState

from .model import ChartSeries, StateSpan, TrendChart

LEFT_COLOUR = "#1F6F78"
RIGHT_COLOUR = "#C0562B"
_LAST_STATE_DAYS = 7  # a state seen at the last assessment shows at least this long


def _title(muscle: str, names: Mapping[str, str]) -> str:
    name = display_name(muscle, names)
    return name[:1].upper() + name[1:]


def trend_charts(
    data: TrendData,
    muscles: Sequence[str],
    state_colours: Mapping[ToneState, str],
    *,
    start: date,
    end: date,
) -> tuple[TrendChart, ...]:
    """One chart per muscle in ``muscles`` (in that order), over [start, end]; visits a
    chart cannot place (domain.trends.drawable) are left out."""
    data = drawable(data)
    grouped = series(data.points)
    flags = rising_tightness_flags(data, grouped=grouped)
    delivered = tuple(sorted(s.day for s in data.sessions if s.kind == "delivered"))
    charts = []
    for muscle in muscles:
        lines: list[ChartSeries] = []
        bands: list[tuple[str, tuple[StateSpan, ...]]] = []
        for side, colour in ((Side.LEFT, LEFT_COLOUR), (Side.RIGHT, RIGHT_COLOUR)):
            points = grouped.get((muscle, side), [])
            if not points:
                continue
            scored = tuple((p.day, float(p.tightness)) for p in points if p.tightness is not None)
            if scored:
                lines.append(
                    ChartSeries(side.value.capitalize(), colour, scored, side is Side.RIGHT)
                )
            spans = []
            for index, point in enumerate(points):
                if point.state is None:
                    continue
                if index + 1 < len(points):
                    until = points[index + 1].day
                else:
                    until = max(end, point.day + timedelta(days=_LAST_STATE_DAYS))
                second = state_colours[point.others[0]] if point.others else None
                spans.append(StateSpan(point.day, until, state_colours[point.state], second))
            bands.append((side.letter, tuple(spans)))
        marks = tuple(
            (flag.peak_day, float(flag.peak) if flag.peak is not None else 9.5)
            for flag in flags
            if flag.muscle == muscle
        )
        charts.append(
            TrendChart(
                title=_title(muscle, data.muscle_names),
                start=start,
                end=end,
                series=tuple(lines),
                bands=tuple(bands),
                sessions=delivered,
                flags=marks,
            )
        )
    return tuple(charts)


def flag_texts(data: TrendData, muscles: Sequence[str]) -> tuple[str, ...]:
    """The rule-9 explanations (they name the muscle side and the dates) for the charted
    muscles, oldest first."""
    flags = rising_tightness_flags(data)
    chosen = [flag for flag in flags if flag.muscle in muscles]
    chosen.sort(key=lambda flag: (flag.session_day, flag.muscle, flag.side.value))
    return tuple(flag.explanation for flag in chosen)
