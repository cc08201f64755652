"""Trend charts for print: trend data → chart models (pure) → vector drawing in the PDF."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

from equitone.domain.trends import SessionMarker, TrendData, TrendPoint
from equitone.domain.types import Side, ToneState
from equitone.printing import render_report
from equitone.printing.chart import month_ticks
from equitone.printing.samples import sample_report
from equitone.printing.trend_charts import LEFT_COLOUR, RIGHT_COLOUR, flag_texts, trend_charts

from . import pdftools

COLOURS = {state: f"#0000{i:02d}" for i, state in enumerate(ToneState)}
START = date(2026, 1, 5)


def _data() -> TrendData:
    days = [START + timedelta(days=28 * i) for i in range(4)]
    points = []
    for i, day in enumerate(days):
        points.append(TrendPoint(day, i + 1, "gluteus-medius", Side.LEFT,
                                 ToneState.UNDERACTIVE if i < 2 else ToneState.BALANCED, 6 - i))
        # the right side: tagged without a score once, scored without a tag once
        points.append(TrendPoint(day, i + 1, "gluteus-medius", Side.RIGHT,
                                 None if i == 1 else ToneState.TIGHT, None if i == 0 else 2 + i))
        points.append(TrendPoint(day, i + 1, "tensor-fasciae-latae", Side.LEFT,
                                 ToneState.OVERACTIVE, 3 if i < 1 else 3 + 2 * i))
    sessions = (
        SessionMarker(days[0] + timedelta(days=3), 1, "Session", "", "delivered",
                      activated=(("tensor-fasciae-latae", Side.LEFT),)),
        SessionMarker(days[1] + timedelta(days=3), 2, "Plan changed", "", "program-change"),
    )
    return TrendData("Maria", tuple(points), sessions,
                     muscle_names={"gluteus-medius": "gluteus medius", "tensor-fasciae-latae":
                                   "TFL"})


def test_one_chart_per_muscle_with_both_sides() -> None:
    end = START + timedelta(days=100)
    glute, tfl = trend_charts(_data(), ["gluteus-medius", "tensor-fasciae-latae"], COLOURS,
                              start=START, end=end)
    assert (glute.title, tfl.title) == ("Gluteus medius", "TFL")
    left, right = glute.series
    assert (left.label, left.colour, left.dashed) == ("Left", LEFT_COLOUR, False)
    assert (right.label, right.colour, right.dashed) == ("Right", RIGHT_COLOUR, True)
    assert [v for _d, v in left.points] == [6, 5, 4, 3]
    assert [v for _d, v in right.points] == [3, 4, 5]  # the unscored visit leaves a gap
    assert glute.sessions == (START + timedelta(days=3),)  # delivered only, not plan changes


def test_state_band_holds_until_the_next_assessment() -> None:
    end = START + timedelta(days=100)
    (glute,) = trend_charts(_data(), ["gluteus-medius"], COLOURS, start=START, end=end)
    bands = dict(glute.bands)
    left = bands["L"]
    assert [(s.start, s.end, s.colour) for s in left[:2]] == [
        (START, START + timedelta(days=28), COLOURS[ToneState.UNDERACTIVE]),
        (START + timedelta(days=28), START + timedelta(days=56), COLOURS[ToneState.UNDERACTIVE]),
    ]
    assert left[-1].end == end  # the last state runs to the end of the period
    assert len(bands["R"]) == 3  # the untagged visit has no span


def test_rising_tightness_after_activation_is_flagged() -> None:
    data = _data()
    (tfl,) = trend_charts(data, ["tensor-fasciae-latae"], COLOURS, start=START,
                          end=START + timedelta(days=100))
    assert tfl.flags and tfl.flags[0][1] >= 7
    (text,) = flag_texts(data, ["tensor-fasciae-latae"])
    assert "tightness rose from 3" in text
    assert flag_texts(data, ["gluteus-medius"]) == ()


def test_month_ticks_are_thinned() -> None:
    assert month_ticks(date(2026, 1, 15), date(2026, 4, 2)) == [
        date(2026, 2, 1), date(2026, 3, 1), date(2026, 4, 1)
    ]
    many = month_ticks(date(2024, 1, 1), date(2026, 12, 31), most=6)
    assert 3 <= len(many) <= 6 and many[0] == date(2024, 1, 1)


def test_charts_are_text_and_lines_in_the_pdf(tmp_path: Path) -> None:
    pdf = tmp_path / "report.pdf"
    report = sample_report()
    render_report(report, pdf)
    text = re.sub(r"\s+", " ", pdftools.text(pdf))
    for label in ("Left", "Right", "session", "rising after activation", "Sep 2026", "Nov"):
        assert label in text, label
    assert "Rising tightness after activation" in text
    assert "Right piriformis was activated on 26 Sep 2026" in text
    assert "Tightness trends" in text
    pdftools.assert_sound(pdf)


def test_chart_with_a_single_assessment_and_no_scores(tmp_path: Path) -> None:
    chart = replace(sample_report().charts[0], start=START, end=START,
                    series=(replace(sample_report().charts[0].series[0],
                                    points=((START, 4.0),)),), flags=(), sessions=())
    empty = replace(chart, series=(), bands=())
    pdf = tmp_path / "report.pdf"
    render_report(replace(sample_report(), charts=(chart, empty)), pdf)
    pdftools.assert_sound(pdf)


def test_a_side_with_two_states_prints_a_split_strip() -> None:
    data = _data()
    first = data.points[0]
    combined = first._replace(state=ToneState.TIGHT, others=(ToneState.UNDERACTIVE,))
    data = replace(data, points=(combined, *data.points[1:]))
    (glute,) = trend_charts(data, ["gluteus-medius"], COLOURS, start=START,
                            end=START + timedelta(days=100))
    spans = dict(glute.bands)["L"]
    assert (spans[0].colour, spans[0].second) == (COLOURS[ToneState.TIGHT],
                                                  COLOURS[ToneState.UNDERACTIVE])
    assert spans[1].second is None
