"""Trend chart timings for one heavy patient: 10 years of weekly assessments × 50 muscles ×
2 sides (52,000 points).

Run:  .venv/bin/python benchmarks/bench_trends.py
Measures: building series (domain), set_data + first paint with the default selection (~10
series) and with all 100 series, and one pan/zoom frame (x range changed by 10 %, repainted).
Prints lines "name: value ms (goal ...)"; the median of several runs is reported.
"""

from __future__ import annotations

import os
import random
import statistics
import time
from collections.abc import Callable
from datetime import date, timedelta

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from equitone.domain.trends import (
    PsfsPoint,
    SessionMarker,
    TrendData,
    TrendPoint,
    default_selection,
    series,
)
from equitone.domain.types import Side, ToneState

YEARS, MUSCLES = 10, 50
TAGGED_AT_END = 5  # muscles (× 2 sides) tagged at the last assessment: the default selection


def heavy_patient(seed: int = 3) -> TrendData:
    rng = random.Random(seed)
    states = list(ToneState)
    muscles = [f"muscle-{i:02d}" for i in range(MUSCLES)]
    start = date(2015, 1, 5)
    weeks = YEARS * 52
    points: list[TrendPoint] = []
    level = {(m, s): rng.randint(2, 8) for m in muscles for s in Side}
    for w in range(weeks):
        d = start + timedelta(weeks=w)
        last = w == weeks - 1
        for i, m in enumerate(muscles):
            for s in Side:
                level[(m, s)] = min(10, max(0, level[(m, s)] + rng.choice((-1, 0, 0, 0, 1))))
                tagged = i < TAGGED_AT_END if last else rng.random() < 0.7
                state = rng.choice(states) if tagged else None
                points.append(TrendPoint(d, w + 1, m, s, state, level[(m, s)]))
    sessions = tuple(
        SessionMarker(start + timedelta(weeks=w, days=1), 1000 + w, f"Session {w}", "…",
                      "delivered" if w % 4 else "program-change",
                      ((muscles[w % MUSCLES], Side.LEFT),))
        for w in range(0, weeks, 8)
    )
    psfs = tuple(PsfsPoint(start + timedelta(weeks=w), w + 1, 3 + 5 * w / weeks)
                 for w in range(0, weeks, 4))
    return TrendData("Heavy", tuple(points), sessions, psfs,
                     {m: f"Muscle {i}" for i, m in enumerate(muscles)})


def median_ms(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000


def _mover(chart: object, app: QApplication, how: str) -> Callable[[], None]:
    """One interaction frame: change the x range by 10 % (alternating direction so the view
    stays put over many runs) and repaint."""
    step = [0]

    def frame() -> None:
        lo, hi = chart.x_range()  # type: ignore[attr-defined]
        sign = 1 if step[0] % 2 == 0 else -1
        step[0] += 1
        if how == "pan":
            shift = 0.1 * (hi - lo) * sign
            lo, hi = lo + shift, hi + shift
        else:
            factor = 0.9 if sign > 0 else 1 / 0.9
            mid, half = (lo + hi) / 2, (hi - lo) / 2 * factor
            lo, hi = mid - half, mid + half
        chart.canvas.set_x_range(lo, hi)  # type: ignore[attr-defined]
        chart.view.grab()  # type: ignore[attr-defined]

    return frame


def main() -> None:
    app = QApplication.instance() or QApplication([])
    t0 = time.perf_counter()
    from equitone.charts import TrendChart

    import_ms = (time.perf_counter() - t0) * 1000
    data = heavy_patient()
    print(f"points: {len(data.points)}  (setup; charts import {import_ms:.0f} ms, one-off)")

    print(f"series: {median_ms(lambda: series(data.points), 5):.1f} ms (goal part of < 200 ms)")

    chart = TrendChart()
    chart.resize(1400, 900)
    chart.show()
    app.processEvents()

    def first_paint(selection: list[tuple[str, Side]] | None) -> None:
        # grab() paints synchronously: exactly the one paint the clinician waits for
        chart.set_data(data, selection)
        chart.view.grab()

    default = default_selection(data)
    every = list(series(data.points))
    first_paint(None)  # warm-up (font caches, pyqtgraph lazy imports)
    app.processEvents()
    ms = median_ms(lambda: first_paint(None), 7)
    print(f"set_data + first paint, default selection ({len(default)} series): "
          f"{ms:.1f} ms (goal < 200 ms)")
    ms = median_ms(lambda: first_paint(every), 7)
    print(f"set_data + first paint, all {len(every)} series: {ms:.1f} ms (goal < 200 ms)")
    app.processEvents()

    for label, selection in (("default selection", default), ("all series", every)):
        chart.set_selected(selection)
        for preset in ("1y", "all"):
            chart.set_range_preset(preset)
            app.processEvents()
            chart.view.grab()
            print(f"pan frame (10 % of the x range), {preset} shown, {label}: "
                  f"{median_ms(_mover(chart, app, 'pan'), 21):.1f} ms (goal < 16 ms)")
            print(f"zoom frame (10 %), {preset} shown, {label}: "
                  f"{median_ms(_mover(chart, app, 'zoom'), 21):.1f} ms (goal < 16 ms)")
    chart.close()


if __name__ == "__main__":
    main()
