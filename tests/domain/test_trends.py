"""Trend data model: series, default selection, rising-tightness flags and the CLI rows."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from equitone.domain.activation_flags import rising_tightness_flags
from equitone.domain.trends import (
    CSV_HEADER,
    JSON_KEYS,
    PsfsPoint,
    SessionMarker,
    TrendData,
    TrendPoint,
    default_selection,
    format_day,
    psfs_band,
    psfs_meaningful_change,
    series,
    series_label,
    to_csv,
    to_json,
    to_rows,
)
from equitone.domain.types import Side, ToneState

L, R = Side.LEFT, Side.RIGHT
GM = "gluteus-medius"
NAMES = {GM: "Gluteus medius", "tfl": "TFL"}
D0 = date(2025, 3, 3)


def day(n: int) -> date:
    return D0 + timedelta(days=n)


def pt(n: int, aid: int, muscle: str = GM, side: Side = L, state: ToneState | None = None,
       tight: int | None = None) -> TrendPoint:
    return TrendPoint(day(n), aid, muscle, side, state, tight)


# ------------------------------------------------------------------------------- series


def test_series_groups_per_muscle_side_oldest_first_with_gaps() -> None:
    points = [
        pt(14, 3, tight=5), pt(0, 1, tight=3), pt(7, 2, "tfl", R, tight=8),
        pt(0, 1, "tfl", R, tight=9), pt(7, 2, side=R, tight=4),  # glute L missing at aid 2
    ]
    grouped = series(points)
    assert list(grouped) == [(GM, L), (GM, R), ("tfl", R)]
    assert [p.assessment_id for p in grouped[(GM, L)]] == [1, 3]
    assert [p.tightness for p in grouped[("tfl", R)]] == [9, 8]


def test_same_day_assessments_keep_assessment_id_order() -> None:
    points = [pt(0, 12, tight=6), pt(0, 10, tight=2), pt(0, 11, tight=4), pt(-1, 20, tight=1)]
    assert [p.assessment_id for p in series(points)[(GM, L)]] == [20, 10, 11, 12]


def test_series_of_nothing_is_empty() -> None:
    assert series([]) == {}


@given(st.lists(st.tuples(st.integers(0, 400), st.integers(1, 50), st.sampled_from([L, R]),
                          st.sampled_from(["a", "b", "c"])), max_size=60))
def test_series_is_a_sorted_partition(raw: list[tuple[int, int, Side, str]]) -> None:
    points = [pt(n, aid, m, s, tight=1) for n, aid, s, m in raw]
    grouped = series(points)
    assert sum(len(v) for v in grouped.values()) == len(points)
    for key, pts in grouped.items():
        assert all(p.key == key for p in pts)
        assert [(p.day, p.assessment_id) for p in pts] == sorted(
            (p.day, p.assessment_id) for p in pts)


def test_tightness_outside_0_to_10_is_refused() -> None:
    with pytest.raises(ValueError, match="0–10"):
        pt(0, 1, tight=11)


def test_unknown_marker_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="kind"):
        SessionMarker(D0, 1, "t", "d", "cancelled")  # type: ignore[arg-type]


# ------------------------------------------------------------------------------- selection


def test_default_selection_is_tagged_at_latest_assessment() -> None:
    data = TrendData("P", (
        pt(0, 1, GM, L, ToneState.UNDERACTIVE, 3), pt(0, 1, "tfl", L, ToneState.OVERACTIVE, 7),
        pt(7, 2, GM, R, ToneState.TIGHT, 5), pt(7, 2, "tfl", L, None, 6),  # scored, not tagged
        pt(7, 3, GM, L, ToneState.UNDERACTIVE, 4),  # later assessment, same day
    ))
    assert default_selection(data) == [(GM, L)]


def test_default_selection_falls_back_to_every_series() -> None:
    data = TrendData("P", (pt(0, 1, GM, L, None, 3), pt(0, 1, "tfl", R, None, 7)))
    assert default_selection(data) == [(GM, L), ("tfl", R)]
    assert default_selection(TrendData("P", ())) == []


# ------------------------------------------------------------------------------- rising flags


def _session(n: int, sid: int = 100, activated: tuple[tuple[str, Side], ...] = ((GM, L),),
             kind: str = "delivered") -> SessionMarker:
    return SessionMarker(day(n), sid, "Band walks", "Lateral band walk 3×12 m", kind,  # type: ignore[arg-type]
                         activated)


# (tightness by assessment day, session day, expected (before, after, peak) or None)
RISING_CASES = [
    pytest.param({0: 3, 7: 6}, 1, (3, (6,), 6), id="rise-of-3-next-assessment"),
    pytest.param({0: 3, 7: 5}, 1, (3, (5,), 5), id="rise-of-exactly-min-rise"),
    pytest.param({0: 3, 7: 4}, 1, None, id="rise-of-1-is-noise"),
    pytest.param({0: 3, 7: 4, 14: 5}, 1, (3, (4, 5), 5), id="steady-creep-over-two"),
    pytest.param({0: 3, 7: 4, 14: 4}, 1, None, id="creep-that-stalls"),
    pytest.param({0: 5, 7: 4, 14: 3}, 1, None, id="falling"),
    pytest.param({0: 3, 7: 3, 14: 3, 21: 6}, 1, (3, (3, 3, 6), 6), id="rise-at-third"),
    pytest.param({0: 3, 7: 3, 14: 3, 21: 3, 28: 9}, 1, None, id="rise-beyond-window"),
    pytest.param({0: 3, 7: 7, 14: 4}, 1, (3, (7, 4), 7), id="peak-then-settles"),
    pytest.param({7: 6}, 1, None, id="no-baseline-before-session"),
    pytest.param({0: 3}, 1, None, id="no-assessment-after"),
    pytest.param({1: 3, 8: 6}, 1, (3, (6,), 6), id="same-day-assessment-is-baseline"),
]


@pytest.mark.parametrize(("values", "session_day", "expected"), RISING_CASES)
def test_rising_tightness_flags(values: dict[int, int], session_day: int,
                                expected: tuple[int, tuple[int, ...], int] | None) -> None:
    points = tuple(pt(n, i + 1, tight=v) for i, (n, v) in enumerate(sorted(values.items())))
    data = TrendData("P", points, (_session(session_day),), muscle_names=NAMES)
    flags = rising_tightness_flags(data)
    if expected is None:
        assert flags == []
        return
    (flag,) = flags
    assert (flag.before, flag.after, flag.peak) == expected
    assert (flag.muscle, flag.side, flag.session_id) == (GM, L, 100)


def test_flag_explanation_is_plain_language() -> None:
    data = TrendData("P", (pt(0, 1, tight=3), pt(7, 2, tight=4), pt(14, 3, tight=6)),
                     (_session(0),), muscle_names=NAMES)
    (flag,) = rising_tightness_flags(data)
    assert flag.explanation == (
        "Left gluteus medius was activated on 3 Mar 2025 and its tightness rose from 3 to 6 "
        "over the next 2 assessments: add relaxation after its activation or lower the load."
    )
    assert flag.peak_day == day(14)


def test_only_activated_side_is_followed() -> None:
    points = (pt(0, 1, side=L, tight=3), pt(7, 2, side=L, tight=3),
              pt(0, 1, side=R, tight=3), pt(7, 2, side=R, tight=7))
    data = TrendData("P", points, (_session(1, activated=((GM, L),)),))
    assert rising_tightness_flags(data) == []
    data = TrendData("P", points, (_session(1, activated=((GM, R),)),))
    assert [(f.side, f.before, f.after) for f in rising_tightness_flags(data)] == [(R, 3, (7,))]


def test_sessions_sharing_a_baseline_make_one_flag_linked_to_the_latest() -> None:
    data = TrendData("P", (pt(0, 1, tight=2), pt(21, 2, tight=6)),
                     (_session(3, 7), _session(10, 8, kind="program-change")), muscle_names=NAMES)
    (flag,) = rising_tightness_flags(data)
    assert flag.session_id == 8 and flag.session_days == (day(3), day(10))
    assert "activated on 6 Mar 2025 and 13 Mar 2025" in flag.explanation


def test_min_rise_and_window_are_parameters() -> None:
    data = TrendData("P", (pt(0, 1, tight=3), pt(7, 2, tight=3), pt(14, 3, tight=6)),
                     (_session(1),))
    assert rising_tightness_flags(data, window=1) == []
    assert len(rising_tightness_flags(data, window=2)) == 1
    assert rising_tightness_flags(data, min_rise=4) == []
    with pytest.raises(ValueError):
        rising_tightness_flags(data, window=0)


def test_unscored_assessments_are_skipped_by_the_check() -> None:
    data = TrendData("P", (pt(0, 1, tight=3), pt(7, 2, state=ToneState.TIGHT),
                           pt(14, 3, tight=6)), (_session(1),))
    (flag,) = rising_tightness_flags(data)
    assert flag.after == (6,) and flag.peak_day == day(14)


# ------------------------------------------------------------------------------- rows, CSV, JSON

ROW_POINTS = (
    pt(7, 2, "tfl", R, ToneState.OVERACTIVE, 7),
    pt(0, 1, GM, R, None, 4),
    pt(0, 1, GM, L, ToneState.UNDERACTIVE, None),
    pt(7, 2, GM, L, ToneState.TIGHT, 6),
)


def test_to_rows_keys_order_and_oldest_first() -> None:
    rows = to_rows(ROW_POINTS)
    assert [tuple(r) for r in rows] == [JSON_KEYS] * 4
    assert CSV_HEADER == ("date", "muscle", "side", "state", "tightness")
    assert (*CSV_HEADER, "states") == JSON_KEYS  # added after the original keys
    assert [(r["date"], r["muscle"], r["side"]) for r in rows] == [
        ("2025-03-03", GM, "left"), ("2025-03-03", GM, "right"),
        ("2025-03-10", GM, "left"), ("2025-03-10", "tfl", "right"),
    ]
    assert rows[0]["state"] == "underactive" and rows[0]["tightness"] is None
    assert rows[1]["state"] is None and rows[1]["tightness"] == 4


@pytest.mark.parametrize(("muscle", "side", "expected"), [
    (GM, None, 3), (GM, "left", 2), (GM, L, 2), (None, "right", 2), ("tfl", "left", 0),
    (None, None, 4), ("biceps", None, 0),
])
def test_to_rows_filters(muscle: str | None, side: Side | str | None, expected: int) -> None:
    rows = to_rows(ROW_POINTS, muscle=muscle, side=side)
    assert len(rows) == expected
    assert all(muscle is None or r["muscle"] == muscle for r in rows)
    assert all(side is None or r["side"] == str(side) for r in rows)


def test_to_csv_exact_text() -> None:
    assert to_csv(to_rows(ROW_POINTS)) == (
        "date,muscle,side,state,tightness\n"
        "2025-03-03,gluteus-medius,left,underactive,\n"
        "2025-03-03,gluteus-medius,right,,4\n"
        "2025-03-10,gluteus-medius,left,tight,6\n"
        "2025-03-10,tfl,right,overactive,7\n"
    )
    assert to_csv([]) == "date,muscle,side,state,tightness\n"
    parsed = list(csv.DictReader(io.StringIO(to_csv(to_rows(ROW_POINTS)))))
    assert parsed[2] == {"date": "2025-03-10", "muscle": GM, "side": "left", "state": "tight",
                         "tightness": "6"}


def test_to_json_is_one_list_with_ordered_keys() -> None:
    text = to_json(to_rows(ROW_POINTS, muscle="tfl"))
    assert text == ('[{"date": "2025-03-10", "muscle": "tfl", "side": "right", '
                    '"state": "overactive", "tightness": 7, "states": ["overactive"]}]')
    decoded = json.loads(to_json(to_rows(ROW_POINTS)))
    assert [list(o) for o in decoded] == [list(JSON_KEYS)] * 4
    assert decoded[1]["states"] == []  # a score without a tag
    assert decoded[1]["state"] is None and decoded[0]["tightness"] is None
    assert json.loads(to_json([])) == []


# ------------------------------------------------------------------------------- PSFS and names


def test_psfs_band_is_baseline_plus_minus_two_clipped() -> None:
    assert psfs_meaningful_change == 2.0
    assert psfs_band([]) is None
    later, first = PsfsPoint(day(7), 2, 6.0), PsfsPoint(day(0), 1, 3.4)
    assert psfs_band([later, first]) == pytest.approx((3.4, 1.4, 5.4))
    assert psfs_band([PsfsPoint(day(0), 1, 9.0)]) == (9.0, 7.0, 10.0)
    assert psfs_band([PsfsPoint(day(0), 1, 1.0)]) == (1.0, 0.0, 3.0)


def test_labels_and_dates() -> None:
    assert series_label((GM, L), NAMES) == "Left gluteus medius"
    assert series_label(("tfl", R), NAMES, short=True) == "R TFL"
    assert series_label(("hip-adductors", R), {}) == "Right hip adductors"
    assert format_day(date(2025, 12, 1)) == "1 Dec 2025"
